"""Roster import (issue 18, item 6): a OneRoster 1.1 CSV set into an empty database.

District size is 10,000 students, 500 teachers, 1,000 classes (in 50 courses) and 30,000
student enrolments (three per student) plus one teacher enrolment per class, without
passwords. The set is imported by `manage.py migrate` then `manage.py import_oneroster PATH`
in a subprocess, into a database of its own: a new SQLite file, or `<name>_import` beside the
PostgreSQL bench database (dropped and created for every import, dropped at the end). Timed:
the first import and the unchanged re-import; peak memory from `/usr/bin/time -f %M`.

Then hashing: a small set of students WITH passwords, imported into an empty database, and the
same set without passwords; passwords hashed per second = students ÷ (the difference of the
two import times), against the hasher's bound (cores ÷ CPU time of one hash).
"""

import csv
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.concurrent_registrations import ROOT, SetupError
from bench.target import Target, database_name, recreate_database

FULL = {"students": 10_000, "teachers": 500, "classes": 1_000}
ENROLMENTS_PER_STUDENT = 3
COURSES = 50
PASSWORD_STUDENTS = 400
TERM = ("t1", "", "", "")  # a class's termSourcedIds, subjects, subjectCodes, periods
TIME = Path("/usr/bin/time")

MANIFEST_FILES = ("orgs", "academicSessions", "courses", "classes", "users", "enrollments")
HEADERS = {
    "orgs": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions": "sourcedId,status,dateLastModified,title,type,startDate,endDate,"
    "parentSourcedId,schoolYear",
    "courses": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,"
    "orgSourcedId,subjects,subjectCodes",
    "classes": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
    "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "users": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,"
    "givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password",
    "enrollments": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
    "userSourcedId,role,primary,beginDate,endDate",
}


def sizes(scale):
    """The district-size set times `scale` (1/20 for the smoke run), at least one of each."""
    return {key: max(1, round(count * scale)) for key, count in FULL.items()}


def generate(folder, students, teachers, classes, passwords=False):
    """Write a OneRoster 1.1 bulk CSV set into `folder`; return {file: data rows}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    courses = min(COURSES, classes)
    counts = {}

    def write(name, rows):
        with open(folder / f"{name}.csv", "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS[name].split(","))
            count = 0
            for row in rows:
                writer.writerow(row)
                count += 1
        counts[name] = count

    with open(folder / "manifest.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["propertyName", "value"])
        writer.writerows([["manifest.version", "1.0"], ["oneroster.version", "1.1"]])
        writer.writerows([f"file.{name}", "bulk"] for name in MANIFEST_FILES)
    write("orgs", [["org-1", "", "", "Bench District School", "school", "", ""]])
    write(
        "academicSessions",
        [
            ["y", "", "", "2026-27", "schoolYear", "2026-09-01", "2027-07-20", "", "2027"],
            ["t1", "", "", "Autumn", "term", "2026-09-01", "2026-12-18", "y", "2027"],
        ],
    )
    write(
        "courses",
        ([f"c{i}", "", "", "y", f"Course {i}", "", "07", "org-1", "", ""] for i in range(courses)),
    )
    write(
        "classes",
        (
            [
                f"k{i}",
                "",
                "",
                f"Class {i}",
                "07",
                f"c{i % courses}",
                "",
                "scheduled",
                "",
                "org-1",
                *TERM,
            ]
            for i in range(classes)
        ),
    )

    def user(prefix, i, role, grades):
        password = f"pw-{prefix}-{i}-roster" if passwords else ""
        number = f"N{i}" if role == "student" else ""
        name = f"{role.capitalize()}{i}"
        sourced = [f"{prefix}{i}", "", "", "true", "org-1", role, f"{role}{i}", ""]
        return [*sourced, prefix.upper(), name, "", number, "", "", "", "", grades, password]

    write(
        "users",
        [
            *(user("t", i, "teacher", "") for i in range(teachers)),
            *(user("s", i, "student", "07") for i in range(students)),
        ],
    )

    def enrolments():
        for i in range(classes):
            yield [
                f"et{i}",
                "",
                "",
                f"k{i}",
                "org-1",
                f"t{i % teachers}",
                "teacher",
                "true",
                "",
                "",
            ]
        n = 0
        for s in range(students):
            for j in range(min(ENROLMENTS_PER_STUDENT, classes)):
                klass = (s * ENROLMENTS_PER_STUDENT + j) % classes
                yield [f"e{n}", "", "", f"k{klass}", "org-1", f"s{s}", "student", "false", "", ""]
                n += 1

    write("enrollments", enrolments())
    return counts


@dataclass
class Import:
    """One `manage.py import_oneroster` run."""

    name: str
    seconds: float
    peak_mib: float | None
    ok: bool
    unchanged: bool  # the command said the site already matched the files
    detail: str = ""


@dataclass
class RosterRun:
    sizes: dict  # {file: data rows} of the district-size set
    password_students: int
    imports: list = field(default_factory=list)
    migrate_seconds: float = 0.0
    hash_rate: float | None = None  # passwords hashed per second during the import
    bound: float | None = None  # the hasher's bound: cores ÷ CPU time of one hash
    errors: list = field(default_factory=list)

    def get(self, name):
        return next((one for one in self.imports if one.name == name), None)

    @property
    def peak_mib(self):
        peaks = [one.peak_mib for one in self.imports if one.peak_mib]
        return max(peaks) if peaks else None


def import_url(database_url, workdir, suffix):
    """A database of its own beside the bench's: a new SQLite file or `<name>_import`."""
    if not database_url.startswith("postgres"):
        return f"sqlite:///{Path(workdir) / f'roster{suffix}.sqlite3'}"
    name = f"{database_name(database_url)}_import"
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))


