"""The SQLite backend: Django's, with each query's placeholders rewritten once."""

import sqlite3

import pytest
from django.db.backends.sqlite3.base import SQLiteCursorWrapper as DjangoCursor

from schoolsite.sqlite3.base import SQLiteCursorWrapper, qmark, remembered_qmark
from schoolsite.tests.processes import django_shell

QUERIES = [
    'SELECT "a" FROM "t" WHERE "b" = %s AND "c" >= %s LIMIT 21',
    "SELECT 1 WHERE 'x' LIKE '50%%' AND y = %s",  # a literal percent sign, doubled
    "INSERT INTO t (a, b) VALUES (%s, %s)",
    "SELECT 1",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_the_rewrite_is_django_s(sql):
    assert qmark(sql) == DjangoCursor.convert_query(None, sql)
    assert SQLiteCursorWrapper.convert_query(None, sql) == qmark(sql)


def test_named_parameters_are_left_to_django():
    sql = "SELECT %(a)s, %(b)s"
    cursor = sqlite3.connect(":memory:").cursor(factory=SQLiteCursorWrapper)
    ours = cursor.convert_query(sql, param_names=["a", "b"])
    assert ours == DjangoCursor.convert_query(None, sql, param_names=["a", "b"]) == "SELECT :a, :b"


def test_a_query_run_again_is_not_rewritten_again(monkeypatch):
    sql = 'SELECT "k" FROM "t" WHERE "id" = %s -- test_a_query_run_again'
    cursor = sqlite3.connect(":memory:").cursor(factory=SQLiteCursorWrapper)
    cursor.convert_query(sql)
    monkeypatch.setattr("schoolsite.sqlite3.base.base.FORMAT_QMARK_REGEX", None)
    assert (
        cursor.convert_query(sql) == 'SELECT "k" FROM "t" WHERE "id" = ? -- test_a_query_run_again'
    )


def test_a_very_long_query_is_not_kept():
    remembered_qmark.cache_clear()
    cursor = sqlite3.connect(":memory:").cursor(factory=SQLiteCursorWrapper)
    bulk = "INSERT INTO t (a) VALUES " + ", ".join(["(%s)"] * 3000)
    assert cursor.convert_query(bulk) == qmark(bulk)
    assert remembered_qmark.cache_info().currsize == 0


def test_a_sqlite_database_url_runs_on_this_backend(tmp_path):
    script = (
        "from django.db import connection as c, connections; cur = c.cursor(); "
        "cur.execute('SELECT %s + %s', [20, 22]); print(cur.fetchone()[0]); "
        "print(type(cur.cursor).__module__, c.vendor)"
    )
    words = django_shell(
        script, DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3"
    )
    assert words == ["42", "schoolsite.sqlite3.base", "sqlite"]
