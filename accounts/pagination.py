"""Directory paging that stays cheap on large tables."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.utils.functional import cached_property

COUNT_TTL = 60
GENERATION_KEY = "directory:generation"


def directories_changed():
    """Make cached directory counts stale once the current transaction commits."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, None)

    transaction.on_commit(bump)


class DirectoryPaginator(Paginator):
    """A paginator with a cached total and a deferred join for the page's rows.

    `object_list` is the users listed, in order; `load_rows` turns a sliced query of their
    keys into the rows shown. The total (a COUNT over the whole filtered table) is cached
    for a minute and dropped when someone registers. A page picks its keys through the
    covering index, then loads just those rows, so a deep page costs about what page 1 does.
    """

    def __init__(self, object_list, per_page, load_rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.load_rows = load_rows

    @cached_property
    def count(self):
        generation = cache.get_or_set(GENERATION_KEY, 1, None)
        sql, params = self.object_list.values("pk").query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        return cache.get_or_set(
            f"directory:count:{generation}:{digest}", self.object_list.count, COUNT_TTL
        )

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = self.object_list.values("pk")[bottom : bottom + self.per_page]
        return self._get_page(self.load_rows(keys), number, self)
