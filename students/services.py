"""Writes about students."""

from django.db import transaction

from accounts.models import Role
from accounts.services import create_people, create_person
from classes.services import enrol

from .models import StudentProfile

PROFILE_FIELDS = ("year_group", "date_of_birth")


def register_student(
    *, username, email, password=None, first_name="", last_name="", account=None, **profile
):
    """Create a student account and its profile in one transaction; return the user.

    `account` holds more of the user's own fields (a roster's `sourced_id`, `is_active`,
    an already made `password_hash`).
    """
    return create_person(
        **(account or {}),
        role=Role.STUDENT,
        create_profile=lambda user: StudentProfile.objects.create(user=user, **profile),
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )


def register_student_in_class(*, school_class, **fields):
    """Create a student account (as `register_student`) enrolled in `school_class`, all or nothing.

    Used by registration with a class join code: a failed enrolment leaves no account behind.
    """
    with transaction.atomic():
        user = register_student(**fields)
        enrol(user, school_class)
    return user


def register_students(people):
    """Create many student accounts with profiles in one transaction (a roster import).

    `people` as for `accounts.services.create_people`; a student without a `student_number`
    gets one, as `register_student` gives it.
    """

    def make_profile(user, fields):
        profile = StudentProfile(user=user, **fields)
        profile.student_number = profile.student_number or StudentProfile.number_for(user.pk)
        return profile

    return create_people(role=Role.STUDENT, people=people, make_profile=make_profile)
