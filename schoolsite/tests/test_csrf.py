"""The pages' CSRF token: Django's token and Django's check, with a cheaper mask."""

import re

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _mask_cipher_secret,
    _unmask_cipher_token,
)
from django.test import Client
from django.urls import reverse

from schoolsite import csrf

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def tokens_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN.findall(response.content.decode()), response


def test_each_byte_value_below_248_stands_for_one_character_four_times(monkeypatch):
    monkeypatch.setattr(csrf.os, "urandom", lambda n: bytes(range(256)))
    # One draw of all 256 byte values: 248 become characters, 8 (248 to 255) are dropped.
    everything = csrf.random_chars(248)
    assert len(everything) == 248
    assert {everything.count(char) for char in CSRF_ALLOWED_CHARS} == {4}


def test_the_alphabet_is_ascii_letters_and_digits_as_the_secret_check_assumes():
    import string

    assert sorted(CSRF_ALLOWED_CHARS) == sorted(string.ascii_letters + string.digits)
    assert len(set(CSRF_ALLOWED_CHARS)) == len(CSRF_ALLOWED_CHARS)


def test_a_short_draw_is_topped_up_until_the_mask_is_whole(monkeypatch):
    draws = iter([bytes([255] * 30 + [0, 1]), bytes(range(2, 34))])
    monkeypatch.setattr(csrf.os, "urandom", lambda n: next(draws))
    assert csrf.random_chars(32) == CSRF_ALLOWED_CHARS[:32]


def test_a_signed_in_page_carries_a_token_django_unmasks_to_the_cookies_secret(student_client):
    (token,), response = tokens_on(student_client, reverse("students:dashboard"))
    secret = student_client.cookies["csrftoken"].value
    assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert response.cookies["csrftoken"].value == secret  # the browser had none: it is set


def test_the_mask_is_new_on_every_page(student_client):
    url = reverse("students:dashboard")
    seen = {tokens_on(student_client, url)[0][0] for _ in range(20)}
    assert len(seen) == 20
    assert len({token[:CSRF_SECRET_LENGTH] for token in seen}) == 20


def test_django_accepts_the_token_and_refuses_a_forged_one(student, password):
    strict = Client(enforce_csrf_checks=True)
    login = reverse("students:login")
    (token,), _ = tokens_on(strict, login)
    forged = token[:-1] + ("a" if token[-1] != "a" else "b")
    refused = strict.post(
        login, {"username": student.username, "password": password, "csrfmiddlewaretoken": forged}
    )
    assert refused.status_code == 403
    signed_in = strict.post(
        login, {"username": student.username, "password": password, "csrfmiddlewaretoken": token}
    )
    assert signed_in.status_code == 302
    (token,), _ = tokens_on(strict, reverse("students:dashboard"))
    signed_out = strict.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302 and "_auth_user_id" not in strict.session


def test_a_first_visit_gets_a_secret_and_its_cookie():
    (token,), response = tokens_on(Client(), reverse("students:login"))
    assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value


def test_a_page_without_a_form_sets_no_csrf_cookie():
    response = Client().get(reverse("home"))
    assert "csrftoken" not in response.cookies


def test_pages_mask_the_token_without_django_s_character_by_character_draw(
    student_client, monkeypatch
):
    url = reverse("students:dashboard")
    tokens_on(student_client, url)  # the first page makes the secret (Django draws it)

    def slow_draw():
        raise AssertionError("the page drew its mask with Django's get_random_string")

    monkeypatch.setattr("django.middleware.csrf._get_new_csrf_string", slow_draw)
    (token,), _ = tokens_on(student_client, url)
    assert _unmask_cipher_token(token) == student_client.cookies["csrftoken"].value


def test_a_browser_that_holds_the_cookie_is_not_sent_it_again(student_client):
    url = reverse("students:dashboard")
    tokens_on(student_client, url)  # the first page sets the cookie
    secret = student_client.cookies["csrftoken"].value
    (token,), response = tokens_on(student_client, url)
    assert "csrftoken" not in response.cookies
    assert _unmask_cipher_token(token) == secret
    assert "Cookie" in response.headers["Vary"]  # the page's token depends on the cookie


def test_signing_in_sends_a_new_cookie_which_later_pages_keep(student, password):
    browser = Client(enforce_csrf_checks=True)
    login = reverse("students:login")
    (token,), _ = tokens_on(browser, login)
    before = browser.cookies["csrftoken"].value
    signed_in = browser.post(
        login, {"username": student.username, "password": password, "csrfmiddlewaretoken": token}
    )
    after = signed_in.cookies["csrftoken"].value
    assert signed_in.status_code == 302 and after != before  # Django's rotation at sign-in
    (token,), page = tokens_on(browser, reverse("students:dashboard"))
    assert "csrftoken" not in page.cookies and _unmask_cipher_token(token) == after
    signed_out = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302


def test_a_sign_in_page_for_a_browser_holding_the_cookie_varies_on_it_without_resending_it():
    browser = Client()
    tokens_on(browser, reverse("students:login"))
    (token,), response = tokens_on(browser, reverse("teachers:login"))
    assert "csrftoken" not in response.cookies and "Cookie" in response.headers["Vary"]
    assert _unmask_cipher_token(token) == browser.cookies["csrftoken"].value


@pytest.mark.parametrize("held", ["short", "x" * CSRF_SECRET_LENGTH + "!"])
def test_a_cookie_django_would_not_accept_is_replaced(held):
    browser = Client()
    browser.cookies["csrftoken"] = held
    (token,), response = tokens_on(browser, reverse("students:login"))
    secret = response.cookies["csrftoken"].value
    assert secret != held and _unmask_cipher_token(token) == secret


def test_a_cookie_in_django_s_older_masked_form_is_replaced_by_its_secret():
    secret = "a" * CSRF_SECRET_LENGTH
    browser = Client()
    browser.cookies["csrftoken"] = _mask_cipher_secret(secret)  # 64 characters
    (token,), response = tokens_on(browser, reverse("students:login"))
    assert response.cookies["csrftoken"].value == secret
    assert _unmask_cipher_token(token) == secret


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_with_a_token_are_private_to_the_browser(client, student, signed_in):
    # No Set-Cookie on them any more (see above): some shared caches that ignore Vary
    # would store them; Cache-Control tells every cache they are this visitor's alone.
    if signed_in:
        client.force_login(student)
    url = reverse("students:dashboard" if signed_in else "students:login")
    tokens_on(client, url)
    (_,), response = tokens_on(client, url)
    assert "csrftoken" not in response.cookies
    assert "private" in response.headers["Cache-Control"]
    assert "Cookie" in response.headers["Vary"]


def test_a_response_that_never_read_the_session_is_not_made_private(rf):
    from django.http import HttpResponse

    from schoolsite.sessions.middleware import SessionMiddleware

    request = rf.get("/")
    response = SessionMiddleware(lambda request: HttpResponse("ok"))(request)
    assert not response.has_header("Cache-Control") and not response.has_header("Vary")
