"""Every page against every kind of visitor: the status or redirect each one gets."""

import pytest

from accounts.tests.factories import UserFactory
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

ANON, STUDENT, TEACHER, PENDING = "anonymous", "student", "teacher", "pending"
INACTIVE, STAFF, SUPER = "inactive", "staff", "superuser"
VISITORS = [ANON, STUDENT, TEACHER, PENDING, INACTIVE, STAFF, SUPER]
# Pending teachers cannot sign in and deactivated accounts lose their sessions: both browse
# as anonymous visitors.
NOT_SIGNED_IN = (ANON, PENDING, INACTIVE)
DASH = {
    STUDENT: "/students/dashboard/",
    TEACHER: "/teachers/dashboard/",
    STAFF: "/admin/",
    SUPER: "/admin/",
}
SIGNED_IN = "signed_in"
ME = "own dashboard"

# path -> {visitor or SIGNED_IN or ANON (standing for all NOT_SIGNED_IN): expected}; an int
# is a status code, ME a redirect to the visitor's dashboard, a path a redirect there with next.
TABLE = {
    "/": {ANON: 200, SIGNED_IN: 200},
    "/students/register/": {ANON: 200, SIGNED_IN: ME},
    "/teachers/register/": {ANON: 200, SIGNED_IN: ME},
    "/students/login/": {ANON: 200, SIGNED_IN: ME},
    "/teachers/login/": {ANON: 200, SIGNED_IN: ME},
    "/accounts/login/": {ANON: 200, SIGNED_IN: ME},
    "/students/dashboard/": {ANON: "/students/login/", STUDENT: 200, SIGNED_IN: 403},
    "/teachers/dashboard/": {ANON: "/teachers/login/", TEACHER: 200, SIGNED_IN: 403},
    "/students/": {ANON: "/accounts/login/", STUDENT: 403, SIGNED_IN: 200},
    "/teachers/": {ANON: "/accounts/login/", SIGNED_IN: 200},
    "/accounts/profile/": {ANON: "/accounts/login/", SIGNED_IN: 200},
    "/accounts/password_change/": {ANON: "/accounts/login/", SIGNED_IN: 200},
    "/accounts/password_change/done/": {ANON: "/accounts/login/", SIGNED_IN: 200},
    "/accounts/password_reset/": {ANON: 200, SIGNED_IN: 200},
    "/accounts/password_reset/done/": {ANON: 200, SIGNED_IN: 200},
    "/accounts/reset/MQ/bad-token/": {ANON: 200, SIGNED_IN: 200},
    "/accounts/reset/done/": {ANON: 200, SIGNED_IN: 200},
    "/accounts/logout/": {ANON: 302, SIGNED_IN: 200},  # 302 to "/": test_signout_page
    "/healthz": {ANON: 200, SIGNED_IN: 200},
    "/admin/": {
        ANON: "/admin/login/",
        STUDENT: "/admin/login/",
        TEACHER: "/admin/login/",
        SIGNED_IN: 200,
    },
    "/admin/accounts/user/": {
        ANON: "/admin/login/",
        STUDENT: "/admin/login/",
        TEACHER: "/admin/login/",
        STAFF: 403,
        SUPER: 200,
    },
    "/no-such-page/": {ANON: 404, SIGNED_IN: 404},
}


def expected(path, visitor):
    row = TABLE[path]
    if visitor in row:
        return row[visitor]
    return row[ANON] if visitor in NOT_SIGNED_IN else row[SIGNED_IN]


@pytest.fixture
def visitor_client(request, client):
    def make(visitor):
        if visitor == ANON:
            return client
        if visitor == PENDING:
            user = request.getfixturevalue("pending_teacher")
        elif visitor == INACTIVE:
            user = StudentFactory()
            client.force_login(user)
            user.is_active = False
            user.save()
            return client
        elif visitor == STAFF:
            user = UserFactory(is_staff=True)
        elif visitor == SUPER:
            user = request.getfixturevalue("staff")
        else:
            user = request.getfixturevalue(visitor)
        client.force_login(user)
        return client

    return make


CASES = [(path, visitor) for path in TABLE for visitor in VISITORS]


@pytest.mark.parametrize(("path", "visitor"), CASES, ids=[f"{p} {v}" for p, v in CASES])
def test_access(visitor_client, path, visitor):
    response = visitor_client(visitor).get(path)
    want = expected(path, visitor)
    if want == ME:
        assert (response.status_code, response.url) == (302, DASH[visitor])
    elif isinstance(want, str):
        assert (response.status_code, response.url) == (302, f"{want}?next={path}")
    else:
        assert response.status_code == want


def test_the_403_page_says_why_and_links_to_the_right_dashboard(student_client):
    response = student_client.get("/teachers/dashboard/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "only for teacher accounts" in html
    assert 'href="/students/dashboard/"' in html


def test_the_404_page_is_in_the_site_look_and_leaks_nothing(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "schoolsite" in html and "Traceback" not in html and "urlpatterns" not in html


def test_a_dashboard_shows_only_its_owners_data(client, password):
    """There is no page about another person: /dashboard/ is always the signed-in user's."""
    alice = StudentFactory(first_name="Alice", last_name="Aardvark")
    bob = StudentFactory(first_name="Bob", last_name="Bobcat")
    client.force_login(alice)
    html = client.get("/students/dashboard/", {"user": bob.pk, "id": bob.pk}).content.decode()
    assert "Aardvark" in html and "Bobcat" not in html
    assert bob.student_profile.student_number not in html
