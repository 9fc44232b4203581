"""Directory paging that stays cheap on large tables."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, F, Func, Value
from django.utils.functional import cached_property
from django.utils.http import urlencode

COUNT_TTL = 60
GENERATION_KEY = "directory:generation"


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

    def __init__(self, object_list, per_page, *, load_rows, order, position, listing, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows, self.order, self.position = load_rows, order, position
        self.listing = listing

    @cached_property
    def cache_prefix(self):
        """Names this listing in its directory generation."""
        generation = cache.get_or_set(GENERATION_KEY, 1, None)
        digest = hashlib.sha256(repr((self.listing, self.per_page)).encode()).hexdigest()[:32]
        return f"directory:{generation}:{digest}"

    @cached_property
    def count(self):
        return cache.get_or_set(f"{self.cache_prefix}:count", self.object_list.count, COUNT_TTL)

    def page(self, number):
        number = self.validate_number(number)
        keys = self.object_list.values("pk")
        start = cache.get(self.start_key(number)) if number > 1 else None
        if start is None:
            bottom = (number - 1) * self.per_page
            keys = keys[bottom : bottom + self.per_page + 1]
        else:
            keys = keys.filter(AtOrAfter(self.order, start))[: self.per_page + 1]
        rows = list(self.load_rows(keys))  # one more than the page: where the next one starts
        if rows:
            starts = {self.start_key(number): self.position(rows[0])}
            if len(rows) > self.per_page:
                starts[self.start_key(number + 1)] = self.position(rows[self.per_page])
            cache.set_many(starts, COUNT_TTL)
        return self._get_page(rows[: self.per_page], number, self)

    def start_key(self, number):
        return f"{self.cache_prefix}:start:{number}"


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
