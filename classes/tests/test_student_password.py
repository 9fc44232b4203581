"""A teacher sets a new password for a student of their class: shown once, readable aloud."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from classes import services
from classes.tests.factories import ClassFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_class(teacher, student):
    school_class = ClassFactory(teacher=teacher)
    services.enrol(student, school_class)
    return school_class


def url(school_class, student):
    return reverse("classes:student_password", args=[school_class.pk, student.pk])


def test_the_new_password_is_shown_once_and_signs_the_student_in(
    teacher_client, school_class, student, caplog
):
    response = teacher_client.post(url(school_class, student))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = re.search(r'data-new-password="([^"]+)"', response.content.decode())[1]
    assert re.fullmatch(r"[acefghjkmnprtwxy34679]{4}(-[acefghjkmnprtwxy34679]{4}){2}", password)
    student.refresh_from_db()
    assert student.check_password(password)
    assert "password.set_by_teacher" in caplog.text and student.username in caplog.text
    assert password not in caplog.text
    page = teacher_client.get(school_class.get_absolute_url()).content.decode()
    assert password not in page  # shown once: the class page never repeats it


def test_the_students_other_sessions_end(teacher_client, school_class, student):
    elsewhere = Client()
    elsewhere.force_login(student)
    assert elsewhere.get(reverse("students:dashboard")).status_code == 200
    teacher_client.post(url(school_class, student))
    assert elsewhere.get(reverse("students:dashboard")).status_code == 302


def test_each_password_is_new(teacher_client, school_class, student):
    first, second = (
        re.search(
            r'data-new-password="([^"]+)"',
            teacher_client.post(url(school_class, student)).content.decode(),
        )[1]
        for _ in range(2)
    )
    assert first != second


def test_only_students_of_this_class(teacher_client, teacher, school_class):
    outsider = StudentFactory()
    services.enrol(outsider, ClassFactory(teacher=TeacherFactory()))
    assert teacher_client.post(url(school_class, outsider)).status_code == 404
    outsider.refresh_from_db()
    assert outsider.check_password("correct-horse-battery-staple")
    colleague = TeacherFactory()
    services.add_teacher(school_class, colleague.username)
    assert teacher_client.post(url(school_class, colleague)).status_code == 404
