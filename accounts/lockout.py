"""Hooks that django-axes calls: who is the account, who is the client, what a lock says."""

from axes.handlers.cache import AxesCacheHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.shortcuts import render
from django.utils import timezone

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
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class SharedCacheHandler(AxesCacheHandler):
    """Count failures in the shared cache (Redis), and show them to staff in the admin.

    Every app server reads the same Redis counters, which decide the lockout. Each failure
    is also mirrored to axes' AccessAttempt table so staff can see attempts in the admin;
    deleting such a row there clears the Redis counter too (rows outlive the counter
    they mirror, so an old row may show an attempt whose lock has already expired).
    """

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        failures = getattr(request, "axes_failures_since_start", None)
        if not failures:
            return
        AccessAttempt.objects.update_or_create(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            user_agent=request.axes_user_agent[:255],
            defaults={
                "failures_since_start": failures,
                "path_info": request.axes_path_info[:255],
                "http_accept": request.axes_http_accept[:1025],
                "get_data": "",
                "post_data": "",
                "attempt_time": timezone.now(),
            },
        )

    def post_delete_access_attempt(self, instance, **kwargs):
        self.reset_attempts(ip_address=instance.ip_address, username=instance.username)

    def post_save_access_attempt(self, instance, **kwargs):
        """Nothing to do: the row is a mirror of the cache counter."""
