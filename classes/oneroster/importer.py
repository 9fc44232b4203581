"""Import a OneRoster 1.1 bulk set: read and check everything, then write it in one transaction.

Nothing is written when any error is found; a dry run reports the same and writes nothing.
"""

from django.db import transaction

from accounts.models import User
from classes.models import Class

from . import enrolments, people, structure
from .reader import read_manifest, read_records
from .report import Report
from .source import FILES, Source, SourceError


class Rollback(Exception):
    """Leave the transaction without writing: a dry run, or errors found late."""


def import_roster(path, *, dry_run=False, progress=None):
    """Import the roster at `path` (a folder or a .zip); return its Report."""
    report = Report()
    try:
        source = Source(path)
    except SourceError as error:
        report.error(str(path), 0, str(error).removeprefix(f"{path}: "))
        return report
    try:
        modes = read_manifest(source, report)
        records = {
            kind: read_records(source, kind, report, progress)
            for kind in FILES
            if modes.get(kind) == "bulk" and f"{kind}.csv" in source
        }
    finally:
        source.close()
    if report.errors:
        return report
    try:
        with transaction.atomic():
            write(records, report, dry_run, progress)
    except Rollback:
        pass
    return report


def write(records, report, dry_run, progress):
    """Plan every file against the site, then (no errors, not a dry run) write the plan."""
    known = {kind: set() for kind in FILES}
    plans = {}
    for kind in ("orgs", "academicSessions", "courses", "classes"):
        spec = structure.KINDS[kind]
        existing = structure.snapshot(spec)
        known[kind] = set(existing) | {r["sid"] for r in records.get(kind, [])}
        plans[kind] = (existing, records.get(kind, []))
    for kind, (existing, rows) in plans.items():
        spec = structure.KINDS[kind]
        structure.check_references(spec, rows, known, report)
        plans[kind] = structure.plan(spec, rows, existing, report)
    accounts = people.snapshot()
    user_records = records.get("users", [])
    people_plan = people.Plan(user_records, accounts, report, known["orgs"])
    user_roles = {a["sourced_id"]: a["role"] for a in accounts if a["sourced_id"]}
    user_roles.update(people_plan.roles)
    known["users"] = set(user_roles)
    gone = {
        "classes": {r["sid"] for r in records.get("classes", []) if r["status"] == "tobedeleted"},
        "users": people_plan.not_created,
    }
    enrolment_plan = enrolments.plan(
        records.get("enrollments", []), enrolments.snapshot(), known, user_roles, gone, report
    )
    if report.errors or dry_run:
        raise Rollback
    hashes = people.hash_passwords(people_plan.needing_passwords())
    pks = {kind: {} for kind in FILES}
    for kind in ("orgs", "academicSessions", "courses", "classes"):
        spec = structure.KINDS[kind]
        pks[kind] = dict(
            spec.model.objects.exclude(sourced_id=None).values_list("sourced_id", "pk")
        )
    for kind in ("orgs", "academicSessions", "courses", "classes"):
        structure.apply(structure.KINDS[kind], plans[kind], pks)
    people.apply(people_plan, hashes, progress)
    pks["users"] = dict(User.objects.exclude(sourced_id=None).values_list("sourced_id", "pk"))
    pks["classes"] = dict(Class.objects.exclude(sourced_id=None).values_list("sourced_id", "pk"))
    enrolments.apply(enrolment_plan, pks)
    report.applied = True
