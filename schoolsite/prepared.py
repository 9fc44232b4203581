"""Lookups whose SQL the ORM compiles once per database, not on every request."""

from django.db import connections, router
from django.db.models.query import get_related_populators


class PreparedGet:
    """Fetch one object by a unique field with SQL compiled once per database.

    Building the SQL is most of what the ORM spends on a lookup by key: for a user with
    their profiles, about 0.6 ms of a signed-in request against 0.15 ms to run it. This
    keeps what Django's own ModelIterable would build (SQL, column converters and the
    select_related populators) and reuses it. `queryset` is a callable returning the
    queryset to filter, so nothing is compiled before the apps are ready.
    """

    def __init__(self, queryset, field_name):
        self.queryset, self.field_name = queryset, field_name
        self.model, self._plans = None, {}

    def _set_model(self):
        self.model = self.queryset().model
        return self.model

    def get(self, value):
        """Return the object whose field equals `value`, or None."""
        model = self.model or self._set_model()
        using = router.db_for_read(model)
        plan = self._plans.get(using) or self._compile(self.queryset(), using)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, [plan.field.get_db_prep_value(value, connection)])
            row = cursor.fetchone()
        return None if row is None else plan.build(row)

    def _compile(self, queryset, using):
        opts = queryset.model._meta
        field = opts.pk if self.field_name == "pk" else opts.get_field(self.field_name)
        placeholder = queryset.filter(**{self.field_name: field.to_python("0")})
        plan = self._plans[using] = _Plan(placeholder, field, using)
        return plan


class _Plan:
    """What ModelIterable derives from a compiled query, kept for reuse."""

    def __init__(self, queryset, field, using):
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        if len(params) != 1:
            raise ValueError("PreparedGet needs a query with exactly one parameter.")
        self.field, self.using, self.compiler = field, using, compiler
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.converters = compiler.get_converters([column[0] for column in select])

    def build(self, row):
        if self.converters:
            row = next(self.compiler.apply_converters([row], self.converters))
        obj = self.model.from_db(self.using, self.init_list, row[self.start : self.end])
        for populator in self.populators:
            populator.populate(row, obj)
        return obj
