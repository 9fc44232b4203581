"""A date of birth is never in the future: one rule, on the model field, for every form."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from students.models import StudentProfile
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

FUTURE = "A date of birth cannot be in the future."


def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


def registration(**overrides):
    return {
        "username": "new.student",
        "email": "new.student@example.org",
        "first_name": "Nia",
        "last_name": "Student",
        "password1": "a-sensible-passphrase-9",
        "password2": "a-sensible-passphrase-9",
        **overrides,
    }


@pytest.mark.parametrize("born", ["2031-01-01", tomorrow().isoformat()])
def test_registration_refuses_a_future_date_of_birth(client, born):
    response = client.post(reverse("students:register"), registration(date_of_birth=born))
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == [FUTURE]
    assert FUTURE in response.content.decode()
    assert not User.objects.filter(username="new.student").exists()


def test_registration_accepts_a_birth_today(client):
    today = timezone.localdate()
    response = client.post(
        reverse("students:register"), registration(date_of_birth=today.isoformat())
    )
    assert response.status_code == 302
    profile = StudentProfile.objects.get(user__username="new.student")
    assert profile.date_of_birth == today


@pytest.mark.parametrize("born", ["2031-01-01", tomorrow().isoformat()])
def test_the_profile_page_refuses_a_future_date_of_birth(client, born):
    student = StudentFactory(date_of_birth=datetime.date(2012, 5, 17))
    client.force_login(student)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Changed", "last_name": "Name", "date_of_birth": born},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == [FUTURE]
    student.refresh_from_db()
    assert student.first_name != "Changed"
    assert student.student_profile.date_of_birth == datetime.date(2012, 5, 17)


def test_the_profile_page_takes_a_date_as_yyyy_mm_dd_only(client, student):
    client.force_login(student)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "A", "last_name": "B", "date_of_birth": "17 May 2012x"},
    )
    assert response.status_code == 200
    assert "Enter a valid date." in response.context["form"].errors["date_of_birth"]


def test_the_model_refuses_it_too(student):
    """The admin's forms and anything else that validates the model meet the same rule."""
    profile = student.student_profile
    profile.date_of_birth = tomorrow()
    with pytest.raises(ValidationError) as refused:
        profile.full_clean()
    assert refused.value.message_dict["date_of_birth"] == [FUTURE]
