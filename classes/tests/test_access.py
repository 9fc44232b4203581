"""Who may open or use each class URL: every URL against every kind of visitor."""

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import AdminFactory, UserFactory
from classes.services import enrol
from classes.tests.factories import ClassFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

VISITORS = (
    "anonymous",
    "student",
    "other_student",
    "teacher",
    "other_teacher",
    "pending_teacher",
    "staff",
    "superuser",
)


@pytest.fixture
def school():
    """A class with its teacher and student, and another class with theirs."""
    teacher, other_teacher = TeacherFactory(), TeacherFactory()
    school_class = ClassFactory(teacher=teacher)
    other_class = ClassFactory(teacher=other_teacher)
    student, other_student = StudentFactory(), StudentFactory()
    enrol(student, school_class)
    enrol(other_student, other_class)
    return {
        "class": school_class,
        "anonymous": None,
        "student": student,
        "other_student": other_student,
        "teacher": teacher,
        "other_teacher": other_teacher,
        "pending_teacher": TeacherFactory(approved=False),
        "staff": UserFactory(username="office", role=Role.ADMIN, is_staff=True),
        "superuser": AdminFactory(),
    }


def visit(client, school, visitor, method, url_name, **kwargs):
    if school[visitor] is not None:
        client.force_login(school[visitor])
    url = reverse(url_name, kwargs=kwargs)
    return getattr(client, method)(url, {"username": "nobody"} if method == "post" else {})


SIGN_IN = {
    "accounts": "/accounts/login/",
    "teachers": "/teachers/login/",
    "students": "/students/login/",
}

# Each row: method, URL name, sign-in page for anonymous visitors, then the status for each
# visitor in VISITORS order. 302 for a signed-in visitor on a POST is the success redirect.
TABLE = [
    ("get", "classes:list", "accounts", [302, 200, 200, 200, 200, 302, 200, 200]),
    ("get", "classes:create", "teachers", [302, 403, 403, 200, 200, 302, 403, 403]),
    ("get", "classes:join", "students", [302, 200, 200, 403, 403, 302, 403, 403]),
    ("get", "classes:detail", "accounts", [302, 200, 403, 200, 403, 302, 200, 200]),
    ("post", "classes:join_code", "accounts", [302, 403, 403, 302, 403, 302, 302, 302]),
    ("post", "classes:add_teacher", "accounts", [302, 403, 403, 302, 403, 302, 302, 302]),
    ("post", "classes:new_student", "accounts", [302, 403, 403, 302, 403, 302, 302, 302]),
    ("post", "classes:remove_student", "accounts", [302, 403, 403, 302, 403, 302, 302, 302]),
    ("get", "classes:cards", "accounts", [302, 403, 403, 200, 403, 302, 200, 200]),
    ("post", "classes:cards", "accounts", [302, 403, 403, 200, 403, 302, 200, 200]),
    # Shows the new password on the page it returns (200), once.
    ("post", "classes:student_password", "accounts", [302, 403, 403, 200, 403, 302, 200, 200]),
]
CASES = [
    (method, name, sign_in, visitor, status)
    for method, name, sign_in, statuses in TABLE
    for visitor, status in zip(VISITORS, statuses, strict=True)
]


@pytest.mark.parametrize(("method", "name", "sign_in", "visitor", "expected"), CASES)
def test_access(client, school, method, name, sign_in, visitor, expected):
    kwargs = {}
    if name not in {"classes:list", "classes:create", "classes:join"}:
        kwargs["pk"] = school["class"].pk
    if name in {"classes:remove_student", "classes:student_password"}:
        kwargs["user_id"] = school["student"].pk
    response = visit(client, school, visitor, method, name, **kwargs)
    assert response.status_code == expected
    if expected == 302 and visitor in {"anonymous", "pending_teacher"}:
        assert response["Location"].startswith(SIGN_IN[sign_in] + "?next=")
    elif expected == 302:  # an action done: back to the class page
        assert response["Location"] == school["class"].get_absolute_url()


def test_access_table_size():
    """Every class URL is checked against every kind of visitor."""
    assert len(CASES) == len(TABLE) * len(VISITORS) == 88


@pytest.mark.parametrize("visitor", ["other_teacher", "other_student"])
def test_no_one_outside_a_class_changes_it(client, school, visitor):
    """A teacher or student of another class cannot act on this one by its id (no IDOR)."""
    school_class, student = school["class"], school["student"]
    code = school_class.join_code
    client.force_login(school[visitor])
    for name, kwargs in [
        ("classes:join_code", {"pk": school_class.pk}),
        ("classes:remove_student", {"pk": school_class.pk, "user_id": student.pk}),
        ("classes:student_password", {"pk": school_class.pk, "user_id": student.pk}),
    ]:
        assert client.post(reverse(name, kwargs=kwargs), {"action": "off"}).status_code == 403
    school_class.refresh_from_db()
    assert (school_class.join_code, school_class.join_code_enabled) == (code, True)
    assert school_class.enrollments.filter(user=student).exists()
    student.refresh_from_db()
    assert student.check_password("correct-horse-battery-staple")


def test_a_missing_class_is_404(teacher_client):
    assert teacher_client.get(reverse("classes:detail", args=[999999])).status_code == 404


def test_an_action_by_get_is_refused_without_changing_anything(client, school):
    client.force_login(school["teacher"])
    url = reverse("classes:join_code", args=[school["class"].pk])
    assert client.get(url).status_code == 405


def test_actions_need_the_csrf_token(school):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(school["teacher"])
    url = reverse("classes:join_code", args=[school["class"].pk])
    assert client.post(url, {"action": "off"}).status_code == 403
    school["class"].refresh_from_db()
    assert school["class"].join_code_enabled
