"""The per-account limit: many failures for one account from many clients lock it everywhere."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.account_lock import CacheAccountLocks, DatabaseAccountLocks
from accounts.models import AccountLockout
from accounts.tests.test_lockout import attempt, fail_times
from schoolsite.tests.processes import django_shell, run_python

pytestmark = pytest.mark.django_db

HANDLERS = ["accounts.lockout.DatabaseHandler", "accounts.lockout.SharedCacheHandler"]


@pytest.fixture(params=HANDLERS, ids=["database", "cache"])
def handler(request, settings):
    settings.AXES_HANDLER = request.param
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 8
    return request.param


def ip(n):
    return f"198.51.100.{n}"


def sign_out(client):
    client.post(reverse("accounts:logout"))


def test_failures_from_many_clients_lock_the_account_from_every_client(
    client, handler, student, teacher, password
):
    statuses = [attempt(client, student.username, "wrong", ip=ip(n)).status_code for n in range(8)]
    assert statuses == [200] * 7 + [429]
    locked = attempt(client, student.username, password, ip=ip(99))
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert "Try again in 60 minutes" in locked.content.decode()
    teachers_page = reverse("teachers:login")
    assert attempt(client, teacher.username, password, teachers_page, ip(0)).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, handler, student, password):
    for n in range(7):
        attempt(client, student.username, "wrong", ip=ip(n))
    assert attempt(client, student.username, password, ip=ip(99)).status_code == 302


def test_every_spelling_counts_against_one_account(client, handler, student, password):
    spellings = [student.username, student.username.upper(), student.email, student.email.upper()]
    for n in range(8):
        attempt(client, spellings[n % 4], "wrong", ip=ip(n))
    assert attempt(client, student.email, password, ip=ip(99)).status_code == 429


def without_tokens(response):
    return re.sub(r'value="[^"]{32,}"', "", response.content.decode())


def test_an_unknown_name_is_counted_and_answered_like_an_account(client, handler, student):
    answers = []
    for name in [student.username, "nobody.here"]:
        for n in range(8):
            attempt(client, name, "wrong", ip=ip(n))
        answers.append(attempt(client, name, "wrong", ip=ip(99)))
    known, unknown = answers
    assert known.status_code == unknown.status_code == 429
    assert without_tokens(known) == without_tokens(unknown)


def test_attempts_refused_by_a_client_lock_do_not_count_for_the_account(
    client, handler, student, password
):
    fail_times(client, student.username, 5, ip=ip(1))  # that client is locked: 5 counted
    fail_times(client, student.username, 10, ip=ip(1))  # refused, no password checked
    fail_times(client, student.username, 2, ip=ip(2))  # 7 counted, the limit is 8
    assert attempt(client, student.username, password, ip=ip(3)).status_code == 302


def test_staff_deleting_an_attempt_in_the_admin_lift_the_account_lock(
    client, handler, student, staff, password
):
    for n in range(8):
        attempt(client, student.username, "wrong", ip=ip(n))
    assert attempt(client, student.username, password, ip=ip(99)).status_code == 429
    row = AccessAttempt.objects.filter(username=student.username.lower()).first()
    client.force_login(staff)
    client.post(reverse("admin:axes_accessattempt_delete", args=[row.pk]), {"post": "yes"})
    sign_out(client)
    assert attempt(client, student.username, password, ip=ip(99)).status_code == 302


def test_staff_lift_every_lock_of_an_account_from_its_user_page_list(
    client, handler, student, staff, password
):
    fail_times(client, student.username, 5, ip=ip(1))
    for n in range(2, 5):
        attempt(client, student.username, "wrong", ip=ip(n))
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "lift_sign_in_lockouts", "_selected_action": [student.pk]},
        follow=True,
    )
    assert "Sign-in lockouts lifted." in response.content.decode()
    sign_out(client)
    for address in [ip(1), ip(99)]:
        assert attempt(client, student.username, password, ip=address).status_code == 302
        sign_out(client)


def test_the_default_is_fifty_failures_in_an_hour(client, settings, student, password):
    assert settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT == 50
    assert settings.LOCKOUT_ACCOUNT_WINDOW_MINUTES == 60
    for n in range(49):  # 49 clients, one failure each
        attempt(client, student.username, "wrong", ip=f"203.0.113.{n}")
    assert attempt(client, student.username, password, ip=ip(1)).status_code == 302
    sign_out(client)
    assert attempt(client, student.username, "wrong", ip=ip(2)).status_code == 429  # the 50th
    assert attempt(client, student.username, password, ip=ip(3)).status_code == 429


def test_the_limit_and_window_are_read_from_the_environment():
    script = (
        "from django.conf import settings as s; "
        "print(s.LOCKOUT_ACCOUNT_FAILURE_LIMIT, s.LOCKOUT_ACCOUNT_WINDOW_MINUTES)"
    )
    assert django_shell(script, DJANGO_DEBUG="true") == ["50", "60"]
    found = django_shell(
        script,
        DJANGO_DEBUG="true",
        LOCKOUT_ACCOUNT_FAILURE_LIMIT="20",
        LOCKOUT_ACCOUNT_WINDOW_MINUTES="30",
    )
    assert found == ["20", "30"]
    refused = run_python(
        "manage.py", "check", DJANGO_DEBUG="true", LOCKOUT_ACCOUNT_FAILURE_LIMIT="0"
    )
    assert refused.returncode != 0 and "LOCKOUT_ACCOUNT_FAILURE_LIMIT" in refused.stderr


# The stores themselves.


@pytest.fixture(params=["database", "cache"])
def locks(request, settings):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 3
    return DatabaseAccountLocks() if request.param == "database" else CacheAccountLocks(cache)


def test_a_store_locks_at_the_limit_then_counts_afresh(locks):
    assert [locks.count_failure("alice") for _ in range(2)] == [None, None]
    until = locks.count_failure("alice")
    expected = timezone.now() + timedelta(minutes=60)
    assert abs(until - expected) < timedelta(seconds=5)
    assert abs(locks.locked_until("alice") - until) < timedelta(seconds=1)
    assert locks.locked_until("bob") is None
    locks.lift("alice")
    assert locks.locked_until("alice") is None
    assert locks.count_failure("alice") is None  # the count started afresh


def test_the_database_store_forgets_failures_once_the_window_is_over(settings, monkeypatch):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 3
    locks = DatabaseAccountLocks()
    start = timezone.now()
    locks.count_failure("alice")
    locks.count_failure("alice")
    later = start + timedelta(minutes=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert locks.count_failure("alice") is None  # a new window: one failure
    assert AccountLockout.objects.get(username="alice").failures == 1
    locks.count_failure("alice")
    assert locks.count_failure("alice") == later + timedelta(minutes=60)
    monkeypatch.setattr(timezone, "now", lambda: later + timedelta(minutes=61))
    assert locks.locked_until("alice") is None
    locks.count_failure("someone.else")  # a new row clears rows whose window and lock ended
    assert list(AccountLockout.objects.values_list("username", flat=True)) == ["someone.else"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_failures_on_several_servers_are_all_counted(locks, settings):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 30

    def fail(n):
        try:
            return locks.count_failure("alice")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(fail, range(29)))
    assert results == [None] * 29 and locks.locked_until("alice") is None
    assert locks.count_failure("alice") is not None  # the thirtieth
