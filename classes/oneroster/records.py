"""The six OneRoster 1.1 files: their columns, and each row read into a plain record.

A record is a dict: `line`, `sid` (the sourcedId), `status`, `modified`, then the model's
values and the sourcedIds it refers to (`*_sid`). Rows that cannot be read are reported
and give no record.
"""

import functools

from accounts.models import User
from classes.models import (
    AcademicSession,
    Class,
    ClassType,
    Course,
    Enrollment,
    Org,
    OrgType,
    SessionType,
)

from . import values
from .values import BadValue

COMMON = ["sourcedId", "status", "dateLastModified"]
COLUMNS = {
    "orgs": [*COMMON, "name", "type", "identifier", "parentSourcedId"],
    "academicSessions": [
        *COMMON,
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ],
    "courses": [
        *COMMON,
        "schoolYearSourcedId",
        "title",
        "courseCode",
        "grades",
        "orgSourcedId",
        "subjects",
        "subjectCodes",
    ],
    "classes": [
        *COMMON,
        "title",
        "grades",
        "courseSourcedId",
        "classCode",
        "classType",
        "location",
        "schoolSourcedId",
        "termSourcedIds",
        "subjects",
        "subjectCodes",
        "periods",
    ],
    "users": [
        *COMMON,
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
    ],
    "enrollments": [
        *COMMON,
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ],
}
# Columns without which a file cannot be read at all.
REQUIRED = {
    "orgs": ["sourcedId", "name", "type"],
    "academicSessions": ["sourcedId", "title", "type", "startDate", "endDate", "schoolYear"],
    "courses": ["sourcedId", "title", "orgSourcedId"],
    "classes": ["sourcedId", "title", "schoolSourcedId", "termSourcedIds"],
    "users": ["sourcedId", "enabledUser", "role", "username", "givenName", "familyName"],
    "enrollments": ["sourcedId", "classSourcedId", "userSourcedId", "role"],
}
STATUSES = ("active", "tobedeleted")
ENROLLING_ROLES = ("student", "teacher")
OTHER_ROLES = ("administrator", "aide", "guardian", "parent", "proctor", "relative")


def need(row, column):
    value = row.get(column, "").strip()
    if not value:
        raise BadValue(f"{column} is empty")
    return value


def common(row):
    status = row.get("status", "").strip()
    return {
        "sid": need(row, "sourcedId"),
        # OneRoster 1.0 had "inactive"; an empty status is an active record.
        "status": "tobedeleted"
        if status.lower() in {"tobedeleted", "inactive"}
        else values.choice(status or "active", "status", STATUSES),
        "modified": values.moment(row.get("dateLastModified", ""), "dateLastModified"),
    }


def org(row):
    return {
        **common(row),
        "name": need(row, "name"),
        "org_type": values.choice(need(row, "type"), "type", OrgType.values),
        "identifier": values.text(row.get("identifier", "")),
        "parent_sid": values.text(row.get("parentSourcedId", "")),
    }


def academic_session(row):
    record = {
        **common(row),
        "title": need(row, "title"),
        "session_type": values.choice(need(row, "type"), "type", SessionType.values),
        "start_date": values.date(need(row, "startDate"), "startDate"),
        "end_date": values.date(need(row, "endDate"), "endDate"),
        "parent_sid": values.text(row.get("parentSourcedId", "")),
        "school_year": values.year(need(row, "schoolYear"), "schoolYear"),
    }
    if record["end_date"] < record["start_date"]:
        raise BadValue("endDate is before startDate")
    return record


def course(row):
    return {
        **common(row),
        "title": need(row, "title"),
        "course_code": values.text(row.get("courseCode", "")),
        "grades": ",".join(values.listing(row.get("grades", ""))),
        "subjects": ",".join(values.listing(row.get("subjects", ""))),
        "subject_codes": ",".join(values.listing(row.get("subjectCodes", ""))),
        "org_sid": need(row, "orgSourcedId"),
        "school_year_sid": values.text(row.get("schoolYearSourcedId", "")),
    }


