import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from schoolsite.tests.processes import django_shell

pytestmark = pytest.mark.django_db

INVALID = "Please enter a correct username or email and password."
STUDENT_LOGIN = reverse("students:login")
TEACHER_LOGIN = reverse("teachers:login")
GENERIC_LOGIN = reverse("accounts:login")


def post(client, url, username, password, **extra):
    return client.post(url, {"username": username, "password": password, **extra})


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("url", "who", "dashboard"),
    [
        (STUDENT_LOGIN, "student", "/students/dashboard/"),
        (TEACHER_LOGIN, "teacher", "/teachers/dashboard/"),
        (GENERIC_LOGIN, "student", "/students/dashboard/"),
        (GENERIC_LOGIN, "teacher", "/teachers/dashboard/"),
    ],
)
def test_sign_in_lands_on_the_roles_dashboard(client, request, password, url, who, dashboard):
    user = request.getfixturevalue(who)
    response = post(client, url, user.email.upper(), password)
    assert response.status_code == 302 and response.url == dashboard
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    assert user.login_count == 1 and user.last_login is not None


def test_each_sign_in_is_counted(client, student, password):
    for _ in range(3):
        post(client, STUDENT_LOGIN, student.username, password)
        client.post(reverse("accounts:logout"))
    student.refresh_from_db()
    assert student.login_count == 3


@pytest.mark.parametrize(
    ("url", "who"),
    [(STUDENT_LOGIN, "teacher"), (TEACHER_LOGIN, "student"), (STUDENT_LOGIN, "staff")],
)
def test_other_roles_get_the_wrong_password_message(client, request, password, url, who):
    user = request.getfixturevalue(who)
    wrong_role = post(client, url, user.username, password)
    wrong_password = post(client, url, user.username, "not-the-password")
    assert wrong_role.status_code == wrong_password.status_code == 200
    assert INVALID in wrong_role.content.decode()
    assert wrong_role.context["form"].non_field_errors() == (
        wrong_password.context["form"].non_field_errors()
    )
    assert "_auth_user_id" not in client.session


def test_unknown_and_inactive_accounts_get_the_same_message(client, student, password):
    unknown = post(client, GENERIC_LOGIN, "no-such-person", password)
    student.is_active = False
    student.save()
    inactive = post(client, GENERIC_LOGIN, student.username, password)
    assert (
        unknown.context["form"].non_field_errors()
        == inactive.context["form"].non_field_errors()
        == [INVALID + " Note that the password is case-sensitive."]
    )


@pytest.mark.parametrize("url", [TEACHER_LOGIN, GENERIC_LOGIN])
def test_a_pending_teacher_is_told_to_wait_and_not_signed_in(
    client, pending_teacher, password, url
):
    response = post(client, url, pending_teacher.username, password)
    assert response.status_code == 200
    assert "waiting for approval" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_pending_teacher_with_a_wrong_password_learns_nothing(client, pending_teacher):
    response = post(client, TEACHER_LOGIN, pending_teacher.username, "wrong-password")
    assert "waiting for approval" not in response.content.decode()
    assert INVALID in response.content.decode()


def test_next_is_followed_when_it_stays_on_the_site(client, teacher, password):
    response = post(client, TEACHER_LOGIN, teacher.username, password, next="/students/?page=2")
    assert response.url == "/students/?page=2"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "https://testserver@evil.example/",
    ],
)
def test_next_leaving_the_site_is_ignored(client, teacher, password, target):
    response = post(client, TEACHER_LOGIN, teacher.username, password, next=target)
    assert response.status_code == 302 and response.url == "/teachers/dashboard/"


def test_remember_me_unchecked_ends_with_the_browser(client, student, password):
    post(client, STUDENT_LOGIN, student.username, password)
    assert client.session.get_expire_at_browser_close()
    assert not client.cookies["sessionid"]["expires"]


def test_remember_me_checked_lasts_session_cookie_age(client, student, password, settings):
    post(client, STUDENT_LOGIN, student.username, password, remember_me="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_the_session_key_changes_at_sign_in(client, student, password):
    client.get(STUDENT_LOGIN)
    client.session.save()
    before = client.session.session_key
    post(client, STUDENT_LOGIN, student.username, password)
    assert client.session.session_key != before


def test_signed_in_users_are_sent_from_sign_in_pages_to_their_dashboard(student_client):
    for url in (STUDENT_LOGIN, TEACHER_LOGIN, GENERIC_LOGIN):
        response = student_client.get(url + "?next=/teachers/")
        assert response.status_code == 302 and response.url == "/students/dashboard/"


def test_sign_in_pages_have_the_contract_fields(client):
    for url in (STUDENT_LOGIN, TEACHER_LOGIN, GENERIC_LOGIN):
        html = client.get(url).content.decode()
        for name in ("username", "password", "remember_me", "csrfmiddlewaretoken"):
            assert f'name="{name}"' in html, (url, name)


def test_sign_in_needs_a_csrf_token(student, password):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(STUDENT_LOGIN, {"username": student.username, "password": password})
    assert response.status_code == 403


def test_a_welcome_message_follows_sign_in_back_only_after_the_first(client, student, password):
    first = post(client, STUDENT_LOGIN, student.username, password)
    assert messages_of(first) == [f"Welcome, {student.first_name}."]
    client.post(reverse("accounts:logout"))
    again = post(client, STUDENT_LOGIN, student.username, password)
    assert messages_of(again)[-1] == f"Welcome back, {student.first_name}."


class TestSignOut:
    url = reverse("accounts:logout")

    def test_get_asks_and_does_not_sign_out(self, student_client):
        assert student_client.get(self.url).status_code == 200  # the page: test_signout_page
        assert "_auth_user_id" in student_client.session

    def test_post_ends_the_session_and_says_so(self, client, student, password):
        post(client, STUDENT_LOGIN, student.username, password)
        old_cookie = client.cookies["sessionid"].value
        response = client.post(self.url)
        assert response.status_code == 302 and response.url == "/"
        assert "You have signed out." in messages_of(response)
        client.cookies["sessionid"] = old_cookie
        assert client.get("/students/dashboard/").status_code == 302

    def test_next_leaving_the_site_is_ignored(self, student_client):
        response = student_client.post(self.url, {"next": "//evil.example"})
        assert response.url == "/"


def test_a_failed_sign_in_is_announced_to_screen_readers(client):
    html = post(client, GENERIC_LOGIN, "nobody", "nothing").content.decode()
    alert = re.search(r'<div class="alert[^"]*" role="alert">(.*?)</div>', html, re.S)
    assert alert and INVALID in alert.group(1)


def test_long_email_addresses_can_be_typed_in_the_sign_in_field(client):
    html = client.get(GENERIC_LOGIN).content.decode()
    assert re.search(r'<input[^>]*name="username"[^>]*maxlength="254"', html)


def test_smtp_on_port_587_uses_starttls():
    script = "from django.conf import settings as s; print(s.EMAIL_USE_TLS, s.EMAIL_PORT)"
    words = django_shell(script, DJANGO_DEBUG="true", EMAIL_URL="smtp://u:p@mail.example:587")
    assert words == ["True", "587"]
