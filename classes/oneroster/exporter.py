"""Write the site's roster as a OneRoster 1.1 bulk CSV set: a folder, or a .zip.

Records made on the site have no sourcedId; they are written with a stable one made from
their kind and key (`schoolsite-class-12`), which an import into another site keeps.
"""

import csv
import io
import zipfile
from pathlib import Path

from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from accounts.models import Role, User
from classes.models import AcademicSession, Class, Course, Enrollment, Org

from .records import COLUMNS
from .source import FILES
from .values import export_moment

MANIFEST = [
    ("manifest.version", "1.0"),
    ("oneroster.version", "1.1"),
    *((f"file.{kind}", "bulk") for kind in sorted(FILES)),
    ("source.systemName", "schoolsite"),
]


def sid(record, kind):
    return record.sourced_id or f"schoolsite-{kind}-{record.pk}"


def in_order(queryset, kind):
    """Rows by the sourcedId they are written with: the order an import of the files keeps."""
    written = Coalesce("sourced_id", Concat(Value(f"schoolsite-{kind}-"), Cast("pk", CharField())))
    return queryset.order_by(written)


def ref(record, kind):
    return sid(record, kind) if record is not None else ""


def common(record, kind):
    return [sid(record, kind), record.status, export_moment(record.date_last_modified)]


def orgs():
    for org in in_order(Org.objects.select_related("parent"), "org"):
        yield [*common(org, "org"), org.name, org.org_type, org.identifier, ref(org.parent, "org")]


def academic_sessions():
    for term in in_order(AcademicSession.objects.select_related("parent"), "session"):
        yield [
            *common(term, "session"),
            term.title,
            term.session_type,
            term.start_date.isoformat(),
            term.end_date.isoformat(),
            ref(term.parent, "session"),
            str(term.school_year),
        ]


def courses():
    for course in in_order(Course.objects.select_related("org", "school_year"), "course"):
        yield [
            *common(course, "course"),
            ref(course.school_year, "session"),
            course.title,
            course.course_code,
            course.grades,
            ref(course.org, "org"),
            course.subjects,
            course.subject_codes,
        ]


def classes():
    rows = Class.objects.select_related("course", "school").prefetch_related("terms")
    for school_class in in_order(rows, "class"):
        terms = ",".join(sorted(sid(t, "session") for t in school_class.terms.all()))
        yield [
            *common(school_class, "class"),
            school_class.title,
            school_class.grades,
            ref(school_class.course, "course"),
            school_class.class_code,
            school_class.class_type,
            school_class.location,
            ref(school_class.school, "org"),
            terms,
            school_class.subjects,
            school_class.subject_codes,
            school_class.periods,
        ]


def users(school_sid):
    people = User.objects.filter(role__in=[Role.STUDENT, Role.TEACHER]).select_related(
        "student_profile"
    )
    for user in in_order(people, "user"):
        profile = getattr(user, "student_profile", None) if user.is_student else None
        modified = user.date_last_modified or user.date_joined
        yield [
            user.sourced_id or f"schoolsite-user-{user.pk}",
            "active",
            export_moment(modified),
            "true" if user.is_active else "false",
            school_sid,
            user.role,
            user.username,
            "",
            user.first_name,
            user.last_name,
            "",
            profile.student_number if profile else "",
            user.email,
            "",
            "",
            "",
            f"{profile.year_group:02d}" if profile and profile.year_group else "",
            "",  # passwords never leave the site
        ]


def enrollments():
    rows = Enrollment.objects.select_related("user", "school_class__school")
    for enrolment in in_order(rows, "enrollment"):
        user, school_class = enrolment.user, enrolment.school_class
        yield [
            *common(enrolment, "enrollment"),
            ref(school_class, "class"),
            ref(school_class.school, "org"),
            user.sourced_id or f"schoolsite-user-{user.pk}",
            enrolment.role,
            "true" if enrolment.primary else "false",
            enrolment.begin_date.isoformat() if enrolment.begin_date else "",
            enrolment.end_date.isoformat() if enrolment.end_date else "",
        ]


def tables():
    """(file name, rows) for the six files, each file's rows made as it is written."""
    school = Org.objects.filter(org_type="school").order_by("pk").first()
    school_sid = ref(school, "org")
    return [
        ("orgs", orgs()),
        ("academicSessions", academic_sessions()),
        ("courses", courses()),
        ("classes", classes()),
        ("users", users(school_sid)),
        ("enrollments", enrollments()),
    ]


def export_roster(path):
    """Write the roster to `path`: a .zip when it ends in .zip, else a folder; return it."""
    path = Path(path)
    files = [("manifest", iter([list(row) for row in MANIFEST]), ["propertyName", "value"])]
    files += [(kind, rows, COLUMNS[kind]) for kind, rows in tables()]
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for kind, rows, header in files:
                with (
                    archive.open(f"{kind}.csv", "w") as raw,
                    io.TextIOWrapper(raw, encoding="utf-8", newline="") as stream,
                ):
                    write_csv(stream, header, rows)
    else:
        path.mkdir(parents=True, exist_ok=True)
        for kind, rows, header in files:
            with (path / f"{kind}.csv").open("w", encoding="utf-8", newline="") as stream:
                write_csv(stream, header, rows)
    return path


def write_csv(stream, header, rows):
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
