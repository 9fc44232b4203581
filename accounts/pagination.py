"""Directory paging that stays cheap on large tables."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, F, Func, Value
from django.utils.functional import cached_property
from django.utils.http import urlencode

from schoolsite.prepared import PreparedRows

COUNT_TTL = 60
GENERATION_KEY = "directory:generation"
CACHE_VERSION = 3  # raise when what a listing's cached total or page starts mean changes
MAX_PLANS = 256  # compiled page queries kept per process: per listing and page size
_PLANS = {}


def _name(function):
    """A stable name for the function that loads a listing's rows (part of a plan's key)."""
    owner = getattr(function, "__self__", None)
    model = getattr(owner, "model", None)
    return (getattr(function, "__qualname__", repr(function)), model and model._meta.label)


def directories_changed():
    """Make cached directory counts and page starts stale once the transaction commits."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)

    transaction.on_commit(bump)


class AtOrAfter(Func):
    """`(a, b, c) >= (x, y, z)`: a row-value comparison, a range on an index of (a, b, c).

    SQLite (3.15 and later) and PostgreSQL both read it as one. Django's own tuple lookup
    spells it out as nested ORs on SQLite, which no index serves.
    """

    output_field = BooleanField()

    def __init__(self, fields, values):
        super().__init__(*(F(name) for name in fields), *(Value(value) for value in values))

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(part) for part in self.get_source_expressions()]
        width = len(compiled) // 2
        columns, values = [sql for sql, _ in compiled[:width]], [sql for sql, _ in compiled[width:]]
        params = [param for _, part_params in compiled for param in part_params]
        return f"({', '.join(columns)}) >= ({', '.join(values)})", params


class DirectoryPaginator(Paginator):
    """A paginator with a cached total, remembered page starts and one query for the rows.

    `object_list` is the users listed, sorted by the fields `order`; `load_rows` turns a
    sliced query of their keys into the rows shown, and `position(row)` gives a row's
    values of `order`. `listing` names what is listed (whose directory, which search)
    for the cache, so naming it costs no SQL compilation. The total is cached for a minute
    and dropped when the directory changes. A page picks its keys through the covering
    index; where it starts is remembered (with the next page's start), so the next visit
    to it, and the visit to the page after it, seek straight there instead of skipping
    every row before it.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        load_rows,
        order,
        position,
        listing,
        planned_once=False,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows, self.order, self.position = load_rows, order, position
        self.listing, self.asked = listing, None
        # PostgreSQL plans the rows query once (schoolsite.prepared): right for every page of
        # a whole directory, not for a search, whose best plan depends on its words.
        self.planned_once = planned_once

    def _check_object_list_is_ordered(self):
        """Not here: `object_list` may be built only when used (DirectoryView), and its order
        is always `order`, which every page's SQL relies on."""

    def get_page(self, number):
        """As Paginator's; what the cache holds for that page is read with the total.

        No number, or one that is not a whole number, means page 1, as it does to Paginator:
        its starts are read too, or the directory's own link would write them on every visit.
        """
        try:
            self.asked = int(number)
        except (TypeError, ValueError):
            self.asked = 1
        return super().get_page(number)

    @cached_property
    def cache_prefix(self):
        """Names this listing; the order is in the name, so starts under another never match."""
        named = (CACHE_VERSION, self.listing, self.per_page, self.order)
        return "directory:" + hashlib.sha256(repr(named).encode()).hexdigest()[:32]

    @cached_property
    def remembered(self):
        """The cached total and page starts, with the directory's generation, in one read.

        Entries are stored as (generation, value): one written before the directory last
        changed is ignored. A warm page thus costs one cache round trip, and no write.
        """
        keys = [GENERATION_KEY, self.cache_key("count")]
        if self.asked:
            keys += [self.cache_key("start", self.asked), self.cache_key("start", self.asked + 1)]
        found = cache.get_many(keys)
        self.generation = found.pop(GENERATION_KEY, None)
        if self.generation is None:
            cache.add(GENERATION_KEY, 1, None)
            self.generation = cache.get(GENERATION_KEY, 1)
        return {key: value for key, (made, value) in found.items() if made == self.generation}

    def remember(self, entries):
        """Cache `entries` (key: value) under this generation, skipping those already there."""
        fresh = {k: (self.generation, v) for k, v in entries.items() if self.remembered.get(k) != v}
        if fresh:
            cache.set_many(fresh, COUNT_TTL)

    @cached_property
    def count(self):
        count = self.remembered.get(self.cache_key("count"))
        if count is None:
            count = self.object_list.count()
            self.remember({self.cache_key("count"): count})
        return count

    def page(self, number):
        number = self.validate_number(number)
        start = self.start_of(number) if number > 1 else None
        rows = self.rows_from(start, skip=(number - 1) * self.per_page)
        if rows:
            starts = {self.cache_key("start", number): self.position(rows[0])}
            if len(rows) > self.per_page:
                starts[self.cache_key("start", number + 1)] = self.position(rows[self.per_page])
            self.remember(starts)
        return self._get_page(rows[: self.per_page], number, self)

    def start_of(self, number):
        """The remembered start of page `number` (its sort values), or None."""
        key = self.cache_key("start", number)
        if key in self.remembered or number in (self.asked, (self.asked or 0) + 1):
            return self.remembered.get(key)
        made, start = cache.get(key, (None, None))  # a page other than the one asked for
        return start if made == self.generation else None

    def rows_from(self, start, skip):
        """A page of rows and the next page's first: from `start` if known, else after `skip`.

        Page 1 and every page whose start is known have a fixed shape per listing, so their
        SQL is compiled once (PreparedRows); only a first visit deep into a listing is
        compiled anew, as its OFFSET is written into the SQL.
        """
        if start is None and skip:
            keys = self.object_list.values("pk")[skip : skip + self.per_page + 1]
            return list(self.load_rows(keys))
        seek = start is not None
        kind = (seek, _name(self.load_rows), self.planned_once)
        shape = (self.listing, self.order, self.per_page, *kind)
        plan = _PLANS.get(shape)
        if plan is None:
            if len(_PLANS) >= MAX_PLANS:
                _PLANS.clear()
            build = self._rows_after if seek else self._first_rows
            plan = _PLANS[shape] = PreparedRows(
                build, len(self.order) if seek else 0, planned_once=self.planned_once
            )
        return plan.rows(*(start if seek else ()))

    def _first_rows(self):
        return self.load_rows(self.object_list.values("pk")[: self.per_page + 1])

    def _rows_after(self, *start):
        keys = self.object_list.values("pk").filter(AtOrAfter(self.order, start))
        return self.load_rows(keys[: self.per_page + 1])

    def cache_key(self, *parts):
        return ":".join((self.cache_prefix, *map(str, parts)))


def page_links(page, query=""):
    """The links a page's navigation shows: previous, the numbers around it, next.

    Built here rather than in the template, which would redo the same tests and the same
    URL encoding for every number. Each link is a dict: `number`, `href` (keeping the
    search), `current`; a gap in the numbers is a dict with `gap` set.
    """

    prefix = "?" + (urlencode({"q": query}) + "&" if query else "") + "page="
    numbers = page.paginator.get_elided_page_range(page.number)
    return {
        "previous": f"{prefix}{page.previous_page_number()}" if page.has_previous() else None,
        "next": f"{prefix}{page.next_page_number()}" if page.has_next() else None,
        "numbers": [
            {"number": n, "href": f"{prefix}{n}", "current": n == page.number}
            if isinstance(n, int)
            else {"gap": True}  # the paginator's ELLIPSIS
            for n in numbers
        ],
    }
