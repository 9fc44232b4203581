import re

import pytest
from django.core import mail
from django.urls import reverse

from schoolsite import settings as project_settings  # the module, before test overrides
from schoolsite.tests.processes import django_shell

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


@pytest.mark.parametrize("state", ["inactive", "no usable password"])
def test_password_reset_mails_nobody_who_could_not_use_it(client, student, state):
    if state == "inactive":
        student.is_active = False
    else:
        student.set_unusable_password()
    student.save()
    response = client.post(reverse("accounts:password_reset"), {"email": student.email})
    assert response.status_code == 302
    assert mail.outbox == []


def test_filemail_url_writes_each_message_to_a_file_in_that_folder(tmp_path):
    script = (
        "from django.core.mail import send_mail; send_mail('Hello', 'Body', None, ['to@x.org'])"
    )
    django_shell(script, DJANGO_DEBUG="true", EMAIL_URL=f"filemail://{tmp_path}/mail")
    [message] = list((tmp_path / "mail").iterdir())
    assert "Subject: Hello" in message.read_text()


# The hashers the site runs with, not the suite's fast one (accounts/tests/test_hashers.py).
REAL_HASHERS = project_settings.PASSWORD_HASHERS


@pytest.mark.parametrize(
    "secret",
    ["ß-Grüße-на-русском-中文-🔑-passphrase", "long-" + "x" * 4000],
    ids=["non-ascii", "very-long"],
)
def test_long_and_non_ascii_passwords_register_and_sign_in(client, settings, secret):
    settings.PASSWORD_HASHERS = REAL_HASHERS
    registered = client.post(
        reverse("students:register"),
        {
            "username": "unicode.kid",
            "email": "u@example.org",
            "first_name": "U",
            "last_name": "Kid",
            "password1": secret,
            "password2": secret,
        },
    )
    assert registered.status_code == 302
    signed_in = client.post(
        reverse("students:login"), {"username": "unicode.kid", "password": secret}
    )
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "too common"),
        ("8391047562913", "entirely numeric"),
        ("sh0rt!", "too short"),
        ("maria.gonzalez", "too similar"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(client, password, message):
    response = client.post(
        reverse("students:register"),
        {
            "username": "maria.gonzalez",
            "email": "maria.gonzalez@example.org",
            "first_name": "Maria",
            "last_name": "Gonzalez",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["password2"])