def drop(database_url):
    if not database_url.startswith("postgres"):
        path = Path(urlsplit(database_url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    maintenance = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
        name = sql.Identifier(database_name(database_url))
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def manage(env, deadline, workdir, *command):
    """Run manage.py; return (seconds, peak RSS in MiB or None, completed process)."""
    peak_file = Path(workdir) / "roster-peak.txt"
    prefix = [str(TIME), "-f", "%M", "-o", str(peak_file)] if TIME.exists() else []
    started = time.perf_counter()
    result = subprocess.run(
        [*prefix, sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=max(deadline.left(), 1),
    )
    seconds = time.perf_counter() - started
    peak = None
    if prefix and peak_file.exists():
        lines = peak_file.read_text().split()
        peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else None
    return seconds, peak, result


def fresh(env, deadline, workdir, url):
    """Drop and create the import database, then migrate it; return the migrate time."""
    recreate_database(Target(url, ""))
    env = {**env, "DATABASE_URL": url}
    seconds, _, result = manage(env, deadline, workdir, "migrate", "--noinput")
    if result.returncode:
        raise SetupError(f"migrate of the roster database failed:\n{result.stderr[-2000:]}")
    return env, seconds


def import_once(name, env, deadline, workdir, folder):
    seconds, peak, result = manage(env, deadline, workdir, "import_oneroster", str(folder))
    ok = result.returncode == 0
    detail = "" if ok else (result.stderr or result.stdout)[-1500:]
    unchanged = "Nothing to change" in result.stdout
    print(f"  {name}: {seconds:.1f} s, peak {peak or 0:.0f} MiB, {'ok' if ok else 'FAILED'}")
    if detail:
        print(detail)
    return Import(name, seconds, peak, ok, unchanged, detail)


def run(database_url, env, deadline, workdir, scale, password_students, hasher):
    """Generate the sets, import them into empty databases, time the imports and hashing."""
    workdir = Path(workdir)
    wanted = sizes(scale)
    folder = workdir / "roster"
    counts = generate(folder, **wanted)
    roster = RosterRun(counts, password_students)
    print(
        f"roster import: {counts['users']:,} users, {counts['classes']:,} classes, "
        f"{counts['enrollments']:,} enrolments"
    )
    url = import_url(database_url, workdir, "")
    try:
        run_env, roster.migrate_seconds = fresh(env, deadline, workdir, url)
        roster.imports.append(import_once("first import", run_env, deadline, workdir, folder))
        roster.imports.append(import_once("re-import", run_env, deadline, workdir, folder))
        # Hashing: the same small set with and without passwords, each into an empty database.
        small = {"students": password_students, "teachers": max(1, password_students // 20)}
        small["classes"] = max(1, password_students // 10)
        for name, passwords in (("without passwords", False), ("with passwords", True)):
            set_folder = workdir / f"roster-{'pw' if passwords else 'nopw'}"
            generate(set_folder, passwords=passwords, **small)
            run_env, _ = fresh(env, deadline, workdir, url)
            one = import_once(
                f"{password_students} students {name}", run_env, deadline, workdir, set_folder
            )
            roster.imports.append(one)
        plain, hashed = roster.imports[-2], roster.imports[-1]
        passwords = password_students + small["teachers"]
        extra = hashed.seconds - plain.seconds
        if plain.ok and hashed.ok and extra > 0:
            roster.hash_rate = passwords / extra
        roster.bound = hasher.bound
    except (SetupError, subprocess.TimeoutExpired) as error:
        roster.errors.append(str(error))
        print(f"roster import failed: {error}", file=sys.stderr)
    finally:
        try:
            drop(url)
        except Exception as error:  # cleanup must not hide the results
            print(f"could not drop {url}: {error}", file=sys.stderr)
        shutil.rmtree(workdir / "roster", ignore_errors=True)
    roster.errors += [f"{one.name}: {one.detail}" for one in roster.imports if not one.ok]
    return roster
