import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.urls import reverse

from accounts.models import User
from schoolsite import settings as project_settings  # the module, before test overrides

pytestmark = pytest.mark.django_db

SECRET = "legacy-password-123"
OWASP = {"type": argon2.Type.ID, "memory_cost": 19456, "time_cost": 2, "parallelism": 1}


@pytest.fixture(autouse=True)
def site_hashers(settings):
    """The hashers the site runs with, not the suite's fast one."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def parameters(encoded):
    algorithm, rest = encoded.split("$", 1)
    assert algorithm == "argon2"
    found = argon2.extract_parameters("$" + rest)
    return {name: getattr(found, name) for name in OWASP}


def sign_in(client, user, password):
    return client.post(reverse("students:login"), {"username": user.username, "password": password})


def test_new_passwords_are_argon2id_at_the_owasp_minimum():
    encoded = make_password(SECRET)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert parameters(encoded) == OWASP


def test_a_registration_stores_the_new_parameters(client):
    secret = "quiet-harbour-lantern-58"
    client.post(
        reverse("students:register"),
        {
            "username": "new.kid",
            "email": "new.kid@example.org",
            "first_name": "New",
            "last_name": "Kid",
            "password1": secret,
            "password2": secret,
        },
    )
    assert parameters(User.objects.get(username="new.kid").password) == OWASP


def django_default_argon2(password):
    hasher = Argon2PasswordHasher()
    return hasher.encode(password, hasher.salt())


LEGACY = {
    "argon2 at Django's defaults": django_default_argon2,
    "pbkdf2_sha256": lambda password: make_password(password, hasher="pbkdf2_sha256"),
    "pbkdf2_sha1": lambda password: make_password(password, hasher="pbkdf2_sha1"),
}


@pytest.mark.parametrize("make_legacy", LEGACY.values(), ids=LEGACY.keys())
def test_an_older_hash_signs_in_and_is_upgraded(client, student, make_legacy):
    student.password = make_legacy(SECRET)
    student.save()
    response = sign_in(client, student, SECRET)
    assert response.status_code == 302
    assert response.url == student.get_dashboard_url()
    student.refresh_from_db()
    assert parameters(student.password) == OWASP
    assert student.check_password(SECRET)
    # The rehash changed the session's password fingerprint before login() recorded it.
    assert client.get(reverse("students:dashboard")).status_code == 200


def test_django_default_argon2_hashes_are_recognised_as_older():
    assert parameters(django_default_argon2(SECRET)) == {
        "type": argon2.Type.ID,
        "memory_cost": 102400,
        "time_cost": 2,
        "parallelism": 8,
    }


@pytest.mark.parametrize("make_legacy", LEGACY.values(), ids=LEGACY.keys())
def test_a_wrong_password_leaves_an_older_hash_alone(client, student, make_legacy):
    student.password = legacy = make_legacy(SECRET)
    student.save()
    response = sign_in(client, student, "not-the-password-1")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    student.refresh_from_db()
    assert student.password == legacy


def test_a_current_hash_is_not_rewritten_at_sign_in(client, student):
    student.password = current = make_password(SECRET)
    student.save()
    assert sign_in(client, student, SECRET).status_code == 302
    student.refresh_from_db()
    assert student.password == current
