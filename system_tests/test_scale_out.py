"""Several app servers, one site: two gunicorns on one PostgreSQL and one Redis.

The README's scaling-out promise: start the same command on more machines with the same
environment, and a person can land on any server. Sessions and lockout counters are shared.
"""

import secrets
import sys

import psycopg
import pytest
import redis
from psycopg import sql

from system_tests.procs import ROOT, Group, clean_env, free_port, machine_lock, run, wait_until
from system_tests.services import (
    POSTGRES_ADMIN,
    POSTGRES_URL,
    REDIS_URL,
    missing_services,
)
from system_tests.web import Browser, healthy

REDIS_DB = 14
LOGIN = "/students/login/"
DASHBOARD = "/students/dashboard/"
PASSWORD = "scale-out-Passw0rd-2026"
PEOPLE = {
    "ada": ("Ada", "Lovelace"),
    "grace": ("Grace", "Hopper"),
    "katherine": ("Katherine", "Johnson"),
    "dorothy": ("Dorothy", "Vaughan"),
}
WRONG = "Please enter a correct username or email and password."
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture(scope="module")
def _exclusive():
    """Two runs of this test on one machine would flush each other's Redis database."""
    missing = missing_services()
    if missing:
        pytest.fail("CI is set but the scale-out test cannot run: missing " + "; ".join(missing))
    with machine_lock("schoolsite-system-test-scale-out"):
        yield


@pytest.fixture(scope="module")
def database(_exclusive):
    """Create a fresh PostgreSQL database; yield its name; drop it at the end."""
    name = f"schoolsite_scale_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="module")
def shared_redis(_exclusive):
    url = REDIS_URL.format(db=REDIS_DB)
    client = redis.Redis.from_url(url, socket_timeout=5)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture(scope="module")
def site_env(database, shared_redis):
    """The one environment every app server gets, as the README's deployment section says."""
    return clean_env(
        DJANGO_SETTINGS_MODULE="schoolsite.settings",
        DATABASE_URL=POSTGRES_URL.format(name=database),
        REDIS_URL=REDIS_URL.format(db=REDIS_DB),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )


@pytest.fixture(scope="module")
def prepared_site(site_env):
    """Migrate, collect static files and add the students, as an operator deploying would."""
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput"], env=site_env)
    run([*manage, "collectstatic", "--noinput"], env=site_env)
    people = [
        {"username": username, "email": f"{username}@scale.test", "password": PASSWORD}
        | {"first_name": first, "last_name": last}
        for username, (first, last) in PEOPLE.items()
    ]
    code = "from students.services import register_student\n"
    code += f"for person in {people!r}: register_student(**person)"
    run([*manage, "shell", "-c", code], env=site_env)
    return site_env


@pytest.fixture(scope="module")
def servers(prepared_site, tmp_path_factory):
    """Serve the site from two gunicorns with one environment; yield their base URLs."""
    logs = tmp_path_factory.mktemp("gunicorn")
    groups = [_gunicorn(prepared_site, logs / f"server-{name}.log") for name in "ab"]
    try:
        for group, url in groups:
            wait_until(
                lambda url=url, group=group: healthy(url) or not group.alive(),
                60,
                what=f"{url}/healthz",
            )
            assert healthy(url), f"{url} did not become healthy: {group.describe()}"
        yield [url for _, url in groups]
    finally:
        for group, _ in groups:
            group.stop()


