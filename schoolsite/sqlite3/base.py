"""Django's SQLite backend, rewriting a query's placeholders once rather than on every run.

Django writes SQL with `%s` placeholders, and its SQLite cursor turns them into `?` with a
regular expression each time a query runs. The user read every signed-in page makes (with
both profiles, some forty columns) is long enough that this rewrite cost more than a
twentieth of a dashboard. The rewrite depends only on the SQL, so here it is remembered for
the queries run most recently. Everything else is Django's backend (`ENGINE` is set to this
module's package in settings when `DATABASE_URL` names SQLite).
"""

from functools import lru_cache

from django.db.backends.sqlite3 import base

REMEMBERED_LONGEST = 8192  # characters: longer SQL (a bulk insert) is rewritten each time


def qmark(query):
    """The SQL with `?` placeholders, as Django's SQLite cursor writes it."""
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


remembered_qmark = lru_cache(maxsize=512)(qmark)


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    """Django's SQLite cursor, remembering how it rewrote each query."""

    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return remembered_qmark(query) if len(query) <= REMEMBERED_LONGEST else qmark(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's SQLite connection, with the cursor above."""

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
