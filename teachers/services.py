"""Writes about teachers."""

from django.db import transaction
from django.utils import timezone

from accounts.audit import log_event
from accounts.models import Role, User
from accounts.services import create_people, create_person

from .models import TeacherProfile

PROFILE_FIELDS = ("title", "department", "subject")


def register_teacher(
    *,
    username,
    email,
    password=None,
    first_name="",
    last_name="",
    approved=True,
    approved_by=None,
    account=None,
    **profile,
):
    """Create a teacher account and its profile in one transaction; return the user.

    Self-registration passes `approved=False` while the school requires approval; staff
    and commands create teachers who may sign in at once. `account` holds more of the
    user's own fields, as for students.
    """
    approved_at = timezone.now() if approved else None
    return create_person(
        **(account or {}),
        role=Role.TEACHER,
        create_profile=lambda user: TeacherProfile.objects.create(
            user=user, approved_at=approved_at, approved_by=approved_by, **profile
        ),
        username=username,
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_approved=approved,
    )


def register_teachers(people, *, approved_by=None):
    """Create many approved teacher accounts with profiles in one transaction (a roster import);
    `people` as for `accounts.services.create_people`."""
    approved_at = timezone.now()
    return create_people(
        role=Role.TEACHER,
        people=[{**person, "is_approved": True} for person in people],
        make_profile=lambda user, fields: TeacherProfile(
            user=user, approved_at=approved_at, approved_by=approved_by, **fields
        ),
    )


def approve_teachers(users, *, approved_by, request=None):
    """Let pending teachers sign in; return how many were approved."""
    with transaction.atomic():
        pending = list(
            User.objects.select_for_update().filter(
                pk__in=[u.pk for u in users], role=Role.TEACHER, is_approved=False
            )
        )
        User.objects.filter(pk__in=[u.pk for u in pending]).update(is_approved=True)
        TeacherProfile.objects.filter(user__in=pending).update(
            approved_at=timezone.now(), approved_by=approved_by
        )
    for user in pending:
        log_event("teacher.approved", request, user.username, by=approved_by.username)
    return len(pending)
