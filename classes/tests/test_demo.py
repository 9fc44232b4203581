"""`seed_demo`'s classes: the printed teacher and student have classes to try."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from classes import demo, services
from classes.models import AcademicSession, Class, Course, Enrollment, SessionType

pytestmark = pytest.mark.django_db

TAUGHT = re.compile(r"^  - (\S+) teaches (.+) \(join code (\w+)\)", re.M)
ATTENDED = re.compile(r"^  - (\S+) is in (.+)$", re.M)


@pytest.fixture
def seed(settings):
    settings.DEBUG = True

    def run(*args):
        out = io.StringIO()
        call_command("seed_demo", *args, stdout=out)
        return out.getvalue()

    return run


def test_the_printed_teacher_and_student_have_classes_to_try(seed):
    output = seed()

    teacher_name, first_taught, code = TAUGHT.search(output).groups()
    student_name, attended = ATTENDED.search(output).groups()
    assert (teacher_name, student_name) == ("teacher1", "student1")
    assert "  teacher   teacher1        at http://127.0.0.1:8000/teachers/login/" in output
    teacher, student = User.objects.get(username="teacher1"), User.objects.get(username="student1")
    taught = Class.objects.taught_by(teacher).with_student_count()
    assert any(c.student_count > 0 for c in taught)
    assert services.find_class_by_code(code) == taught.get(title=first_taught)
    attending = Class.objects.attended_by(student).with_teachers()
    assert sorted(attended.split(", ")) == sorted(c.title for c in attending)
    assert all(c.teacher_enrolments for c in attending)


def test_the_school_year_has_two_terms_around_today(seed):
    seed()
    year = AcademicSession.objects.get(session_type=SessionType.SCHOOL_YEAR)
    terms = list(AcademicSession.objects.filter(session_type=SessionType.TERM))

    assert len(terms) == 2 and all(term.parent == year for term in terms)
    assert all(year.start_date <= t.start_date <= t.end_date <= year.end_date for t in terms)
    assert terms[0].end_date < terms[1].start_date
    today = timezone.localdate()
    assert year.start_date <= today <= year.end_date


def test_the_school_year_follows_the_calendar():
    _year, terms = demo.sessions(today=datetime.date(2026, 12, 4))
    assert [t.title for t in terms] == ["Term 1 2026-27", "Term 2 2026-27"]
    assert terms[0].start_date <= datetime.date(2026, 12, 4) <= terms[0].end_date
    assert terms[1].school_year == 2027
    assert demo.school_year_of(datetime.date(2027, 3, 1)) == 2026
    assert demo.school_year_of(datetime.date(2027, 9, 1)) == 2027


def test_every_class_has_a_course_term_room_and_primary_teacher(seed):
    seed()
    classes = Class.objects.with_teachers().prefetch_related("terms")

    assert Course.objects.count() >= 4 and classes.count() >= 8
    for school_class in classes:
        assert school_class.course and school_class.location and school_class.join_code_enabled
        assert len(school_class.terms.all()) == 1
        assert school_class.teacher_enrolments[0].primary
    assert any(len(c.teacher_enrolments) == 2 for c in classes)  # one class is co-taught


def test_every_demo_student_is_in_two_to_four_classes(seed):
    seed("--students", "12")
    for student in User.objects.filter(username__startswith="student"):
        assert 2 <= Class.objects.attended_by(student).count() <= 4


def test_seeding_again_adds_no_classes_or_enrolments(seed):
    seed()
    counts = (Class.objects.count(), Enrollment.objects.count(), AcademicSession.objects.count())
    seed()
    seed("--if-empty")
    after = (Class.objects.count(), Enrollment.objects.count(), AcademicSession.objects.count())
    assert after == counts


def test_one_teacher_and_one_student_still_get_a_class_together(seed):
    output = seed("--students", "1", "--teachers", "1")
    assert "teacher1 teaches" in output and "student1 is in" in output


def test_without_teachers_no_classes_are_made(seed):
    output = seed("--teachers", "0")
    assert not Class.objects.exists()
    assert "Demo classes" not in output
