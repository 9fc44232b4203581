import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import RequestFactory

from accounts.backends import UsernameOrEmailBackend

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """MD5 that counts how often a password is hashed (encode) or checked (verify)."""

    algorithm = "counting"
    calls = 0

    def encode(self, password, salt):
        type(self).calls += 1
        return super().encode(password, salt)


@pytest.fixture
def counting(settings):
    settings.PASSWORD_HASHERS = ["accounts.tests.test_backends.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def sign_in(username, password):
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR="203.0.113.7")
    return authenticate(request, username=username, password=password)


@pytest.mark.parametrize("typed", ["{u}", "{U}", "{e}", "{E}", "  {u}  "])
def test_finds_the_account_by_username_or_email_in_any_case(student, password, typed):
    name = typed.format(
        u=student.username, U=student.username.upper(), e=student.email, E=student.email.upper()
    )
    assert sign_in(name, password) == student


def test_wrong_password_is_refused(student):
    assert sign_in(student.username, "not-the-password") is None


def test_inactive_accounts_are_refused_even_with_the_right_password(student, password):
    student.is_active = False
    student.save()
    assert sign_in(student.username, password) is None


def test_a_username_match_wins_over_someone_elses_email(student, teacher, password):
    # An admin-made account whose username is another person's email address.
    teacher.username = student.email
    teacher.save()
    assert UsernameOrEmailBackend.find_user(student.email) == teacher


def test_exactly_one_hasher_run_on_every_failing_path(counting, django_user_model):
    from students.tests.factories import StudentFactory

    user = StudentFactory(password="the-real-password")
    inactive = StudentFactory(password="the-real-password")
    inactive.is_active = False
    inactive.save()
    paths = [
        (user.username, "wrong"),  # wrong password
        ("nobody-at-all", "wrong"),  # unknown account
        ("nobody@nowhere.example", "the-real-password"),  # unknown email
        (inactive.username, "the-real-password"),  # inactive, right password
        (inactive.username, "wrong"),  # inactive, wrong password
    ]
    for username, password in paths:
        counting.calls = 0
        assert sign_in(username, password) is None
        assert counting.calls == 1, (username, counting.calls)


def test_admin_login_goes_through_the_backend(client, staff, password):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email.upper(), "password": password}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"


def test_one_hasher_run_on_every_failing_sign_in_page_path(client, counting):
    from students.tests.factories import StudentFactory
    from teachers.tests.factories import TeacherFactory

    student = StudentFactory(password="the-real-password")
    pending = TeacherFactory(password="the-real-password", approved=False)
    paths = [
        ("/teachers/login/", student.username, "the-real-password"),  # other role, right pw
        ("/teachers/login/", student.username, "wrong"),  # other role, wrong pw
        ("/students/login/", "ghost", "wrong"),  # unknown
        ("/accounts/login/", pending.username, "wrong"),  # pending, wrong pw
        ("/accounts/login/", pending.username, "the-real-password"),  # pending, right pw
    ]
    for url, username, password in paths:
        counting.calls = 0
        response = client.post(url, {"username": username, "password": password})
        assert response.status_code == 200
        assert counting.calls == 1, (url, username, password, counting.calls)


@pytest.mark.django_db(transaction=True)  # the async path reads on a connection of its own
def test_async_code_gets_the_same_answer_about_unapproved_teachers(pending_teacher, teacher):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from asgiref.sync import sync_to_async
    from django.db import connections

    backend = UsernameOrEmailBackend()

    async def look_up():
        try:
            return [await backend.aget_user(person.pk) for person in (pending_teacher, teacher)]
        finally:
            await sync_to_async(connections.close_all)()

    # A thread of its own: browser tests leave an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, look_up()).result() == [None, teacher]
