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


def plan(records, existing, known, user_roles, gone, report):
    """Decide each enrolment; `user_roles` maps every known user sourcedId to its role, and
    `gone` the kinds ("users", "classes") to the sourcedIds the site will not have after this
    import (marked tobedeleted)."""
    name, (by_sid, by_key) = "enrollments.csv", existing
    steps, claimed, matched = {"create": [], "update": [], "delete": []}, {}, set()
    for record in records:
        line, role = record["line"], record["role"]
        if not references_known(record, known, report):
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
        row = by_sid.get(record["sid"])
        if row is None or (row["user_sid"], row["class_sid"], row["role"]) != key:
            row = by_key.get(key)  # the person in the class, whatever its sourcedId was
        if row is not None:
            matched.add(row["pk"])
        decide(record, row, gone, steps, report)
    release_moved(steps, by_sid, matched, report)
    return steps


def references_known(record, known, report):
    found = True
    for key, target in (("user_sid", "users"), ("class_sid", "classes"), ("school_sid", "orgs")):
        if record[key] and record[key] not in known[target]:
            found = False
            report.error(
                "enrollments.csv",
                record["line"],
                f"refers to {record[key]!r}, which is neither in {target}.csv nor on this site",
            )
    return found


def decide(record, row, gone, steps, report):
    name = "enrollments.csv"
    if record["status"] == "tobedeleted" or record["class_sid"] in gone["classes"]:
        if row is not None:
            steps["delete"].append((record, row))
        report.count(name, "deleted" if row is not None else "skipped")
    elif record["user_sid"] in gone["users"]:
        report.count(name, "skipped")  # a person deleted at the source before coming here
    elif row is None:
        steps["create"].append((record, None))
        report.count(name, "created")
    elif (
        row["sourced_id"] != record["sid"]
        or any(record[k] != row[k] for k in COMPARED)
        or (record["modified"] is not None and record["modified"] != row["date_last_modified"])
    ):
        steps["update"].append((record, row))
        report.count(name, "updated")
    else:
        report.count(name, "unchanged")


def release_moved(steps, by_sid, matched, report):
    """Delete the enrolments whose sourcedId now names another person or class."""
    for record, _row in [*steps["create"], *steps["update"]]:
        old = by_sid.get(record["sid"])
        if old is not None and old["pk"] not in matched:
            matched.add(old["pk"])
            steps["delete"].append((record, old))
            report.count("enrollments.csv", "deleted")


def apply(steps, pks):
    now = timezone.now()
    if steps["delete"]:
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

    # sourcedIds may move between rows: free them all before any row takes one.
    moving = [row["pk"] for record, row in steps["update"] if row["sourced_id"] != record["sid"]]
    Enrollment.objects.filter(pk__in=moving).update(sourced_id=None)
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