def _gunicorn(env, log_path):
    port = free_port()
    args = [sys.executable, "-m", "gunicorn", "schoolsite.wsgi", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", "2", "--timeout", "30", "--graceful-timeout", "5"]
    args += ["--access-logfile", "-"]
    return Group(args, env=env, cwd=ROOT, log_path=log_path), f"http://127.0.0.1:{port}"


def _session_stored(session_key, database, shared_redis):
    """Say where the session lives: (in Redis, in PostgreSQL)."""
    in_redis = any(shared_redis.scan_iter(match=f"*{session_key}"))
    with psycopg.connect(POSTGRES_URL.format(name=database), connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT 1 FROM django_session WHERE session_key = %s", [session_key]
        ).fetchone()
    return in_redis, row is not None


def test_a_session_begun_on_one_server_is_valid_on_the_other(servers, database, shared_redis):
    server_a, server_b = servers
    on_a = Browser(server_a)
    answer = on_a.sign_in(LOGIN, "ada", PASSWORD)
    assert (answer.status, answer.location) == (302, DASHBOARD)

    dashboard = Browser(server_b, jar=on_a.jar).get(DASHBOARD)
    assert dashboard.status == 200
    assert "Ada Lovelace" in dashboard.text
    assert "You have signed in 1 time." in dashboard.text
    assert _session_stored(on_a.cookie("sessionid"), database, shared_redis) == (True, True)


def test_signing_out_on_one_server_ends_the_session_on_every_server(
    servers, database, shared_redis
):
    server_a, server_b = servers
    on_a = Browser(server_a)
    assert on_a.sign_in(LOGIN, "grace", PASSWORD).status == 302
    session_key = on_a.cookie("sessionid")
    on_b = Browser(server_b, jar=on_a.jar)
    dashboard = on_b.get(DASHBOARD)
    assert "Grace Hopper" in dashboard.text

    signed_out = on_b.post("/accounts/logout/", {"csrfmiddlewaretoken": dashboard.form_token()})
    assert (signed_out.status, signed_out.location) == (302, "/")

    for server in servers:
        old_cookie = Browser(server, headers={"Cookie": f"sessionid={session_key}"})
        answer = old_cookie.get(DASHBOARD)
        assert (answer.status, answer.location) == (302, f"{LOGIN}?next={DASHBOARD}"), server
    assert _session_stored(session_key, database, shared_redis) == (False, False)


def test_failures_on_both_servers_add_up_to_one_lockout(servers):
    server_a, server_b = servers
    on_a, on_b = Browser(server_a), Browser(server_b)
    attempt = {"username": "katherine", "password": "not-her-password"}
    for browser in (on_a, on_a, on_a, on_b):
        token = browser.get(LOGIN).form_token()
        answer = browser.post(LOGIN, {**attempt, "csrfmiddlewaretoken": token})
        assert answer.status == 200 and WRONG in answer.text
    # Server B has seen two failures, but this fifth one is counted with A's three.
    fifth = on_b.post(LOGIN, {**attempt, "csrfmiddlewaretoken": on_b.get(LOGIN).form_token()})
    assert fifth.status == 429 and LOCKED in fifth.text

    for server in servers:
        locked = Browser(server).sign_in(LOGIN, "katherine", PASSWORD)
        assert locked.status == 429 and LOCKED in locked.text, server
        other = Browser(server).sign_in(LOGIN, "dorothy", PASSWORD)
        assert (other.status, other.location) == (302, DASHBOARD), server


def test_database_sessions_ended_under_the_servers_cost_no_failed_request(servers, database):
    """What a database restart does to the servers' persistent connections."""
    on_a = Browser(servers[0])
    assert on_a.sign_in(LOGIN, "ada", PASSWORD).status == 302
    browsers = [on_a, Browser(servers[1], jar=on_a.jar)]
    for browser in browsers * 4:  # the workers that answered now hold a connection each
        assert browser.get(DASHBOARD).status == 200
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        ended = {
            pid
            for pid, _ in admin.execute(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            )
        }
        assert ended
        # pg_terminate_backend() only signals: wait until those sessions are gone, as a
        # restarted server has closed them all before it takes a connection again. A request
        # sent while one is still going down fails whatever the health check.
        wait_until(
            lambda: (
                not admin.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE pid = ANY(%s)", [list(ended)]
                ).fetchone()
            ),
            10,
            interval=0.05,
            what="the ended database sessions to close",
        )
    for browser in browsers * 4:
        answer = browser.get(DASHBOARD)
        assert answer.status == 200 and "Ada Lovelace" in answer.text
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        now = {
            pid
            for (pid,) in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]
            )
        }
    assert now and not now & ended  # the servers reconnected
