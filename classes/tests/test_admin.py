"""The admin of the school's structure, as staff use it; its writes go through the services."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import AdminFactory
from classes import services
from classes.models import Class, Course, Enrollment, EnrollmentRole, Org
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

CLASSES = reverse("admin:classes_class_changelist")
ENROLMENTS = reverse("admin:classes_enrollment_changelist")
CHANGELISTS = [
    "admin:classes_org_changelist",
    "admin:classes_academicsession_changelist",
    "admin:classes_course_changelist",
    "admin:classes_class_changelist",
    "admin:classes_enrollment_changelist",
]
INLINE = "enrollments"


def inline_management(total=0, initial=0):
    return {
        f"{INLINE}-TOTAL_FORMS": str(total),
        f"{INLINE}-INITIAL_FORMS": str(initial),
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
    }


def class_form(**fields):
    return {"title": "", "class_type": "scheduled", "status": "active", **fields}


def inline_row(n, user, role, **fields):
    return {f"{INLINE}-{n}-user": str(user.pk), f"{INLINE}-{n}-role": role, **fields}


def change_page_data(school_class):
    """The POST data of a class's change page as it stands, its enrolments unchanged."""
    rows = list(school_class.enrollments.order_by("pk"))
    data = class_form(title=school_class.title, school=school_class.school_id)
    data |= inline_management(total=len(rows), initial=len(rows))
    for n, enrolment in enumerate(rows):
        data |= inline_row(n, enrolment.user, enrolment.role, **{f"{INLINE}-{n}-id": enrolment.pk})
        data[f"{INLINE}-{n}-school_class"] = str(school_class.pk)
        if enrolment.primary:
            data[f"{INLINE}-{n}-primary"] = "on"
    return data


def class_with_students(n, title="Class"):
    school_class = ClassFactory(title=title, teacher=TeacherFactory())
    for _student in range(n):
        services.enrol(StudentFactory(), school_class)
    return school_class


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def queries_to_render(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_every_changelist_renders_for_staff(staff_client, name):
    school_class = class_with_students(2, title="7C Geography")
    course = Course.objects.create(
        title="Geography", course_code="GEO7", org=school_class.school, school_year=TermFactory()
    )
    school_class.course = course
    school_class.save()

    response = staff_client.get(reverse(name))

    assert response.status_code == 200
    content = response.content.decode()
    assert {
        "admin:classes_org_changelist": school_class.school.name,
        "admin:classes_academicsession_changelist": course.school_year.title,
        "admin:classes_course_changelist": "GEO7",
        "admin:classes_class_changelist": "7C Geography",
        "admin:classes_enrollment_changelist": "7C Geography",
    }[name] in content


def test_the_class_list_shows_code_course_and_student_count(staff_client):
    school_class = class_with_students(3, title="9A Maths")
    school_class.course = Course.objects.create(title="Mathematics", org=school_class.school)
    school_class.save()
    closed = ClassFactory(title="9B Maths")
    services.disable_join_code(closed)

    response = staff_client.get(CLASSES)

    rows = {row.title: row for row in response.context["cl"].result_list}
    assert rows["9A Maths"].student_count == 3 and rows["9B Maths"].student_count == 0
    content = response.content.decode()
    assert school_class.join_code in content and "Mathematics" in content
    assert ">off<" in content


@pytest.mark.parametrize("url", [CLASSES, ENROLMENTS])
def test_list_pages_take_the_same_queries_for_one_class_or_many(staff_client, url):
    class_with_students(3)
    one = queries_to_render(staff_client, url)
    for n in range(5):
        class_with_students(3, title=f"More {n}")
    assert queries_to_render(staff_client, url) == one


def test_classes_are_searched_by_class_code_and_filtered_by_term(staff_client):
    autumn, spring = TermFactory(title="Autumn"), TermFactory(title="Spring")
    ClassFactory(title="Art", class_code="ART-7", terms=[autumn])
    ClassFactory(title="Music", class_code="MUS-7", terms=[spring])

    found = staff_client.get(CLASSES, {"q": "art-7"}).context["cl"].result_list
    in_spring = staff_client.get(CLASSES, {"terms__id__exact": spring.pk}).context["cl"]

    assert [c.title for c in found] == ["Art"]
    assert [c.title for c in in_spring.result_list] == ["Music"]


def test_a_class_added_in_the_admin_gets_a_join_code_the_school_and_its_people(staff_client):
    term, teacher, student = TermFactory(), TeacherFactory(), StudentFactory()
    data = class_form(title="10B Chemistry", location="Lab 3", terms=[term.pk])
    data |= inline_management(total=2)
    data |= inline_row(0, teacher, "teacher", **{f"{INLINE}-0-primary": "on"})
    data |= inline_row(1, student, "student")

    response = staff_client.post(reverse("admin:classes_class_add"), data)

    assert response.status_code == 302
    school_class = Class.objects.get(title="10B Chemistry")
    assert school_class.join_code_enabled and 6 <= len(school_class.join_code) <= 8
    assert school_class.school == services.default_school()
    assert list(school_class.terms.all()) == [term]
    assert Class.objects.taught_by(teacher).get() == school_class
    assert Class.objects.attended_by(student).get() == school_class
    assert school_class.enrollments.get(user=teacher).primary


def test_the_class_change_page_shows_the_join_code(staff_client):
    school_class = class_with_students(2)
    response = staff_client.get(change_url(school_class))
    assert response.status_code == 200
    assert school_class.join_code in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "role", "message"),
    [
        ("student", "teacher", "is a student account, so can only be enrolled as a student."),
        ("teacher", "student", "is a teacher account, so can only be enrolled as a teacher."),
        ("admin", "student", "is not a student or teacher account, so cannot be enrolled."),
    ],
)
def test_a_mismatched_enrolment_is_a_form_error_on_the_enrolment_page(
    staff_client, kind, role, message
):
    person = {"student": StudentFactory, "teacher": TeacherFactory, "admin": AdminFactory}[kind]()
    school_class = ClassFactory()

    response = staff_client.post(
        reverse("admin:classes_enrollment_add"),
        {"user": person.pk, "school_class": school_class.pk, "role": role, "status": "active"},
    )

    assert response.status_code == 200
    assert f"{person.username} {message}" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_mismatched_enrolment_is_a_form_error_on_the_class_page(staff_client):
    school_class = class_with_students(1)
    student = StudentFactory()
    data = change_page_data(school_class)
    rows = int(data[f"{INLINE}-TOTAL_FORMS"])
    data |= inline_row(rows, student, "teacher")
    data[f"{INLINE}-TOTAL_FORMS"] = str(rows + 1)

    response = staff_client.post(change_url(school_class), data)

    assert response.status_code == 200
    assert "can only be enrolled as a student" in response.content.decode()
    assert not Class.objects.filter(pk=school_class.pk).attended_by(student).exists()


