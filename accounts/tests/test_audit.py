import logging
import re

import pytest
from django.core import mail
from django.urls import reverse

from teachers.services import approve_teachers

pytestmark = pytest.mark.django_db

IP = "198.51.100.23"


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="schoolsite.security")

    def lines():
        return [r.getMessage() for r in caplog.records if r.name == "schoolsite.security"]

    return lines


def post(client, url, data):
    return client.post(url, data, REMOTE_ADDR=IP)


def test_sign_in_failure_lockout_success_and_sign_out_are_logged(client, student, password, audit):
    login = reverse("students:login")
    for _ in range(5):
        post(client, login, {"username": student.username, "password": "Wrong-Secret-1"})
    lines = audit()
    assert any(f"sign_in.failure account='{student.username}' ip={IP}" in x for x in lines)
    assert any(x.startswith("sign_in.locked_out") and student.username in x for x in lines)
    client.force_login(student)
    post(client, reverse("accounts:logout"), {})
    assert any(x.startswith("sign_out") and student.username in x for x in audit())


def test_success_is_logged_with_account_and_ip(client, teacher, password, audit):
    post(client, reverse("teachers:login"), {"username": teacher.email, "password": password})
    assert any(
        x.startswith(f"sign_in.success account='{teacher.username}' ip={IP}") for x in audit()
    )


def test_registration_password_change_and_reset_are_logged(client, audit):
    secret = "Very-Secret-Passphrase-9"
    post(
        client,
        reverse("students:register"),
        {
            "username": "logged.kid",
            "email": "kid@example.org",
            "first_name": "K",
            "last_name": "Kid",
            "password1": secret,
            "password2": secret,
        },
    )
    client.post(
        reverse("students:login"), {"username": "logged.kid", "password": secret}, REMOTE_ADDR=IP
    )
    new = "Another-Secret-Passphrase-8"
    post(
        client,
        reverse("accounts:password_change"),
        {"old_password": secret, "new_password1": new, "new_password2": new},
    )
    client.post(reverse("accounts:logout"))
    post(client, reverse("accounts:password_reset"), {"email": "kid@example.org"})
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    page = client.get(link, follow=True)
    final = "Third-Secret-Passphrase-7"
    post(client, page.redirect_chain[-1][0], {"new_password1": final, "new_password2": final})
    events = [x.split(" ", 1)[0] for x in audit()]
    for event in ("registration", "password.change", "password.reset_requested", "password.reset"):
        assert event in events
    text = "\n".join(audit())
    for leaked in (secret, new, final):
        assert leaked not in text


def test_teacher_approval_is_logged_with_the_approver(pending_teacher, staff, audit):
    approve_teachers([pending_teacher], approved_by=staff)
    assert any(
        x.startswith(f"teacher.approved account='{pending_teacher.username}'")
        and f"by='{staff.username}'" in x
        for x in audit()
    )
