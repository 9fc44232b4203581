"""export_oneroster: a folder or a .zip, that imports back to the same site."""

import csv
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from classes import services
from classes.models import AcademicSession, Class, Course, Enrollment, Org
from classes.oneroster.importer import import_roster
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .factories import TermFactory
from .roster_files import Roster

pytestmark = pytest.mark.django_db
FILES = ("orgs", "academicSessions", "courses", "classes", "users", "enrollments")


def export(path):
    out = io.StringIO()
    call_command("export_oneroster", str(path), stdout=out)
    return out.getvalue()


def read_folder(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def read_zip(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in sorted(archive.namelist())}


def lines(files):
    return {name: data.decode().splitlines() for name, data in files.items()}


def table(data):
    return list(csv.DictReader(io.StringIO(data.decode())))


@pytest.fixture
def site(tmp_path):
    """The small set imported, and a few records made on the site itself."""
    report = import_roster(Roster.small().write(tmp_path / "small"))
    assert report.applied
    teacher = TeacherFactory(username="made.here", first_name="Made", last_name="Here")
    student = StudentFactory(username="joined.here", year_group=9)
    term = TermFactory(title="Summer term")
    school = Org.objects.get(sourced_id="school-1")
    made = services.create_class(title="Art club", teacher=teacher)
    made.school, made.location = school, "Studio"
    made.save()
    made.terms.add(term)
    Enrollment.objects.create(user=student, school_class=made, role="student")
    Enrollment.objects.create(
        user=User.objects.get(sourced_id="s-1"), school_class=made, role="student"
    )
    ada = User.objects.get(sourced_id="s-1")
    ada.is_active = False
    ada.save()
    Course.objects.filter(sourced_id="course-maths").update(status="tobedeleted")
    return made


def test_the_export_writes_the_manifest_and_six_files(site, tmp_path):
    out = export(tmp_path / "out")

    files = read_folder(tmp_path / "out")
    assert f"Roster written to {tmp_path / 'out'}." in out
    assert sorted(files) == sorted(["manifest.csv", *(f"{kind}.csv" for kind in FILES)])
    manifest = {row["propertyName"]: row["value"] for row in table(files["manifest.csv"])}
    assert all(manifest[f"file.{kind}"] == "bulk" for kind in FILES)
    assert manifest["oneroster.version"] == "1.1"
    users = {row["username"]: row for row in table(files["users.csv"])}
    assert users["ada.l"]["enabledUser"] == "false"
    assert (users["ada.l"]["grades"], users["ada.l"]["identifier"]) == ("07", "1001")
    assert users["made.here"]["role"] == Role.TEACHER
    assert users["joined.here"]["sourcedId"].startswith("schoolsite-user-")
    assert all(row["password"] == "" for row in users.values())
    assert "parent.l" not in users
    classes = {row["title"]: row for row in table(files["classes.csv"])}
    assert classes["8B Science"]["termSourcedIds"] == "term-1,term-2"
    assert classes["Art club"]["sourcedId"] == f"schoolsite-class-{site.pk}"
    assert classes["Art club"]["schoolSourcedId"] == "school-1"
    courses = {row["sourcedId"]: row for row in table(files["courses.csv"])}
    assert courses["course-maths"]["status"] == "tobedeleted"
    assert len(table(files["enrollments.csv"])) == 5 + 3


def test_a_zip_export_holds_the_same_files(site, tmp_path):
    export(tmp_path / "folder")
    export(tmp_path / "roster.zip")

    assert read_zip(tmp_path / "roster.zip") == read_folder(tmp_path / "folder")


def test_an_unwritable_path_is_an_error(site, tmp_path):
    (tmp_path / "a-file").write_text("in the way")

    with pytest.raises(CommandError, match="cannot write there"):
        export(tmp_path / "a-file" / "roster")


def empty_the_site():
    Enrollment.objects.all().delete()
    Class.objects.all().delete()
    Course.objects.all().delete()
    AcademicSession.objects.filter(parent__isnull=False).delete()
    AcademicSession.objects.all().delete()
    Org.objects.filter(parent__isnull=False).delete()
    Org.objects.all().delete()
    User.objects.all().delete()


@pytest.mark.parametrize("name", ["first", "first.zip"])
def test_an_export_imported_into_an_empty_site_exports_the_same(site, tmp_path, name):
    export(tmp_path / name)
    empty_the_site()

    report = import_roster(tmp_path / name)

    assert report.errors == [] and report.warnings == [] and report.applied
    export(tmp_path / "second")
    first = read_zip(tmp_path / name) if name.endswith(".zip") else read_folder(tmp_path / name)
    second = lines(read_folder(tmp_path / "second"))
    for file_name, rows in lines(first).items():
        assert second[file_name] == rows, file_name
    assert User.objects.get(username="made.here").is_approved
    assert not User.objects.get(username="made.here").has_usable_password()
    again = import_roster(tmp_path / "second")
    changed = [
        (name, counts) for name, counts in again.counts.items() if set(counts) - {"unchanged"}
    ]
    assert changed == []
