"""Importing a roster from the admin, through the real task queue: upload, check, confirm.

The worker is django-tasks-db's own `db_worker`, run in this process until the queue is empty;
it closes idle connections between tasks, so the tests that run it commit for real
(`transactional_db`) instead of running inside one test transaction.
"""

import io
import signal
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from accounts.models import Role, User
from accounts.tests.factories import AdminFactory, UserFactory
from classes import roster_admin, roster_tasks
from classes.models import Class, Enrollment, RosterImport
from classes.oneroster.importer import import_roster
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

SMALL = Path(__file__).parent / "rosters" / "small"
DATA_FILES = [path for path in SMALL.glob("*.csv") if path.name != "manifest.csv"]
ROWS = sum(len(path.read_text().splitlines()) for path in DATA_FILES)  # headers included
BROKEN_ENROLMENT = "e-9,,,class-7a,school-1,nobody,student,false,,\r\n"


def zipped(changes=None):
    """The small valid roster as a .zip, with some files' text replaced or extended."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(SMALL.glob("*.csv")):
            archive.writestr(
                f"export/{path.name}", (changes or {}).get(path.name, path.read_text())
            )
    return buffer.getvalue()


def upload(client, data, name="roster.zip"):
    return client.post(
        reverse("admin:classes_rosterimport_add"), {"upload": SimpleUploadedFile(name, data)}
    )


def status_url(roster):
    return reverse("admin:classes_rosterimport_change", args=[roster.pk])


def apply_url(roster):
    return reverse("admin:classes_rosterimport_apply", args=[roster.pk])


def work():
    """Run the queue's worker until no task is left, as `manage.py db_worker` would."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker", "--batch", "--no-reload", "--no-startup-delay", stdout=io.StringIO()
        )
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)  # the worker takes them for its graceful shutdown


@pytest.fixture
def superuser_client(client, transactional_db):
    client.force_login(AdminFactory())
    return client


def page(client, roster):
    response = client.get(status_url(roster))
    assert response.status_code == 200
    return response.content.decode()


def test_upload_check_confirm_and_import_through_the_queue(superuser_client):
    answer = upload(superuser_client, zipped())
    roster = RosterImport.objects.get()
    assert answer.status_code == 302 and answer["Location"] == status_url(roster)
    assert roster.file_name == "roster.zip" and roster.rows_total == ROWS

    waiting = page(superuser_client, roster)
    assert 'http-equiv="refresh"' in waiting
    assert "Waiting for the task worker" in waiting

    work()
    roster.refresh_from_db()
    assert roster.state == RosterImport.State.CHECKED and roster.rows_done == roster.rows_total
    checked = page(superuser_client, roster)
    assert 'http-equiv="refresh"' not in checked
    assert (
        '<tr><th scope="row">users.csv</th><td>4</td><td>0</td><td>0</td><td>0</td><td>1</td>'
        in (checked)
    )
    assert "Confirm and apply" in checked
    assert not User.objects.filter(sourced_id__isnull=False).exists()  # a check writes nothing

    answer = superuser_client.post(apply_url(roster))
    assert answer.status_code == 302 and answer["Location"] == status_url(roster)
    assert 'http-equiv="refresh"' in page(superuser_client, roster)
    work()

    done = page(superuser_client, roster)
    assert 'data-state="done"' in done and "The roster was imported." in done
    assert "Confirm and apply" not in done
    assert set(
        User.objects.filter(sourced_id__isnull=False).values_list("username", flat=True)
    ) == {
        "m.curie",
        "ada.l",
        "alan.t",
        "grace.h",
    }
    assert Class.objects.count() == 2 and Enrollment.objects.count() == 5
    roster.refresh_from_db()
    assert roster.confirmed_by.is_superuser and roster.finished_at and bytes(roster.data) == b""


def test_the_check_lists_every_problem_and_offers_no_import(superuser_client, tmp_path):
    enrolments = (SMALL / "enrollments.csv").read_text() + BROKEN_ENROLMENT
    data = zipped({"enrollments.csv": enrolments})
    (tmp_path / "roster.zip").write_bytes(data)
    expected = import_roster(tmp_path / "roster.zip", dry_run=True)  # what the command reports
    assert expected.errors

    upload(superuser_client, data)
    work()
    roster = RosterImport.objects.without_data().get()
    content = page(superuser_client, roster)

    for problem in expected.problems:
        assert f"<code>{escape(problem)}</code>" in content
    assert str(expected.errors[0]).startswith("enrollments.csv:7: ")
    assert "cannot be imported" in content and "Confirm and apply" not in content
    answer = superuser_client.post(apply_url(roster), follow=True)
    assert "not waiting for confirmation" in answer.content.decode()
    assert DBTaskResult.objects.count() == 1  # the check only
    assert not User.objects.filter(sourced_id__isnull=False).exists()


def test_confirming_twice_imports_once(superuser_client):
    upload(superuser_client, zipped())
    work()
    roster = RosterImport.objects.get()
    superuser_client.post(apply_url(roster))
    second = superuser_client.post(apply_url(roster), follow=True)
    assert "not waiting for confirmation" in second.content.decode()
    assert DBTaskResult.objects.count() == 2  # one check, one import
    work()
    assert RosterImport.objects.get().state == RosterImport.State.DONE


