import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role, User

pytestmark = pytest.mark.django_db

URL = reverse("teachers:register")
DATA = {
    "username": "ms.jones",
    "email": "jones@school.example",
    "first_name": "Megan",
    "last_name": "Jones",
    "password1": "chalk-and-talk-2026",
    "password2": "chalk-and-talk-2026",
    "title": "Ms",
    "department": "Sciences",
    "subject": "Biology",
}


def test_teacher_registration_waits_for_approval_by_default(client):
    response = client.post(URL, DATA)
    assert response.status_code == 302 and response.url == reverse("teachers:login")
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("You are registered as a teacher.") and "approve" in message
    user = User.objects.get(username="ms.jones")
    assert user.role == Role.TEACHER and not user.is_approved
    assert user.teacher_profile.subject == "Biology"
    assert user.teacher_profile.approved_at is None


def test_without_approval_the_teacher_signs_in_at_once(client, settings):
    settings.TEACHER_SIGNUP_REQUIRES_APPROVAL = False
    response = client.post(URL, DATA)
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == "You are registered as a teacher; sign in to continue."
    signed_in = client.post(
        reverse("teachers:login"), {"username": "MS.JONES", "password": DATA["password1"]}
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("teachers:dashboard")


def test_teacher_profile_fields_are_optional(client):
    data = {k: v for k, v in DATA.items() if k not in ("title", "department", "subject")}
    client.post(URL, data)
    profile = User.objects.get(username="ms.jones").teacher_profile
    assert (profile.title, profile.department, profile.subject) == ("", "", "")


def test_self_registration_cannot_approve_itself(client):
    client.post(URL, {**DATA, "is_approved": "on", "role": "admin", "is_staff": "on"})
    user = User.objects.get(username="ms.jones")
    assert not user.is_approved and not user.is_staff and user.role == Role.TEACHER


def title_options(content):
    select = re.search(r'<select name="title"[^>]*>(.*?)</select>', content, re.S)[1]
    return re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)


def test_the_title_select_starts_with_a_plain_empty_label(client, teacher):
    register = client.get(URL).content.decode()
    client.force_login(teacher)
    profile = client.get(reverse("accounts:profile")).content.decode()

    for page in (register, profile):
        options = title_options(page)
        assert options[0] == ("", "Choose a title…")
        assert ("Dr", "Dr") in options and "---------" not in page
