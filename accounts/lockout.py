"""Hooks that django-axes calls: who is the account, who is the client, what a lock says.

axes locks an (account, client) pair after AXES_FAILURE_LIMIT failures. The handlers here add
the per-account limit of accounts.account_lock: it counts failures from every client, known
account or not, and a locked account is refused before its password is checked.
"""

import math
from ipaddress import ip_address

from axes.handlers.cache import AxesCacheHandler
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.shortcuts import render
from django.utils import timezone

from .account_lock import CacheAccountLocks, DatabaseAccountLocks
from .backends import UsernameOrEmailBackend


def lockout_name(user):
    """Name the counters of `user`'s account: its username, lower-cased."""
    return user.username.lower()


def canonical_username(request, credentials):
    """Name the account a sign-in attempt targets, whatever spelling was typed.

    `alice`, `ALICE` and `alice@example.org` all count against one account; an unknown
    name is counted under its lower-cased form. The account is looked up once per request,
    for axes (which asks several times) and the backend alike.
    """
    typed = (credentials or {}).get("username") or ""
    user = UsernameOrEmailBackend.find_user(typed, request) if typed.strip() else None
    return lockout_name(user) if user else typed.strip().lower()


def account_locks():
    """Return the per-account store of the configured axes handler (None if it has none)."""
    return getattr(AxesProxyHandler.get_implementation(), "account_locks", None)


def as_keyed(stored_ip):
    """Spell an address read back from the database as accounts.ip gave it to axes."""
    return str(ip_address(stored_ip)) if stored_ip else stored_ip


def lift_lockout(username):
    """Lift every sign-in lock of an account: each client's, and the account's own."""
    return reset(username=username)


def lift_account_lock(username):
    """Lift the lock on an account from all clients (each client's own lock stays)."""
    locks = account_locks()
    if locks is not None:
        locks.lift(username)


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked sign-in with a page that says when to try again (HTTP 429).

    The page is the same for an unknown name, so it never tells whether an account exists.
    """
    waits = [get_cool_off(request)]
    locks = account_locks()
    username = get_client_username(request, credentials) if credentials else ""
    until = locks.locked_until(username) if locks is not None and username else None
    if until:
        waits.append(until - timezone.now())
    longest = max((wait for wait in waits if wait), default=None)
    minutes = math.ceil(longest.total_seconds() / 60) if longest else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class AccountLimitMixin:
    """Add the per-account limit to an axes handler whose `account_locks` holds the counts."""

    account_locks = None

    def is_locked(self, request, credentials=None):
        username = get_client_username(request, credentials)
        locked = super().is_locked(request, credentials) or (
            bool(username) and self.account_locks.locked_until(username) is not None
        )
        request.lockout_refused = locked
        return locked

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # A refused attempt checked no password: it is no guess, so the account does not
        # count it (axes counts it for the pair, which keeps that client's lock going).
        if request is None or self.is_whitelisted(request, credentials):
            return
        username = get_client_username(request, credentials)
        if getattr(request, "lockout_refused", False):
            if not request.axes_locked_out:  # refused by the account's lock, unknown to axes
                self.locked_out(request, credentials, username)
        elif username and self.account_locks.count_failure(username):
            self.locked_out(request, credentials, username)

    @staticmethod
    def locked_out(request, credentials, username):
        """Answer with the lockout page and say so, as axes does for its own locks."""
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes", request=request, username=username, ip_address=request.axes_ip_address
        )

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        """Reset as axes does; resetting a whole account (no IP) also lifts its own lock."""
        count = super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )
        if username and ip_address is None:
            self.account_locks.lift(username)
        return count


class DatabaseHandler(AccountLimitMixin, AxesDatabaseHandler):
    """axes' database handler, with the per-account limit counted in the database too."""

    account_locks = DatabaseAccountLocks()


class SharedCacheHandler(AccountLimitMixin, AxesCacheHandler):
    """Count failures in the shared cache (Redis), and show them to staff in the admin.

    Every app server reads the same Redis counters, which decide the lockout. Each failure
    is also mirrored to axes' AccessAttempt table so staff can see attempts in the admin;
    deleting such a row there clears the Redis counter too (rows outlive the counter
    they mirror, so an old row may show an attempt whose lock has already expired).
    """

    def __init__(self):
        super().__init__()
        self.account_locks = CacheAccountLocks(self.cache)

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

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        """Reset as axes does; for a whole account, each client's counter the mirror names.

        axes keys a counter by (account, client), so an account's counters are found
        through the clients its mirrored rows name.
        """
        count = 0
        if username and ip_address is None and not ip_or_username:
            rows = AccessAttempt.objects.filter(username=username)
            for address in set(rows.exclude(ip_address=None).values_list("ip_address", flat=True)):
                count += super().reset_attempts(ip_address=as_keyed(address), username=username)
            rows.delete()
        return count + super().reset_attempts(
            ip_address=ip_address, username=username, ip_or_username=ip_or_username
        )

    def post_delete_access_attempt(self, instance, **kwargs):
        self.reset_attempts(ip_address=as_keyed(instance.ip_address), username=instance.username)

    def post_save_access_attempt(self, instance, **kwargs):
        """Nothing to do: the row is a mirror of the cache counter."""
