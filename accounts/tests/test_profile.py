"""/accounts/profile/: a person edits the details they own; the school's stay the school's."""

import datetime
import logging
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import update_details
from accounts.tests.factories import AdminFactory
from students.models import StudentProfile
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def input_value(html, name):
    """The value an <input name=...> is rendered with, or None when there is no such input."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def school_managed(html):
    """The "Set by the school" list as {label: text}."""
    section = html.split('id="school-managed-heading"', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", section, re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in pairs}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/accounts/profile/"
    assert client.post(URL, {"first_name": "X", "last_name": "Y"}).status_code == 302


def test_a_student_sees_their_details_and_what_the_school_manages(client):
    student = StudentFactory(
        username="nia",
        email="nia@example.org",
        first_name="Nia",
        last_name="Okafor",
        year_group=9,
        date_of_birth=datetime.date(2012, 5, 17),
    )
    client.force_login(student)
    html = client.get(URL).content.decode()
    assert "<h1" in html and "Your details" in html
    assert input_value(html, "first_name") == "Nia"
    assert input_value(html, "last_name") == "Okafor"
    assert input_value(html, "date_of_birth") == "2012-05-17"
    assert 'type="date"' in html
    assert school_managed(html) == {
        "Role": "Student",
        "Username": "nia",
        "Email address": "nia@example.org",
        "Student number": student.student_profile.student_number,
        "Year group": "9",
    }
    for school_field in ("username", "role", "year_group", "student_number", "email"):
        assert input_value(html, school_field) is None
    assert "csrfmiddlewaretoken" in html


def test_a_teacher_sees_their_details(client):
    teacher = TeacherFactory(
        username="mr.b", first_name="Ben", last_name="Bright", title="Mr", department=""
    )
    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert input_value(html, "first_name") == "Ben"
    assert re.search(r'<option value="Mr" selected>', html)
    assert input_value(html, "department") == ""
    assert input_value(html, "date_of_birth") is None
    shown = school_managed(html)
    assert shown["Role"] == "Teacher" and shown["Username"] == "mr.b"
    approved_on = timezone.localtime(teacher.teacher_profile.approved_at)
    assert shown["Approved on"] == f"{approved_on:%-d %B %Y}"


def test_a_student_saves_names_and_date_of_birth(client):
    student = StudentFactory(first_name="Nia", last_name="Okafor")
    client.force_login(student)
    response = client.post(
        URL, {"first_name": "Nia-Mae", "last_name": "Okafor Smith", "date_of_birth": "2011-02-03"}
    )
    assert response.status_code == 302 and response.url == URL
    assert messages_of(response) == ["Your details have been saved."]
    student.refresh_from_db()
    assert (student.first_name, student.last_name) == ("Nia-Mae", "Okafor Smith")
    assert student.student_profile.date_of_birth == datetime.date(2011, 2, 3)


def test_after_saving_the_person_sees_their_new_details_and_a_message(client):
    client.force_login(StudentFactory(first_name="Nia", last_name="Okafor"))
    response = client.post(
        URL,
        {"first_name": "Nia-Mae", "last_name": "Okafor", "date_of_birth": "2011-02-03"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "Your details have been saved." in html
    assert input_value(html, "first_name") == "Nia-Mae"
    assert input_value(html, "date_of_birth") == "2011-02-03"
    assert "Nia-Mae Okafor" in html  # the account menu names them anew
    dashboard = client.get(reverse("students:dashboard")).content.decode()
    assert "Nia-Mae Okafor" in dashboard and "3 February 2011" in dashboard


def test_a_date_of_birth_can_be_cleared(client):
    student = StudentFactory(date_of_birth=datetime.date(2012, 1, 1))
    client.force_login(student)
    client.post(URL, {"first_name": "A", "last_name": "B", "date_of_birth": ""})
    student.student_profile.refresh_from_db()
    assert student.student_profile.date_of_birth is None


def test_a_teacher_saves_title_department_and_subject(client):
    teacher = TeacherFactory(title="Mr", department="", subject="")
    client.force_login(teacher)
    response = client.post(
        URL,
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "title": "Dr",
            "department": "Sciences",
            "subject": "Computing",
        },
    )
    assert response.status_code == 302 and response.url == URL
    profile = User.objects.get(pk=teacher.pk).teacher_profile
    assert (profile.title, profile.department, profile.subject) == ("Dr", "Sciences", "Computing")
    assert profile.display_name == "Dr Grace Hopper"


def test_a_title_outside_the_choices_is_refused(client):
    teacher = TeacherFactory(title="Mr")
    client.force_login(teacher)
    response = client.post(URL, {"first_name": "A", "last_name": "B", "title": "Lord"})
    assert response.status_code == 200
    assert "Select a valid choice" in " ".join(response.context["form"].errors["title"])
    teacher.teacher_profile.refresh_from_db()
    assert teacher.teacher_profile.title == "Mr"


def test_an_administrator_edits_just_their_names(client):
    admin = AdminFactory(username="head", first_name="", last_name="")
    client.force_login(admin)
    html = client.get(URL).content.decode()
    assert input_value(html, "first_name") == ""
    for profile_field in ("date_of_birth", "department", "subject"):
        assert input_value(html, profile_field) is None
    assert "About you" not in html
    assert school_managed(html) == {
        "Role": "Administrator",
        "Username": "head",
        "Email address": admin.email,
    }
    response = client.post(URL, {"first_name": "Hana", "last_name": "Head"})
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.get_full_name() == "Hana Head"


def test_names_are_required(client, student):
    client.force_login(student)
    before = (student.first_name, student.last_name)
    response = client.post(URL, {"first_name": " ", "last_name": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "first_name" in errors and "last_name" in errors
    student.refresh_from_db()
    assert (student.first_name, student.last_name) == before
    assert messages_of(response) == []


PRIVILEGED = {
    "role": Role.ADMIN,
    "username": "someone.else",
    "email": "elsewhere@example.org",
    "is_staff": "on",
    "is_superuser": "on",
    "is_active": "",
    "is_approved": "on",
    "year_group": "13",
    "student_number": "S999999",
    "enrolled_on": "2000-01-01",
    "approved_at": "2000-01-01 00:00",
    "login_count": "999",
    "password": "taken-over-123",
}


def test_privileged_fields_in_a_post_are_ignored(client, password):
    student = StudentFactory(username="nia", email="nia@example.org", year_group=8)
    profile = student.student_profile
    client.force_login(student)
    sign_ins = User.objects.get(pk=student.pk).login_count
    response = client.post(URL, {"first_name": "Nia", "last_name": "Okafor", **PRIVILEGED})
    assert response.status_code == 302
    student.refresh_from_db()
    profile.refresh_from_db()
    assert (student.first_name, student.last_name) == ("Nia", "Okafor")
    assert (student.role, student.username, student.email) == (
        Role.STUDENT,
        "nia",
        "nia@example.org",
    )
    assert not (student.is_staff or student.is_superuser) and student.is_active
    assert student.check_password(password) and student.login_count == sign_ins
    assert (profile.year_group, profile.student_number) == (8, f"S{student.pk:06d}")
    assert profile.enrolled_on != datetime.date(2000, 1, 1)


def test_a_pending_teachers_approval_cannot_be_posted(client):
    """A teacher's approval is the school's: not even an approved teacher's POST touches it."""
    teacher = TeacherFactory()
    approved_at = teacher.teacher_profile.approved_at
    client.force_login(teacher)
    client.post(URL, {"first_name": "A", "last_name": "B", "approved_at": "", "is_approved": ""})
    teacher.refresh_from_db()
    assert teacher.is_approved and teacher.teacher_profile.approved_at == approved_at


