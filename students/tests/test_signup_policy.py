"""STUDENT_SIGNUP: who may register as a student (open, with a class join code, or closed)."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse

from accounts.models import User
from classes import services as class_services
from classes.models import Class
from classes.tests.factories import ClassFactory
from schoolsite.tests.processes import django_shell, run_python
from students import services
from students.tests.factories import StudentFactory
from students.tests.test_registration import form

pytestmark = pytest.mark.django_db

URL = reverse("students:register")
CLOSED_WORDS = "ask your teacher or the school office"
WRONG_CODE = "That code does not open a class"


@pytest.fixture
def signup(settings):
    """Start the site with another STUDENT_SIGNUP, as a restart would (pages included)."""

    def signup(policy):
        settings.STUDENT_SIGNUP = policy
        settings.TEMPLATES = [*settings.TEMPLATES]  # the template engines are built again

    return signup


def register_links(client):
    """How often the home page (navbar included) links to student and teacher registration."""
    page = client.get(reverse("home")).content.decode()
    return (
        page.count(f'href="{reverse("students:register")}"'),
        page.count(f'href="{reverse("teachers:register")}"'),
    )


def enrolled(username):
    return list(Class.objects.attended_by(User.objects.get(username=username)))


# open


def test_open_is_today_s_registration_without_a_code(client, signup):
    signup("open")
    page = client.get(URL).content.decode()
    assert 'name="username"' in page and 'name="code"' not in page
    response = client.post(URL, form(code="ANYTHING"))
    assert response.status_code == 302 and response.url == reverse("students:login")
    assert enrolled("new.student") == []
    assert register_links(client) == (2, 2)  # the home page's button and the navbar's menu


# code


def test_with_code_the_form_asks_for_the_class_code_first(client, signup):
    signup("code")
    response = client.get(URL)
    field = response.context["form"]["code"]
    assert field.field.required and field.label == "Class code"
    assert "your teacher" in field.help_text
    page = response.content.decode()
    assert page.index('name="code"') < page.index('name="username"')
    assert "You need the class code your teacher gave you" in page
    assert register_links(client) == (2, 2)


def test_with_code_a_valid_code_creates_the_student_in_that_class(client, signup):
    signup("code")
    school_class = ClassFactory(title="7B Geography")
    response = client.post(URL, form(code=school_class.join_code.lower()))
    assert response.status_code == 302 and response.url == reverse("students:login")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["You are registered as a student in 7B Geography; sign in to continue."]
    assert enrolled("new.student") == [school_class]
    user = User.objects.get(username="new.student")
    assert user.is_student and user.student_profile.student_number


@pytest.mark.parametrize("change", ["reset", "off", "typo", "missing"])
def test_with_code_a_wrong_reset_or_disabled_code_creates_nobody(client, signup, change):
    signup("code")
    school_class = ClassFactory()
    code = school_class.join_code
    if change == "reset":
        class_services.set_new_join_code(school_class)
    elif change == "off":
        class_services.disable_join_code(school_class)
    elif change == "typo":
        code = code[:-1] + ("A" if code[-1] != "A" else "C")
    else:
        code = ""
    response = client.post(URL, form(code=code))
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["code"])
    assert ("This field is required" if change == "missing" else WRONG_CODE) in error
    assert error in response.content.decode()
    assert not User.objects.filter(username="new.student").exists()
    assert not school_class.enrollments.exists()


def test_with_code_a_failed_enrolment_leaves_no_account(client, signup, monkeypatch):
    signup("code")
    school_class = ClassFactory()

    def enrol_fails(user, school_class):
        raise IntegrityError("the enrolment could not be written")

    monkeypatch.setattr(services, "enrol", enrol_fails)
    response = client.post(URL, form(code=school_class.join_code))
    assert response.status_code == 200
    assert "Registration could not be completed" in response.content.decode()
    assert not User.objects.filter(username="new.student").exists()


def test_with_code_wrong_codes_are_limited_like_the_join_page(client, signup, settings):
    signup("code")
    settings.JOIN_CODE_FAILURE_LIMIT = 3
    school_class = ClassFactory()
    for _ in range(3):
        assert client.post(URL, form(code="WRONG99")).status_code == 200
    blocked = client.post(URL, form(code=school_class.join_code))
    assert blocked.status_code == 429
    assert "Too many wrong class codes" in blocked.content.decode()
    assert not User.objects.filter(username="new.student").exists()

    # One count per client for both pages: the join page is paused for this client too ...
    joining = Client()
    joining.force_login(StudentFactory())
    join = reverse("classes:join")
    assert joining.post(join, {"code": school_class.join_code}).status_code == 429
    # ... and another client registers with the right code.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(URL, form(code=school_class.join_code)).status_code == 302
    assert enrolled("new.student") == [school_class]


def test_with_code_other_mistakes_do_not_count_as_guesses(client, signup, settings):
    signup("code")
    settings.JOIN_CODE_FAILURE_LIMIT = 1
    school_class = ClassFactory()
    mismatch = form(code=school_class.join_code, password2="something-else-entirely")
    for _ in range(3):
        assert client.post(URL, mismatch).status_code == 200
    assert client.post(URL, form(code=school_class.join_code)).status_code == 302


# closed


def test_closed_shows_that_accounts_come_from_the_school(client, signup):
    signup("closed")
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Student accounts come from the school" in page and CLOSED_WORDS in page
    assert "<form" not in page and 'name="password1"' not in page


def test_closed_refuses_a_registration_post(client, signup):
    signup("closed")
    response = client.post(URL, form())
    assert response.status_code == 403
    assert CLOSED_WORDS in response.content.decode()
    assert not User.objects.filter(username="new.student").exists()


def test_closed_home_page_and_navbar_do_not_offer_student_registration(client, signup):
    signup("closed")
    assert register_links(client) == (0, 2)
    assert CLOSED_WORDS in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("policy", ["code", "closed"])
def test_teacher_registration_is_unaffected(client, signup, policy):
    signup(policy)
    data = form(username="new.teacher", email="new.teacher@example.org")
    response = client.post(reverse("teachers:register"), data)
    assert response.status_code == 302
    assert User.objects.get(username="new.teacher").is_teacher


# the setting itself


def test_an_unknown_student_signup_value_stops_the_site_with_one_line():
    result = run_python("manage.py", "check", DJANGO_DEBUG="true", STUDENT_SIGNUP="invite-only")
    assert result.returncode == 1
    assert "STUDENT_SIGNUP must be open, code or closed, not 'invite-only'." in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("value", "read"), [("", "open"), ("Code", "code"), ("closed", "closed")])
def test_student_signup_is_read_from_the_environment(value, read):
    script = "from django.conf import settings; print(settings.STUDENT_SIGNUP)"
    assert django_shell(script, DJANGO_DEBUG="true", STUDENT_SIGNUP=value) == [read]