def test_a_student_is_enrolled_on_the_enrolment_page(staff_client):
    student, school_class = StudentFactory(), ClassFactory()

    response = staff_client.post(
        reverse("admin:classes_enrollment_add"),
        {
            "user": student.pk,
            "school_class": school_class.pk,
            "role": "student",
            "status": "active",
        },
    )

    assert response.status_code == 302
    enrolment = Enrollment.objects.get()
    assert (enrolment.user, enrolment.school_class, enrolment.role) == (
        student,
        school_class,
        EnrollmentRole.STUDENT,
    )


def test_only_a_teacher_can_be_primary(staff_client):
    student, school_class = StudentFactory(), ClassFactory()
    response = staff_client.post(
        reverse("admin:classes_enrollment_add"),
        {
            "user": student.pk,
            "school_class": school_class.pk,
            "role": "student",
            "primary": "on",
            "status": "active",
        },
    )
    assert "Only a teacher can be a class&#x27;s primary teacher." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_deleting_an_enrolment_removes_the_person_from_the_class(staff_client):
    school_class = class_with_students(1)
    enrolment = school_class.enrollments.get(role="student")
    delete = reverse("admin:classes_enrollment_delete", args=[enrolment.pk])

    response = staff_client.post(delete, {"post": "yes"})

    assert response.status_code == 302
    assert not Class.objects.attended_by(enrolment.user).exists()
    assert school_class.enrollments.filter(role="teacher").exists()


def test_deleting_selected_enrolments_removes_them(staff_client):
    school_class = class_with_students(3)
    students = school_class.enrollments.filter(role="student")

    response = staff_client.post(
        ENROLMENTS,
        {
            "action": "delete_selected",
            "post": "yes",
            ACTION_CHECKBOX_NAME: [e.pk for e in students],
        },
    )

    assert response.status_code == 302
    assert not school_class.enrollments.filter(role="student").exists()


def test_removing_a_person_on_the_class_page_unenrols_them(staff_client):
    school_class = class_with_students(2)
    leaving = school_class.enrollments.filter(role="student").order_by("pk").first()
    data = change_page_data(school_class)
    row = next(n for n in range(3) if data[f"{INLINE}-{n}-id"] == leaving.pk)
    data[f"{INLINE}-{row}-DELETE"] = "on"

    response = staff_client.post(change_url(school_class), data)

    assert response.status_code == 302
    assert not Class.objects.attended_by(leaving.user).exists()
    assert school_class.enrollments.filter(role="student").count() == 1


def test_the_join_code_actions_reset_and_turn_off_codes(staff_client):
    school_class = ClassFactory()
    old = school_class.join_code
    selected = {ACTION_CHECKBOX_NAME: [school_class.pk]}

    staff_client.post(CLASSES, {"action": "give_new_join_codes", **selected})
    school_class.refresh_from_db()
    assert school_class.join_code_enabled and school_class.join_code != old
    assert services.find_class_by_code(old) is None

    staff_client.post(CLASSES, {"action": "turn_join_codes_off", **selected})
    school_class.refresh_from_db()
    assert not school_class.join_code_enabled


@pytest.mark.parametrize("name", CHANGELISTS)
@pytest.mark.parametrize("who", ["student", "teacher"])
def test_people_who_are_not_staff_are_sent_to_the_admin_sign_in(client, name, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_index_names_the_sections_in_school_words(staff_client):
    content = staff_client.get(reverse("admin:index")).content.decode()
    for words in ("Classes and enrolment", "Academic sessions", "Enrolments", "Organisations"):
        assert words in content
    assert Org.objects.count() == 0  # rendering makes no school


def test_an_enrolment_on_the_class_page_is_not_moved_to_another_person(staff_client):
    school_class = class_with_students(1)
    data = change_page_data(school_class)
    row = next(n for n in range(2) if data[f"{INLINE}-{n}-role"] == "student")
    newcomer = StudentFactory()
    data[f"{INLINE}-{row}-user"] = str(newcomer.pk)

    response = staff_client.post(change_url(school_class), data)

    assert "To move a person, remove this enrolment and add a new one." in (
        response.content.decode()
    )
    assert not Class.objects.attended_by(newcomer).exists()
