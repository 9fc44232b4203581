"""`/accounts/logout/`: GET shows a page with a sign-out button; only its POST signs out."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGOUT = reverse("accounts:logout")


def sign_out_form(html):
    form = re.search(r'<form method="post" action="/accounts/logout/">(.*?)</form>', html, re.S)
    assert form, "no sign-out form on the page"
    return form.group(1)


def test_a_signed_in_person_gets_a_page_with_a_sign_out_button(student_client):
    response = student_client.get(LOGOUT)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert "<h1" in html and ">Sign out</h1>" in html
    form = sign_out_form(html)
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<button type="submit" class="btn btn-primary px-4">Sign out</button>' in form
    assert 'href="/students/dashboard/"' in html  # the way back, staying signed in
    assert "_auth_user_id" in student_client.session


def test_the_button_signs_out_with_the_pages_csrf_token(student):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(student)
    page = browser.get(LOGOUT).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sign_out_form(page))
    response = browser.post(LOGOUT, {"csrfmiddlewaretoken": token.group(1)})
    assert (response.status_code, response.url) == (302, "/")
    assert "_auth_user_id" not in browser.session


@pytest.mark.parametrize("method", ["get", "head"])
def test_anonymous_visitors_go_to_the_landing_page(client, method):
    response = getattr(client, method)(LOGOUT)
    assert (response.status_code, response.url) == (302, "/")


def test_a_safe_next_is_carried_by_the_button_and_a_foreign_one_dropped(student_client):
    kept = student_client.get(LOGOUT, {"next": "/teachers/login/"}).content.decode()
    assert '<input type="hidden" name="next" value="/teachers/login/">' in sign_out_form(kept)
    dropped = student_client.get(LOGOUT, {"next": "https://evil.example/"}).content.decode()
    assert 'name="next"' not in sign_out_form(dropped) and "evil.example" not in dropped


def test_a_sign_out_that_comes_back_here_offers_no_button(student_client):
    response = student_client.post(LOGOUT, {"next": LOGOUT})
    html = response.content.decode()
    assert response.status_code == 200 and "You are signed out." in html
    assert 'action="/accounts/logout/"' not in html.split("<main", 1)[1]
