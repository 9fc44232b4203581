import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction

from accounts.models import Role, User
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_custom_user_model_is_active():
    assert get_user_model() is User


def test_role_outside_the_choices_is_refused_by_the_database(student):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=student.pk).update(role="headmaster")


@pytest.mark.parametrize("spelling", ["ALICE", "Alice", "alice"])
def test_usernames_are_unique_whatever_the_letter_case(spelling):
    StudentFactory(username="alice")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username=spelling, email="other@example.org", role=Role.ADMIN)


def test_emails_are_unique_whatever_the_letter_case():
    StudentFactory(email="Bob@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(username="bob2", email="BOB@EXAMPLE.ORG", role=Role.ADMIN)])


def test_emails_are_stored_lower_cased():
    user = StudentFactory(email="  Mixed.Case@Example.ORG ")
    user.refresh_from_db()
    assert user.email == "mixed.case@example.org"


def test_several_accounts_may_have_no_email():
    User.objects.create(username="a", role=Role.ADMIN)
    User.objects.create(username="b", role=Role.ADMIN)
    assert User.objects.filter(email="").count() == 2


def test_role_properties_and_dashboard(student, teacher, staff):
    assert student.is_student and not student.is_teacher
    assert teacher.is_teacher and not teacher.is_student
    assert student.get_dashboard_url() == "/students/dashboard/"
    assert teacher.get_dashboard_url() == "/teachers/dashboard/"
    assert staff.get_dashboard_url() == "/admin/"


def test_createsuperuser_noinput_makes_an_admin_role_user(monkeypatch, client):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "head")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Head@School.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-42")
    call_command("createsuperuser", "--noinput", verbosity=0)
    user = User.objects.get(username="head")
    assert user.role == Role.ADMIN and user.is_superuser and user.is_staff
    assert user.email == "head@school.example"
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "HEAD@school.example", "password": "a-long-enough-password-42"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


class _TTY:
    def isatty(self):
        return True


def test_createsuperuser_interactive_makes_an_admin_role_user(monkeypatch):
    answers = iter(["principal", "principal@school.example"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "another-long-password-77")
    call_command("createsuperuser", interactive=True, stdin=_TTY(), stdout=io.StringIO())
    user = User.objects.get(username="principal")
    assert user.role == Role.ADMIN and user.is_superuser
    assert user.check_password("another-long-password-77")


def test_createsuperuser_refuses_a_username_taken_in_other_letter_case(monkeypatch):
    from django.core.management.base import CommandError

    StudentFactory(username="head")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "HEAD")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "other@school.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-42")
    with pytest.raises(CommandError, match="already taken"):
        call_command("createsuperuser", "--noinput", verbosity=0)


def test_createsuperuser_refuses_an_email_taken_in_other_letter_case(monkeypatch):
    from django.core.management.base import CommandError

    StudentFactory(email="head@school.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "principal")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "HEAD@School.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-enough-password-42")
    with pytest.raises(CommandError, match="email address already exists"):
        call_command("createsuperuser", "--noinput", verbosity=0)
    assert not User.objects.filter(username="principal").exists()
