"""Fixtures shared by every app's tests."""

import pytest
from django.template.backends import jinja2 as backends_jinja2
from django.test import override_settings
from django.test.signals import template_rendered

from accounts.tests.factories import AdminFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True, scope="session")
def _jinja2_renders_reach_the_test_client():
    """Give the test client a Jinja2 page's template and context, as Django's test runner does
    for its own template language (`template_rendered`, read by `response.context`)."""
    original = backends_jinja2.Template.render

    def render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self.template, context=context or {})
        return original(self, context, request)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(backends_jinja2.Template, "render", render)
        yield


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Fast hashing and plain static storage; tests that need the real hashers set them."""
    from django.conf import settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def student(db):
    return StudentFactory(password=PASSWORD)


@pytest.fixture
def teacher(db):
    return TeacherFactory(password=PASSWORD)


@pytest.fixture
def pending_teacher(db):
    return TeacherFactory(password=PASSWORD, approved=False)


@pytest.fixture
def staff(db):
    return AdminFactory(password=PASSWORD)


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client
