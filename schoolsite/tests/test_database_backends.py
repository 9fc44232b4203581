"""The database backends: Django's, with cheaper checks and rewrites; behaviour unchanged."""

import psycopg
import pytest
from django.db import connection

from schoolsite.tests.processes import django_shell

pytestmark = pytest.mark.django_db(transaction=True)


def other_connection():
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    )


def test_a_postgresql_url_runs_on_the_site_s_backend():
    script = (
        'from django.db import connections; c = connections["default"]; '
        "print(type(c).__module__, c.vendor)"
    )
    words = django_shell(
        script, DJANGO_DEBUG="true", DATABASE_URL="postgres://someone@db.example.org/school"
    )
    assert words == ["schoolsite.postgresql.base", "postgresql"]


def test_a_healthy_idle_connection_is_usable_without_a_round_trip(monkeypatch):
    connection.ensure_connection()
    if connection.vendor != "postgresql":  # SQLite has no server to lose: Django's own check
        assert connection.is_usable()
        return
    sent = []
    monkeypatch.setattr(
        "django.db.backends.postgresql.base.DatabaseWrapper.is_usable",
        lambda self: sent.append("SELECT 1") or True,
    )
    assert connection.is_usable() and sent == []


def test_a_connection_the_server_ended_is_found_unusable_and_replaced():
    connection.ensure_connection()
    if connection.vendor != "postgresql":
        assert connection.is_usable()
        return
    pid = connection.connection.info.backend_pid
    with other_connection() as other:  # what a restart or an operator does to idle sessions
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(50):
            row = other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
            if row is None:
                break
            other.execute("SELECT pg_sleep(0.02)")
    assert not connection.is_usable()
    connection.health_check_done = False
    connection.close_if_health_check_failed()  # what Django does before a request's first query
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
