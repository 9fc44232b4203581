"""Lookups compiled once: the same objects as the ORM's, in one query, whatever the database."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.backends import USER_WITH_PROFILES
from accounts.models import User
from schoolsite.cache import RedisCache
from schoolsite.prepared import PreparedGet, PreparedRows
from schoolsite.sessions import cached_db
from schoolsite.sessions.db import SessionStore

pytestmark = pytest.mark.django_db


def field_values(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.mark.parametrize("person", ["student", "teacher", "staff"])
def test_a_user_loads_as_the_orm_loads_them_with_their_profile_in_one_query(request, person):
    expected = User.objects.with_profiles().get(pk=request.getfixturevalue(person).pk)
    with CaptureQueriesContext(connection) as queries:
        user = USER_WITH_PROFILES.get(expected.pk)
        profiles = {name: getattr(user, name, None) for name in User.profile_relations()}
    assert len(queries) == 1
    assert field_values(user) == field_values(expected)
    for name, profile in profiles.items():
        wanted = getattr(expected, name, None)
        assert (profile and field_values(profile)) == (wanted and field_values(wanted))
    assert sum(profile is not None for profile in profiles.values()) == (person != "staff")


def test_an_unknown_key_finds_nobody(student):
    assert USER_WITH_PROFILES.get(student.pk + 1000) is None


def test_a_lookup_by_another_unique_field_converts_its_value(student):
    by_username = PreparedGet(User.objects.all, "username")
    assert by_username.get(student.username) == student
    assert by_username.get("nobody-by-that-name") is None


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_the_signed_in_users_query_is_planned_once_per_connection(student):
    """On PostgreSQL the read every signed-in page makes is a prepared statement."""
    for _ in range(6):
        assert USER_WITH_PROFILES.get(student.pk) == student
    if connection.vendor == "postgresql":
        prepared = prepared_statements()
        assert any('FROM "accounts_user"' in statement for statement in prepared), prepared
    else:  # SQLite's driver keeps its statements itself; psycopg's options would break it
        assert "prepare_threshold" not in connection.settings_dict.get("OPTIONS", {})


def test_the_query_log_shows_a_prepared_read_with_its_values(student):
    """Tests' query counts and the debug log read it like any other query."""
    with CaptureQueriesContext(connection) as queries:
        USER_WITH_PROFILES.get(student.pk)
    [query] = queries
    assert '"accounts_user"' in query["sql"] and f"= {student.pk}" in query["sql"]


def change_a_column_elsewhere(widen):
    """What a deploy's `migrate` does from another process: change a table these reads read."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        length = 151 if widen else 150
        with psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"],
            port=settings["PORT"],
            autocommit=True,
        ) as other:
            other.execute(
                f'ALTER TABLE "accounts_user" ALTER COLUMN "first_name" TYPE varchar({length})'
            )
    else:
        import sqlite3

        with sqlite3.connect(settings["NAME"]) as other:
            if widen:
                other.execute('ALTER TABLE "accounts_user" ADD COLUMN "deploy_note" text')
            else:
                other.execute('ALTER TABLE "accounts_user" DROP COLUMN "deploy_note"')


@pytest.mark.django_db(transaction=True)
def test_a_read_prepared_before_a_migration_still_works_after_it(student):
    """Signed-in pages keep working while a deploy migrates, without restarting workers."""
    assert USER_WITH_PROFILES.get(student.pk) == student  # prepared on this connection
    change_a_column_elsewhere(widen=True)
    try:
        assert USER_WITH_PROFILES.get(student.pk) == student
    finally:
        change_a_column_elsewhere(widen=False)
    assert USER_WITH_PROFILES.get(student.pk) == student


def test_a_directory_page_is_planned_once_and_a_search_is_not(teacher_client, student):
    teacher_client.get(reverse("students:directory"))
    teacher_client.get(reverse("students:directory"), {"q": student.last_name})
    if connection.vendor == "postgresql":
        prepared = " ".join(prepared_statements())
        assert '"students_studentprofile"' in prepared
        assert "LIKE" not in prepared
    else:
        assert "prepare_threshold" not in connection.settings_dict.get("OPTIONS", {})


class TestSessions:
    @pytest.fixture
    def session(self):
        store = SessionStore()
        store["note"] = "kept"
        store.create()
        store.save()
        return store

    def test_a_live_session_reads_back(self, session):
        assert SessionStore(session.session_key).load() == {"note": "kept"}

    def test_an_expired_session_reads_as_empty_and_loses_its_key(self, session):
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        store = SessionStore(session.session_key)
        assert store.load() == {}
        assert store.session_key is None

    def test_an_unknown_key_reads_as_empty(self):
        store = SessionStore("x" * 32)
        assert store.load() == {}
        assert store.session_key is None

    def test_a_signed_in_page_reads_session_and_user_in_two_queries_at_most(self, student_client):
        student_client.get(reverse("students:dashboard"))
        with CaptureQueriesContext(connection) as queries:
            response = student_client.get(reverse("students:dashboard"))
        assert response.status_code == 200
        assert len(queries) <= 2


class TestCachedDbSessions:
    """The store used with Redis: the cache first, then the database through the same read."""

    @pytest.fixture
    def session(self):
        store = cached_db.SessionStore()
        store["note"] = "kept"
        store.create()
        store.save()
        return store

    def test_a_session_missing_from_the_cache_is_read_from_the_database(self, session):
        caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            assert cached_db.SessionStore(session.session_key).load() == {"note": "kept"}
        assert len(queries) == 1
        assert cached_db.SessionStore(session.session_key).load() == {"note": "kept"}

    def test_an_expired_session_missing_from_the_cache_reads_as_empty(self, session):
        caches["default"].clear()
        Session.objects.filter(session_key=session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        store = cached_db.SessionStore(session.session_key)
        assert store.load() == {}
        assert store.session_key is None


def test_the_redis_cache_keeps_one_client_per_server():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    assert cache._cache.get_client() is cache._cache.get_client(write=True)


def test_the_configured_cache_round_trips(settings):
    cache = caches["default"]
    # With REDIS_URL (the PostgreSQL + Redis run of the suite) this talks to a real Redis.
    assert isinstance(cache, RedisCache) == bool(settings.REDIS_URL)
    cache.set("prepared-test", {"n": 1}, 30)
    assert cache.get("prepared-test") == {"n": 1}


class TestPreparedRows:
    @pytest.fixture
    def names(self):
        from students.tests.factories import StudentFactory

        for last in ("Adams", "Baker", "Clark", "Dunn", "Evans"):
            StudentFactory(last_name=last, first_name="Sam", username=f"sam.{last.lower()}")

    @staticmethod
    def prepared():
        from accounts.models import Role

        def build(*start):
            users = User.objects.directory(Role.STUDENT)
            if start:
                users = users.filter(last_name__gte=start[0])
            return users.values("username", "last_name")[:2]

        return build, PreparedRows(build, arity=1)

    def test_rows_are_the_querysets_rows_for_each_value(self, names):
        build, prepared = self.prepared()
        for start in ("Baker", "Dunn", "Zed"):
            with CaptureQueriesContext(connection) as queries:
                rows = prepared.rows(start)
            assert rows == list(build(start))
            assert len(queries) == 1
        assert [row["last_name"] for row in prepared.rows("Clark")] == [
            "Clark",
            "Dunn",
        ]

    def test_a_placeholder_that_never_reaches_the_sql_is_refused(self, names):
        prepared = PreparedRows(lambda start: User.objects.values("username"), arity=1)
        with pytest.raises(ValueError, match="placeholder"):
            prepared.rows("Baker")
