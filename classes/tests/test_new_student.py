"""A teacher adds a student who has no account: no email, a username made from the name."""

import html

import pytest
from django.urls import reverse

from accounts.models import User
from classes import services
from classes.models import Class
from classes.tests.factories import ClassFactory
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_a_teacher_adds_a_student_without_email(teacher_client, teacher):
    school_class = ClassFactory(teacher=teacher)
    url = reverse("classes:new_student", args=[school_class.pk])
    response = teacher_client.post(
        url, {"first_name": "Zoë", "last_name": "O'Brien", "year_group": "7"}, follow=True
    )
    student = User.objects.get(username="zoe.obrien")
    assert student.email == "" and not student.has_usable_password()
    assert student.student_profile.year_group == 7
    assert school_class in Class.objects.attended_by(student)
    text = html.unescape(response.content.decode())
    assert "Zoë O'Brien now has an account, username zoe.obrien" in text
    directory = teacher_client.get(reverse("students:directory")).content.decode()
    assert "zoe.obrien" in directory  # directories work without an email


def test_usernames_stay_unique_in_any_case():
    school_class = ClassFactory()
    StudentFactory(username="Ada.Lovelace")
    second = services.add_new_student(school_class, first_name="Ada", last_name="Lovelace")
    third = services.add_new_student(school_class, first_name="ADA", last_name="lovelace")
    assert (second.username, third.username) == ("ada.lovelace2", "ada.lovelace3")


def test_a_name_without_english_letters_still_gets_a_valid_username():
    student = services.add_new_student(ClassFactory(), first_name="李", last_name="明")
    User.username_validator(student.username)
    assert student.username == "student"


def test_a_missing_name_adds_nobody(teacher_client, teacher):
    school_class = ClassFactory(teacher=teacher)
    url = reverse("classes:new_student", args=[school_class.pk])
    response = teacher_client.post(url, {"first_name": "", "last_name": "X"}, follow=True)
    assert "first and last name" in response.content.decode()
    assert not User.objects.filter(role="student").exists()
