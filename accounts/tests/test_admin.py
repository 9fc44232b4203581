import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst

from accounts import badges
from accounts.admin import UserAdmin, admin_url
from accounts.lockout_admin import record_name
from accounts.models import Role, User
from accounts.tests.factories import UserFactory
from classes import services
from classes.models import Course, RosterImport
from classes.tests.factories import ClassFactory, TermFactory

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
PAGES = ("changelist", "add", "change")


@pytest.fixture
def one_of_everything(student, teacher, pending_teacher, staff):
    """A row for every model in the admin, so that every change page has something to show."""
    Group.objects.create(name="Office")
    access = {"username": "someone", "ip_address": "127.0.0.1", "user_agent": "pytest"}
    AccessAttempt.objects.create(**access, failures_since_start=1)
    AccessLog.objects.create(**access)
    AccessFailureLog.objects.create(**access)
    term = TermFactory()
    course = Course.objects.create(title="Art", org=services.default_school(), school_year=term)
    services.enrol(student, ClassFactory(teacher=teacher, course=course, terms=[term]))
    RosterImport.objects.create(file_name="roster.zip", state="checked", check_report={})
    badges.issue([student], by=staff)


@pytest.mark.usefixtures("one_of_everything")
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_renders_for_a_superuser(staff_client, model, page):
    opts = model._meta
    obj = model._default_manager.order_by("pk").last()
    model_admin = admin.site.get_model_admin(model)
    args = [quote(obj.pk)] if page == "change" else []

    response = staff_client.get(admin_url(opts, page, *args))

    if page == "add" and not model_admin.has_add_permission(response.wsgi_request):
        assert response.status_code == 403  # e.g. the sign-in records of django-axes
        return
    assert response.status_code == 200
    content = response.content.decode()
    named = getattr(model_admin, "plural", None)  # a list named in plain words (lockout_admin)
    if page == "changelist":
        title = capfirst(model_admin.plural) if named else f"Select {opts.verbose_name} to change"
        assert f"<h1>{title}</h1>" in content
        assert admin_url(opts, "change", quote(obj.pk)) in content
    elif page == "add":
        assert f"Add {opts.verbose_name}" in content
    else:
        title = capfirst(model_admin.singular) if named else f"Change {opts.verbose_name}"
        assert f"<h1>{title}</h1>" in content
        # django-axes' records are named by the admin ("alice from 203.0.113.5")
        name = record_name(obj) if opts.app_label == "axes" else str(obj)
        assert escape(name) in content


def test_the_sign_in_records_of_django_axes_are_in_the_admin():
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        assert admin.site.is_registered(model)


def test_a_non_staff_user_is_sent_to_the_admin_sign_in(student_client):
    response = student_client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_user_list_shows_name_role_approval_and_last_sign_in(staff_client):
    UserFactory(username="ada", first_name="Ada", last_name="Lovelace", login_count=7)

    response = staff_client.get(reverse("admin:accounts_user_changelist"))

    content = response.content.decode()
    for value in ("ada", "Ada Lovelace", "Administrator", "column-is_approved", "never"):
        assert value in content


def test_the_sign_in_count_is_on_the_person_s_page(staff_client):
    user = UserFactory(login_count=7)

    response = staff_client.get(admin_url(User._meta, "change", user.pk))

    assert '<div class="readonly">7</div>' in response.content.decode()


def listed(response):
    return set(response.context["cl"].result_list)


def test_user_list_filters_by_role(staff_client, student, teacher, staff):
    url = reverse("admin:accounts_user_changelist")

    response = staff_client.get(url, {"role__exact": Role.STUDENT})

    assert listed(response) == {student}
    content = response.content.decode()
    assert admin_url(User._meta, "change", student.pk) in content
    assert admin_url(User._meta, "change", teacher.pk) not in content


def test_user_list_search_finds_people_by_name_and_email(staff_client, student, teacher):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    url = reverse("admin:accounts_user_changelist")

    assert listed(staff_client.get(url, {"q": "lovelace"})) == {ada}
    assert listed(staff_client.get(url, {"q": student.email.upper()})) == {student}
    response = staff_client.get(url, {"q": teacher.username})
    assert listed(response) == {teacher}
    assert "ada" not in {user.username for user in response.context["cl"].result_list}


def test_user_list_queries_do_not_grow_with_rows(staff_client, django_assert_max_num_queries):
    url = reverse("admin:accounts_user_changelist")
    UserFactory.create_batch(2)
    staff_client.get(url)  # warm per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    UserFactory.create_batch(40)

    with django_assert_max_num_queries(len(few)):
        response = staff_client.get(url)

    assert response.context["cl"].result_count == 43  # with the signed-in staff member


def staff_form(**overrides):
    return {
        "username": "bursar",
        "email": "Bursar@Example.org",
        "first_name": "Brenda",
        "last_name": "Bursar",
        "usable_password": "true",
        "password1": "a-long-and-unusual-password",
        "password2": "a-long-and-unusual-password",
        **overrides,
    }


def test_add_user_page_says_it_makes_staff_and_links_to_the_profile_pages(staff_client):
    response = staff_client.get(reverse("admin:accounts_user_add"))

    content = response.content.decode()
    assert "creates a staff account (role: administrator)" in content
    assert UserAdmin.profile_inlines, "the role apps register their profile inlines"
    for inline in UserAdmin.profile_inlines.values():
        assert admin_url(inline.model._meta, "add") in content


def test_adding_a_user_creates_a_staff_account(staff_client):
    response = staff_client.post(reverse("admin:accounts_user_add"), staff_form())

    user = User.objects.get(username="bursar")
    assert response.status_code == 302
    assert response.url == admin_url(User._meta, "change", user.pk)
    assert (user.role, user.is_staff, user.is_superuser) == (Role.ADMIN, True, False)
    assert user.email == "bursar@example.org"
    assert user.check_password("a-long-and-unusual-password")


@pytest.mark.parametrize(
    ("field", "taken"), [("username", "STAFF_TAKEN"), ("email", "Staff_Taken@Example.ORG")]
)
def test_adding_a_user_with_a_taken_name_in_other_letters_is_a_form_error(
    staff_client, field, taken
):
    UserFactory(username="staff_taken", email="staff_taken@example.org")

    response = staff_client.post(reverse("admin:accounts_user_add"), staff_form(**{field: taken}))

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert User.objects.filter(**{f"{field}__iexact": taken}).count() == 1


def test_role_and_sign_in_count_cannot_be_changed(staff_client):
    user = UserFactory(login_count=3)
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Renamed",
        "last_name": user.last_name,
        "is_active": "on",
        "role": Role.STUDENT,
        "login_count": "0",
        "is_approved": "",
    }

    response = staff_client.post(admin_url(User._meta, "change", user.pk), data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.first_name, user.role, user.login_count) == ("Renamed", Role.ADMIN, 3)
    assert user.is_approved