def school_class(row):
    class_type = row.get("classType", "").strip()
    return {
        **common(row),
        "title": need(row, "title"),
        "class_code": values.text(row.get("classCode", "")),
        "class_type": values.choice(class_type, "classType", ClassType.values)
        if class_type
        else ClassType.SCHEDULED,
        "location": values.text(row.get("location", "")),
        "periods": ",".join(values.listing(row.get("periods", ""))),
        "grades": ",".join(values.listing(row.get("grades", ""))),
        "subjects": ",".join(values.listing(row.get("subjects", ""))),
        "subject_codes": ",".join(values.listing(row.get("subjectCodes", ""))),
        "course_sid": values.text(row.get("courseSourcedId", "")),
        "school_sid": need(row, "schoolSourcedId"),
        "term_sids": tuple(sorted(set(values.listing(need(row, "termSourcedIds"))))),
    }


def user(row):
    role = values.choice(need(row, "role"), "role", (*ENROLLING_ROLES, *OTHER_ROLES))
    return {
        **common(row),
        "role": role,
        "is_active": values.boolean(row.get("enabledUser", ""), "enabledUser", default=True),
        "username": need(row, "username"),
        "first_name": need(row, "givenName"),
        "last_name": need(row, "familyName"),
        "email": values.text(row.get("email", "")).lower(),
        "identifier": values.text(row.get("identifier", "")),
        "grades": values.listing(row.get("grades", "")),
        "org_sids": values.listing(row.get("orgSourcedIds", "")),
        "password": row.get("password", ""),
    }


def enrollment(row):
    role = values.choice(need(row, "role"), "role", (*ENROLLING_ROLES, *OTHER_ROLES))
    begin, end = row.get("beginDate", "").strip(), row.get("endDate", "").strip()
    record = {
        **common(row),
        "role": role,
        "class_sid": need(row, "classSourcedId"),
        "user_sid": need(row, "userSourcedId"),
        "school_sid": values.text(row.get("schoolSourcedId", "")),
        "primary": values.boolean(row.get("primary", ""), "primary", default=False),
        "begin_date": values.date(begin, "beginDate") if begin else None,
        "end_date": values.date(end, "endDate") if end else None,
    }
    if record["begin_date"] and record["end_date"] and record["end_date"] < record["begin_date"]:
        raise BadValue("endDate is before beginDate")
    return record


PARSERS = {
    "orgs": org,
    "academicSessions": academic_session,
    "courses": course,
    "classes": school_class,
    "users": user,
    "enrollments": enrollment,
}


# Values checked against the length of the site's field: record key -> (column, model field).
TEXT = {
    "sid": ("sourcedId", "sourced_id"),
    "name": ("name", "name"),
    "identifier": ("identifier", "identifier"),
    "title": ("title", "title"),
    "course_code": ("courseCode", "course_code"),
    "class_code": ("classCode", "class_code"),
    "location": ("location", "location"),
    "periods": ("periods", "periods"),
    "grades": ("grades", "grades"),
    "subjects": ("subjects", "subjects"),
    "subject_codes": ("subjectCodes", "subject_codes"),
    "first_name": ("givenName", "first_name"),
    "last_name": ("familyName", "last_name"),
    "email": ("email", "email"),
}
MODELS = {
    "orgs": Org,
    "academicSessions": AcademicSession,
    "courses": Course,
    "classes": Class,
    "users": User,
    "enrollments": Enrollment,
}


@functools.cache
def limits(kind):
    """(record key, column, max length) of the values `kind`'s model keeps as text."""
    fields = {f.name: f for f in MODELS[kind]._meta.get_fields()}
    return [
        (key, column, fields[name].max_length)
        for key, (column, name) in TEXT.items()
        if name in fields and getattr(fields[name], "max_length", None)
    ]


def check_lengths(kind, record):
    """Raise BadValue for a value longer than the site's field holds."""
    for key, column, length in limits(kind):
        if key in record and len(record[key]) > length:
            raise BadValue(f"{column} is longer than {length} characters")
