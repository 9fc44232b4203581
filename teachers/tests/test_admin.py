import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.admin import admin_url
from accounts.models import Role, User
from teachers.models import TeacherProfile
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:teachers_teacherprofile_changelist")
ADD = reverse("admin:teachers_teacherprofile_add")
PASSWORD = "a-long-and-unusual-password"


def sign_in(username, password):
    """Sign in on the teachers' page as a fresh visitor; return the response."""
    return Client().post(reverse("teachers:login"), {"username": username, "password": password})


def teacher_form(**overrides):
    return {
        "username": "curie",
        "email": "Marie.Curie@Example.org",
        "first_name": "Marie",
        "last_name": "Curie",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "title": "Dr",
        "department": "Sciences",
        "subject": "Chemistry",
        **overrides,
    }


def approve(client, *teachers):
    return client.post(
        CHANGELIST,
        {"action": "approve_selected", "_selected_action": [t.pk for t in teachers]},
        follow=True,
    )


def test_adding_a_teacher_creates_an_approved_teacher_who_can_sign_in(
    staff_client, staff, settings
):
    settings.TEACHER_SIGNUP_REQUIRES_APPROVAL = True

    response = staff_client.post(ADD, teacher_form())

    assert response.status_code == 302
    user = User.objects.get(username="curie")
    profile = user.teacher_profile
    assert (user.role, user.email, user.is_approved) == (
        Role.TEACHER,
        "marie.curie@example.org",
        True,
    )
    assert (profile.title, profile.department, profile.subject) == ("Dr", "Sciences", "Chemistry")
    assert profile.approved_at is not None
    assert profile.approved_by == staff  # who added them is on record as approving them
    assert sign_in("curie", PASSWORD).url == reverse("teachers:dashboard")


def test_a_username_taken_in_other_letters_is_a_form_error(staff_client, teacher):
    response = staff_client.post(ADD, teacher_form(username=teacher.username.upper()))

    assert "username" in response.context["adminform"].form.errors
    assert User.objects.filter(role=Role.TEACHER).count() == 1


def test_approve_action_lets_a_pending_teacher_sign_in(staff_client, staff, pending_teacher):
    refused = sign_in(pending_teacher.username, "correct-horse-battery-staple")
    assert refused.status_code == 200
    assert "waiting for approval" in refused.content.decode()

    response = approve(staff_client, pending_teacher)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "1 teacher was approved and may now sign in."
    ]
    pending_teacher.refresh_from_db()
    profile = pending_teacher.teacher_profile
    assert pending_teacher.is_approved
    assert profile.approved_at is not None
    assert profile.approved_by == staff
    signed_in = sign_in(pending_teacher.username, "correct-horse-battery-staple")
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("teachers:dashboard")


def test_approve_action_counts_only_the_teachers_it_approved(staff_client, teacher):
    pending = TeacherFactory.create_batch(2, approved=False)

    response = approve(staff_client, teacher, *pending)

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "2 teachers were approved and may now sign in. "
        "1 selected teacher had already been approved."
    ]
    assert TeacherProfile.objects.pending().count() == 0


def listed(response):
    return [profile.user for profile in response.context["cl"].result_list]


def test_teacher_list_puts_pending_teachers_first_and_filters_them(staff_client):
    approved = TeacherFactory(last_name="Aardvark")
    pending = TeacherFactory(last_name="Zebra", approved=False)

    assert listed(staff_client.get(CHANGELIST)) == [pending, approved]
    assert listed(staff_client.get(CHANGELIST, {"approval": "pending"})) == [pending]
    assert listed(staff_client.get(CHANGELIST, {"approval": "approved"})) == [approved]


def test_teacher_list_shows_and_searches_the_teaching_columns(staff_client):
    curie = TeacherFactory(title="Dr", first_name="Marie", last_name="Curie", subject="Chemistry")
    TeacherFactory(subject="History")

    response = staff_client.get(CHANGELIST, {"q": "chemistry"})

    assert listed(response) == [curie]
    content = response.content.decode()
    for value in ("Dr Marie Curie", curie.username, "Chemistry", "icon-yes.svg"):
        assert value in content
    assert listed(staff_client.get(CHANGELIST, {"q": curie.email})) == [curie]  # not a column


def test_teacher_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    TeacherFactory.create_batch(2)
    staff_client.get(CHANGELIST)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        staff_client.get(CHANGELIST)
    TeacherFactory.create_batch(20)
    TeacherFactory.create_batch(20, approved=False)

    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(CHANGELIST)

    assert response.context["cl"].result_count == 42


def test_change_page_edits_the_teaching_fields(staff_client, teacher):
    url = admin_url(TeacherProfile._meta, "change", teacher.pk)

    content = staff_client.get(url).content.decode()
    response = staff_client.post(url, {"title": "Prof", "department": "Arts", "subject": "Music"})

    assert admin_url(User._meta, "change", teacher.pk) in content
    assert response.status_code == 302
    profile = TeacherProfile.objects.get(pk=teacher.pk)
    assert (profile.title, profile.department, profile.subject) == ("Prof", "Arts", "Music")


def test_user_page_of_a_teacher_shows_the_teacher_profile_inline(staff_client, teacher):
    response = staff_client.get(admin_url(User._meta, "change", teacher.pk))

    inline_formsets = response.context["inline_admin_formsets"]
    assert [formset.opts.model for formset in inline_formsets] == [TeacherProfile]
    assert f'value="{teacher.teacher_profile.department}"' in response.content.decode()
