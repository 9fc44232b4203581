"""The admin in a school's words: sign-in lockouts, plain columns, who waits for approval."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.admin import admin_url
from accounts.models import User
from accounts.tests.factories import UserFactory
from teachers.models import TeacherProfile
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ATTEMPTS = reverse("admin:axes_accessattempt_changelist")
AXES_WORDS = re.compile(r"(?i)access (?:attempt|log|failure)|attempted access")


def axes_words(content):
    """Where a page still says axes' names for its models or records."""
    return [content[max(0, m.start() - 60) : m.end()] for m in AXES_WORDS.finditer(content)]


def column_headings(content):
    """The headings of a change list's columns, as staff read them."""
    head = re.search(r"<thead>(.*?)</thead>", content, re.DOTALL)[1]
    texts = re.findall(r'<div class="text">(?:<a [^>]*>|<span>)?(.*?)(?:</a>|</span>)?</div>', head)
    return [text for text in texts if "<input" not in text]  # not the select-all box


def attempt(username="alice", ip="203.0.113.5", failures=5, **fields):
    return AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="Mozilla/5.0 (X11; Linux x86_64)",
        path_info="/students/login/",
        failures_since_start=failures,
        get_data="",
        post_data="",
        http_accept="text/html",
        **fields,
    )


def test_the_axes_section_is_called_sign_in_lockouts(staff_client):
    index = staff_client.get(reverse("admin:index")).content.decode()
    section = staff_client.get(reverse("admin:app_list", args=["axes"])).content.decode()

    assert "Sign-in lockouts</a>" in index
    assert ">Axes<" not in index
    assert "<title>Sign-in lockouts administration |" in section


