"""Writes about accounts: creating a person with their profile, their own details, sign-ins."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import User


def create_person(
    *,
    role,
    create_profile,
    username,
    email,
    password=None,
    first_name="",
    last_name="",
    is_approved=True,
    password_hash=None,
    **user_fields,
):
    """Create a user of `role` and its profile in one transaction; return the user.

    The password is hashed before the transaction opens so that the (deliberately slow)
    hasher never runs while the database write lock is held; a caller that hashed it
    already (a roster import hashes on every core) passes `password_hash` instead.
    """
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_approved=is_approved,
        **user_fields,
    )
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    with transaction.atomic():
        user.save()
        create_profile(user)
    return user


def create_people(*, role, people, make_profile, batch_size=500):
    """Create many people of `role` with their profiles in one transaction; return the users.

    For rosters: each of `people` is a dict of the user's fields, `password_hash` (hashed
    already; none: no usable password) and `profile` (the profile's fields);
    `make_profile(user, fields)` returns the unsaved profile. Rows are written in batches:
    the same rules as `create_person`, without a statement pair per person.
    """
    users, profile_fields = [], []
    for person in people:
        fields = dict(person)
        password_hash = fields.pop("password_hash", None)
        profile_fields.append(fields.pop("profile", {}))
        user = User(role=role, **fields)
        user.email = User.objects.normalize_email(user.email)
        if password_hash:
            user.password = password_hash
        else:
            user.set_unusable_password()
        users.append(user)
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=batch_size)
        profiles = [make_profile(u, f) for u, f in zip(users, profile_fields, strict=True)]
        type(profiles[0]).objects.bulk_create(profiles, batch_size=batch_size) if profiles else None
    return users


def update_details(user, *, first_name, last_name, profile=None, **profile_fields):
    """Save a person's own names and profile fields in one transaction; return the user.

    Only these columns are written, so a change staff make meanwhile (a year group, an
    approval) is never overwritten by a form the person loaded before it.
    """
    user.first_name, user.last_name = first_name, last_name
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    with transaction.atomic():
        user.save(update_fields=["first_name", "last_name"])
        if profile_fields:
            profile.save(update_fields=list(profile_fields))
    return user


def record_sign_in(sender, user, request=None, **kwargs):
    """Count the sign-in and stamp last_login in one UPDATE (replaces Django's receiver).

    The sign-in before this one is kept in the new session for the dashboard to show;
    "" says there was none, so that a first sign-in is greeted as one.
    """
    if request is not None:
        previous = user.last_login.isoformat() if user.last_login else ""
        request.session["previous_login"] = previous
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(last_login=now, login_count=F("login_count") + 1)
    user.last_login = now
    user.login_count = (user.login_count or 0) + 1
