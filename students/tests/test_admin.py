import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.admin import admin_url
from accounts.models import Role, User
from students.admin import StudentAddForm
from students.models import StudentProfile
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:students_studentprofile_changelist")
ADD = reverse("admin:students_studentprofile_add")


def student_form(**overrides):
    return {
        "username": "grace",
        "email": "Grace@Example.org",
        "first_name": "Grace",
        "last_name": "Hopper",
        "password1": "a-long-and-unusual-password",
        "password2": "a-long-and-unusual-password",
        "year_group": "9",
        "date_of_birth": "2011-12-09",
        "enrolled_on": "2023-09-04",
        **overrides,
    }


def test_add_page_asks_for_the_account_and_the_school_record(staff_client):
    content = staff_client.get(ADD).content.decode()

    for field in student_form():
        assert f'name="{field}"' in content


def test_adding_a_student_creates_the_account_and_profile(staff_client):
    response = staff_client.post(ADD, student_form())

    user = User.objects.get(username="grace")
    profile = user.student_profile
    assert response.status_code == 302
    assert response.url == CHANGELIST
    assert User.objects.filter(role=Role.STUDENT).count() == 1
    assert (user.role, user.email, user.get_full_name()) == (
        Role.STUDENT,
        "grace@example.org",
        "Grace Hopper",
    )
    assert user.check_password("a-long-and-unusual-password")
    assert profile.student_number == f"S{user.pk:06d}"
    assert profile.year_group == 9
    assert profile.date_of_birth == datetime.date(2011, 12, 9)
    assert profile.enrolled_on == datetime.date(2023, 9, 4)


@pytest.mark.parametrize(
    ("field", "taken"), [("username", "GRACE"), ("email", "grace@EXAMPLE.org")]
)
def test_a_name_taken_in_other_letters_is_a_form_error_and_adds_nobody(staff_client, field, taken):
    StudentFactory(username="grace", email="grace@example.org")

    other = {"username": "grace2", "email": "grace2@example.org", field: taken}

    response = staff_client.post(ADD, student_form(**other))

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert User.objects.filter(role=Role.STUDENT).count() == 1
    assert StudentProfile.objects.count() == 1


def test_a_name_taken_while_the_form_was_saved_is_a_form_error(staff_client, monkeypatch):
    """Two members of staff add the same person at once: the one who loses sees why, no 500."""
    StudentFactory(username="GRACE", email="other@example.org")  # the other request's
    checks = []
    real_check, real_constraints = StudentAddForm.clean_username, User.validate_constraints

    # The first check ran before the other request saved: it found nobody.
    def check_username(form):
        checks.append(form)
        return form.cleaned_data["username"] if len(checks) == 1 else real_check(form)

    def check_constraints(user, exclude=None):
        if len(checks) > 1:
            real_constraints(user, exclude)

    monkeypatch.setattr(StudentAddForm, "clean_username", check_username)
    monkeypatch.setattr(User, "validate_constraints", check_constraints)

    response = staff_client.post(ADD, student_form())

    assert response.status_code == 200
    assert len(checks) == 2  # the insert failed, and the form was checked again
    assert "username" in response.context["adminform"].form.errors
    assert User.objects.filter(username__iexact="grace").count() == 1
    assert StudentProfile.objects.count() == 1


def test_an_add_failing_for_another_reason_is_logged_and_said_once(
    staff_client, monkeypatch, caplog
):
    attempts = []

    def fail(**kwargs):
        attempts.append(kwargs)
        raise IntegrityError("something else")

    monkeypatch.setattr(StudentAddForm, "register", staticmethod(fail))

    response = staff_client.post(ADD, student_form(), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(ADD, 302)]
    assert "could not be added. Registration could not be completed" in (response.content.decode())
    assert len(attempts) == 1  # not a lost race: trying again would fail the same way
    assert any(
        record.levelname == "ERROR" and "could not be added" in record.getMessage()
        for record in caplog.records
    )
    assert not User.objects.filter(username="grace").exists()


def test_a_weak_password_is_refused(staff_client):
    response = staff_client.post(ADD, student_form(password1="grace", password2="grace"))

    assert "password2" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="grace").exists()


def test_student_list_shows_the_school_record(staff_client):
    student = StudentFactory(first_name="Ada", last_name="Lovelace", year_group=11)
    profile = student.student_profile

    content = staff_client.get(CHANGELIST).content.decode()

    for value in (profile.student_number, "Ada Lovelace", student.username, student.email):
        assert value in content
    assert '<td class="field-year_group">11</td>' in content


def listed(response):
    return {profile.user for profile in response.context["cl"].result_list}


def test_student_list_searches_and_filters(staff_client):
    ada = StudentFactory(last_name="Lovelace", year_group=8)
    alan = StudentFactory(last_name="Turing", year_group=10)
    gone = StudentFactory(last_name="Gone", year_group=10)
    User.objects.filter(pk=gone.pk).update(is_active=False)

    assert listed(staff_client.get(CHANGELIST, {"q": "lovelace"})) == {ada}
    number = alan.student_profile.student_number
    assert listed(staff_client.get(CHANGELIST, {"q": number})) == {alan}
    assert listed(staff_client.get(CHANGELIST, {"year_group": "10"})) == {alan, gone}
    assert listed(staff_client.get(CHANGELIST, {"user__is_active__exact": "0"})) == {gone}


def test_student_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    StudentFactory.create_batch(2)
    staff_client.get(CHANGELIST)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        staff_client.get(CHANGELIST)
    StudentFactory.create_batch(40)

    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(CHANGELIST)

    assert response.context["cl"].result_count == 42


def test_change_page_edits_the_school_record_and_links_to_the_account(staff_client, student):
    url = admin_url(StudentProfile._meta, "change", student.pk)

    content = staff_client.get(url).content.decode()
    response = staff_client.post(
        url, {"year_group": "12", "date_of_birth": "", "enrolled_on": "2020-09-01"}
    )

    assert admin_url(User._meta, "change", student.pk) in content
    assert student.student_profile.student_number in content
    assert response.status_code == 302
    profile = StudentProfile.objects.get(pk=student.pk)
    assert (profile.year_group, profile.enrolled_on) == (12, datetime.date(2020, 9, 1))


def test_user_page_of_a_student_shows_the_student_profile_inline(staff_client, student):
    response = staff_client.get(admin_url(User._meta, "change", student.pk))

    inline_formset = response.context["inline_admin_formsets"]
    assert [formset.opts.model for formset in inline_formset] == [StudentProfile]
    assert student.student_profile.student_number in response.content.decode()


def test_a_student_is_deleted_with_the_account_not_on_the_profile_page(staff_client, student):
    url = admin_url(StudentProfile._meta, "change", student.pk)

    content = staff_client.get(url).content.decode()
    response = staff_client.post(admin_url(StudentProfile._meta, "delete", student.pk))

    assert admin_url(StudentProfile._meta, "delete", student.pk) not in content
    assert response.status_code == 403
    assert StudentProfile.objects.filter(pk=student.pk).exists()
