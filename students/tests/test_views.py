import pytest
from django.urls import reverse

from classes.services import enrol
from classes.tests.factories import ClassFactory
from students.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("students:dashboard")
DIRECTORY = reverse("students:directory")


def test_dashboard_shows_the_students_own_details(client, password):
    student = StudentFactory(first_name="Ada", last_name="Lovelace", year_group=10)
    client.post(reverse("students:login"), {"username": student.username, "password": password})
    html = client.get(DASHBOARD).content.decode()
    assert "Ada Lovelace" in html
    assert student.student_profile.student_number in html
    assert "10" in html
    assert "signed in 1 time" in html
    assert reverse("teachers:directory") in html
    assert reverse("accounts:password_change") in html


def test_dashboard_shows_the_sign_in_before_this_one(client, password):
    student = StudentFactory()
    login = reverse("students:login")
    client.post(login, {"username": student.username, "password": password})
    assert "first sign-in" in client.get(DASHBOARD).content.decode()
    student.refresh_from_db()
    first = student.last_login
    client.post(reverse("accounts:logout"))
    client.post(login, {"username": student.username, "password": password})
    response = client.get(DASHBOARD)
    assert response.context["previous_login"] == first
    assert "signed in 2 times" in response.content.decode()


def test_dashboard_query_budget(student_client, student, teacher, django_assert_max_num_queries):
    for _ in range(3):
        enrol(student, ClassFactory(teacher=teacher))
    student_client.get(DASHBOARD)
    # The session, the user, the profile it shows, the classes, their teachers: however many.
    with django_assert_max_num_queries(5):
        response = student_client.get(DASHBOARD)
    assert len(response.context["classes"]) == 3


def test_anonymous_visitors_are_sent_to_student_sign_in_with_next(client):
    response = client.get(DASHBOARD)
    assert response.url == f"{reverse('students:login')}?next={DASHBOARD}"


class TestDirectory:
    @pytest.fixture
    def roster(self, db):
        people = [StudentFactory(first_name="Zed", last_name=f"Zulu{n:02d}") for n in range(30)]
        StudentFactory(username="findme", first_name="Grace", last_name="Hopper")
        return people

    def test_teachers_see_students_with_student_numbers(self, staff_client, roster):
        html = staff_client.get(DIRECTORY).content.decode()
        assert "Hopper" in html

    def test_paginated_with_page_links_keeping_the_search(self, staff_client, roster, settings):
        settings.DIRECTORY_PAGE_SIZE = 25
        response = staff_client.get(DIRECTORY, {"q": "zulu"})
        page = response.context["page_obj"]
        assert page.paginator.count == 30
        assert len(page.object_list) == settings.DIRECTORY_PAGE_SIZE
        assert "?q=zulu&amp;page=2" in response.content.decode()
        second = staff_client.get(DIRECTORY, {"q": "zulu", "page": 2})
        assert len(second.context["page_obj"].object_list) == 30 - settings.DIRECTORY_PAGE_SIZE

    @pytest.mark.parametrize("page", ["0", "-1", "999", "abc", "1.5", "9" * 40, ""])
    def test_a_bad_page_shows_a_real_page_not_an_error(self, staff_client, roster, page):
        response = staff_client.get(DIRECTORY, {"page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number in (1, 2)

    def test_search_by_name_and_username(self, staff_client, roster):
        by_name = staff_client.get(DIRECTORY, {"q": "grace hopper"})
        assert [p["username"] for p in by_name.context["people"]] == ["findme"]
        by_username = staff_client.get(DIRECTORY, {"q": "FINDME"})
        assert [p["username"] for p in by_username.context["people"]] == ["findme"]
        none = staff_client.get(DIRECTORY, {"q": "nobody-here"})
        assert list(none.context["people"]) == []

    def test_the_total_follows_staff_deactivating_someone(
        self, staff_client, roster, django_capture_on_commit_callbacks
    ):
        assert staff_client.get(DIRECTORY).context["page_obj"].paginator.count == 31
        with django_capture_on_commit_callbacks(execute=True):
            roster[0].is_active = False
            roster[0].save()
        assert staff_client.get(DIRECTORY).context["page_obj"].paginator.count == 30

    def test_a_nul_character_in_the_search_is_harmless(self, staff_client, roster):
        response = staff_client.get(DIRECTORY, {"q": "find\x00me"})
        assert response.status_code == 200
        assert [p["username"] for p in response.context["people"]] == ["findme"]

    def test_search_text_is_escaped(self, staff_client, roster):
        html = staff_client.get(DIRECTORY, {"q": "<script>x</script>"}).content.decode()
        assert "<script>x</script>" not in html
        assert "&lt;script&gt;" in html

    def test_no_password_data_in_the_page(self, staff_client, roster):
        html = staff_client.get(DIRECTORY).content.decode()
        assert "md5$" not in html and "argon2" not in html and "pbkdf2" not in html

    def test_inactive_students_are_not_listed(self, staff_client, roster):
        hidden = roster[0]
        hidden.is_active = False
        hidden.save()
        response = staff_client.get(DIRECTORY, {"q": hidden.username})
        assert list(response.context["people"]) == []

    @pytest.mark.parametrize("page_size", [5, 25, 100])
    def test_constant_queries_whatever_the_page_size(
        self, staff_client, roster, settings, page_size, django_assert_max_num_queries
    ):
        settings.DIRECTORY_PAGE_SIZE = page_size
        staff_client.get(DIRECTORY)
        with django_assert_max_num_queries(3):  # session, user, page rows with their total
            response = staff_client.get(DIRECTORY)
        assert len(response.context["people"]) == min(page_size, 31)


def test_a_student_account_without_a_profile_gets_404_not_500(client):
    from accounts.tests.factories import UserFactory

    orphan = UserFactory(role="student")  # only possible by bypassing the services
    client.force_login(orphan)
    assert client.get(DASHBOARD).status_code == 404


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [
        ("Ada", "Lovelace", "Lovelace, Ada"),
        ("Ada", "", "Ada"),
        ("", "Lovelace", "Lovelace"),
        ("", "", "solo.kid"),
    ],
)
def test_the_directory_names_each_student_surname_first(staff_client, first, last, shown):
    StudentFactory(username="solo.kid", first_name=first, last_name=last, email="solo@example.org")
    html = staff_client.get(DIRECTORY).content.decode()
    assert f'<th scope="row">{shown}</th>' in html
    assert '<a href="mailto:solo@example.org">solo@example.org</a>' in html


def test_the_same_search_in_each_directory_lists_only_that_role(staff_client):
    from teachers.tests.factories import TeacherFactory

    StudentFactory(first_name="Robin", last_name="Pupil")
    TeacherFactory(first_name="Robin", last_name="Tutor")
    teachers = reverse("teachers:directory")
    for url, shown, hidden in (
        (DIRECTORY, "Pupil, Robin", "Tutor"),
        (teachers, "Robin Tutor", "Pupil"),
    ):
        for _ in range(2):  # the second time through the query compiled the first time
            html = staff_client.get(url, {"q": "robin"}).content.decode()
            assert shown in html and hidden not in html
