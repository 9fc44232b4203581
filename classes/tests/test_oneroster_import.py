"""import_oneroster: the small set, re-imports, changed rows, tobedeleted, the dry run."""

import pytest
from django.core.management import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, User
from classes.models import AcademicSession, Class, Course, Enrollment, Org, Status
from classes.oneroster.importer import import_roster
from students.tests.factories import StudentFactory

from .roster_files import counts, database_state, run, write_and_run

pytestmark = pytest.mark.django_db


def test_the_small_set_makes_accounts_with_profiles_classes_and_enrolments(roster, tmp_path):
    out, err = run(roster.write(tmp_path / "set"))

    assert err == ""
    assert counts(out, "users.csv") == dict(created=4, updated=0, unchanged=0, deleted=0, skipped=1)
    assert counts(out, "enrollments.csv")["created"] == 5
    assert "Imported." in out
    teacher = User.objects.get(sourced_id="t-1")
    assert (teacher.role, teacher.username, teacher.get_full_name()) == (
        Role.TEACHER,
        "m.curie",
        "Marie Curie",
    )
    assert teacher.is_approved and teacher.teacher_profile.approved_at is not None
    ada = User.objects.get(username="ada.l")
    assert ada.student_profile.year_group == 7
    assert ada.student_profile.student_number == "1001"
    grace = User.objects.get(username="grace.h")
    assert grace.student_profile.student_number  # made by the site: no identifier given
    assert not any(u.has_usable_password() for u in User.objects.all())
    assert not User.objects.filter(username="parent.l").exists()
    science = Class.objects.get(sourced_id="class-8b")
    assert sorted(t.sourced_id for t in science.terms.all()) == ["term-1", "term-2"]
    assert (science.course.sourced_id, science.school.name) == ("course-sci", "Hilltop Academy")
    assert (science.periods, science.class_type, science.join_code_enabled) == (
        "3",
        "scheduled",
        False,
    )
    assert list(Class.objects.taught_by(teacher).order_by("sourced_id")) == list(
        Class.objects.order_by("sourced_id")
    )
    first = Enrollment.objects.get(sourced_id="e-2")
    assert (first.user, first.role, str(first.end_date)) == (ada, "student", "2026-12-18")
    assert Org.objects.get(sourced_id="school-1").parent.sourced_id == "district-1"
    assert AcademicSession.objects.get(sourced_id="term-1").parent.sourced_id == "year-2027"
    assert Course.objects.get(sourced_id="course-sci").grades == "07,08"


def test_a_filled_password_column_sets_the_password(roster, tmp_path):
    roster.set("users", "s-1", password="first-secret-1")

    run(roster.write(tmp_path / "set"))

    assert User.objects.get(sourced_id="s-1").check_password("first-secret-1")
    assert not User.objects.get(sourced_id="s-2").has_usable_password()


def test_a_password_is_set_only_for_an_account_without_one(imported, tmp_path):
    ada = User.objects.get(sourced_id="s-1")
    ada.set_password("chosen-by-ada")
    ada.save()
    imported.set("users", "s-1", password="from-the-file")
    imported.set("users", "s-2", password="first-for-alan")

    out, _err = write_and_run(imported, tmp_path)

    assert User.objects.get(sourced_id="s-1").check_password("chosen-by-ada")
    assert User.objects.get(sourced_id="s-2").check_password("first-for-alan")
    assert counts(out, "users.csv")["updated"] == 1


def test_a_second_run_of_the_same_files_writes_nothing(imported, tmp_path):
    before = database_state()

    with CaptureQueriesContext(connection) as queries:
        out, err = write_and_run(imported, tmp_path)

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert database_state() == before
    assert err == ""
    assert counts(out, "users.csv") == dict(created=0, updated=0, unchanged=4, deleted=0, skipped=1)
    for name in ("orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv"):
        assert counts(out, name)["unchanged"] > 0
        assert counts(out, name)["created"] == counts(out, name)["updated"] == 0
    assert counts(out, "enrollments.csv")["unchanged"] == 5
    assert "Nothing to change" in out


def test_changed_rows_update(imported, tmp_path):
    imported.set("users", "s-1", familyName="King", grades="08", identifier="2001")
    imported.set("users", "t-1", email="marie@hilltop.example", enabledUser="false")
    imported.set("classes", "class-7a", title="7A Maths", termSourcedIds="term-2")
    imported.set("orgs", "school-1", name="Hilltop School", dateLastModified="2026-09-01")
    imported.set("enrollments", "e-3", primary="true", beginDate="2026-10-01")

    out, _err = write_and_run(imported, tmp_path)

    assert counts(out, "users.csv")["updated"] == 2
    assert counts(out, "classes.csv")["updated"] == 1
    assert counts(out, "orgs.csv")["updated"] == 1
    assert counts(out, "enrollments.csv") == dict(
        created=0, updated=1, unchanged=4, deleted=0, skipped=0
    )
    ada = User.objects.get(sourced_id="s-1")
    assert ada.last_name == "King"
    assert (ada.student_profile.year_group, ada.student_profile.student_number) == (8, "2001")
    marie = User.objects.get(sourced_id="t-1")
    assert (marie.email, marie.is_active) == ("marie@hilltop.example", False)
    maths = Class.objects.get(sourced_id="class-7a")
    assert maths.title == "7A Maths"
    assert [t.sourced_id for t in maths.terms.all()] == ["term-2"]
    school = Org.objects.get(sourced_id="school-1")
    assert (school.name, str(school.date_last_modified)) == (
        "Hilltop School",
        "2026-09-01 00:00:00+00:00",
    )
    grace = Enrollment.objects.get(sourced_id="e-3")
    assert (grace.primary, str(grace.begin_date)) == (True, "2026-10-01")


