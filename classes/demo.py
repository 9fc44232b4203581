"""Demo classes for trying the site: this school year in two terms, courses, classes, enrolments.

Run by `seed_demo` once the demo accounts exist. Classes and enrolments are written through
`classes.services`; every record is found again by its title or code, so a second run adds
nothing.
"""

import datetime

from django.utils import timezone

from . import services
from .models import AcademicSession, Class, Course, SessionType

# (title, course code, room), in the order of the demo teachers' subjects (teacher1 teaches
# History, teacher2 French, ...: accounts.demo.DEPARTMENTS), so each teaches their own subject.
COURSES = [
    ("History", "HIS", "H2"),
    ("French", "FRE", "L4"),
    ("Mathematics", "MAT", "M1"),
    ("Music", "MUS", "Music room"),
    ("Science", "SCI", "Lab 1"),
]
SECTIONS = "AB"  # each course has class A in term 1 and class B in term 2


def school_year_of(today):
    """The year (e.g. 2026) the school year holding `today` began; August belongs to the next."""
    return today.year if today.month >= 8 else today.year - 1


def sessions(today=None):
    """This school year and its two terms, made on first use; return (year, [term 1, term 2])."""
    start = school_year_of(today or timezone.localdate())
    label = f"{start}-{(start + 1) % 100:02d}"
    year_start = datetime.date(start, 9, 1)
    spring = datetime.date(start + 1, 2, 1)
    year_end = datetime.date(start + 1, 7, 31)
    year = _session(f"School year {label}", SessionType.SCHOOL_YEAR, year_start, year_end)
    last_of_term_1 = spring - datetime.timedelta(days=1)
    terms = [
        _session(f"Term 1 {label}", SessionType.TERM, year_start, last_of_term_1, parent=year),
        _session(f"Term 2 {label}", SessionType.TERM, spring, year_end, parent=year),
    ]
    return year, terms


def _session(title, session_type, start_date, end_date, parent=None):
    session, _created = AcademicSession.objects.get_or_create(
        title=title,
        session_type=session_type,
        defaults={
            "start_date": start_date,
            "end_date": end_date,
            "parent": parent,
            "school_year": (parent.end_date if parent else end_date).year,
        },
    )
    return session


def seed_classes(*, teachers, students, today=None):
    """Give the demo teachers classes and enrol the demo students; return the classes.

    Class m (0-9) is course m % 5 in section m % 2, taught by that course's teacher; student k
    takes 2 to 4 classes, m = k, k + 1, ..., so every class has students once there are ten.
    """
    if not teachers:
        return []
    year, terms = sessions(today)
    school = services.default_school()
    classes = []
    for m in range(len(COURSES) * len(SECTIONS)):
        title, code, room = COURSES[m % len(COURSES)]
        course, _created = Course.objects.get_or_create(
            course_code=code, school_year=year, defaults={"title": title, "org": school}
        )
        teacher = teachers[m % len(COURSES) % len(teachers)]
        classes.append(_demo_class(course, room, m % 2, terms, teacher))
    if len(teachers) > 1:
        services.add_teacher(classes[0], teachers[1].username)  # a class with a co-teacher
    for k, student in enumerate(students):
        for m in range(k, k + 2 + k % 3):
            services.enrol(student, classes[m % len(classes)])
    return classes


def _demo_class(course, room, section, terms, teacher):
    code = f"{course.course_code}-{SECTIONS[section]}"
    found = Class.objects.filter(course=course, class_code=code).first()
    if found is not None:
        return found
    return services.create_class(
        teacher=teacher,
        title=f"{course.title} {SECTIONS[section]}",
        class_code=code,
        course=course,
        subjects=course.title,
        location=room,
        terms=[terms[section]],
    )


def summary(teacher, student):
    """Lines saying which classes a demo teacher teaches and a demo student attends."""
    taught = list(Class.objects.taught_by(teacher))
    attended = list(Class.objects.attended_by(student))
    if not taught and not attended:
        return []
    lines = ["Demo classes:"]
    if taught:
        joinable = next((c for c in taught if c.join_code_enabled), None)
        names = [f"{c} (join code {c.join_code})" if c == joinable else str(c) for c in taught]
        lines.append(f"  - {teacher.username} teaches {', '.join(names)}")
    if attended:
        lines.append(f"  - {student.username} is in {', '.join(str(c) for c in attended)}")
    return lines
