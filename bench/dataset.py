"""Build the benchmark database: migrate, then bulk-insert people with their profiles, and
the school's classes with everyone enrolled (bench/school.py).

Runs in the benchmark's own process after django.setup(). bulk_create bypasses save(),
so what save() would derive (the student number, lower-cased emails) is set here.
"""

import random
import time
from datetime import date

from django.apps import apps
from django.contrib.auth.hashers import get_hasher, make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from bench.concurrent_registrations import static_is_stale
from students.models import StudentProfile
from teachers.models import TeacherProfile, Title

PASSWORD = "bench-passphrase-2026"
BATCH = 2000  # rows per INSERT on PostgreSQL (SQLite caps it lower by its parameter limit)


def words(text):
    return tuple(text.split())


FIRST_NAMES = words(
    "Aaliyah Adam Aisha Alfie Amelia Arjun Ava Ben Chloe Daniel Ella Emily Ethan Freya George "
    "Grace Hannah Harry Isla Jack Jacob Leo Lily Mia Mohammed Noah Olivia Oscar Poppy Priya "
    "Rosie Ruby Sam Sophie Theo Thomas Yusuf Zara Zoe Kai"
)
LAST_NAMES = words(
    "Ahmed Baker Brown Campbell Chen Clarke Davies Edwards Evans Green Hall Hughes Jackson "
    "Johnson Jones Khan Kowalski Lewis Martin Morgan Murphy Nguyen Okafor Patel Roberts "
    "Robinson Shah Singh Smith Taylor Thomas Thompson Turner Walker Ward Watson White "
    "Williams Wilson Wright"
)
SUBJECTS = {
    "Mathematics": ("Mathematics", "Further Mathematics", "Statistics"),
    "Science": ("Biology", "Chemistry", "Physics"),
    "English": ("English Language", "English Literature", "Drama"),
    "Humanities": ("History", "Geography", "Religious Studies"),
    "Languages": ("French", "Spanish", "German"),
    "Arts": ("Art", "Music", "Design and Technology"),
    "Computing": ("Computer Science",),
    "Physical Education": ("PE",),
}


def student_username(number):
    return f"student{number:06d}"


def teacher_username(number):
    return f"teacher{number:04d}"


def build(students, teachers):
    """Make the schema, the people and their classes; return the timings, hash and classes."""
    began = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.perf_counter()
    password = shared_hash()
    rng = random.Random(2026)
    insert(Role.STUDENT, students, student_username, new_student_profile, password, rng)
    insert(Role.TEACHER, teachers, teacher_username, new_teacher_profile, password, rng)
    classes = build_classes()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does within a minute of a bulk load (PostgreSQL 13 and later
            # also vacuum after inserts): statistics, and the visibility map that lets
            # index-only scans skip the table.
            cursor.execute("VACUUM ANALYZE")
    done = time.perf_counter()
    return {
        "migrate": migrated - began,
        "insert": done - migrated,
        "total": done - began,
        "password_hash": password,
        "classes": classes,
    }


def build_classes():
    """The school's classes, when the code has them (a --baseline from before has not)."""
    if not apps.is_installed("classes"):
        return 0
    from bench import school  # imports the classes app's models

    return school.build([name for names in SUBJECTS.values() for name in names])


def shared_hash():
    """Hash PASSWORD once, with the site's default hasher, for every account to share.

    A sign-in then costs what a sign-in costs on the site, and never rehashes: an upgrade
    would write the account and change what the sign-in storm measures.
    """
    password = make_password(PASSWORD)
    if get_hasher().must_update(password):
        raise RuntimeError("the default hasher would rehash the hash it just made")
    return password


def rehashed(usernames, shared):
    """How many of these accounts no longer hold the shared hash (a sign-in rehashed them)."""
    return User.objects.filter(username__in=usernames).exclude(password=shared).count()


def collect_static():
    """Production settings serve hashed static files: collect them when static/ changed."""
    if static_is_stale():
        call_command("collectstatic", interactive=False, verbosity=0)


def insert(role, count, username, new_profile, password, rng):
    """Insert `count` users of `role` and their profiles, one transaction per batch."""
    profile_model = StudentProfile if role == Role.STUDENT else TeacherProfile
    for start in range(1, count + 1, BATCH):
        numbers = range(start, min(start + BATCH, count + 1))
        users = [new_user(role, username(n), password, rng) for n in numbers]
        with transaction.atomic():
            User.objects.bulk_create(users, batch_size=BATCH)
            profiles = [new_profile(user, rng) for user in users]
            profile_model.objects.bulk_create(profiles, batch_size=BATCH)


def new_user(role, username, password, rng):
    return User(
        username=username,
        email=f"{username}@bench.example.org",
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        role=role,
        is_approved=True,
        password=password,
    )


def new_student_profile(user, rng):
    year_group = rng.randint(7, 13)
    born = date(2025 - year_group - 5, rng.randint(1, 12), rng.randint(1, 28))
    return StudentProfile(
        user=user,
        student_number=f"S{user.pk:06d}",  # what StudentProfile.save() would derive
        year_group=year_group,
        date_of_birth=born,
    )


def new_teacher_profile(user, rng):
    department = rng.choice(tuple(SUBJECTS))
    return TeacherProfile(
        user=user,
        title=rng.choice(Title.values),
        department=department,
        subject=rng.choice(SUBJECTS[department]),
        approved_at=timezone.now(),
    )
