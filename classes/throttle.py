"""Guessing join codes is limited per client, like passwords (accounts.lockout)."""

from django.conf import settings
from django.core.cache import cache

from accounts.ip import client_ip


def key(request):
    return f"join-code-failures:{client_ip(request)}"


def blocked(request):
    """Whether this client has used up its wrong codes for now."""
    return (cache.get(key(request)) or 0) >= settings.JOIN_CODE_FAILURE_LIMIT


def count_failure(request):
    """Count one wrong code; the window starts with the first one."""
    name = key(request)
    cache.add(name, 0, timeout=settings.JOIN_CODE_FAILURE_WINDOW_MINUTES * 60)
    try:
        cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=settings.JOIN_CODE_FAILURE_WINDOW_MINUTES * 60)
