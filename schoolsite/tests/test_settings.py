import json

from schoolsite.tests.processes import django_shell, run_python


def run_check(**env):
    return run_python("manage.py", "check", **env)


def test_without_a_secret_key_and_debug_off_startup_fails_naming_the_variable():
    result = run_check(DJANGO_DEBUG="false")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


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


def database_options(**env):
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {}), sort_keys=True, "
        "separators=(',', ':')))"
    )
    return json.loads(django_shell(script, DJANGO_DEBUG="true", **env)[0])


def test_postgresql_may_prepare_statements_unless_the_operator_turns_it_off():
    url = "postgres://someone@db.example.org:5432/school"
    # psycopg prepares only what the site asks it to (schoolsite.prepared), never on its own.
    assert database_options(DATABASE_URL=url) == {"prepare_threshold": 2**31 - 1}
    assert database_options(DATABASE_URL=url, DJANGO_DB_PREPARED_STATEMENTS="false") == {}
