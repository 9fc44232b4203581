"""Sign-in badges: the secret on a student's printed card, and signing in with it."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Role, SignInBadge
from .throttle import ClientThrottle

TOKEN_BYTES = 24  # 192 random bits

guesses = ClientThrottle(
    "badge",
    limit=lambda: settings.BADGE_FAILURE_LIMIT,
    minutes=lambda: settings.BADGE_FAILURE_WINDOW_MINUTES,
)


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(students, *, by=None, expires_at=None):
    """Make a new badge for each student, voiding their earlier ones; {user pk: token}.

    Without an end date (a class without terms) a badge lasts `BADGE_MAX_DAYS`.
    """
    longest = timezone.now() + datetime.timedelta(days=settings.BADGE_MAX_DAYS)
    expires_at = min(expires_at or longest, longest)
    tokens = {
        s.pk: secrets.token_urlsafe(TOKEN_BYTES)
        for s in students
        if s.is_student and not s.is_staff
    }
    with transaction.atomic():
        SignInBadge.objects.filter(user_id__in=tokens).delete()
        SignInBadge.objects.bulk_create(
            SignInBadge(
                user_id=pk, token_hash=token_hash(token), expires_at=expires_at, created_by=by
            )
            for pk, token in tokens.items()
        )
    return tokens


def revoke(students):
    """Void every badge of these students; return how many."""
    deleted, _rows = SignInBadge.objects.filter(user__in=students).delete()
    return deleted


def student_for(token):
    """The active student whose live badge this is, or None."""
    if not token or len(token) > 100:
        return None
    badge = (
        SignInBadge.objects.filter(
            token_hash=token_hash(token),
            user__role=Role.STUDENT,
            user__is_active=True,
            user__is_approved=True,
            user__is_staff=False,
        )
        .select_related("user")
        .first()
    )
    if badge is None or (badge.expires_at and badge.expires_at <= timezone.now()):
        return None
    return badge.user
