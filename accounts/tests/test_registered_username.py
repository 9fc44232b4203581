"""After registering, the sign-in page that follows has the new username filled in, once."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-sensible-passphrase-9"


def register(client, role, username):
    data = {
        "username": username,
        "email": f"{username}@example.org",
        "first_name": "New",
        "last_name": "Person",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return client.post(reverse(f"{role}:register"), data)


def username_input(html):
    return re.search(r'<input[^>]*name="username"[^>]*>', html).group(0)


def password_input(html):
    return re.search(r'<input[^>]*name="password"[^>]*>', html).group(0)


@pytest.mark.parametrize("role", ["students", "teachers"])
def test_the_sign_in_page_after_registering_has_the_username_filled_in(client, role):
    response = register(client, role, "Ada.L")
    assert response.status_code == 302
    assert response.url == reverse(f"{role}:login")  # nothing about the person in the URL
    html = client.get(response.url).content.decode()
    assert 'value="Ada.L"' in username_input(html)
    # The name is there: the cursor starts in the password box.
    assert "autofocus" in password_input(html) and "autofocus" not in username_input(html)


def test_the_username_is_filled_in_once(client):
    register(client, "students", "ada")
    client.get(reverse("students:login"))
    html = client.get(reverse("students:login")).content.decode()
    assert "value=" not in username_input(html)
    assert "autofocus" in username_input(html)


def test_the_new_student_signs_in_from_the_filled_in_page(client):
    response = register(client, "students", "ada")
    client.get(response.url)
    signed_in = client.post(response.url, {"username": "ada", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("students:dashboard")


def test_the_username_travels_in_a_short_lived_signed_cookie_for_the_sign_in_page_only(client):
    response = register(client, "teachers", "ada")
    cookie = response.cookies["registered_username"]
    assert cookie["path"] == reverse("teachers:login")
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 600
    assert cookie.value != "ada"  # signed: a cookie the site did not set fills in nothing
    read = client.get(reverse("teachers:login"))
    assert read.cookies["registered_username"]["max-age"] == 0  # deleted once read
    assert "sessionid" not in response.cookies  # registering starts no session


def test_a_cookie_the_site_did_not_sign_fills_in_nothing(client):
    client.cookies["registered_username"] = "mallory"
    html = client.get(reverse("students:login")).content.decode()
    assert "mallory" not in html


def test_another_visitor_does_not_see_the_username(client):
    register(client, "students", "ada")
    html = Client().get(reverse("students:login")).content.decode()
    assert "ada" not in username_input(html)


def test_a_failed_registration_fills_in_nothing(client):
    client.post(reverse("students:register"), {"username": "ada"})
    html = client.get(reverse("students:login")).content.decode()
    assert "value=" not in username_input(html)


def test_a_typed_username_wins_over_the_remembered_one(client):
    """A POST re-renders what was typed; the remembered name is for the first page only."""
    register(client, "students", "ada")
    response = client.post(reverse("students:login"), {"username": "bob", "password": "x"})
    assert 'value="bob"' in username_input(response.content.decode())
