"""Enrolments: matched by sourcedId, or adopted when the site already has that person in that
class in that role (a teacher who made the class before the first import)."""

from django.db.models import F
from django.utils import timezone

from classes.models import Enrollment

from .records import ENROLLING_ROLES

COMPARED = ("primary", "begin_date", "end_date")


def snapshot():
    rows = Enrollment.objects.values(
        "pk",
        "sourced_id",
        "role",
        "date_last_modified",
        *COMPARED,
        user_sid=F("user__sourced_id"),
        class_sid=F("school_class__sourced_id"),
    )
    by_sid, by_key = {}, {}
    for row in rows:
        if row["sourced_id"]:
            by_sid[row["sourced_id"]] = row
        by_key[(row["user_sid"], row["class_sid"], row["role"])] = row
    return by_sid, by_key


def plan(records, existing, known, user_roles, deleted_classes, report):
    """Decide each enrolment; `user_roles` maps every known user sourcedId to its role."""
    name, (by_sid, by_key) = "enrollments.csv", existing
    steps, claimed = {"create": [], "update": [], "delete": []}, {}
    for record in records:
        line, role = record["line"], record["role"]
        for key, target in (("user_sid", "users"), ("class_sid", "classes")):
            if record[key] not in known[target]:
                report.error(
                    name,
                    line,
                    f"refers to {record[key]!r}, which is neither in {target}.csv nor on this site",
                )
        if record["user_sid"] not in known["users"] or record["class_sid"] not in known["classes"]:
            continue
        user_role = user_roles.get(record["user_sid"])
        if role not in ENROLLING_ROLES or user_role not in ENROLLING_ROLES:
            report.count(name, "skipped")  # an aide, a guardian...: not enrolled here
            continue
        if role != user_role:
            report.warning(
                name,
                line,
                f"role {role} does not match user {record['user_sid']!r}, a {user_role}: skipped",
            )
            report.count(name, "skipped")
            continue
        key = (record["user_sid"], record["class_sid"], role)
        if key in claimed:
            report.warning(name, line, f"the same person and class as line {claimed[key]}: skipped")
            report.count(name, "skipped")
            continue
        claimed[key] = line
        row = by_sid.get(record["sid"]) or by_key.get(key)
        decide(record, row, key, deleted_classes, steps, report)
    return steps


def decide(record, row, key, deleted_classes, steps, report):
    name = "enrollments.csv"
    if record["status"] == "tobedeleted" or record["class_sid"] in deleted_classes:
        if row is not None:
            steps["delete"].append((record, row))
        report.count(name, "deleted" if row is not None else "skipped")
    elif row is None:
        steps["create"].append((record, None))
        report.count(name, "created")
    elif (
        row["sourced_id"] != record["sid"]
        or (row["user_sid"], row["class_sid"], row["role"]) != key
        or any(record[k] != row[k] for k in COMPARED)
        or (record["modified"] is not None and record["modified"] != row["date_last_modified"])
    ):
        steps["update"].append((record, row))
        report.count(name, "updated")
    else:
        report.count(name, "unchanged")


def apply(steps, pks):
    now = timezone.now()
    Enrollment.objects.filter(pk__in=[row["pk"] for _r, row in steps["delete"]]).delete()

    def build(record, pk=None):
        return Enrollment(
            pk=pk,
            sourced_id=record["sid"],
            user_id=pks["users"][record["user_sid"]],
            school_class_id=pks["classes"][record["class_sid"]],
            role=record["role"],
            status=record["status"],
            date_last_modified=record["modified"] or now,
            **{k: record[k] for k in COMPARED},
        )

    # Updates first: one that gives its sourcedId away frees it for a new row.
    Enrollment.objects.bulk_update(
        [build(record, row["pk"]) for record, row in steps["update"]],
        [
            "sourced_id",
            "user_id",
            "school_class_id",
            "role",
            "status",
            "date_last_modified",
            *COMPARED,
        ],
        batch_size=500,
    )
    Enrollment.objects.bulk_create([build(r) for r, _row in steps["create"]], batch_size=500)
