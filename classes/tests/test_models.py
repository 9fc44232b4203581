"""The database keeps the school's structure consistent, whatever writes to it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Role
from accounts.tests.factories import AdminFactory
from classes import join_codes, services
from classes.models import AcademicSession, Class, Enrollment, EnrollmentRole, SessionType
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_one_enrolment_per_person_class_and_role():
    student, school_class = StudentFactory(), ClassFactory()
    Enrollment.objects.create(user=student, school_class=school_class, role=Role.STUDENT)
    refused(
        lambda: Enrollment.objects.create(
            user=student, school_class=school_class, role=Role.STUDENT
        )
    )


@pytest.mark.parametrize(
    ("factory", "role"),
    [(StudentFactory, EnrollmentRole.TEACHER), (TeacherFactory, EnrollmentRole.STUDENT)],
)
def test_an_enrolment_role_must_be_the_accounts_role(factory, role):
    """Even a raw insert that skips the services is refused by the database."""
    person, school_class = factory(), ClassFactory()
    refused(lambda: Enrollment.objects.create(user=person, school_class=school_class, role=role))
    assert not Enrollment.objects.exists()


def test_an_enrolment_cannot_move_to_an_account_of_another_role():
    enrolment, _ = services.enrol(StudentFactory(), ClassFactory())
    teacher = TeacherFactory()
    refused(lambda: Enrollment.objects.filter(pk=enrolment.pk).update(user=teacher))


def test_an_enrolled_account_cannot_change_role():
    student = StudentFactory()
    services.enrol(student, ClassFactory())
    refused(lambda: type(student).objects.filter(pk=student.pk).update(role=Role.TEACHER))


def test_an_account_without_enrolments_can_still_change_role():
    student = StudentFactory()
    type(student).objects.filter(pk=student.pk).update(role=Role.TEACHER)
    student.refresh_from_db()
    assert student.role == Role.TEACHER


def test_dates_in_order():
    start = datetime.date(2026, 9, 1)
    refused(
        lambda: AcademicSession.objects.create(
            title="Backwards",
            session_type=SessionType.TERM,
            start_date=start,
            end_date=start - datetime.timedelta(days=1),
            school_year=2027,
        )
    )
    enrolment, _ = services.enrol(StudentFactory(), ClassFactory())
    refused(
        lambda: Enrollment.objects.filter(pk=enrolment.pk).update(
            begin_date=start, end_date=start - datetime.timedelta(days=1)
        )
    )


def test_sourced_ids_are_unique_per_kind_and_optional():
    ClassFactory(), ClassFactory()  # two without a sourcedId
    first = ClassFactory(sourced_id="class-1")
    assert first.sourced_id == "class-1"
    refused(lambda: Class.objects.create(title="Copy", school=first.school, sourced_id="class-1"))
    with pytest.raises(ValidationError, match="already exists"):
        ClassFactory(sourced_id="class-1")  # the service says so before the database does
    TermFactory(sourced_id="class-1")  # another kind may use the same identifier


def test_enabled_join_codes_are_unique():
    first, second = ClassFactory(), ClassFactory()
    refused(lambda: Class.objects.filter(pk=second.pk).update(join_code=first.join_code))
    services.disable_join_code(first)
    Class.objects.filter(pk=second.pk).update(join_code=first.join_code)  # off codes may repeat


def test_join_codes_are_readable():
    for _ in range(200):
        code = join_codes.new_code()
        assert 6 <= len(code) <= 8
        assert not set(code) & set("0O1IL2Z5S8BUVQD")


def test_only_students_and_teachers_are_enrolled():
    with pytest.raises(ValidationError, match="Only student and teacher"):
        services.enrol(AdminFactory(), ClassFactory())
