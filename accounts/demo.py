"""Demo people for trying the site: a few students, teachers, a pending teacher and staff;
and classes for them (classes.demo)."""

from django.db import transaction

from students.services import register_student
from teachers.services import register_teacher

from .models import Role, User

DEMO_PASSWORD = "schoolsite-demo-2026"

FIRST_NAMES = ["Amara", "Ben", "Chloe", "Dev", "Elif", "Finn", "Grace", "Hugo", "Isla", "Jonah"]
LAST_NAMES = ["Okafor", "Smith", "Nguyen", "Patel", "Yilmaz", "Murphy", "Kowalski", "Garcia"]
DEPARTMENTS = [
    ("Sciences", "Physics"),
    ("Humanities", "History"),
    ("Languages", "French"),
    ("Mathematics", "Mathematics"),
    ("Arts", "Music"),
]
TITLES = ["Dr", "Ms", "Mr", "Mx", "Mrs"]


def _name(n):
    return FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 3) % len(LAST_NAMES)]


def seed(*, students=20, teachers=5):
    """Create the demo accounts and classes that do not exist yet; return the usernames created."""
    created = _seed_people(students=students, teachers=teachers)
    _seed_classes(students=students, teachers=teachers)
    return created


def _seed_classes(*, students, teachers):
    """Give the demo teachers classes of demo students (classes.demo)."""
    from classes.demo import seed_classes  # accounts does not depend on classes at import

    seed_classes(teachers=_numbered("teacher", teachers), students=_numbered("student", students))


def _numbered(prefix, count):
    """The demo accounts prefix1 ... prefixN that exist, in that order."""
    names = [f"{prefix}{n}" for n in range(1, count + 1)]
    found = User.objects.in_bulk(names, field_name="username")
    return [found[name] for name in names if name in found]


def _seed_people(*, students, teachers):
    """Create the demo accounts that do not exist yet; return the usernames created."""
    existing = set(User.objects.values_list("username", flat=True))
    created = []
    for n in range(1, students + 1):
        username = f"student{n}"
        if username not in existing:
            first, last = _name(n)
            register_student(
                username=username,
                email=f"{username}@demo.schoolsite.test",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                year_group=7 + n % 7,
            )
            created.append(username)
    for n in range(1, teachers + 1):
        username = f"teacher{n}"
        if username not in existing:
            first, last = _name(n + 5)
            department, subject = DEPARTMENTS[n % len(DEPARTMENTS)]
            register_teacher(
                username=username,
                email=f"{username}@demo.schoolsite.test",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                title=TITLES[n % len(TITLES)],
                department=department,
                subject=subject,
                approved=True,
            )
            created.append(username)
    if "pending.teacher" not in existing:
        register_teacher(
            username="pending.teacher",
            email="pending.teacher@demo.schoolsite.test",
            password=DEMO_PASSWORD,
            first_name="Pat",
            last_name="Pending",
            department="Sciences",
            subject="Chemistry",
            approved=False,
        )
        created.append("pending.teacher")
    if "staff" not in existing:
        with transaction.atomic():
            User.objects.create_superuser(
                "staff",
                "staff@demo.schoolsite.test",
                DEMO_PASSWORD,
                first_name="Sam",
                last_name="Staff",
                role=Role.ADMIN,
            )
        created.append("staff")
    return created