def test_a_post_without_the_csrf_token_is_refused(student):
    client = Client(enforce_csrf_checks=True)
    client.force_login(student)
    response = client.post(URL, {"first_name": "Forged", "last_name": "Name"})
    assert response.status_code == 403
    student.refresh_from_db()
    assert student.first_name != "Forged"


def test_a_student_without_a_profile_gets_a_404_not_an_error(client):
    student = StudentFactory()
    StudentProfile.objects.filter(user=student).delete()
    client.force_login(User.objects.get(pk=student.pk))
    assert client.get(URL).status_code == 404


def test_saving_is_logged_without_the_values(client, student, caplog):
    caplog.set_level(logging.INFO, logger="schoolsite.security")
    client.force_login(student)
    client.post(URL, {"first_name": "New", "last_name": student.last_name, "date_of_birth": ""})
    [line] = [r.getMessage() for r in caplog.records if "profile.update" in r.getMessage()]
    assert f"account='{student.username}'" in line and "changed='first_name'" in line
    assert "New" not in line


@pytest.mark.parametrize("who", ["student", "teacher"])
def test_the_dashboard_and_the_account_menu_link_to_the_page(request, client, who):
    client.force_login(request.getfixturevalue(who))
    html = client.get(reverse(f"{who}s:dashboard")).content.decode()
    assert re.search(
        rf'<a[^>]*href="{URL}"[^>]*>\s*(<svg.*?</svg>)?\s*Edit your details', html, re.S
    )
    assert re.search(rf'<a class="dropdown-item" href="{URL}"[^>]*>Your details</a>', html)


def test_the_service_writes_only_the_persons_own_columns(student):
    """A form loaded before staff changed the year group does not put the old one back."""
    stale = User.objects.get(pk=student.pk)
    stale_profile = stale.student_profile
    StudentProfile.objects.filter(user=student).update(year_group=12)
    User.objects.filter(pk=student.pk).update(email="changed.by.staff@example.org")
    update_details(
        stale,
        first_name="Ama",
        last_name="Mensah",
        profile=stale_profile,
        date_of_birth=datetime.date(2010, 1, 1),
    )
    student.refresh_from_db()
    profile = StudentProfile.objects.get(user=student)
    assert (student.get_full_name(), student.email) == (
        "Ama Mensah",
        "changed.by.staff@example.org",
    )
    assert (profile.year_group, profile.date_of_birth) == (12, datetime.date(2010, 1, 1))


def test_the_service_writes_names_and_profile_in_one_transaction(student, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    profile = student.student_profile
    monkeypatch.setattr(profile, "save", fail)
    with pytest.raises(RuntimeError):
        update_details(
            student, first_name="Half", last_name="Done", profile=profile, date_of_birth=None
        )
    assert User.objects.get(pk=student.pk).first_name != "Half"
