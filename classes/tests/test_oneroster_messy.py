"""import_oneroster on real exports: other roles, warnings, absent files, messy CSV, zips."""

import pytest

from accounts.models import User
from classes.models import Class, Enrollment

from .roster_files import counts, run, write_and_run

pytestmark = pytest.mark.django_db


def test_other_roles_are_skipped_and_counted_with_their_enrolments(roster, tmp_path):
    roster.add("users", sourcedId="a-1", role="Aide", username="aide.one", givenName="A")
    roster.set("users", "a-1", familyName="One", enabledUser="true")
    roster.add("enrollments", sourcedId="e-9", classSourcedId="class-7a", userSourcedId="a-1")
    roster.set("enrollments", "e-9", role="aide", schoolSourcedId="school-1")

    out, err = run(roster.write(tmp_path / "set"))

    assert err == ""
    assert counts(out, "users.csv")["skipped"] == 2
    assert counts(out, "enrollments.csv")["skipped"] == 1
    assert not User.objects.filter(sourced_id__in=["a-1", "p-1"]).exists()


def test_warnings_are_reported_and_the_rest_is_written(roster, tmp_path):
    roster.set("users", "s-1", grades="KG")
    roster.set("enrollments", "e-3", role="teacher")  # Grace is a student
    duplicate = roster.add(
        "enrollments",
        sourcedId="e-6",
        classSourcedId="class-8b",
        schoolSourcedId="school-1",
        userSourcedId="s-2",
        role="student",
    )

    out, err = run(roster.write(tmp_path / "set"))

    assert "users.csv:3: warning: grade 'KG' is not a year group" in err
    assert "enrollments.csv:4: warning: role teacher does not match user 's-3'" in err
    assert f"enrollments.csv:{duplicate}: warning: the same person and class as line 6" in err
    assert "Imported." in out
    assert User.objects.get(sourced_id="s-1").student_profile.year_group is None
    assert sorted(Enrollment.objects.values_list("sourced_id", flat=True)) == [
        "e-1",
        "e-2",
        "e-4",
        "e-5",
    ]
    assert counts(out, "enrollments.csv")["skipped"] == 2


def test_unused_and_absent_files_are_noted_and_ignored(roster, tmp_path):
    roster.mode("demographics", "bulk")
    roster.raw["demographics.csv"] = b"sourcedId\nx\n"
    roster.mode("users", "absent").mode("enrollments", "absent")
    roster.set("users", "s-1", username="not valid!")  # not read: marked absent

    out, err = run(roster.write(tmp_path / "set"))

    assert "note: demographics.csv is not used by this site: ignored" in out
    assert "note: users.csv is marked absent in manifest.csv: ignored" in out
    assert err == ""
    assert not User.objects.exists() and Class.objects.count() == 2


def test_references_to_files_marked_absent_are_found_on_the_site(imported, tmp_path):
    for kind in ("orgs", "academicSessions", "courses", "classes"):
        imported.mode(kind, "absent")
        imported.left_out.add(f"{kind}.csv")
    imported.add("users", sourcedId="s-9", role="student", username="new.one", givenName="N")
    imported.set("users", "s-9", familyName="One", orgSourcedIds="school-1")
    imported.add("enrollments", sourcedId="e-9", classSourcedId="class-8b", userSourcedId="s-9")
    imported.set("enrollments", "e-9", role="student", schoolSourcedId="school-1")

    out, err = write_and_run(imported, tmp_path)

    assert err == ""
    new = Enrollment.objects.get(sourced_id="e-9")
    assert (new.user.username, new.school_class.sourced_id) == ("new.one", "class-8b")
    assert "orgs.csv" not in out


def test_messy_files_import_like_clean_ones(roster, tmp_path):
    messy = roster.copy()
    messy.set("classes", "class-7a", classType="SCHEDULED", status="Active")
    messy.set("academicSessions", "term-1", type="Term", startDate="2026-09-01T00:00:00Z")
    messy.set("academicSessions", "term-1", endDate="2026-12-18 00:00:00")
    messy.set("users", "s-1", role="Student", enabledUser="True")
    messy.set("enrollments", "e-1", role="TEACHER", primary="TRUE")
    messy.set("orgs", "district-1", type="District")
    for kind, table in messy.files.items():
        reordered = [list(reversed(row)) for row in table]
        reordered[0] = [f" {name.upper()} " if name == "title" else name for name in reordered[0]]
        messy.files[kind] = reordered
    contents = messy.contents(lineterminator="\r\n")
    folder = tmp_path / "messy"
    folder.mkdir()
    for name, data in contents.items():
        (folder / name).write_bytes(b"\xef\xbb\xbf" + data)

    out, err = run(folder)

    assert err == "" and "Imported." in out
    assert counts(out, "users.csv")["created"] == 4
    again, _err = run(roster.write(tmp_path / "clean"))
    for name in ("orgs", "academicSessions", "courses", "classes", "users", "enrollments"):
        assert counts(again, f"{name}.csv")["created"] == 0, name
        assert counts(again, f"{name}.csv")["updated"] == 0, name
    assert Class.objects.get(sourced_id="class-7a").periods == "1,2"


def test_lf_line_ends_and_blank_lines_are_read(roster, tmp_path):
    folder = tmp_path / "lf"
    folder.mkdir()
    for name, data in roster.contents(lineterminator="\n").items():
        (folder / name).write_bytes(data + b"\n,,,\n")

    out, err = run(folder)

    assert err == "" and counts(out, "enrollments.csv")["created"] == 5


@pytest.mark.parametrize("inside", ["", "export-2026-09-01/"])
def test_a_zip_is_read_with_its_files_at_the_top_or_in_a_folder(roster, tmp_path, inside):
    out, err = run(roster.write(tmp_path / "roster.zip", inside=inside))

    assert err == ""
    assert counts(out, "users.csv")["created"] == 4
    assert Enrollment.objects.count() == 5


def test_a_dry_run_of_a_zip_writes_nothing(roster, tmp_path):
    out, _err = run(roster.write(tmp_path / "roster.zip"), "--dry-run")

    assert counts(out, "classes.csv")["created"] == 2
    assert not Class.objects.exists()
