"""import_oneroster errors: each names `file.csv:LINE`, exits 1 and writes nothing."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User
from classes.oneroster.importer import import_roster
from students.tests.factories import StudentFactory

from .roster_files import Roster, database_state

pytestmark = pytest.mark.django_db


def broken_users_line(text):
    def mutate(roster):
        roster.raw["users.csv"] = roster.contents()["users.csv"].replace(
            b"s-1,,,true,school-1,student,ada.l", text
        )

    return mutate


def new_student(**values):
    def mutate(roster):
        roster.add("users", sourcedId="s-9", role="student", givenName="New", familyName="One")
        roster.set("users", "s-9", **{"username": "new.one", **values})

    return mutate


def two_new_accounts_named(first, second):
    def mutate(roster):
        new_student(username=first)(roster)
        line = roster.add("users", sourcedId="s-10", role="teacher", username=second)
        roster.set("users", "s-10", givenName="Other", familyName="One")
        return line

    return mutate


def change(kind, sid, **values):
    return lambda roster: roster.set(kind, sid, **values)


def leave_out(name):
    return lambda roster: roster.left_out.add(name)


CASES = {
    "no manifest": (leave_out("manifest.csv"), "manifest.csv:0: error: missing"),
    "a bulk file missing": (
        leave_out("users.csv"),
        "users.csv:0: error: missing, but manifest.csv marks file.users bulk",
    ),
    "a delta file": (
        lambda roster: roster.mode("users", "delta"),
        "manifest.csv:16: error: file.users is delta: only bulk sets can be imported",
    ),
    "an unknown mode": (
        lambda roster: roster.mode("classes", "full"),
        "manifest.csv:6: error: file.classes is 'full', not bulk or absent",
    ),
    "a missing column": (
        lambda roster: roster.drop_column("users", "username"),
        "users.csv:1: error: missing column(s): username",
    ),
    "an empty file": (
        lambda roster: roster.raw.update({"courses.csv": b""}),
        "courses.csv:1: error: missing column(s): sourcedId, title, orgSourcedId",
    ),
    "a value too many": (
        lambda roster: roster.files["users"][2].append("x"),
        "users.csv:3: error: has a different number of values than the header",
    ),
    "a value too few": (
        lambda roster: roster.files["classes"][1].pop(),
        "classes.csv:2: error: has a different number of values than the header",
    ),
    "broken quoting": (
        broken_users_line(b's-1,,,true,school-1,student,"ada"l'),
        "users.csv:3: error: cannot be read as CSV",
    ),
    "a NUL byte": (
        broken_users_line(b"s-1,,,true,school-1,student,ada\0l"),
        "users.csv:3: error: cannot be read as CSV: a NUL byte",
    ),
    "an empty required value": (
        change("users", "s-2", givenName=" "),
        "users.csv:4: error: givenName is empty",
    ),
    "an empty sourcedId": (
        change("classes", "class-8b", sourcedId=""),
        "classes.csv:3: error: sourcedId is empty",
    ),
    "a malformed date": (
        change("academicSessions", "term-1", startDate="2026-13-01"),
        "academicSessions.csv:2: error: startDate '2026-13-01' is not a date",
    ),
    "a malformed date with a time": (
        change("enrollments", "e-2", beginDate="2026-09-01X10:00"),
        "enrollments.csv:3: error: beginDate '2026-09-01X10:00' is not a date",
    ),
    "a malformed dateLastModified": (
        change("orgs", "school-1", dateLastModified="yesterday"),
        "orgs.csv:3: error: dateLastModified 'yesterday' is not a date",
    ),
    "a malformed boolean": (
        change("users", "s-1", enabledUser="maybe"),
        "users.csv:3: error: enabledUser 'maybe' is not true or false",
    ),
    "a malformed enumeration": (
        change("orgs", "district-1", type="campus"),
        "orgs.csv:2: error: type 'campus' is not one of",
    ),
    "a malformed status": (
        change("courses", "course-sci", status="archived"),
        "courses.csv:3: error: status 'archived' is not one of: active, tobedeleted",
    ),
    "a malformed role": (
        change("enrollments", "e-4", role="pupil"),
        "enrollments.csv:5: error: role 'pupil' is not one of",
    ),
    "a malformed number": (
        change("academicSessions", "year-2027", schoolYear="2026-27"),
        "academicSessions.csv:4: error: schoolYear '2026-27' is not a whole number",
    ),
    "a school year out of range": (
        change("academicSessions", "year-2027", schoolYear="99999"),
        "academicSessions.csv:4: error: schoolYear '99999' is not a year",
    ),
    "a session ending before it starts": (
        change("academicSessions", "term-2", endDate="2026-12-31"),
        "academicSessions.csv:3: error: endDate is before startDate",
    ),
    "an enrolment ending before it begins": (
        change("enrollments", "e-2", endDate="2026-08-31"),
        "enrollments.csv:3: error: endDate is before beginDate",
    ),
    "a value too long for the site": (
        change("classes", "class-7a", title="M" * 201),
        "classes.csv:2: error: title is longer than 200 characters",
    ),
    "a duplicate sourcedId": (
        lambda roster: roster.files["users"].append(list(roster.files["users"][2])),
        "users.csv:7: error: sourcedId 's-1' repeats line 3",
    ),
    "a missing org": (
        change("orgs", "school-1", parentSourcedId="trust-9"),
        "orgs.csv:3: error: refers to 'trust-9', which is neither in orgs.csv nor on this site",
    ),
    "a missing parent session": (
        change("academicSessions", "term-1", parentSourcedId="year-1999"),
        "academicSessions.csv:2: error: refers to 'year-1999'",
    ),
    "a missing course org": (
        change("courses", "course-maths", orgSourcedId="school-9"),
        "courses.csv:2: error: refers to 'school-9'",
    ),
    "a missing school year": (
        change("courses", "course-sci", schoolYearSourcedId="year-9"),
        "courses.csv:3: error: refers to 'year-9'",
    ),
    "a missing course": (
        change("classes", "class-7a", courseSourcedId="course-art"),
        "classes.csv:2: error: refers to 'course-art'",
    ),
    "a missing term": (
        change("classes", "class-8b", termSourcedIds="term-1,term-9"),
        "classes.csv:3: error: refers to 'term-9'",
    ),
    "a missing user org": (
        change("users", "s-3", orgSourcedIds="school-1,school-2"),
        "users.csv:5: error: refers to 'school-2', which is neither in orgs.csv",
    ),
    "a missing enrolled user": (
        change("enrollments", "e-5", userSourcedId="s-99"),
        "enrollments.csv:6: error: refers to 's-99', which is neither in users.csv",
    ),
    "a missing enrolment class": (
        change("enrollments", "e-1", classSourcedId="class-9z"),
        "enrollments.csv:2: error: refers to 'class-9z', which is neither in classes.csv",
    ),
    "a missing enrolment school": (
        change("enrollments", "e-1", schoolSourcedId="school-7"),
        "enrollments.csv:2: error: refers to 'school-7', which is neither in orgs.csv",
    ),
    "a reference into a file marked absent": (
        lambda roster: roster.mode("courses", "absent").set(
            "classes", "class-8b", courseSourcedId="course-art"
        ),
        "classes.csv:3: error: refers to 'course-art'",
    ),
    "a username the site rejects": (
        change("users", "s-1", username="ada lovelace!"),
        "users.csv:3: error: username 'ada lovelace!' is not accepted",
    ),
    "a username too long": (
        change("users", "s-2", username="a" * 151),
        "users.csv:4: error: username 'aaaa",
    ),
    "an invalid email": (
        change("users", "t-1", email="marie at hilltop"),
        "users.csv:2: error: email 'marie at hilltop' is not an email address",
    ),
    "another account's username": (
        new_student(username="ADA.L"),
        "users.csv:7: error: username 'ada.l' belongs to another account",
    ),
    "another account's email": (
        new_student(email="Alan@Hilltop.example"),
        "users.csv:7: error: email 'alan@hilltop.example' belongs to another account",
    ),
    "another account's student number": (
        new_student(identifier="1002"),
        "users.csv:7: error: student number (identifier) '1002' belongs to another account",
    ),
    "two new accounts with one username": (
        two_new_accounts_named("new.one", "New.One"),
        "users.csv:8: error: username 'new.one' belongs to another account",
    ),
    "an identifier too long": (
        change("users", "s-1", identifier="1" * 21),
        "users.csv:3: error: identifier '111111111111111111111' is longer than 20 characters",
    ),
    "a changed role": (
        change("users", "s-1", role="teacher"),
        "users.csv:3: error: 'ada.l' is a student on this site, not a teacher",
    ),
}


def import_failing(path):
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"error\(s\): nothing was written"):
        call_command("import_oneroster", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.parametrize(("mutate", "expected"), CASES.values(), ids=CASES.keys())
def test_an_error_names_its_line_and_nothing_is_written(tmp_path, mutate, expected):
    roster = Roster.small()
    call_command("import_oneroster", str(roster.write(tmp_path / "first")), stdout=io.StringIO())
    before = database_state()
    # Changes that would be written but for the error.
    roster.set("orgs", "school-1", name="Renamed Academy")
    roster.set("users", "s-3", familyName="Renamed", status="tobedeleted")
    roster.set("classes", "class-7a", status="tobedeleted")
    mutate(roster)

    err = import_failing(roster.write(tmp_path / "second"))

    assert expected in err
    assert database_state() == before
    assert "Traceback" not in err


ON_AN_EMPTY_SITE = {name: case for name, case in CASES.items() if name != "a changed role"}


@pytest.mark.parametrize(
    ("mutate", "expected"), ON_AN_EMPTY_SITE.values(), ids=ON_AN_EMPTY_SITE.keys()
)
def test_an_error_on_an_empty_site_writes_nothing(tmp_path, mutate, expected):
    roster = Roster.small()
    mutate(roster)

    report = import_roster(roster.write(tmp_path / "set"))

    assert any(expected in str(problem) for problem in report.errors)
    assert not report.applied
    assert not User.objects.exists()


def test_a_site_account_whose_email_differs_only_in_case_is_another_account(tmp_path):
    StudentFactory(email="Alan@Hilltop.Example")

    err = import_failing(Roster.small().write(tmp_path / "set"))

    assert "users.csv:4: error: email 'alan@hilltop.example' belongs to another account" in err
    assert User.objects.count() == 1


@pytest.mark.parametrize("path", ["no-such-folder", "not-a-zip.zip"])
def test_a_path_that_is_no_roster_is_an_error(tmp_path, path):
    (tmp_path / "not-a-zip.zip").write_text("hello")

    err = import_failing(tmp_path / path)

    assert "not a folder or a .zip file" in err or "no such folder" in err


def test_the_command_exits_1_without_a_traceback(tmp_path):
    roster = Roster.small().set("users", "s-2", enabledUser="perhaps")
    folder = roster.write(tmp_path / "set")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}

    done = subprocess.run(
        [sys.executable, "manage.py", "import_oneroster", str(folder)],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1
    assert "users.csv:4: error: enabledUser 'perhaps' is not true or false" in done.stderr
    assert "1 error(s): nothing was written." in done.stderr
    assert "Traceback" not in done.stderr
