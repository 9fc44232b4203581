"""The class pages as teachers and students use them."""

import pytest
from django.urls import reverse

from accounts.models import Role, User
from classes import services
from classes.models import Class
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

JOIN = reverse("classes:join")


def test_a_teacher_creates_a_class_and_lands_on_its_page(teacher_client, teacher):
    term = TermFactory(title="Spring term")
    response = teacher_client.post(
        reverse("classes:create"),
        {"title": "8C Science", "subject": "Science", "room": "Lab 2", "term": term.pk},
    )
    school_class = Class.objects.get(title="8C Science")
    assert response.status_code == 302
    assert response["Location"] == school_class.get_absolute_url()
    assert (school_class.subjects, school_class.location) == ("Science", "Lab 2")
    page = teacher_client.get(response["Location"]).content.decode()
    assert f'data-join-code="{school_class.join_code}"' in page
    assert "Spring term" in page and "Lab 2" in page
    assert school_class in Class.objects.taught_by(teacher)


def test_a_class_needs_a_title(teacher_client):
    response = teacher_client.post(reverse("classes:create"), {"title": " ", "subject": "Art"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Class.objects.exists()


def test_role_and_primary_in_a_create_post_are_ignored(teacher_client, teacher):
    teacher_client.post(
        reverse("classes:create"), {"title": "Art", "join_code": "AAAAAAA", "school": "9"}
    )
    school_class = Class.objects.get()
    assert school_class.join_code != "AAAAAAA"


def test_a_student_joins_with_a_code_in_lower_case(student_client, student):
    school_class = ClassFactory(teacher=TeacherFactory(first_name="Ada", last_name="Byron"))
    response = student_client.post(JOIN, {"code": school_class.join_code.lower()})
    assert response.status_code == 302
    assert response["Location"] == school_class.get_absolute_url()
    page = student_client.get(response["Location"]).content.decode()
    assert "Ada Byron" in page


@pytest.mark.parametrize("change", ["reset", "off", "typo"])
def test_a_wrong_reset_or_disabled_code_re_renders_the_form(student_client, student, change):
    school_class = ClassFactory()
    code = school_class.join_code
    if change == "reset":
        services.set_new_join_code(school_class)
    elif change == "off":
        services.disable_join_code(school_class)
    else:
        code = code[:-1] + ("A" if code[-1] != "A" else "C")
    response = student_client.post(JOIN, {"code": code})
    assert response.status_code == 200
    assert "That code does not open a class" in response.content.decode()
    assert not Class.objects.attended_by(student).exists()


def test_guessing_codes_is_limited_per_client(student_client, settings):
    settings.JOIN_CODE_FAILURE_LIMIT = 3
    school_class = ClassFactory()
    for _ in range(3):
        assert student_client.post(JOIN, {"code": "WRONG99"}).status_code == 200
    blocked = student_client.post(JOIN, {"code": school_class.join_code})
    assert blocked.status_code == 429
    assert "Too many wrong class codes" in blocked.content.decode()
    other_client = student_client.__class__(REMOTE_ADDR="198.51.100.7")
    other_client.force_login(StudentFactory())
    assert other_client.post(JOIN, {"code": school_class.join_code}).status_code == 302


def test_the_teacher_sees_the_roster_and_removes_a_student(teacher_client, teacher):
    school_class = ClassFactory(teacher=teacher)
    student = StudentFactory(first_name="Grace", last_name="Hopper", year_group=8)
    services.enrol(student, school_class)
    page = teacher_client.get(school_class.get_absolute_url()).content.decode()
    assert "Grace Hopper" in page and student.student_profile.student_number in page
    assert "Year 8" in page
    remove = reverse("classes:remove_student", args=[school_class.pk, student.pk])
    response = teacher_client.post(remove)
    assert response["Location"] == school_class.get_absolute_url()
    assert not Class.objects.attended_by(student).exists()
    assert (
        "Grace Hopper has been removed" in teacher_client.get(response["Location"]).content.decode()
    )


def test_a_teacher_resets_and_turns_off_the_code(teacher_client, teacher):
    school_class = ClassFactory(teacher=teacher)
    old = school_class.join_code
    url = reverse("classes:join_code", args=[school_class.pk])
    teacher_client.post(url, {"action": "reset"})
    school_class.refresh_from_db()
    assert school_class.join_code != old and school_class.join_code_enabled
    teacher_client.post(url, {"action": "off"})
    school_class.refresh_from_db()
    assert not school_class.join_code_enabled
    page = teacher_client.get(school_class.get_absolute_url()).content.decode()
    assert "data-join-code" not in page and "The join code is off" in page


def test_a_teacher_adds_a_co_teacher_by_username(teacher_client, teacher):
    school_class, colleague = ClassFactory(teacher=teacher), TeacherFactory()
    url = reverse("classes:add_teacher", args=[school_class.pk])
    teacher_client.post(url, {"username": colleague.username})
    assert school_class in Class.objects.taught_by(colleague)
    response = teacher_client.post(url, {"username": "no-such-teacher"}, follow=True)
    assert "There is no teacher with the username" in response.content.decode()


def test_a_student_sees_title_term_and_teachers_but_no_classmates(student_client, student):
    term = TermFactory(title="Autumn term")
    school_class = ClassFactory(
        title="History 9", teacher=TeacherFactory(last_name="Teachwell"), terms=[term]
    )
    classmate = StudentFactory(last_name="Classmate")
    services.enrol(student, school_class)
    services.enrol(classmate, school_class)
    page = student_client.get(school_class.get_absolute_url()).content.decode()
    assert "History 9" in page and "Autumn term" in page and "Teachwell" in page
    assert "Classmate" not in page and classmate.username not in page
    assert "data-join-code" not in page and school_class.join_code not in page


def test_the_class_page_costs_the_same_queries_whatever_the_class_size(
    teacher_client, teacher, django_assert_max_num_queries
):
    school_class = ClassFactory(teacher=teacher, terms=[TermFactory()])
    services.enrol(StudentFactory(), school_class)
    teacher_client.get(school_class.get_absolute_url())
    # session, user, class, membership, terms, teachers, roster with profiles
    with django_assert_max_num_queries(7):
        teacher_client.get(school_class.get_absolute_url())
    for _ in range(30):
        services.enrol(StudentFactory(), school_class)
    with django_assert_max_num_queries(7):
        response = teacher_client.get(school_class.get_absolute_url())
    assert len(response.context["roster"]) == 31


def test_dashboards_list_classes(client, teacher, student):
    school_class = ClassFactory(title="Choir", teacher=teacher)
    services.enrol(student, school_class)
    client.force_login(teacher)
    assert "1 student" in client.get(reverse("teachers:dashboard")).content.decode()
    client.force_login(student)
    page = client.get(reverse("students:dashboard")).content.decode()
    assert "Choir" in page and f"Taught by {teacher.display_name}" in page


def test_the_class_list_shows_each_person_their_own(client, teacher, student, staff):
    mine = ClassFactory(title="Mine", teacher=teacher)
    ClassFactory(title="Theirs", teacher=TeacherFactory())
    services.enrol(student, mine)
    for person, titles in [(teacher, ["Mine"]), (student, ["Mine"]), (staff, ["Mine", "Theirs"])]:
        client.force_login(person)
        listed = client.get(reverse("classes:list")).context["classes"]
        assert [c.title for c in listed] == titles


class TestNeedToKnow:
    """/students/ for a teacher: only the students of their classes."""

    @pytest.fixture
    def classes(self, teacher):
        mine, also_mine = ClassFactory(teacher=teacher), ClassFactory(teacher=teacher)
        theirs = ClassFactory(teacher=TeacherFactory())
        people = {
            "in_mine": StudentFactory(last_name="Mine"),
            "in_also_mine": StudentFactory(last_name="Also"),
            "in_theirs": StudentFactory(last_name="Theirs", email="theirs@example.org"),
        }
        services.enrol(people["in_mine"], mine)
        services.enrol(people["in_also_mine"], also_mine)
        services.enrol(people["in_theirs"], theirs)
        return mine, theirs, people

    def listed(self, client, **params):
        response = client.get(reverse("students:directory"), params)
        return sorted(row["username"] for row in response.context["people"])

    def test_a_teacher_sees_only_their_students(self, teacher_client, classes):
        _mine, _theirs, people = classes
        usernames = sorted(people[k].username for k in ("in_mine", "in_also_mine"))
        assert self.listed(teacher_client) == usernames
        html = teacher_client.get(reverse("students:directory")).content.decode()
        assert "theirs@example.org" not in html and "Theirs" not in html

    def test_the_class_filter_narrows_to_one_class(self, teacher_client, classes):
        mine, theirs, people = classes
        assert self.listed(teacher_client, **{"class": mine.pk}) == [people["in_mine"].username]
        assert self.listed(teacher_client, **{"class": theirs.pk}) == sorted(
            people[k].username for k in ("in_mine", "in_also_mine")
        )  # not theirs: the filter is ignored, nobody else's students appear
        assert self.listed(teacher_client, **{"class": "x"}) == sorted(
            people[k].username for k in ("in_mine", "in_also_mine")
        )

    def test_staff_see_everyone_and_may_filter(self, staff_client, classes):
        _mine, theirs, people = classes
        assert len(self.listed(staff_client)) == 3
        assert self.listed(staff_client, **{"class": theirs.pk}) == [people["in_theirs"].username]

    def test_a_teacher_search_stays_within_their_students(self, teacher_client, classes):
        assert self.listed(teacher_client, q="theirs") == []

    def test_constant_queries_whatever_the_number_of_students(
        self, teacher_client, teacher, classes, django_assert_max_num_queries
    ):
        mine = classes[0]
        for _ in range(20):
            services.enrol(StudentFactory(), mine)
        teacher_client.get(reverse("students:directory"))
        # session, user, the class filter's class, the page with its total, the classes menu
        with django_assert_max_num_queries(5):
            response = teacher_client.get(reverse("students:directory"), {"class": mine.pk})
        assert response.context["page_obj"].paginator.count == 21


def test_a_student_never_gets_the_student_directory(student_client):
    assert student_client.get(reverse("students:directory")).status_code == 403


def test_students_of_ignores_teacher_enrolments():
    teacher, colleague = TeacherFactory(), TeacherFactory()
    school_class = ClassFactory(teacher=teacher)
    services.add_teacher(school_class, colleague.username)
    assert not User.objects.students_of(teacher).exists()
    assert User.objects.in_class(school_class, Role.TEACHER).count() == 2


def test_the_class_page_names_the_primary_teacher_first(student_client, student):
    primary = TeacherFactory(first_name="Zoe", last_name="Zimmer")
    school_class = ClassFactory(teacher=primary)
    services.add_teacher(school_class, TeacherFactory(first_name="Abe", last_name="Abbot").username)
    services.enrol(student, school_class)
    page = student_client.get(school_class.get_absolute_url()).content.decode()
    assert page.index("Zoe Zimmer") < page.index("Abe Abbot")
