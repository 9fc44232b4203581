"""OneRoster CSV sets for the tests: the small hand-made set, changed row by row, written out."""

import copy
import csv
import io
import zipfile
from pathlib import Path

from django.core.management import call_command

from accounts.models import User
from classes.models import AcademicSession, Class, Course, Enrollment, Org
from students.models import StudentProfile
from teachers.models import TeacherProfile

SMALL = Path(__file__).parent / "rosters" / "small"
MODELS = (User, StudentProfile, TeacherProfile, Org, AcademicSession, Course, Class, Enrollment)


class Roster:
    """A roster as tables of strings: `files[kind]` is [header, *rows], `manifest` its pairs."""

    def __init__(self, files, manifest):
        self.files, self.manifest = files, manifest
        self.raw = {}  # file name -> bytes written instead of the table (broken files)
        self.left_out = set()  # file names not written at all

    @classmethod
    def small(cls):
        files = {}
        for path in sorted(SMALL.glob("*.csv")):
            with path.open(newline="", encoding="utf-8") as stream:
                files[path.stem] = list(csv.reader(stream))
        manifest = [tuple(pair) for pair in files.pop("manifest")[1:]]
        return cls(files, manifest)

    def copy(self):
        other = Roster(copy.deepcopy(self.files), list(self.manifest))
        other.raw, other.left_out = dict(self.raw), set(self.left_out)
        return other

    def header(self, kind):
        return self.files[kind][0]

    def line(self, kind, sid):
        """The file line of the row with this sourcedId (the header is line 1)."""
        return [row[0] for row in self.files[kind]].index(sid) + 1

    def set(self, kind, sid, **values):
        row = self.files[kind][self.line(kind, sid) - 1]
        for column, value in values.items():
            row[self.header(kind).index(column)] = value
        return self

    def add(self, kind, **values):
        self.files[kind].append([values.get(column, "") for column in self.header(kind)])
        return len(self.files[kind])

    def remove(self, kind, sid):
        del self.files[kind][self.line(kind, sid) - 1]
        return self

    def drop_column(self, kind, column):
        index = self.header(kind).index(column)
        for row in self.files[kind]:
            del row[index]
        return self

    def mode(self, kind, value):
        self.manifest = [(p, value if p == f"file.{kind}" else v) for p, v in self.manifest]
        if not any(p == f"file.{kind}" for p, _v in self.manifest):
            self.manifest.append((f"file.{kind}", value))
        return self

    def contents(self, lineterminator="\r\n"):
        """{file name: bytes} of the whole set."""
        tables = {"manifest": [["propertyName", "value"], *map(list, self.manifest)]}
        tables.update(self.files)
        written = {}
        for kind, rows in tables.items():
            stream = io.StringIO()
            csv.writer(stream, lineterminator=lineterminator).writerows(rows)
            written[f"{kind}.csv"] = stream.getvalue().encode()
        written.update(self.raw)
        return {name: data for name, data in written.items() if name not in self.left_out}

    def write(self, path, *, inside=""):
        """Write to the folder `path`, or to a zip when it ends in .zip (in folder `inside`)."""
        path = Path(path)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path, "w") as archive:
                for name, data in self.contents().items():
                    archive.writestr(f"{inside}{name}", data)
            return path
        path.mkdir(parents=True, exist_ok=True)
        for name, data in self.contents().items():
            (path / name).write_bytes(data)
        return path


def database_state():
    """Every row of every table an import writes, to compare before and after."""
    state = {model.__name__: list(model.objects.order_by("pk").values_list()) for model in MODELS}
    terms = Class.terms.through.objects.order_by("pk").values_list("class_id", "academicsession_id")
    state["terms"] = list(terms)
    return state


def run(path, *options):
    """Run the command; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oneroster", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def counts(out, name):
    """The summary row of `name` as {action: n}."""
    for line in out.splitlines():
        cells = line.split()
        if cells and cells[0] == name:
            numbers = map(int, cells[1:])
            return dict(
                zip(("created", "updated", "unchanged", "deleted", "skipped"), numbers, strict=True)
            )
    raise AssertionError(f"no summary row for {name} in {out!r}")


def write_and_run(roster, tmp_path, *options):
    return run(roster.write(tmp_path / "next"), *options)
