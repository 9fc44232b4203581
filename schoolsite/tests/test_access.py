"""Every page of the contract against every kind of visitor: status or redirect."""

import pytest

pytestmark = pytest.mark.django_db

ANON, STUDENT, TEACHER, PENDING, STAFF = "anonymous", "student", "teacher", "pending", "staff"
VISITORS = [ANON, STUDENT, TEACHER, PENDING, STAFF]
DASH = {STUDENT: "/students/dashboard/", TEACHER: "/teachers/dashboard/", STAFF: "/admin/"}


def login(path):
    return ("redirect", path)


# path -> {visitor: expected}; an int is a status code, a tuple a redirect target
# (None: the visitor's own dashboard; a string: that path + ?next=<the page>).
TABLE = {
    "/": dict.fromkeys(VISITORS, 200),
    "/students/register/": {ANON: 200, PENDING: 200, "signed_in": None},
    "/teachers/register/": {ANON: 200, PENDING: 200, "signed_in": None},
    "/students/login/": {ANON: 200, PENDING: 200, "signed_in": None},
    "/teachers/login/": {ANON: 200, PENDING: 200, "signed_in": None},
    "/accounts/login/": {ANON: 200, PENDING: 200, "signed_in": None},
    "/students/dashboard/": {
        ANON: "/students/login/",
        PENDING: "/students/login/",
        STUDENT: 200,
        TEACHER: 403,
        STAFF: 403,
    },
    "/teachers/dashboard/": {
        ANON: "/teachers/login/",
        PENDING: "/teachers/login/",
        STUDENT: 403,
        TEACHER: 200,
        STAFF: 403,
    },
    "/students/": {
        ANON: "/accounts/login/",
        PENDING: "/accounts/login/",
        STUDENT: 403,
        TEACHER: 200,
        STAFF: 200,
    },
    "/teachers/": {
        ANON: "/accounts/login/",
        PENDING: "/accounts/login/",
        STUDENT: 200,
        TEACHER: 200,
        STAFF: 200,
    },
    "/accounts/password_change/": {
        ANON: "/accounts/login/",
        PENDING: "/accounts/login/",
        STUDENT: 200,
        TEACHER: 200,
        STAFF: 200,
    },
    "/accounts/password_reset/": dict.fromkeys(VISITORS, 200),
    "/accounts/logout/": {ANON: 405, PENDING: 405, STUDENT: 405, TEACHER: 405, STAFF: 405},
    "/healthz": dict.fromkeys(VISITORS, 200),
    "/admin/": {
        ANON: "/admin/login/",
        PENDING: "/admin/login/",
        STUDENT: "/admin/login/",
        TEACHER: "/admin/login/",
        STAFF: 200,
    },
}


def expected(path, visitor):
    row = TABLE[path]
    if visitor in row:
        return row[visitor]
    return row["signed_in"]


CASES = [(path, visitor) for path in TABLE for visitor in VISITORS]


@pytest.fixture
def visitor_client(request, client):
    def make(visitor):
        # A pending teacher cannot sign in, so browses as an anonymous visitor.
        if visitor in (STUDENT, TEACHER, STAFF):
            client.force_login(request.getfixturevalue(visitor))
        elif visitor == PENDING:
            request.getfixturevalue("pending_teacher")
        return client

    return make


@pytest.mark.parametrize(("path", "visitor"), CASES, ids=[f"{p} {v}" for p, v in CASES])
def test_access(visitor_client, path, visitor):
    response = visitor_client(visitor).get(path)
    want = expected(path, visitor)
    if want is None:
        assert response.status_code == 302
        assert response.url == DASH[visitor]
    elif isinstance(want, str):
        assert response.status_code == 302
        assert response.url == f"{want}?next={path}"
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
