"""Production settings, read from the environment in a fresh process, as an operator sets them."""

import json

import pytest

from schoolsite.tests.processes import run_python

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3y-for-tests-only-" + "x9" * 30,
    "DJANGO_HTTPS": "true",
    "DJANGO_ALLOWED_HOSTS": "school.example",
}

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
settings.ALLOWED_HOSTS = ["school.example"]
client = Client(HTTP_HOST="school.example")
out = {}
for name, (path, kwargs) in {
    "https": ("/accounts/logout/", {"secure": True}),
    "http": ("/accounts/logout/", {}),
    "forwarded": ("/accounts/logout/", {"HTTP_X_FORWARDED_PROTO": "https"}),
    "health_over_http": ("/healthz", {}),
}.items():
    r = client.get(path, **kwargs)
    out[name] = {"status": r.status_code, "headers": dict(r.headers)}
out["settings"] = {k: getattr(settings, k, None) for k in (
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE", "SECURE_PROXY_SSL_HEADER", "DEBUG")}
print(json.dumps(out))
"""


def run(args, **env):
    return run_python(*args, **PRODUCTION, **env)


def probe(**env):
    result = run(["-c", PROBE], DJANGO_SETTINGS_MODULE="schoolsite.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_at_warning_level():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_headers_are_sent():
    headers = probe()["https"]["headers"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https():
    http = probe()["http"]
    assert http["status"] == 301
    assert http["headers"]["Location"] == "https://school.example/accounts/logout/"


def test_health_checks_over_plain_http_are_not_redirected():
    assert probe()["health_over_http"]["status"] == 200


def test_cookies_are_secure_httponly_and_lax_under_https():
    values = probe()["settings"]
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["DEBUG"] is False


def test_forwarded_proto_is_ignored_without_trusted_proxies():
    result = probe(DJANGO_TRUSTED_PROXIES="0")
    assert result["settings"]["SECURE_PROXY_SSL_HEADER"] is None
    assert result["forwarded"]["status"] == 301


def test_forwarded_proto_is_trusted_behind_a_declared_proxy():
    result = probe(DJANGO_TRUSTED_PROXIES="1")
    assert result["forwarded"]["status"] == 302  # reached the view: anonymous, sent to "/"


@pytest.mark.django_db
def test_a_foreign_host_gets_400(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.django_db
def test_session_cookie_flags_after_sign_in(client, student, password):
    client.post("/students/login/", {"username": student.username, "password": password})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_the_500_page_leaks_no_trace_or_settings(client, monkeypatch):
    from schoolsite import views

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("secret internals SECRET_KEY")

    monkeypatch.setattr(views.HomeView, "get", explode)
    client.raise_request_exception = False
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "secret internals" not in html and "Traceback" not in html
    assert "SECRET_KEY" not in html and "schoolsite" in html
