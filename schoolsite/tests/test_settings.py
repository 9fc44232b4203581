import json

from schoolsite.tests.processes import django_shell, run_python


def run_check(**env):
    return run_python("manage.py", "check", **env)


def test_without_a_secret_key_and_debug_off_startup_fails_naming_the_variable():
    result = run_check(DJANGO_DEBUG="false")
    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_debug_is_off_by_default():
    result = run_check(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_the_embedded_sqlite_database_runs_in_wal_mode(tmp_path):
    script = (
        "from django.db import connection as c; cur = c.cursor(); "
        "cur.execute('PRAGMA journal_mode'); print(cur.fetchone()[0]); "
        "print(c.settings_dict['OPTIONS']['transaction_mode'])"
    )
    words = django_shell(
        script, DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3"
    )
    assert words == ["wal", "IMMEDIATE"]


def database_settings(**env):
    script = (
        "import json; from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({k: db.get(k) for k in ('ENGINE', 'CONN_HEALTH_CHECKS', 'CONN_MAX_AGE')}"
        "| {'OPTIONS': sorted(db.get('OPTIONS', {}))}, separators=(',', ':')))"
    )
    return json.loads(django_shell(script, DJANGO_DEBUG="true", **env)[0])


def test_postgresql_runs_on_django_s_backend_with_checked_persistent_connections():
    found = database_settings(DATABASE_URL="postgres://someone@db.example.org:5432/school")
    assert found["ENGINE"] == "django.db.backends.postgresql"
    assert found["CONN_HEALTH_CHECKS"] is True  # a failover costs no failed request
    assert found["CONN_MAX_AGE"] == 60
    assert "prepare_threshold" not in found["OPTIONS"]


def test_sqlite_runs_on_django_s_backend():
    assert database_settings()["ENGINE"] == "django.db.backends.sqlite3"
