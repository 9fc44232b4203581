import pytest
from django.urls import reverse

from classes.services import enrol
from classes.tests.factories import ClassFactory
from teachers.models import TeacherProfile, Title
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("teachers:dashboard")
DIRECTORY = reverse("teachers:directory")


def test_dashboard_shows_the_teachers_own_details(client, password):
    teacher = TeacherFactory(
        first_name="Alan",
        last_name="Turing",
        title="Dr",
        department="Mathematics",
        subject="Computing",
    )
    client.post(reverse("teachers:login"), {"username": teacher.username, "password": password})
    html = client.get(DASHBOARD).content.decode()
    assert "Alan Turing" in html and "<dt>Title</dt>\n<dd>Dr</dd>" in html
    assert "Mathematics" in html and "Computing" in html
    assert "signed in 1 time" in html
    assert reverse("students:directory") in html


@pytest.mark.parametrize("title", [*Title.values, "Revd"])
def test_the_title_is_shown_as_django_shows_a_choice(title):
    from django.utils import translation

    profile = TeacherProfile(title=title)
    for language in ("en", "fr", "de"):
        with translation.override(language):
            assert profile.title_label == profile.get_title_display()


def test_dashboard_query_budget(teacher_client, teacher, student, django_assert_max_num_queries):
    for _ in range(3):
        enrol(student, ClassFactory(teacher=teacher))
    teacher_client.get(DASHBOARD)
    # The session, the user, the profile it shows, the classes with their student counts.
    with django_assert_max_num_queries(4):
        response = teacher_client.get(DASHBOARD)
    assert [c.student_count for c in response.context["classes"]] == [1, 1, 1]


def test_students_see_approved_teachers_without_pending_ones(student_client, pending_teacher):
    TeacherFactory(last_name="Visible", department="Arts")
    html = student_client.get(DIRECTORY).content.decode()
    assert "Visible" in html and "Arts" in html
    assert pending_teacher.username not in html


def test_students_see_teacher_emails_but_no_student_emails(student_client):
    from students.tests.factories import StudentFactory

    classmate = StudentFactory()
    teacher = TeacherFactory()
    html = student_client.get(DIRECTORY).content.decode()
    assert teacher.email in html
    assert classmate.email not in html and classmate.username not in html


def test_teacher_directory_is_searchable_and_paginated(student_client, settings):
    settings.DIRECTORY_PAGE_SIZE = 25
    for n in range(30):
        TeacherFactory(last_name=f"Many{n:02d}")
    response = student_client.get(DIRECTORY, {"q": "many", "page": "2"})
    assert response.context["page_obj"].number == 2
    assert response.context["page_obj"].paginator.count == 30


def test_constant_queries(student_client, django_assert_max_num_queries):
    for _ in range(40):
        TeacherFactory()
    student_client.get(DIRECTORY)
    with django_assert_max_num_queries(3):  # session, user, page rows (count cached)
        student_client.get(DIRECTORY)


@pytest.mark.parametrize(
    ("title", "first", "last", "shown"),
    [
        ("Dr", "Marie", "Curie", "Dr Marie Curie"),
        ("", "Marie", "Curie", "Marie Curie"),
        ("Ms", "", "Curie", "Ms Curie"),
        ("", "", "", "lone.teacher"),
    ],
)
def test_the_directory_names_each_teacher_with_their_title(
    student_client, title, first, last, shown
):
    TeacherFactory(username="lone.teacher", title=title, first_name=first, last_name=last)
    html = student_client.get(reverse("teachers:directory")).content.decode()
    assert f'<th scope="row">{shown}</th>' in html
