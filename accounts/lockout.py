"""Hooks that django-axes calls: who is the account, who is the client, what a lock says."""

from django.shortcuts import render

from .backends import UsernameOrEmailBackend


def canonical_username(request, credentials):
    """Name the account a sign-in attempt targets, whatever spelling was typed.

    `alice`, `ALICE` and `alice@example.org` all count against one account; an unknown
    name is counted under its lower-cased form.
    """
    typed = (credentials or {}).get("username") or ""
    cache = getattr(request, "_canonical_usernames", None)
    if cache is None:
        cache = request._canonical_usernames = {}
    if typed not in cache:
        user = UsernameOrEmailBackend.find_user(typed) if typed.strip() else None
        cache[typed] = user.username.lower() if user else typed.strip().lower()
    return cache[typed]


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked sign-in with a page that says when to try again (HTTP 429)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
