import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_password_change_keeps_this_session_and_ends_the_others(client, student, password):
    from django.test import Client

    other = Client()
    other.force_login(student)
    client.force_login(student)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "fresh-new-secret-44",
            "new_password2": "fresh-new-secret-44",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("students:dashboard")).status_code == 200
    assert other.get(reverse("students:dashboard")).status_code == 302
    student.refresh_from_db()
    assert student.check_password("fresh-new-secret-44")


def test_password_reset_by_mail_end_to_end(client, student):
    from django.test import Client

    old_session = Client()
    old_session.force_login(student)
    response = client.post(reverse("accounts:password_reset"), {"email": student.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "reset-and-ready-55", "new_password2": "reset-and-ready-55"},
    )
    assert done.status_code == 302 and done.url == reverse("accounts:password_reset_complete")
    student.refresh_from_db()
    assert student.check_password("reset-and-ready-55")
    assert old_session.get(reverse("students:dashboard")).status_code == 302
    assert client.get(link, follow=True).context["validlink"] is False


def test_password_reset_answers_the_same_for_unknown_emails_and_sends_nothing(client, student):
    known = client.post(reverse("accounts:password_reset"), {"email": student.email}, follow=True)
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
    )
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content


def test_filemail_url_writes_each_message_to_a_file_in_that_folder(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from django.core.mail import send_mail; "
        "send_mail('Hello', 'Body', None, ['to@example.org'])"
    )
    env = {**os.environ, "DJANGO_DEBUG": "true", "EMAIL_URL": f"filemail://{tmp_path}/mail"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [message] = list((tmp_path / "mail").iterdir())
    assert "Subject: Hello" in message.read_text()