def test_an_import_that_crashes_shows_failed_not_a_stuck_page(superuser_client, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    upload(superuser_client, zipped())
    monkeypatch.setattr(roster_tasks, "import_roster", crash)
    work()

    roster = RosterImport.objects.get()
    content = page(superuser_client, roster)
    assert roster.state == RosterImport.State.FAILED
    assert 'data-state="failed"' in content and "RuntimeError: disk full" in content
    assert 'http-equiv="refresh"' not in content and "Confirm and apply" not in content
    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_task_the_worker_lost_shows_failed(superuser_client):
    upload(superuser_client, zipped())
    roster = RosterImport.objects.get()
    DBTaskResult.objects.update(status="FAILED")  # as when the task died outside our code
    content = page(superuser_client, roster)
    assert 'data-state="failed"' in content and 'http-equiv="refresh"' not in content


def test_the_page_shows_how_many_rows_are_read(superuser_client):
    upload(superuser_client, zipped())
    RosterImport.objects.update(rows_total=100, rows_done=40, stage="users.csv")
    DBTaskResult.objects.update(status="RUNNING")
    content = page(superuser_client, RosterImport.objects.get())
    assert '<progress value="40" max="100"></progress>' in content
    assert "Read 40 of 100 rows (users.csv)" in content
    assert 'http-equiv="refresh"' in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,value\r\n", "This is not a .zip file."),
        (
            zipped({"users.csv": "x" * 2_000_000}),
            "This file is 1.9 MB; a roster may be at most 1 MB",
        ),
    ],
    ids=["not a zip", "too big"],
)
def test_a_wrong_file_is_a_form_error_and_queues_nothing(client, data, message, monkeypatch):
    monkeypatch.setattr(roster_admin, "MAX_UPLOAD_MB", 1)
    client.force_login(AdminFactory())
    answer = upload(client, data)
    assert answer.status_code == 200
    assert message in answer.content.decode()
    assert not RosterImport.objects.exists() and not DBTaskResult.objects.exists()


VISITORS = ("anonymous", "student", "teacher", "staff", "viewer", "importer", "superuser")
PERMISSIONS = {
    "viewer": ["view_rosterimport"],
    "importer": ["view_rosterimport", "add_rosterimport", "change_rosterimport"],
}
LOGIN = "/admin/login/"
# (method, page) -> status for each visitor, in VISITORS' order.
ACCESS = {
    ("get", "changelist"): (LOGIN, LOGIN, LOGIN, 403, 200, 200, 200),
    ("get", "add"): (LOGIN, LOGIN, LOGIN, 403, 403, 200, 200),
    ("post", "add"): (LOGIN, LOGIN, LOGIN, 403, 403, 302, 302),
    ("get", "change"): (LOGIN, LOGIN, LOGIN, 403, 200, 200, 200),
    ("post", "apply"): (LOGIN, LOGIN, LOGIN, 403, 403, 302, 302),
    ("get", "apply"): (LOGIN, LOGIN, LOGIN, 403, 403, 405, 405),
}


def visitor_user(visitor):
    if visitor == "anonymous":
        return None
    if visitor == "student":
        return StudentFactory()
    if visitor == "teacher":
        return TeacherFactory()
    if visitor == "superuser":
        return AdminFactory()
    user = UserFactory(role=Role.ADMIN, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=PERMISSIONS.get(visitor, [])))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "name"), list(ACCESS), ids=[" ".join(key) for key in ACCESS])
@pytest.mark.parametrize("visitor", VISITORS)
def test_access(client, visitor, method, name):
    checked = RosterImport.objects.create(
        file_name="checked.zip", data=zipped(), state="checked", check_report={"counts": {}}
    )
    user = visitor_user(visitor)
    if user is not None:
        client.force_login(user)
    args = [] if name in ("changelist", "add") else [checked.pk]
    url = reverse(f"admin:classes_rosterimport_{name}", args=args)
    data = {"upload": SimpleUploadedFile("r.zip", zipped())} if name == "add" else {}

    answer = getattr(client, method)(url, data)

    expected = ACCESS[(method, name)][VISITORS.index(visitor)]
    if expected == LOGIN:
        assert answer.status_code == 302 and answer["Location"].startswith(f"{LOGIN}?next=")
    else:
        assert answer.status_code == expected
    changed = RosterImport.objects.exclude(pk=checked.pk).exists() or (
        RosterImport.objects.get(pk=checked.pk).state != "checked"
    )
    assert changed == (method == "post" and expected == 302)


@pytest.mark.django_db
def test_a_viewer_sees_the_report_without_the_confirm_button(client):
    client.force_login(visitor_user("viewer"))
    roster = RosterImport.objects.create(
        file_name="r.zip", state="checked", check_report={"counts": {"users.csv": {"created": 4}}}
    )
    content = page(client, roster)
    assert '<th scope="row">users.csv</th><td>4</td>' in content
    assert "Confirm and apply" not in content and "can apply it" in content


@pytest.mark.django_db
def test_the_roster_list_offers_the_import_in_plain_words(staff_client):
    content = staff_client.get(reverse("admin:classes_rosterimport_changelist")).content.decode()
    assert "<h1>Roster imports</h1>" in content and "Import a roster" in content
    content = staff_client.get(reverse("admin:classes_rosterimport_add")).content.decode()
    assert "<h1>Import a roster</h1>" in content and "Upload and check" in content
    assert 'enctype="multipart/form-data"' in content and "csrfmiddlewaretoken" in content
