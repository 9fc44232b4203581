import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role, User
from students.models import StudentProfile

pytestmark = pytest.mark.django_db

URL = reverse("students:register")


def form(**overrides):
    data = {
        "username": "new.student",
        "email": "New.Student@Example.org",
        "first_name": "Nia",
        "last_name": "Student",
        "password1": "a-sensible-passphrase-9",
        "password2": "a-sensible-passphrase-9",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_registration_page_shows_the_contract_fields(client):
    response = client.get(URL)
    html = response.content.decode()
    for name in ("username", "email", "first_name", "last_name", "password1", "password2"):
        assert f'name="{name}"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_student_registers_and_is_sent_to_sign_in(client):
    response = client.post(URL, form(year_group="9"))
    assert response.status_code == 302
    assert response.url == reverse("students:login")
    assert messages_of(response) == ["You are registered as a student; sign in to continue."]
    user = User.objects.get(username="new.student")
    assert user.role == Role.STUDENT and user.email == "new.student@example.org"
    assert user.student_profile.year_group == 9
    assert user.student_profile.student_number == f"S{user.pk:06d}"
    assert user.check_password("a-sensible-passphrase-9")


def test_profile_fields_are_optional(client):
    client.post(URL, form())
    profile = StudentProfile.objects.get(user__username="new.student")
    assert profile.year_group is None and profile.date_of_birth is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "STUDENT0"}, "username", "That username is taken"),
        ({"email": "STUDENT0@example.org"}, "email", "An account with that email"),
        ({"password2": "something-else-entirely"}, "password2", "match"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password2", "entirely numeric"),
        ({"password1": "short", "password2": "short"}, "password2", "too short"),
        ({"username": "has@sign"}, "username", "English letters"),
        ({"username": "Émile"}, "username", "English letters"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"year_group": "15"}, "year_group", "less than or equal to 13"),
    ],
)
def test_bad_input_gets_a_clear_message_and_creates_nobody(client, overrides, field, message):
    from students.tests.factories import StudentFactory

    StudentFactory(username="student0", email="student0@example.org")
    before = User.objects.count()
    response = client.post(URL, form(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == before


def test_role_and_privilege_fields_in_the_post_are_ignored(client):
    client.post(
        URL,
        form(
            role="admin",
            is_staff="on",
            is_superuser="on",
            is_active="",
            groups="1",
            student_number="X1",
        ),
    )
    user = User.objects.get(username="new.student")
    assert user.role == Role.STUDENT
    assert not user.is_staff and not user.is_superuser and user.is_active
    assert user.student_profile.student_number != "X1"


def test_a_failing_profile_step_leaves_no_user_behind(client, monkeypatch):
    def broken_create(self, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(StudentProfile.objects), "create", broken_create)
    with pytest.raises(RuntimeError):
        client.post(URL, form())
    assert not User.objects.filter(username="new.student").exists()


def test_a_lost_race_for_the_username_is_a_form_error(client, monkeypatch):
    """The form validated, then another request took the name before ours was saved."""
    from students.forms import StudentRegistrationForm
    from students.services import register_student
    from students.tests.factories import StudentFactory

    def lose_the_race(**kwargs):
        StudentFactory(username=kwargs["username"].upper(), email="racer@example.org")
        return register_student(**kwargs)

    monkeypatch.setattr(StudentRegistrationForm, "register", staticmethod(lose_the_race))
    response = client.post(URL, form())
    assert response.status_code == 200
    assert "That username is taken" in " ".join(response.context["form"].errors["username"])
    assert User.objects.filter(username__iexact="new.student").count() == 1


def test_signed_in_users_are_sent_to_their_dashboard(teacher_client):
    response = teacher_client.get(URL)
    assert response.status_code == 302 and response.url == reverse("teachers:dashboard")


def test_registration_fields_carry_autocomplete_hints(client):
    html = client.get(URL).content.decode()
    for name, hint in [
        ("email", "email"),
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("password1", "new-password"),
    ]:
        assert re.search(rf'<input[^>]*name="{name}"[^>]*autocomplete="{hint}"', html) or (
            re.search(rf'<input[^>]*autocomplete="{hint}"[^>]*name="{name}"', html)
        ), name
