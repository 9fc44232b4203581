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


def test_filemail_writes_one_file_per_message(tmp_path, monkeypatch):
    import environ
    from django.core.mail import get_connection, send_mail

    config = environ.Env.email_url_config(f"filemail://{tmp_path}")
    connection = get_connection(config["EMAIL_BACKEND"], file_path=config["EMAIL_FILE_PATH"])
    send_mail("Hello", "Body", "from@example.org", ["to@example.org"], connection=connection)
    assert len(list(tmp_path.iterdir())) == 1
