"""The school's name (settings.SCHOOL_NAME) in the navbar, page titles, mails and the admin."""

import html
import json
import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape

from schoolsite.tests.processes import django_shell

pytestmark = pytest.mark.django_db

CUSTOM = "St Mary's <Upper> & Lower School"


@pytest.fixture
def school_named(settings):
    """Start the site's pages and mails with another SCHOOL_NAME, as a restart would."""

    def school_named(name):
        settings.SCHOOL_NAME = name
        settings.TEMPLATES = [*settings.TEMPLATES]  # the template engines are built again

    return school_named


def the(pattern, content):
    """The text of the one element `pattern` finds in `content`."""
    found = re.findall(pattern, content, re.DOTALL)
    assert len(found) == 1, found
    return found[0].strip()


def shown_name(content):
    """Where a page names the site: navbar brand, title suffix, meta description, footer."""
    return {
        "brand": the(r'class="navbar-brand site-brand".*?<span>(.*?)</span>', content),
        "title": the(r"<title>.*?&middot; (.*?)</title>", content),
        "description": the(r'<meta name="description" content="(.*?): the school', content),
        "footer": the(r"&copy; \d{4} (.*?) &middot;", content),
    }


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/password_reset/"])
def test_pages_name_the_site_schoolsite_by_default(client, path):
    content = client.get(path).content.decode()

    assert set(shown_name(content).values()) == {"schoolsite"}


def test_pages_show_the_school_s_own_name_escaped(client, school_named, student):
    school_named(CUSTOM)
    client.force_login(student)

    for path in ["/", reverse("students:dashboard")]:
        content = client.get(path).content.decode()
        shown = shown_name(content).values()
        assert {html.unescape(name) for name in shown} == {CUSTOM}
        assert all("&lt;Upper&gt; &amp; Lower" in name for name in shown)
        assert "<Upper>" not in content
    heading = the(r'<h1 id="welcome-heading".*?>(.*?)</h1>', client.get("/").content.decode())
    assert html.unescape(heading) == f"Welcome to {CUSTOM}"


@pytest.mark.parametrize("name", ["schoolsite", CUSTOM])
def test_the_password_reset_mail_names_the_school(client, school_named, student, name):
    school_named(name)

    client.post(reverse("accounts:password_reset"), {"email": student.email})

    (message,) = mail.outbox
    assert message.subject == f"Reset your {name} password"  # plain text: not escaped
    assert f"the password for your {name} account at testserver." in message.body
    assert message.body.endswith(f"-- \n{name}")


def test_the_500_page_names_the_school_though_it_renders_without_a_request(school_named):
    school_named(CUSTOM)

    content = render_to_string("500.html")

    assert {html.unescape(shown) for shown in shown_name(content).values()} == {CUSTOM}


def test_the_admin_is_headed_with_the_default_name(staff_client):
    content = staff_client.get(reverse("admin:index")).content.decode()

    assert the(r'<div id="site-name">(.*?)</div>', content).endswith(
        ">schoolsite administration</a>"
    )
    assert the(r"<title>(.*?)</title>", content).endswith("| schoolsite admin")


RENDER_ADMIN_AND_SENDER = """
import json
from django.conf import settings
from django.core.mail import EmailMessage
from django.test import Client
page = Client(HTTP_HOST="localhost").get("/admin/login/").content.decode()
sender = EmailMessage("subject", "body", to=["someone@example.org"]).message()["From"]
print(json.dumps({"page": page, "from": settings.DEFAULT_FROM_EMAIL, "header": sender}))
"""


def admin_and_sender(**env):
    """The admin's sign-in page and the mails' sender of a site started with `env`."""
    out = django_shell(RENDER_ADMIN_AND_SENDER, DJANGO_DEBUG="true", **env)
    return json.loads(" ".join(out))


def test_a_site_started_with_a_school_name_uses_it_in_the_admin_and_as_sender():
    started = admin_and_sender(SCHOOL_NAME=CUSTOM)

    page = started["page"]
    assert f">{escape(CUSTOM)} administration</a>" in page
    assert f"| {escape(CUSTOM)} admin</title>" in page
    assert "<Upper>" not in page
    assert started["from"] == '"St Mary\'s <Upper> & Lower School" <noreply@localhost>'
    assert started["header"] == started["from"]


def test_the_sender_is_named_schoolsite_by_default_and_can_be_set_apart():
    assert admin_and_sender()["from"] == "schoolsite <noreply@localhost>"
    chosen = "Office <office@school.example>"
    assert admin_and_sender(SCHOOL_NAME=CUSTOM, DEFAULT_FROM_EMAIL=chosen)["from"] == chosen
