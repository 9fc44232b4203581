"""The site's PostgreSQL backend: Django's, with a health check that needs no round trip."""

import time

import psycopg
import pytest
from django.db.utils import ConnectionHandler

from schoolsite.tests.processes import django_shell
from system_tests.services import POSTGRES_ADMIN


@pytest.fixture
def site_connection(django_db_blocker):
    """A connection made by the site's backend, as a server's worker holds one (on the
    server's own `postgres` database: nothing is written)."""
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "schoolsite.postgresql",
                "NAME": "postgres",
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": "5432",
                "CONN_HEALTH_CHECKS": True,
            }
        }
    )
    connection = handler["default"]
    with django_db_blocker.unblock():
        connection.ensure_connection()
        yield connection
        connection.close()


def test_a_postgresql_url_runs_on_the_site_s_backend():
    script = (
        'from django.db import connections; c = connections["default"]; '
        "print(type(c).__module__, c.vendor)"
    )
    words = django_shell(
        script, DJANGO_DEBUG="true", DATABASE_URL="postgres://someone@db.example.org/school"
    )
    assert words == ["schoolsite.postgresql.base", "postgresql"]


def test_a_healthy_idle_connection_is_usable_without_a_round_trip(site_connection, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "django.db.backends.postgresql.base.DatabaseWrapper.is_usable",
        lambda self: sent.append("SELECT 1") or True,
    )
    assert site_connection.is_usable() and sent == []


def test_a_connection_inside_a_transaction_gets_django_s_check(site_connection, monkeypatch):
    sent = []
    monkeypatch.setattr(
        "django.db.backends.postgresql.base.DatabaseWrapper.is_usable",
        lambda self: sent.append("SELECT 1") or True,
    )
    site_connection.set_autocommit(False)
    site_connection.connection.execute("SELECT 1")  # a transaction left open by a failed request
    assert site_connection.is_usable() and sent == ["SELECT 1"]
    site_connection.rollback()


def test_a_connection_the_server_ended_is_found_unusable_and_replaced(site_connection):
    pid = site_connection.connection.info.backend_pid
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.2)  # the server's goodbye reaches the socket
    assert not site_connection.is_usable()
    site_connection.health_check_done = False
    site_connection.close_if_health_check_failed()  # what Django does before a request's query
    with site_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
