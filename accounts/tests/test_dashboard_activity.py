"""The dashboards' sign-in activity tells the truth about the sign-in before this one."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import dateformat, timezone

from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ROLES = {
    "student": (StudentFactory, "students"),
    "teacher": (TeacherFactory, "teachers"),
}


@pytest.fixture(params=ROLES)
def person(request, password):
    factory, app = ROLES[request.param]
    user = factory(first_name="Ada", password=password)
    return user, reverse(f"{app}:login"), reverse(f"{app}:dashboard")


def sign_in(client, user, url, password):
    """Sign in; return the message it leaves for the next page."""
    response = client.post(url, {"username": user.username, "password": password})
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def activity(client, dashboard):
    """The "Sign-in activity" card: its markup, and its text as a person reads it."""
    page = client.get(dashboard).content.decode()
    card = page.split('id="activity-heading"', 1)[1].split("</section>", 1)[0]
    return card, " ".join(html.unescape(re.sub(r"<[^>]+>", "", card)).split())


def test_a_first_sign_in_is_greeted_as_a_first(client, person, password):
    user, login, dashboard = person
    assert sign_in(client, user, login, password) == "Welcome, Ada."
    _, card = activity(client, dashboard)
    assert "You have signed in 1 time." in card
    assert "This is your first sign-in." in card
    assert "Previous sign-in" not in card and "Last sign-in" not in card and " ago" not in card


def test_later_sign_ins_show_the_one_before_not_this_one(client, person, password):
    user, login, dashboard = person
    before = timezone.now() - timedelta(days=3, hours=2)
    type(user).objects.filter(pk=user.pk).update(last_login=before, login_count=4)
    assert sign_in(client, user, login, password) == "Welcome back, Ada."
    markup, card = activity(client, dashboard)
    shown = dateformat.format(timezone.localtime(before), "l j F Y, H:i")
    assert "You have signed in 5 times." in card
    assert f"Previous sign-in: {shown} (3 days, 2 hours ago)." in card
    assert f'datetime="{timezone.localtime(before).isoformat()}"' in markup
    assert "If that was not you, change your password." in card
    assert "first sign-in" not in card and "0 minutes" not in card


def test_the_second_sign_in_shows_the_first(client, person, password):
    user, login, dashboard = person
    sign_in(client, user, login, password)
    user.refresh_from_db()
    first = user.last_login
    client.post(reverse("accounts:logout"))
    sign_in(client, user, login, password)
    markup, card = activity(client, dashboard)
    assert f'datetime="{timezone.localtime(first).isoformat()}"' in markup
    assert "You have signed in 2 times." in card and "first sign-in" not in card


def test_a_session_that_kept_no_history_claims_none(client, person, password):
    """A session signed in before the history was kept: neither a first nor a previous."""
    user, login, dashboard = person
    sign_in(client, user, login, password)
    session = client.session
    del session["previous_login"]
    session.save()
    _, card = activity(client, dashboard)
    assert "You have signed in 1 time." in card
    assert "first sign-in" not in card and "Previous sign-in" not in card


def test_signing_in_again_does_not_keep_another_accounts_history(client, password):
    earlier = StudentFactory(password=password)
    type(earlier).objects.filter(pk=earlier.pk).update(last_login=timezone.now())
    sign_in(client, earlier, reverse("students:login"), password)
    client.post(reverse("accounts:logout"))
    newcomer = StudentFactory(first_name="Ada", password=password)
    assert sign_in(client, newcomer, reverse("students:login"), password) == "Welcome, Ada."
    assert client.session["previous_login"] == ""


def test_a_sign_in_a_moment_before_is_not_zero_minutes_ago(client, person, password):
    user, login, dashboard = person
    moment = timezone.now() - timedelta(seconds=20)
    type(user).objects.filter(pk=user.pk).update(last_login=moment, login_count=1)
    sign_in(client, user, login, password)
    _, card = activity(client, dashboard)
    ago = re.search(r"\((\d+) seconds ago\)\.", card)
    assert ago and 20 <= int(ago.group(1)) < 60 and "0 minutes" not in card
