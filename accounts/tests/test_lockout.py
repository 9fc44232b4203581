import pytest
from axes.models import AccessAttempt
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
