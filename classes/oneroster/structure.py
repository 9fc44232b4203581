"""Orgs, academic sessions, courses and classes: planned against the site, then written.

Each kind is a `Kind`: its model, the values compared and written, and the references it
makes (a field, the kind it points to, the record key holding the sourcedId).
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from classes.models import AcademicSession, Class, Course, Org, Status


@dataclass
class Kind:
    name: str
    model: type
    values: tuple
    refs: dict = field(default_factory=dict)  # model field -> (kind, record key)
    deletes: bool = False  # tobedeleted removes the record (else marks its status)


KINDS = {
    "orgs": Kind(
        "orgs", Org, ("name", "org_type", "identifier"), {"parent": ("orgs", "parent_sid")}
    ),
    "academicSessions": Kind(
        "academicSessions",
        AcademicSession,
        ("title", "session_type", "start_date", "end_date", "school_year"),
        {"parent": ("academicSessions", "parent_sid")},
    ),
    "courses": Kind(
        "courses",
        Course,
        ("title", "course_code", "grades", "subjects", "subject_codes"),
        {"org": ("orgs", "org_sid"), "school_year": ("academicSessions", "school_year_sid")},
    ),
    "classes": Kind(
        "classes",
        Class,
        (
            "title",
            "class_code",
            "class_type",
            "location",
            "periods",
            "grades",
            "subjects",
            "subject_codes",
        ),
        {"course": ("courses", "course_sid"), "school": ("orgs", "school_sid")},
        deletes=True,
    ),
}


def snapshot(kind):
    """What the site holds of `kind` now, by sourcedId: values, status, referenced sourcedIds."""
    refs = {f"{name}_sid": F(f"{name}__sourced_id") for name in kind.refs}
    rows = kind.model.objects.exclude(sourced_id=None).values(
        "pk", "sourced_id", "status", "date_last_modified", *kind.values, **refs
    )
    existing = {row["sourced_id"]: row for row in rows}
    if kind.model is Class:
        terms = Class.terms.through.objects.filter(class__sourced_id__isnull=False).values_list(
            "class__sourced_id", "academicsession__sourced_id"
        )
        for row in existing.values():
            row["term_sids"] = ()
        collected = {}
        for class_sid, term_sid in terms:
            collected.setdefault(class_sid, []).append(term_sid or "")
        for class_sid, term_sids in collected.items():
            existing[class_sid]["term_sids"] = tuple(sorted(term_sids))
    return existing


def check_references(kind, records, known, report):
    """Report references to records neither in the files nor on the site."""
    name = f"{kind.name}.csv"
    ref_keys = [(key, target) for target, key in kind.refs.values()]
    if kind.model is Class:
        ref_keys.append(("term_sids", "academicSessions"))
    for record in records:
        for key, target in ref_keys:
            sids = record[key] if isinstance(record[key], tuple) else (record[key],)
            for sid in sids:
                if sid and sid not in known[target]:
                    report.error(
                        name,
                        record["line"],
                        f"refers to {sid!r}, which is neither in {target}.csv nor on this site",
                    )


def differs(kind, record, row):
    compared = [*kind.values, *(key for _t, key in kind.refs.values())]
    if kind.model is Class:
        compared.append("term_sids")
    if any(
        record[key] != (row[key] or "" if key.endswith("_sid") else row[key]) for key in compared
    ):
        return True
    if record["status"] != row["status"]:
        return True
    return record["modified"] is not None and record["modified"] != row["date_last_modified"]


def plan(kind, records, existing, report):
    """Decide for each record: create, update, delete or leave; count it. Return the plan."""
    name = f"{kind.name}.csv"
    steps = {"create": [], "update": [], "delete": []}
    for record in records:
        row = existing.get(record["sid"])
        # A new org, session or course already marked is still made (marked): classes and
        # courses in the same files may refer to it.
        if record["status"] == Status.TO_BE_DELETED and kind.deletes:
            action = "delete" if row is not None else None
            report.count(name, "deleted" if row is not None else "skipped")
        elif row is None:
            action = "create"
            report.count(name, "created")
        elif differs(kind, record, row):
            action = "update"
            report.count(name, "deleted" if record["status"] == Status.TO_BE_DELETED else "updated")
        else:
            action = None
            report.count(name, "unchanged")
        if action:
            steps[action].append((record, row))
    return steps


def apply(kind, steps, pks):
    """Write the plan; `pks` maps each kind to {sourcedId: pk} and is kept up to date."""
    model, now = kind.model, timezone.now()
    if steps["delete"]:
        model.objects.filter(pk__in=[row["pk"] for _r, row in steps["delete"]]).delete()
    created = [
        model(
            sourced_id=record["sid"],
            **own_values(kind, record, now),
            **resolved(kind, record, pks, skip_self=True),
        )
        for record, _row in steps["create"]
    ]
    model.objects.bulk_create(created, batch_size=500)
    pks[kind.name] = dict(model.objects.exclude(sourced_id=None).values_list("sourced_id", "pk"))
    changed = [(record, row["pk"]) for record, row in steps["update"]]
    # Second pass for everything created: references within the kind (parents) now resolve.
    changed += [(record, pks[kind.name][record["sid"]]) for record, _row in steps["create"]]
    updated = [
        model(
            pk=pk,
            sourced_id=record["sid"],
            **own_values(kind, record, now),
            **resolved(kind, record, pks),
        )
        for record, pk in changed
    ]
    fields = ["status", "date_last_modified", *kind.values, *(f"{f}_id" for f in kind.refs)]
    model.objects.bulk_update(updated, fields, batch_size=500)
    if model is Class:
        set_terms(changed, pks)


def own_values(kind, record, now):
    return {
        "status": record["status"],
        "date_last_modified": record["modified"] or now,
        **{key: record[key] for key in kind.values},
    }


def resolved(kind, record, pks, skip_self=False):
    values = {}
    for field_name, (target, key) in kind.refs.items():
        if skip_self and target == kind.name:
            continue
        sid = record[key]
        values[f"{field_name}_id"] = pks[target].get(sid) if sid else None
    return values


def set_terms(changed, pks):
    through = Class.terms.through
    class_pks = [pk for _record, pk in changed]
    through.objects.filter(class_id__in=class_pks).delete()
    through.objects.bulk_create(
        [
            through(class_id=pk, academicsession_id=pks["academicSessions"][sid])
            for record, pk in changed
            for sid in record["term_sids"]
        ],
        batch_size=500,
    )
