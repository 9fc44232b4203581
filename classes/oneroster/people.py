"""Users: students and teachers become accounts with profiles; other roles are counted.

Decisions (README "Importing a roster"): a password in the file is set when the account is
created (or has no usable password yet), never over one the person may have changed since;
`tobedeleted` deactivates the account; an account's role never changes by import.
"""

import os
from concurrent.futures import ProcessPoolExecutor

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from students.models import StudentProfile
from students.services import register_students
from teachers.services import register_teachers

from .records import ENROLLING_ROLES

NUMBER_LENGTH = StudentProfile._meta.get_field("student_number").max_length
COMPARED = ("username", "first_name", "last_name", "email", "is_active")


def snapshot():
    """Every account the import could touch or collide with, read once."""
    rows = User.objects.values(
        "pk",
        "sourced_id",
        "role",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_active",
        "date_last_modified",
        "password",
        year_group=F("student_profile__year_group"),
        student_number=F("student_profile__student_number"),
    )
    return list(rows)


class Plan:
    """The accounts to create and update, decided before anything is written."""

    def __init__(self, records, accounts, report, known_orgs):
        self.report, self.name = report, "users.csv"
        self.by_sid = {a["sourced_id"]: a for a in accounts if a["sourced_id"]}
        self.usernames = {a["username"].lower(): a["pk"] for a in accounts}
        self.emails = {a["email"]: a["pk"] for a in accounts if a["email"]}
        self.numbers = {a["student_number"]: a["pk"] for a in accounts if a["student_number"]}
        self.create, self.update, self.roles, self.not_created = [], [], {}, set()
        for record in records:
            self.roles[record["sid"]] = record["role"]
            self.check_orgs(record, known_orgs)
            if record["role"] not in ENROLLING_ROLES:
                report.count(self.name, "skipped")
                continue
            self.decide(record, self.by_sid.get(record["sid"]))

    def check_orgs(self, record, known_orgs):
        for sid in record["org_sids"]:
            if sid not in known_orgs:
                self.report.error(
                    self.name,
                    record["line"],
                    f"refers to {sid!r}, which is neither in orgs.csv nor on this site",
                )

    def decide(self, record, account):
        if account is not None and account["role"] != record["role"]:
            self.report.error(
                self.name,
                record["line"],
                f"{record['username']!r} is a {account['role']} on this site, "
                f"not a {record['role']}: an import never changes a role",
            )
            return
        if record["status"] == "tobedeleted":
            record.update(is_active=False)
        if not self.valid(record, account):
            return
        if account is None:
            if record["status"] == "tobedeleted":
                self.not_created.add(record["sid"])
                self.report.count(self.name, "skipped")
                return
            self.create.append(record)
            self.report.count(self.name, "created")
        elif self.differs(record, account):
            self.update.append((record, account))
            action = "deleted" if record["status"] == "tobedeleted" else "updated"
            self.report.count(self.name, action)
        else:
            self.report.count(self.name, "unchanged")

    def valid(self, record, account):
        """Check the values the site's rules decide; claim the unique ones for this record."""
        line, pk = record["line"], account["pk"] if account else record["sid"]
        problems = []
        try:
            User.username_validator(record["username"])
            if len(record["username"]) > 150:
                raise ValidationError("longer than 150 characters")
        except ValidationError as error:
            problems.append(f"username {record['username']!r} is not accepted: {error.messages[0]}")
        if record["email"]:
            try:
                validate_email(record["email"])
            except ValidationError:
                problems.append(f"email {record['email']!r} is not an email address")
        self.year_group(record)
        number = record["identifier"] if record["role"] == Role.STUDENT else ""
        if len(number) > NUMBER_LENGTH:
            problems.append(f"identifier {number!r} is longer than {NUMBER_LENGTH} characters")
        for label, table, value in (
            ("username", self.usernames, record["username"].lower()),
            ("email", self.emails, record["email"]),
            ("student number (identifier)", self.numbers, number),
        ):
            if value and table.setdefault(value, pk) != pk:
                problems.append(f"{label} {value!r} belongs to another account")
        for problem in problems:
            self.report.error(self.name, line, problem)
        return not problems

    def year_group(self, record):
        record["year_group"] = None
        if record["role"] != Role.STUDENT or not record["grades"]:
            return
        grade = record["grades"][0]
        if grade.isdigit() and 1 <= int(grade) <= 13:
            record["year_group"] = int(grade)
        else:
            self.report.warning(
                self.name,
                record["line"],
                f"grade {grade!r} is not a year group from 1 to 13: the year group is left unset",
            )

    def differs(self, record, account):
        if any(record[key] != account[key] for key in COMPARED):
            return True
        if record["role"] == Role.STUDENT and (
            record["year_group"] != account["year_group"]
            or (record["identifier"] and record["identifier"] != account["student_number"])
        ):
            return True
        if record["password"] and account["password"].startswith("!"):
            return True  # a first password for an account that has none
        return (
            record["modified"] is not None and record["modified"] != account["date_last_modified"]
        )

    def needing_passwords(self):
        """The records whose password the import sets: new accounts, and those without one."""
        first = [r for r, account in self.update if account["password"].startswith("!")]
        return [r for r in [*self.create, *first] if r["password"]]


def hash_passwords(with_password, workers=None):
    """Hash the given records' passwords on every core; {sourcedId: hash}."""
    if not with_password:
        return {}
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(with_password) < 8:
        return {r["sid"]: make_password(r["password"]) for r in with_password}
    chunk = max(1, len(with_password) // (workers * 4))
    with ProcessPoolExecutor(workers) as pool:
        hashes = pool.map(make_password, [r["password"] for r in with_password], chunksize=chunk)
        return {r["sid"]: h for r, h in zip(with_password, hashes, strict=True)}


def apply(plan, hashes, progress=None):
    """Create the planned accounts through the role services, in batches, then update others."""
    now = timezone.now()
    students, teachers = [], []
    creating = progress(plan.create, "accounts") if progress else plan.create
    for record in creating:
        person = {
            "sourced_id": record["sid"],
            "username": record["username"],
            "email": record["email"],
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "is_active": record["is_active"],
            "date_last_modified": record["modified"] or now,
            "password_hash": hashes.get(record["sid"]),
            "profile": {},
        }
        if record["role"] == Role.STUDENT:
            person["profile"] = {"year_group": record["year_group"]}
            if record["identifier"]:
                person["profile"]["student_number"] = record["identifier"]
            students.append(person)
        else:
            teachers.append(person)
    register_students(students)
    register_teachers(teachers)
    update(plan.update, hashes, now)


def update(changes, hashes, now):
    users, profiles = [], []
    for record, account in changes:
        user = User(pk=account["pk"], date_last_modified=record["modified"] or now)
        for key in COMPARED:
            setattr(user, key, record[key])
        users.append(user)
        if record["role"] == Role.STUDENT:
            number = record["identifier"] or account["student_number"]
            profiles.append(
                StudentProfile(
                    user_id=account["pk"], year_group=record["year_group"], student_number=number
                )
            )
    User.objects.bulk_update(users, [*COMPARED, "date_last_modified"], batch_size=500)
    StudentProfile.objects.bulk_update(profiles, ["year_group", "student_number"], batch_size=500)
    unusable = [
        (account["pk"], hashes[record["sid"]])
        for record, account in changes
        if record["sid"] in hashes and account["password"].startswith("!")
    ]
    for pk, password in unusable:  # a first password for an account that had none
        User.objects.filter(pk=pk).update(password=password)