def test_failed_sign_ins_are_listed_in_plain_words(staff_client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    attempt("alice", "203.0.113.5", failures=5)
    attempt("bob", "198.51.100.7", failures=2)

    content = staff_client.get(ATTEMPTS).content.decode()

    headings = ["Sign-in", "Failed tries", "Status", "Last try", "Sign-in page"]
    assert column_headings(content) == headings
    assert "alice from 203.0.113.5</a>" in content
    assert "bob from 198.51.100.7</a>" in content
    assert "Locked until " in content and "3 tries left" in content


def test_an_old_lock_reads_as_expired(staff_client, settings):
    row = attempt(failures=9)
    AccessAttempt.objects.filter(pk=row.pk).update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    assert "Lock expired" in staff_client.get(ATTEMPTS).content.decode()


def test_a_record_s_own_pages_name_it_by_account_and_address(staff_client):
    row = attempt()
    opts = AccessAttempt._meta

    change = staff_client.get(admin_url(opts, "change", row.pk)).content.decode()
    history = staff_client.get(admin_url(opts, "history", row.pk)).content.decode()
    delete = staff_client.get(admin_url(opts, "delete", row.pk)).content.decode()

    assert "<title>alice from 203.0.113.5 | Failed sign-in count |" in change
    assert "&rsaquo; alice from 203.0.113.5\n</div>" in change  # the breadcrumbs
    assert "<h2>alice from 203.0.113.5</h2>" in change
    assert "History: alice from 203.0.113.5" in history
    assert "delete the failed sign-in count “alice from 203.0.113.5”?" in delete
    for page in (change, history, delete):
        assert axes_words(page) == []


def test_deleting_a_record_says_which_it_was(staff_client):
    row = attempt()

    response = staff_client.post(
        admin_url(AccessAttempt._meta, "delete", row.pk), {"post": "yes"}, follow=True
    )

    content = response.content.decode()
    message = "The failed sign-in count “alice from 203.0.113.5” was deleted successfully."
    assert message in content
    assert not AccessAttempt.objects.exists()


def test_deleting_several_records_lists_them_by_name(staff_client):
    rows = [attempt("alice", "203.0.113.5"), attempt("bob", "198.51.100.7")]

    response = staff_client.post(
        ATTEMPTS, {"action": "delete_selected", "_selected_action": [row.pk for row in rows]}
    )

    content = response.content.decode()
    assert "delete the selected failed sign-ins and locks?" in content
    assert "<li>Failed sign-ins and locks: 2</li>" in content
    assert "<li>Failed sign-in count: alice from 203.0.113.5</li>" in content
    assert "<li>Failed sign-in count: bob from 198.51.100.7</li>" in content
    assert axes_words(content) == []


LISTS = {
    "axes_accessattempt": "Failed sign-ins and locks",
    "axes_accessfailurelog": "Failed sign-in history",
    "axes_accesslog": "Sign-in history",
}


def test_the_lockout_lists_are_named_in_plain_words_on_every_page(staff_client):
    attempt()
    index = staff_client.get(reverse("admin:index")).content.decode()
    section = staff_client.get(reverse("admin:app_list", args=["axes"])).content.decode()

    for page in (index, section):
        for url_name, name in LISTS.items():
            assert f'<a href="{reverse(f"admin:{url_name}_changelist")}">{name}</a>' in page
        assert axes_words(page) == []
    for url_name, name in LISTS.items():
        page = staff_client.get(reverse(f"admin:{url_name}_changelist")).content.decode()
        assert f"<h1>{name}</h1>" in page and f"<title>{name} |" in page
        assert f"&rsaquo; {name}\n</div>" in page  # the breadcrumbs
        assert axes_words(page) == []
    attempts = staff_client.get(ATTEMPTS).content.decode()
    assert "1 failed sign-in count" in attempts
    assert ">Delete the selected failed sign-ins and locks</option>" in attempts


def test_each_row_s_checkbox_is_labelled_with_the_record_s_name(staff_client):
    attempt("alice", "203.0.113.5")

    content = staff_client.get(ATTEMPTS).content.decode()

    assert 'aria-label="Select alice from 203.0.113.5 for an action"' in content
    assert axes_words(content) == []


def test_recent_actions_name_a_deleted_record_plainly(staff_client):
    rows = [attempt("alice", "203.0.113.5"), attempt("bob", "198.51.100.7")]
    staff_client.post(admin_url(AccessAttempt._meta, "delete", rows[0].pk), {"post": "yes"})
    bulk = {"action": "delete_selected", "_selected_action": [rows[1].pk], "post": "yes"}
    done = staff_client.post(ATTEMPTS, bulk, follow=True).content.decode()

    index = staff_client.get(reverse("admin:index")).content.decode()

    assert "Successfully deleted 1 failed sign-in count." in done
    recent = re.search(r'id="recent-actions-module">(.*?)</ul>', index, re.S)[1]
    assert "alice from 203.0.113.5" in recent and "bob from 198.51.100.7" in recent
    assert '<span class="mini quiet">Failed sign-in count</span>' in recent
    assert axes_words(index) == []


def test_sign_ins_are_listed_in_plain_words(staff_client):
    AccessLog.objects.create(username="carol", ip_address="192.0.2.1", path_info="/accounts/login/")

    content = staff_client.get(reverse("admin:axes_accesslog_changelist")).content.decode()

    assert column_headings(content) == ["Sign-in", "Signed in", "Signed out", "Sign-in page"]
    assert "carol from 192.0.2.1</a>" in content


def pending_notice(content):
    return re.search(r'<ul class="messagelist" id="awaiting-approval">(.*?)</ul>', content, re.S)


def test_the_index_says_how_many_teachers_wait_and_links_to_them(staff_client, teacher):
    TeacherFactory.create_batch(2, approved=False)

    content = staff_client.get(reverse("admin:index")).content.decode()

    notice = pending_notice(content)[1]
    pending = admin_url(TeacherProfile._meta, "changelist") + "?approval=pending"
    assert f'<a href="{pending}">2 teachers are waiting for approval.</a>' in notice
    listed = staff_client.get(pending).context["cl"].result_list
    assert {profile.user.is_approved for profile in listed} == {False}
    assert len(listed) == 2


def test_the_index_says_so_when_one_or_no_teacher_waits(staff_client, teacher):
    none = pending_notice(staff_client.get(reverse("admin:index")).content.decode())[1]
    TeacherFactory(approved=False)
    one = pending_notice(staff_client.get(reverse("admin:index")).content.decode())[1]

    assert "No teachers are waiting for approval." in none and "<a " not in none
    assert ">1 teacher is waiting for approval.</a>" in one


def test_staff_who_may_not_approve_teachers_are_not_told(client, pending_teacher):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_teacherprofile"))
    client.force_login(clerk)

    content = client.get(reverse("admin:index")).content.decode()

    assert "Teachers" in content
    assert pending_notice(content) is None


def test_the_user_list_shows_role_and_approval_in_five_columns(staff_client, pending_teacher):
    content = staff_client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert column_headings(content) == ["Username", "Name", "Role", "Approved", "Last sign-in"]
    row = re.search(rf"<tr>.*?>{pending_teacher.username}</a>.*?</tr>", content, re.S)[0]
    assert '<td class="field-role">Teacher</td>' in row
    assert 'alt="False"' in row  # the approval column's icon


def test_the_teacher_list_shows_approval_in_five_columns(staff_client, pending_teacher):
    url = reverse("admin:teachers_teacherprofile_changelist")
    content = staff_client.get(url).content.decode()

    headings = ["Teacher", "Username", "Department", "Subject", "Approved"]
    assert column_headings(content) == headings


def title_options(content):
    select = re.search(r'<select name="(?:[\w-]+-)?title"[^>]*>(.*?)</select>', content, re.S)[1]
    return re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select)


def test_the_title_select_starts_with_a_plain_empty_label(staff_client, teacher):
    add = staff_client.get(reverse("admin:teachers_teacherprofile_add")).content.decode()
    change = staff_client.get(admin_url(TeacherProfile._meta, "change", teacher.pk))
    user_page = staff_client.get(admin_url(User._meta, "change", teacher.pk))  # the inline

    for page in (add, change.content.decode(), user_page.content.decode()):
        options = title_options(page)
        assert options[0] == ("", "Choose a title…")
        assert ("Dr", "Dr") in options and "---------" not in page
