"""The per-account sign-in limit: many failures for one account, from any clients, lock it.

LOCKOUT_ACCOUNT_FAILURE_LIMIT failures within LOCKOUT_ACCOUNT_WINDOW_MINUTES (counted from
the window's first failure) lock the account from every client for that many minutes; the
count then starts afresh. Both stores are shared by every app server: the cache with Redis,
the database without it (the per-process memory cache would give each worker its own count).
"""

import hashlib
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import AccountLockout


def failure_limit():
    return settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT


def window():
    return timedelta(minutes=settings.LOCKOUT_ACCOUNT_WINDOW_MINUTES)


class DatabaseAccountLocks:
    """Count an account's failures in its AccountLockout row."""

    def count_failure(self, username):
        """Count one failure; return when the lock ends if this failure locked the account."""
        now = timezone.now()
        with transaction.atomic():
            self.add_failure(username, now)
            row = AccountLockout.objects.get(username=username)
            if row.failures < failure_limit():
                return None
            row.failures, row.window_ends, row.locked_until = 0, now, now + window()
            row.save(update_fields=["failures", "window_ends", "locked_until"])
        return row.locked_until

    def add_failure(self, username, now):
        # Each step is one conditional UPDATE, so concurrent failures on several app
        # servers are all counted: the row lock orders them on PostgreSQL, and SQLite's
        # IMMEDIATE transactions take turns.
        rows = AccountLockout.objects.filter(username=username)
        if rows.filter(window_ends__gt=now).update(failures=F("failures") + 1):
            return
        if rows.filter(window_ends__lte=now).update(failures=1, window_ends=now + window()):
            return
        try:
            with transaction.atomic():
                AccountLockout.objects.create(
                    username=username, failures=1, window_ends=now + window()
                )
        except IntegrityError:  # another request made the row first
            rows.update(failures=F("failures") + 1)
            return
        self.forget_expired(now)

    @staticmethod
    def forget_expired(now):
        """Delete rows whose window and lock are both over (names typed once, long ago)."""
        expired = AccountLockout.objects.filter(window_ends__lte=now)
        expired.exclude(locked_until__gt=now).delete()

    def locked_until(self, username):
        """Return when the account's lock ends, or None when it is not locked."""
        locks = AccountLockout.objects.filter(username=username, locked_until__gt=timezone.now())
        return locks.values_list("locked_until", flat=True).first()

    def lift(self, username):
        AccountLockout.objects.filter(username=username).delete()


class CacheAccountLocks:
    """Count an account's failures in a shared cache (Redis): one counter and one lock key."""

    def __init__(self, cache):
        self.cache = cache

    @staticmethod
    def keys(username):
        digest = hashlib.sha256(username.encode()).hexdigest()
        return f"lockout:account:{digest}:failures", f"lockout:account:{digest}:locked"

    def count_failure(self, username):
        """Count one failure; return when the lock ends if this failure locked the account."""
        failures_key, lock_key = self.keys(username)
        seconds = int(window().total_seconds())
        if self.cache.add(failures_key, 1, timeout=seconds):
            failures = 1
        else:
            try:
                failures = self.cache.incr(failures_key)  # Redis INCR keeps the window's expiry
            except ValueError:  # the window ended between the two calls
                self.cache.add(failures_key, 1, timeout=seconds)
                failures = 1
        if failures < failure_limit():
            return None
        until = timezone.now() + window()
        self.cache.set(lock_key, until.timestamp(), timeout=seconds)
        self.cache.delete(failures_key)
        return until

    def locked_until(self, username):
        """Return when the account's lock ends, or None when it is not locked."""
        stamp = self.cache.get(self.keys(username)[1])
        if stamp is None:
            return None
        until = datetime.fromtimestamp(stamp, tz=UTC)
        return until if until > timezone.now() else None

    def lift(self, username):
        self.cache.delete_many(self.keys(username))
