import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from classes import services
from classes.models import Class, Org
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_creating_a_class_makes_its_creator_the_primary_teacher_with_a_code(settings):
    settings.SCHOOL_NAME = "Hilltop Academy"
    teacher, term = TeacherFactory(), TermFactory()
    school_class = services.create_class(teacher=teacher, title="7B Maths", terms=[term])
    assert list(Class.objects.taught_by(teacher)) == [school_class]
    assert school_class.enrollments.get().primary
    assert school_class.join_code_enabled and len(school_class.join_code) == 7
    assert list(school_class.terms.all()) == [term]
    assert school_class.school == Org.objects.get(name="Hilltop Academy")


def test_a_code_joins_in_any_case_once_and_a_reset_code_stops_working():
    school_class, student = ClassFactory(), StudentFactory()
    old = school_class.join_code
    assert services.join_by_code(student, f" {old.lower()[:3]}-{old.lower()[3:]} ")
    assert services.join_by_code(student, old)  # again: still one enrolment
    assert school_class.enrollments.filter(user=student).count() == 1
    new = services.set_new_join_code(school_class)
    assert new != old
    assert services.join_by_code(StudentFactory(), old) is None
    services.disable_join_code(school_class)
    assert services.join_by_code(StudentFactory(), new) is None


def test_querysets_follow_enrolments():
    teacher, student, other = TeacherFactory(), StudentFactory(), StudentFactory()
    mine, theirs = ClassFactory(teacher=teacher), ClassFactory(teacher=TeacherFactory())
    services.enrol(student, mine)
    services.enrol(other, theirs)
    assert list(Class.objects.attended_by(student)) == [mine]
    assert list(User.objects.students_of(teacher)) == [student]
    assert list(User.objects.students_of(teacher, theirs)) == []
    services.unenrol(student, mine)
    assert not User.objects.students_of(teacher).exists()


def test_a_co_teacher_is_found_by_username_in_any_case():
    school_class, colleague = ClassFactory(teacher=TeacherFactory()), TeacherFactory()
    services.add_teacher(school_class, colleague.username.upper())
    assert school_class in Class.objects.taught_by(colleague)
    with pytest.raises(ValidationError, match="no teacher"):
        services.add_teacher(school_class, StudentFactory().username)
    with pytest.raises(ValidationError, match="no teacher"):
        services.add_teacher(school_class, TeacherFactory(approved=False).username)
