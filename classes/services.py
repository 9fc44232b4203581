"""Writes about the school's structure: classes, enrolments and join codes.

Pages, the admin, commands and factories all write through these functions.
"""

import itertools
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import badges
from accounts.models import Role, User

from . import join_codes
from .models import Class, Enrollment, EnrollmentRole, Org, OrgType, Status

CODE_ATTEMPTS = 20  # fresh codes tried before giving up on a (vanishingly unlikely) clash


def default_school():
    """The school this site serves: its first school organisation, made on first use."""
    school = Org.objects.filter(org_type=OrgType.SCHOOL).order_by("pk").first()
    if school is None:
        school = Org.objects.create(name=settings.SCHOOL_NAME, org_type=OrgType.SCHOOL)
    return school


def create_class(*, teacher=None, title, terms=(), school=None, **fields):
    """Create a class with a join code; `teacher` becomes its primary teacher. Return it."""
    with transaction.atomic():
        school_class = Class(title=title, school=school or default_school(), **fields)
        school_class.full_clean(exclude=["join_code", "school"])
        school_class.save()
        if terms:
            school_class.terms.set(terms)
        set_new_join_code(school_class)
        if teacher is not None:
            enrol(teacher, school_class, primary=True)
    return school_class


def set_new_join_code(school_class):
    """Give the class a fresh enabled join code; the old one stops working at once."""
    for _attempt in range(CODE_ATTEMPTS):
        school_class.join_code = join_codes.new_code()
        school_class.join_code_enabled = True
        school_class.date_last_modified = timezone.now()
        try:
            with transaction.atomic():
                school_class.save(
                    update_fields=["join_code", "join_code_enabled", "date_last_modified"]
                )
            return school_class.join_code
        except IntegrityError:
            continue  # another enabled class holds that code: draw again
    raise RuntimeError("No free join code found.")


def disable_join_code(school_class):
    """Turn the class's join code off: nobody can join with it any more."""
    school_class.join_code_enabled = False
    school_class.date_last_modified = timezone.now()
    school_class.save(update_fields=["join_code_enabled", "date_last_modified"])


def enrol(user, school_class, *, primary=False, begin_date=None, end_date=None, **fields):
    """Enrol a student or teacher account in a class (in the account's own role); idempotent.

    Return (enrolment, created).
    """
    if user.role not in EnrollmentRole.values:
        raise ValidationError(_("Only student and teacher accounts can be enrolled in a class."))
    enrolment, created = Enrollment.objects.get_or_create(
        user=user,
        school_class=school_class,
        role=user.role,
        defaults={"primary": primary, "begin_date": begin_date, "end_date": end_date, **fields},
    )
    return enrolment, created


def unenrol(user, school_class, role=None):
    """Take a person out of a class (in `role`, default their account's). Return if they were.

    A student left in no class loses their sign-in card: nobody runs it for them any more.
    """
    with transaction.atomic():
        deleted, _rows = Enrollment.objects.filter(
            user=user, school_class=school_class, role=role or user.role
        ).delete()
        if deleted and user.is_student and not Enrollment.objects.filter(user=user).exists():
            badges.revoke([user])
    return deleted > 0


def username_from_name(first_name, last_name):
    """A free username made from a name: `ada.lovelace`, then `ada.lovelace2`, ...

    Letters are folded to English ones (`Zoë` → `zoe`), anything else dropped, so it stays
    within the site's username rules.
    """

    def folded(text):
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]+", "", ascii_text.lower())

    base = ".".join(part for part in (folded(first_name), folded(last_name)) if part)[:30]
    base = base or "student"
    taken = set(
        User.objects.filter(username__lower__startswith=base).values_list("username", flat=True)
    )
    taken = {name.lower() for name in taken}
    if base not in taken:
        return base
    return next(f"{base}{n}" for n in itertools.count(2) if f"{base}{n}" not in taken)


def add_new_student(school_class, *, first_name, last_name, year_group=None):
    """Create a student account without email or password and enrol it in the class.

    The student signs in with a card or a password their teacher sets. Return the account.
    """
    from students.services import register_student

    for _attempt in range(CODE_ATTEMPTS):
        username = username_from_name(first_name, last_name)
        try:
            with transaction.atomic():
                student = register_student(
                    username=username,
                    email="",
                    first_name=first_name,
                    last_name=last_name,
                    year_group=year_group,
                )
                enrol(student, school_class)
            return student
        except IntegrityError:
            continue  # another request took that username a moment ago: make the next one
    raise RuntimeError("No free username found.")


def set_new_password(student):
    """Give a student a new random password, readable aloud; return it (shown once).

    Changing the password ends the student's other sessions: Django checks every session
    against the password it was made with.
    """
    password = join_codes.readable_password()
    student.set_password(password)
    student.save(update_fields=["password"])
    return password


def find_class_by_code(typed):
    """The class whose enabled join code is `typed` (any case), or None."""
    code = join_codes.normalise(typed)
    if not code:
        return None
    return Class.objects.filter(
        join_code=code, join_code_enabled=True, status=Status.ACTIVE
    ).first()


def join_by_code(student, typed):
    """Enrol a student in the class whose join code they typed; return the class, or None."""
    school_class = find_class_by_code(typed)
    if school_class is not None:
        enrol(student, school_class)
    return school_class


def add_teacher(school_class, username):
    """Add the teacher with this username (any case) to the class; return the account.

    Raise ValidationError naming the problem when there is no such approved, active teacher.
    """
    teacher = User.objects.filter(
        username__lower=username.strip().lower(),
        role=Role.TEACHER,
        is_active=True,
        is_approved=True,
    ).first()
    if teacher is None:
        raise ValidationError(
            _("There is no teacher with the username “%(username)s”."),
            params={"username": username.strip()},
        )
    enrol(teacher, school_class)
    return teacher
