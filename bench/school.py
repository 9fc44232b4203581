"""Build the benchmark's school: one school year in three terms, courses, classes, enrolments.

Runs after dataset.insert() has made the people. Classes of CLASS_SIZE students each, about
one per CLASS_SHARE students (4,000 for 100,000): every student is in one class and every
fifth in two. Each class has a primary teacher and a co-teacher, so each of 2,000 teachers
teaches four classes. Student k of class c is taken from a shuffled list of all students, so
a class's students are spread over the table as real registrations are.

Rows are bulk-inserted rather than written through classes.services (one enrolment per call):
this is benchmark data, not a path anyone uses, and 130,000 single inserts would take minutes.
The enrolment role triggers (classes.role_guard) still check every row.
"""

import random
from datetime import date

from django.db import transaction

from accounts.models import Role, User
from classes import services
from classes.join_codes import ALPHABET, LENGTH
from classes.models import (
    AcademicSession,
    Class,
    Course,
    Enrollment,
    EnrollmentRole,
    SessionType,
)

CLASS_SIZE = 30
CLASS_SHARE = 25  # students per class, on average: 100,000 students make 4,000 classes
BATCH = 2000
YEAR = ("School year 2025-26", date(2025, 9, 1), date(2026, 7, 22))
TERMS = (
    ("Autumn term 2025", date(2025, 9, 1), date(2025, 12, 19)),
    ("Spring term 2026", date(2026, 1, 5), date(2026, 3, 27)),
    ("Summer term 2026", date(2026, 4, 13), date(2026, 7, 22)),
)


def build(subjects, seed=2026):
    """Make the school, its year, courses and classes, and enrol every student and teacher."""
    rng = random.Random(seed)
    students = list(User.objects.filter(role=Role.STUDENT).order_by("pk").values_list("pk"))
    teachers = list(User.objects.filter(role=Role.TEACHER).order_by("pk").values_list("pk"))
    students, teachers = [pk for (pk,) in students], [pk for (pk,) in teachers]
    with transaction.atomic():
        school = services.default_school()
        year, terms = sessions()
        courses = Course.objects.bulk_create(
            Course(title=name, course_code=f"C{n:02d}", subjects=name, org=school, school_year=year)
            for n, name in enumerate(subjects, 1)
        )
        count = max(1, len(students) // CLASS_SHARE)
        classes = Class.objects.bulk_create(new_classes(count, courses, school, rng), BATCH)
        Class.terms.through.objects.bulk_create(
            (
                Class.terms.through(class_id=c.pk, academicsession_id=term.pk)
                for c in classes
                for term in terms
            ),
            BATCH,
        )
        rng.shuffle(students)
        Enrollment.objects.bulk_create(enrolments(classes, students, teachers), BATCH)
    return count


def sessions():
    """Make the school year and its terms; return (year, terms)."""
    title, start, end = YEAR
    year = AcademicSession.objects.create(
        title=title,
        session_type=SessionType.SCHOOL_YEAR,
        start_date=start,
        end_date=end,
        school_year=end.year,
    )
    terms = AcademicSession.objects.bulk_create(
        AcademicSession(
            title=title,
            session_type=SessionType.TERM,
            start_date=start,
            end_date=end,
            parent=year,
            school_year=end.year,
        )
        for title, start, end in TERMS
    )
    return year, terms


def new_classes(count, courses, school, rng):
    """`count` classes, sections of the courses in turn, each with an enabled join code."""
    codes = {}  # in the order drawn, so that a rerun draws the same classes
    while len(codes) < count:
        codes["".join(rng.choice(ALPHABET) for _ in range(LENGTH))] = None
    for n, code in enumerate(codes):
        course, section = courses[n % len(courses)], n // len(courses) + 1
        yield Class(
            title=f"{course.title} {section}",
            class_code=f"{course.course_code}-{section}",
            subjects=course.subjects,
            location=f"Room {n % 120 + 1}",
            course=course,
            school=school,
            join_code=code,
            join_code_enabled=True,
        )


def enrolments(classes, students, teachers):
    """CLASS_SIZE students per class (slot s holds student s mod N), and two teachers each."""
    size = min(CLASS_SIZE, len(students))
    for n, school_class in enumerate(classes):
        for slot in range(n * size, (n + 1) * size):
            yield Enrollment(
                user_id=students[slot % len(students)],
                school_class=school_class,
                role=EnrollmentRole.STUDENT,
            )
        yield teaching(teachers[n % len(teachers)], school_class, primary=True)
        if len(teachers) > 1:
            co_teacher = teachers[(n + len(teachers) // 2) % len(teachers)]
            yield teaching(co_teacher, school_class, primary=False)


def teaching(teacher, school_class, primary):
    return Enrollment(
        user_id=teacher, school_class=school_class, role=EnrollmentRole.TEACHER, primary=primary
    )


def measured_class(teacher_username):
    """The class the class scenarios open: the first the teacher leads, with CLASS_SIZE students."""
    school_class = (
        Class.objects.filter(
            enrollments__user__username=teacher_username,
            enrollments__role=EnrollmentRole.TEACHER,
            enrollments__primary=True,
        )
        .with_student_count()
        .order_by("pk")
        .first()
    )
    if school_class is None or school_class.student_count != CLASS_SIZE:
        raise RuntimeError(
            f"{teacher_username} leads no class of {CLASS_SIZE} students: "
            f"the class scenarios need at least {CLASS_SIZE} students"
        )
    return school_class
