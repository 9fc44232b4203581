import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = [reverse("students:login"), reverse("teachers:login"), reverse("accounts:login")]


def attempt(client, username, password, url=PAGES[0], ip="203.0.113.10", **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)


def fail_times(client, username, times, **kwargs):
    for _ in range(times):
        response = attempt(client, username, "wrong-password", **kwargs)
        assert response.status_code in (200, 429)
    return response


def test_five_failures_lock_the_account_even_for_the_right_password(client, student, password):
    last = fail_times(client, student.username, 5)
    assert last.status_code == 429
    response = attempt(client, student.username, password)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html and "15 minutes" in html
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, student, password):
    fail_times(client, student.username, 4)
    assert attempt(client, student.username, password).status_code == 302


def test_every_spelling_of_the_account_shares_one_counter(client, student, password):
    for spelling in [
        student.username,
        student.username.upper(),
        student.email,
        student.email.upper(),
        student.username.title(),
    ]:
        attempt(client, spelling, "wrong-password")
    assert attempt(client, student.email.upper(), password).status_code == 429


def test_every_sign_in_page_shares_the_counters(client, student, password):
    for url in [*PAGES, "/admin/login/", PAGES[0]]:
        attempt(client, student.username, "wrong-password", url=url)
    for url in [*PAGES, "/admin/login/"]:
        assert attempt(client, student.username, password, url=url).status_code == 429, url


def test_other_accounts_from_the_same_ip_are_not_locked(client, student, teacher, password):
    fail_times(client, student.username, 5)
    assert attempt(client, teacher.username, password, url=PAGES[1]).status_code == 302


def test_the_same_account_from_another_ip_is_not_locked(client, student, password):
    fail_times(client, student.username, 5)
    assert attempt(client, student.username, password, ip="198.51.100.20").status_code == 302


