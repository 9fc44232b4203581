"""The pages' CSRF protection is Django's own: its token in every form, its cookie, its check."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def tokens_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return TOKEN.findall(response.content.decode()), response


def test_a_signed_in_page_s_token_signs_out_and_a_forged_one_is_refused(student, password):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    (token,), _ = tokens_on(browser, reverse("students:dashboard"))
    forged = token[:-1] + ("a" if token[-1] != "a" else "b")
    refused = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": forged})
    assert refused.status_code == 403
    assert browser.get(reverse("students:dashboard")).status_code == 200  # still signed in
    signed_out = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert browser.get(reverse("students:dashboard")).status_code == 302  # to sign in


def test_a_post_without_a_token_is_refused_with_the_site_s_page(student, password):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        reverse("students:login"), {"username": student.username, "password": password}
    )
    assert response.status_code == 403
    assert "schoolsite" in response.content.decode()


def test_the_token_is_masked_afresh_on_every_page(student_client):
    url = reverse("students:dashboard")
    seen = {tokens_on(student_client, url)[0][0] for _ in range(10)}
    assert len(seen) == 10


def test_a_first_visit_gets_the_cookie_and_a_page_without_a_form_sets_none():
    _, response = tokens_on(Client(), reverse("students:login"))
    assert response.cookies["csrftoken"].value
    assert "csrftoken" not in Client().get(reverse("home")).cookies


def test_a_page_with_a_form_renews_the_cookie_so_its_expiry_restarts(settings):
    browser = Client()
    _, first = tokens_on(browser, reverse("students:login"))
    secret = first.cookies["csrftoken"].value
    settings.CSRF_COOKIE_SECURE = True  # a tightened setting reaches the browser at once
    _, again = tokens_on(browser, reverse("teachers:login"))
    assert again.cookies["csrftoken"].value == secret
    assert again.cookies["csrftoken"]["secure"]
    assert again.cookies["csrftoken"]["max-age"] == settings.CSRF_COOKIE_AGE
    assert "Cookie" in again.headers["Vary"]


def test_signing_in_rotates_the_secret_and_the_new_token_works(student, password):
    browser = Client(enforce_csrf_checks=True)
    login = reverse("students:login")
    (token,), _ = tokens_on(browser, login)
    before = browser.cookies["csrftoken"].value
    signed_in = browser.post(
        login, {"username": student.username, "password": password, "csrfmiddlewaretoken": token}
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies["csrftoken"].value != before
    (token,), _ = tokens_on(browser, reverse("students:dashboard"))
    signed_out = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_that_depend_on_the_visitor_s_cookies_are_private(client, student, signed_in):
    if signed_in:
        client.force_login(student)
    url = reverse("students:dashboard" if signed_in else "students:register")  # no never_cache
    _, response = tokens_on(client, url)
    assert "Cookie" in response.headers["Vary"]
    assert "private" in response.headers["Cache-Control"]


def test_a_response_that_depends_on_no_cookie_is_not_made_private(rf):
    from django.http import HttpResponse

    from schoolsite.middleware import private_when_varying_on_cookie

    response = private_when_varying_on_cookie(lambda request: HttpResponse("ok"))(rf.get("/"))
    assert not response.has_header("Cache-Control")
