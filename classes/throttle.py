"""Guessing join codes is limited per client, like passwords (accounts.lockout)."""

from django.conf import settings

from accounts.throttle import ClientThrottle

join_codes = ClientThrottle(
    "join-code",
    limit=lambda: settings.JOIN_CODE_FAILURE_LIMIT,
    minutes=lambda: settings.JOIN_CODE_FAILURE_WINDOW_MINUTES,
)
blocked = join_codes.blocked
count_failure = join_codes.count_failure
