"""`next` is followed only when it stays on this site (Django's own unsafe list and more)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The cases of Django's url_has_allowed_host_and_scheme tests, then some of ours.
UNSAFE = [
    "http://example.com",
    "http:///example.com",
    "https://example.com",
    "ftp://example.com",
    r"\\example.com",
    r"\\\example.com",
    r"/\\/example.com",
    r"\\//example.com",
    r"/\/example.com",
    r"\/example.com",
    r"/\example.com",
    r"http:/\//example.com",
    r"http:\/example.com",
    r"http:/\example.com",
    'javascript:alert("XSS")',
    "\njavascript:alert(x)",
    "java\nscript:alert(x)",
    "\x08//example.com",
    r"http://otherserver\@example.com",
    r"http:\\testserver\@example.com",
    r"http://testserver\me:pass@example.com",
    r"http://testserver\@example.com",
    r"http:\\testserver\confirm\me@example.com",
    "http:999999999",
    "ftp:9999999999",
    "\n",
    "http://[2001:cdba:0000:0000:0000:0000:3257:9652/",
    "http://2001:cdba:0000:0000:0000:0000:3257:9652]/",
    # ours
    "//evil.example",
    "/\\evil.example",
    "http:evil.example",
    "https:evil.example",
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>x</script>",
    "\t//evil.example",
    "/\t/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "https://testserver@evil.example/",
    "https://evil.example\\@testserver/",
    "https://testserver.evil.example/",
    "//testserver@evil.example",
    "http://[::1]@evil.example/",
    "//[::ffff:7f00:1]/",
    "http://[::1]/",
    "https://evil.example%2f@testserver/",
    "http://0x7f.1/",
    "//%65vil.example",
]
SAFE = ["/teachers/", "/students/?q=smith&page=2", "/accounts/password_change/"]

SIGN_IN = [reverse("teachers:login"), reverse("accounts:login")]


def sign_in(client, url, user, password, target):
    return client.post(url, {"username": user.username, "password": password, "next": target})


@pytest.mark.parametrize("target", UNSAFE)
@pytest.mark.parametrize("url", SIGN_IN)
def test_sign_in_never_follows_an_unsafe_next(client, teacher, password, url, target):
    response = sign_in(client, url, teacher, password, target)
    assert response.status_code == 302
    assert response.url == teacher.get_dashboard_url()


@pytest.mark.parametrize("target", UNSAFE)
def test_an_unsafe_next_is_not_put_in_the_sign_in_form(client, target):
    response = client.get(reverse("students:login"), {"next": target})
    assert response.context["next"] == ""


@pytest.mark.parametrize("target", SAFE)
@pytest.mark.parametrize("url", SIGN_IN)
def test_sign_in_follows_a_safe_next(client, teacher, password, url, target):
    assert sign_in(client, url, teacher, password, target).url == target


@pytest.mark.parametrize("target", UNSAFE)
def test_sign_out_never_follows_an_unsafe_next(student_client, target):
    response = student_client.post(reverse("accounts:logout"), {"next": target})
    assert response.status_code == 302 and response.url == "/"


def test_sign_out_follows_a_safe_next(student_client):
    response = student_client.post(reverse("accounts:logout"), {"next": "/teachers/login/"})
    assert response.url == "/teachers/login/"