def test_forged_forwarded_for_is_ignored_without_trusted_proxies(client, student, password):
    for n in range(5):
        attempt(client, student.username, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = attempt(client, student.username, password, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert response.status_code == 429


def test_behind_one_proxy_the_rightmost_forwarded_address_is_the_client(
    client, student, password, settings
):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for n in range(5):
        # The client forges entries on the left; the proxy appends the real address.
        forged = f"192.0.2.{n}, 198.51.100.7"
        attempt(client, student.username, "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=forged)
    locked = attempt(
        client,
        student.username,
        password,
        ip=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.7",
    )
    assert locked.status_code == 429
    elsewhere = attempt(
        client, student.username, password, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert elsewhere.status_code == 302


def test_staff_see_the_attempt_and_unlock_it_in_the_admin(client, student, staff, password):
    fail_times(client, student.username, 5)
    attempt_row = AccessAttempt.objects.get(username=student.username.lower())
    assert attempt_row.failures_since_start >= 5
    assert "wrong-password" not in attempt_row.post_data
    client.force_login(staff)
    changelist = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert student.username.lower() in changelist.content.decode()
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt_row.pk]), {"post": "yes"})
    client.logout()
    assert attempt(client, student.username, password).status_code == 302


def test_a_successful_sign_in_resets_the_counter(client, student, password):
    fail_times(client, student.username, 4)
    assert attempt(client, student.username, password).status_code == 302
    client.post(reverse("accounts:logout"))
    fail_times(client, student.username, 4)
    assert attempt(client, student.username, password).status_code == 302


# Behind a proxy: ports, unreadable entries, and IPv6 clients counted by their /64.

PROXY = "10.0.0.2"


def behind_proxy(client, username, password, forwarded, **kwargs):
    return attempt(client, username, password, ip=PROXY, HTTP_X_FORWARDED_FOR=forwarded, **kwargs)


@pytest.mark.parametrize(
    ("ports", "same_client", "other_client"),
    [
        (
            ["203.0.113.5:5555", " 203.0.113.5:1 ", "203.0.113.5"],
            "203.0.113.5:6666",
            "203.0.113.6:5555",
        ),
        (
            ["[2001:db8::5]:443", " [2001:db8::5] ", "2001:db8::5"],
            "[2001:db8::6]:8443",
            "[2001:db8:0:1::5]:443",
        ),
    ],
    ids=["ipv4", "ipv6"],
)
def test_an_entry_with_a_port_counts_as_its_address(
    client, student, password, settings, ports, same_client, other_client
):
    settings.TRUSTED_PROXIES = 1
    for forwarded in [*ports, ports[0], ports[1]]:
        behind_proxy(client, student.username, "wrong", f"192.0.2.1, {forwarded}")
    assert behind_proxy(client, student.username, password, same_client).status_code == 429
    assert behind_proxy(client, student.username, password, other_client).status_code == 302


def test_attackers_with_unreadable_entries_never_lock_other_clients_behind_the_proxy(
    client, student, password, settings
):
    settings.TRUSTED_PROXIES = 1
    for n in range(6):  # two attackers whose entries cannot be read, each past the pair limit
        behind_proxy(client, student.username, "wrong", "unknown")
        behind_proxy(client, student.username, "wrong", f"garbage-{n}!")
    assert not AccessAttempt.objects.filter(ip_address=PROXY).exists()
    assert behind_proxy(client, student.username, password, "198.51.100.9").status_code == 302
    client.post(reverse("accounts:logout"))
    assert behind_proxy(client, student.username, password, "unknown").status_code == 302
    client.post(reverse("accounts:logout"))
    assert attempt(client, student.username, password, ip=PROXY).status_code == 302


def test_sixty_guesses_from_sixty_addresses_in_one_slash_64_are_locked_after_five(
    client, student, password
):
    statuses = [
        attempt(client, student.username, "wrong", ip=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 61)
    ]
    assert statuses[:4] == [200] * 4 and set(statuses[4:]) == {429}
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["2001:db8:1:2::"]
    right = attempt(client, student.username, password, ip="2001:db8:1:2:ffff:ffff:ffff:ffff")
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    assert attempt(client, student.username, password, ip="2001:db8:1:3::1").status_code == 302


def test_one_slash_64_behind_a_proxy_is_one_client(client, student, password, settings):
    settings.TRUSTED_PROXIES = 1
    for n in range(1, 6):
        behind_proxy(client, student.username, "wrong", f"[2001:db8:5:6::{n}]:{40000 + n}")
    assert behind_proxy(client, student.username, password, "2001:db8:5:6::99").status_code == 429


def test_an_ipv4_mapped_address_counts_as_the_ipv4_address(client, student, password):
    fail_times(client, student.username, 5, ip="::ffff:203.0.113.10")
    assert attempt(client, student.username, password, ip="203.0.113.10").status_code == 429


# A completed password reset lifts every lock of the account.

HANDLERS = ["accounts.lockout.DatabaseHandler", "accounts.lockout.SharedCacheHandler"]


@pytest.fixture(params=HANDLERS, ids=["database", "cache"])
def handler(request, settings):
    settings.AXES_HANDLER = request.param
    return request.param


def reset_password(client, email, new_password):
    client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR="192.0.2.50")
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[-1].body)[1]
    form = client.get(link, follow=True).redirect_chain[-1][0]
    data = {"new_password1": new_password, "new_password2": new_password}
    done = client.post(form, data, REMOTE_ADDR="192.0.2.50")
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")


def test_a_password_reset_from_the_locked_page_lets_the_person_in(client, student):
    locked = fail_times(client, student.username, 5)
    assert reverse("accounts:password_reset") in locked.content.decode()
    reset_password(client, student.email, "A-New-Passphrase-2026")
    assert attempt(client, student.username, "A-New-Passphrase-2026").status_code == 302


def test_a_completed_password_reset_lifts_the_client_and_the_account_locks(
    client, handler, student, teacher, password, settings
):
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 8
    fail_times(client, student.username, 5, ip="203.0.113.1")  # locks that pair
    fail_times(client, student.username, 3, ip="203.0.113.2")  # the eighth locks the account
    for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]:
        assert attempt(client, student.username, password, ip=ip).status_code == 429, ip
    fail_times(client, teacher.username, 5, ip="203.0.113.1")

    reset_password(client, student.email, "A-New-Passphrase-2026")

    for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]:
        response = attempt(client, student.username, "A-New-Passphrase-2026", ip=ip)
        assert response.status_code == 302, ip
        client.post(reverse("accounts:logout"))
    # Another account's lock is its own.
    assert attempt(client, teacher.username, password, ip="203.0.113.1").status_code == 429
