"""Queries whose SQL the ORM compiles once per database, not on every request.

Building SQL is most of what the ORM spends on the requests every page makes: for a user
with their profiles, about 0.6 ms against 0.15 ms to run the query. These classes keep what
Django's own iterables derive from a compiled query (the SQL, the column converters, the
select_related populators or the values() names) and reuse it with new parameters.

On PostgreSQL the database parses and plans each query too, which for the user with their
profiles took longer than running it. These reads are therefore prepared statements there:
parsed once per connection, and planned once when PostgreSQL finds (after five runs) that
one plan fits every value (`planned_once_cursor`). Only reads whose best plan does not
depend on the values are prepared: a lookup by a unique key, a directory page. A search is
not, as a plan made for one search term could be a poor one for the next.
"""

from functools import cache

from django.db import NotSupportedError, connections, router
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models.query import get_related_populators

STALE_PLAN = "0A000"  # "cached plan must not change result type": a migration changed a table


def planned_once_cursor(connection):
    """A cursor whose queries PostgreSQL prepares, on a connection that allows it.

    Django's own cursor merges parameters into the SQL on the client, which rules out
    prepared statements. This one sends them apart and asks psycopg to prepare each query
    (settings: `DJANGO_DB_PREPARED_STATEMENTS`), made as `connection.cursor()` makes its
    cursor and behind the same wrappers (errors, query logging, execute wrappers).
    Elsewhere it is Django's cursor.
    """
    if connection.vendor != "postgresql" or not prepares(connection):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = preparing_cursor(connection)
    connection.validate_thread_sharing()
    if connection.queries_logged:
        return LoggedWithValues(cursor, connection)
    return connection.make_cursor(cursor)


def prepares(connection):
    """Whether psycopg may prepare statements on this connection (Django's default: no)."""
    return connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None


def run_planned_once(connection, sql, params, fetch):
    """Run a prepared read and return `fetch(cursor)`; a plan a migration made stale is redone.

    A prepared statement outlives a change to the tables it reads (a deploy's `migrate`), and
    then fails on that connection until it closes. Outside a transaction, the read is
    retried once on a new connection; inside one, the error stands, as the transaction is
    lost anyway.
    """
    try:
        with planned_once_cursor(connection) as cursor:
            cursor.execute(sql, params)
            return fetch(cursor)
    except NotSupportedError as error:
        if getattr(error.__cause__, "sqlstate", None) != STALE_PLAN or connection.in_atomic_block:
            raise
    connection.close()  # its prepared statements go with it
    with planned_once_cursor(connection) as cursor:
        cursor.execute(sql, params)
        return fetch(cursor)


class LoggedWithValues(CursorDebugWrapper):
    """Django's query log, the SQL written with its values as Django writes it for server-side
    binding: psycopg cannot give back the text of a prepared query."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.logged(sql, params), params):
            return CursorWrapper.execute(self, sql, params)

    def logged(self, sql, params):
        from psycopg import DataError

        try:
            return self.db.ops.compose_sql(sql, params)
        except DataError:  # what Django's own log gives for SQL that cannot be written out
            return None


def preparing_cursor(connection):
    """What Django's `create_cursor()` makes, binding on the server and preparing its queries."""
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, register_tzloader
    from psycopg.pq import Format

    cursor = preparing_cursor_class()(connection.connection)
    tzloader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != tzloader.timezone:  # as create_cursor() does
        register_tzloader(connection.timezone, cursor)
    return cursor


@cache
def preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        """Django's server-side binding cursor, preparing every query it runs."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


class _Prepared:
    """A plan per database, compiled on first use and looked up where reads are routed."""

    def __init__(self):
        self.model, self._plans = None, {}

    def plan(self):
        if self.model is None:
            self.model = self.sample().model
        using = router.db_for_read(self.model)
        return self._plans.get(using) or self._compile(using)

    def _store(self, using, plan):
        self._plans[using] = plan  # last: another thread never sees a plan half made
        return plan


class PreparedGet(_Prepared):
    """Fetch one object by a unique field, as `queryset().get(field=value)` would.

    `queryset` is a callable returning the queryset to filter, so nothing is compiled
    before the apps are ready.
    """

    def __init__(self, queryset, field_name):
        super().__init__()
        self.queryset, self.field_name = queryset, field_name

    def get(self, value):
        """Return the object whose field equals `value`, or None."""
        plan = self.plan()
        connection = connections[plan.using]
        params = [plan.field.get_db_prep_value(value, connection)]
        row = run_planned_once(connection, plan.sql, params, lambda cursor: cursor.fetchone())
        return None if row is None else plan.model_from(row)

    def sample(self):
        return self.queryset()

    def _compile(self, using):
        queryset = self.queryset()
        opts = queryset.model._meta
        field = opts.pk if self.field_name == "pk" else opts.get_field(self.field_name)
        plan = _Plan(queryset.filter(**{self.field_name: field.to_python("0")}), using)
        if len(plan.params) != 1:
            raise ValueError("PreparedGet needs a query with exactly one parameter.")
        plan.field = field
        return self._store(using, plan)


class PreparedRows(_Prepared):
    """Run a values() queryset whose shape is fixed and whose string parameters vary.

    `build(*placeholders)` returns the queryset; it is called once per database with
    marker strings, and each marker must reach the SQL as a parameter of its own (a string
    compared with `=` or `>=`, say). `rows(*values)` then runs that SQL with the values in
    the markers' places and returns the rows as dicts, as the queryset would. With
    `planned_once`, PostgreSQL plans the query once per connection: only for queries whose
    best plan is the same whatever the values.
    """

    def __init__(self, build, arity=0, *, planned_once=False):
        super().__init__()
        self.build, self.arity, self.planned_once = build, arity, planned_once

    def rows(self, *values):
        plan = self.plan()
        params = list(plan.params)
        for value, places in zip(values, plan.places, strict=True):
            for place in places:
                params[place] = value
        connection = connections[plan.using]
        if self.planned_once:
            found = run_planned_once(connection, plan.sql, params, lambda c: c.fetchall())
        else:
            with connection.cursor() as cursor:
                cursor.execute(plan.sql, params)
                found = cursor.fetchall()
        return [dict(zip(plan.names, row, strict=True)) for row in plan.converted(found)]

    def sample(self):
        return self.build(*[""] * self.arity)

    def _compile(self, using):
        markers = [f"\x00prepared-{n}\x00" for n in range(self.arity)]
        queryset = self.build(*markers).using(using)
        plan = _Plan(queryset, using)
        plan.places = [[i for i, p in enumerate(plan.params) if p == m] for m in markers]
        if not all(plan.places):
            raise ValueError("Every PreparedRows placeholder must reach the SQL as a parameter.")
        query = queryset.query
        plan.names = list(query.selected or ())
        if not plan.names:
            plan.names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return self._store(using, plan)


class _Plan:
    """What Django's iterables derive from a compiled query, kept for reuse."""

    def __init__(self, queryset, using):
        compiler = queryset.query.get_compiler(using=using)
        self.sql, self.params = compiler.as_sql()
        self.using, self.compiler = using, compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.converters = compiler.get_converters([column[0] for column in select])
        if klass_info:  # a query of model instances, not values()
            self.model = klass_info["model"]
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, select, using)

    def converted(self, rows):
        return self.compiler.apply_converters(rows, self.converters) if self.converters else rows

    def model_from(self, row):
        row = next(iter(self.converted([row])))
        obj = self.model.from_db(self.using, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj
