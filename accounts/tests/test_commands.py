import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User

pytestmark = pytest.mark.django_db


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_creates_people_with_profiles_and_prints_sign_ins(settings):
    settings.DEBUG = True
    output = seed("--students", "4", "--teachers", "2")
    assert User.objects.filter(role=Role.STUDENT).count() == 4
    assert User.objects.filter(role=Role.TEACHER).count() == 3  # two plus one pending
    for user in User.objects.filter(role=Role.STUDENT):
        assert user.student_profile.student_number
    assert User.objects.get(username="pending.teacher").is_approved is False
    assert User.objects.get(username="staff").is_superuser
    assert "student1" in output and "teacher1" in output and "schoolsite-demo-2026" in output


def test_seed_demo_is_safe_to_run_twice(settings):
    settings.DEBUG = True
    seed("--students", "3", "--teachers", "1")
    seed("--students", "3", "--teachers", "1")
    assert User.objects.count() == 3 + 1 + 1 + 1


def test_seed_demo_if_empty_leaves_a_used_database_alone(settings, student):
    settings.DEBUG = True
    assert "no demo data" in seed("--if-empty")
    assert User.objects.count() == 1


def test_seed_demo_refuses_production_without_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        seed()


def test_seed_demo_rejects_negative_counts(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError):
        seed("--students", "-1")


def test_demo_accounts_can_sign_in(client, settings):
    settings.DEBUG = True
    seed("--students", "1", "--teachers", "1")
    response = client.post(
        "/students/login/", {"username": "student1", "password": "schoolsite-demo-2026"}
    )
    assert response.status_code == 302


def test_seed_demo_prints_links_for_the_served_address(settings):
    settings.DEBUG = True
    output = seed("--students", "1", "--teachers", "1", "--site-url", "http://127.0.0.1:8123/")
    assert "at http://127.0.0.1:8123/students/login/" in output
    again = seed("--if-empty", "--site-url", "http://127.0.0.1:8123")
    assert "no demo data added" in again and "student1" in again