def test_tobedeleted_deactivates_users_removes_classes_and_enrolments(imported, tmp_path):
    imported.set("users", "s-2", status="tobedeleted")
    imported.set("classes", "class-7a", status="tobedeleted")
    imported.set("enrollments", "e-5", status="tobedeleted")
    imported.set("courses", "course-maths", status="tobedeleted")
    imported.set("academicSessions", "term-2", status="inactive")  # OneRoster 1.0
    imported.set("orgs", "district-1", status="TOBEDELETED")

    out, _err = write_and_run(imported, tmp_path)

    alan = User.objects.get(sourced_id="s-2")
    assert not alan.is_active and alan.student_profile.student_number == "1002"
    assert not Class.objects.filter(sourced_id="class-7a").exists()
    assert sorted(Enrollment.objects.values_list("sourced_id", flat=True)) == ["e-4"]
    assert Course.objects.get(sourced_id="course-maths").status == Status.TO_BE_DELETED
    assert AcademicSession.objects.get(sourced_id="term-2").status == Status.TO_BE_DELETED
    assert Org.objects.get(sourced_id="district-1").status == Status.TO_BE_DELETED
    assert counts(out, "users.csv")["deleted"] == 1
    assert counts(out, "classes.csv")["deleted"] == 1
    # e-1, e-2, e-3 go with their class; e-5 by its own row.
    assert counts(out, "enrollments.csv")["deleted"] == 4

    again, _err = write_and_run(imported, tmp_path)

    assert counts(again, "users.csv")["unchanged"] == 4
    assert counts(again, "classes.csv") == dict(
        created=0, updated=0, unchanged=1, deleted=0, skipped=1
    )
    assert counts(again, "enrollments.csv")["created"] == 0


def test_new_records_marked_tobedeleted_are_not_enrolled(roster, tmp_path):
    """A person or class already deleted at the source, with enrolments still listed."""
    roster.set("users", "s-2", status="tobedeleted")
    roster.set("classes", "class-7a", status="tobedeleted")
    roster.set("academicSessions", "term-2", status="tobedeleted")

    out, err = run(roster.write(tmp_path / "set"))

    assert err == ""
    assert not User.objects.filter(sourced_id="s-2").exists()
    assert list(Class.objects.values_list("sourced_id", flat=True)) == ["class-8b"]
    assert list(Enrollment.objects.values_list("sourced_id", flat=True)) == ["e-4"]
    assert counts(out, "enrollments.csv")["skipped"] == 4
    science = Class.objects.get()
    assert sorted(t.sourced_id for t in science.terms.all()) == ["term-1", "term-2"]
    assert AcademicSession.objects.get(sourced_id="term-2").status == Status.TO_BE_DELETED


def test_a_dry_run_reports_the_same_and_writes_nothing(imported, tmp_path):
    imported.set("users", "s-1", familyName="King")
    imported.set("classes", "class-7a", status="tobedeleted")
    imported.add("users", sourcedId="s-9", role="student", username="new.one", givenName="N")
    imported.set("users", "s-9", familyName="One", enabledUser="true")
    before = database_state()

    dry, dry_err = write_and_run(imported, tmp_path, "--dry-run")

    assert database_state() == before
    assert "Dry run: nothing was written." in dry
    real, real_err = write_and_run(imported, tmp_path)
    assert database_state() != before
    assert dry.splitlines()[:-1] == real.splitlines()[:-1]
    assert dry_err == real_err
    assert counts(dry, "users.csv")["created"] == 1


def test_a_dry_run_on_an_empty_site_writes_nothing(roster, tmp_path):
    report = import_roster(roster.write(tmp_path / "set"), dry_run=True)

    assert report.errors == [] and not report.applied
    assert report.counts["users.csv"]["created"] == 4
    assert not User.objects.exists() and not Org.objects.exists()


def test_an_existing_site_account_is_never_overwritten_by_a_new_record(roster, tmp_path):
    StudentFactory(username="Alan.T", email="Alan@Hilltop.example")
    before = database_state()

    with pytest.raises(CommandError):
        run(roster.write(tmp_path / "set"))

    assert database_state() == before


def test_an_enrolment_moved_to_a_class_the_person_is_already_in_there_takes_that_row(
    imported, tmp_path
):
    ada, science = User.objects.get(sourced_id="s-1"), Class.objects.get(sourced_id="class-8b")
    made_here = Enrollment.objects.create(user=ada, school_class=science, role="student")
    imported.set("enrollments", "e-2", classSourcedId="class-8b")

    out, err = write_and_run(imported, tmp_path)

    assert err == ""
    moved = Enrollment.objects.get(sourced_id="e-2")
    assert (moved.pk, moved.school_class) == (made_here.pk, science)
    assert not Enrollment.objects.filter(user=ada, school_class__sourced_id="class-7a").exists()
    assert counts(out, "enrollments.csv") == dict(
        created=0, updated=1, unchanged=4, deleted=1, skipped=0
    )
    again, _err = write_and_run(imported, tmp_path)
    assert counts(again, "enrollments.csv")["unchanged"] == 5


def test_two_enrolments_may_swap_their_sourcedids(imported, tmp_path):
    imported.set("enrollments", "e-2", userSourcedId="s-3", endDate="")
    imported.set("enrollments", "e-3", userSourcedId="s-1")

    out, err = write_and_run(imported, tmp_path)

    assert err == ""
    assert Enrollment.objects.get(sourced_id="e-2").user.sourced_id == "s-3"
    assert Enrollment.objects.get(sourced_id="e-3").user.sourced_id == "s-1"
    assert Enrollment.objects.count() == 5
    assert counts(out, "enrollments.csv")["updated"] == 2
