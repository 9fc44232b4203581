"""Roster imports from the admin, run by the task queue: a dry run first, the import on confirm.

A big roster takes longer than a web request may: the admin saves the upload and queues a task;
a worker (`manage.py db_worker`) runs it and writes progress and the report to the RosterImport,
which the admin's page shows.
"""

import io
import tempfile
import zipfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task
from django_tasks.exceptions import TaskResultDoesNotExist

from .oneroster.importer import import_roster
from .oneroster.source import FILES
from .roster_imports import RosterImport

State = RosterImport.State
SAVE_EVERY = 500  # rows read between two progress writes


def start_check(roster, upload, user):
    """Save an uploaded roster and queue its dry run."""
    roster.file_name = Path(upload.name).name[:255]
    roster.data = upload.read()
    roster.rows_total = count_rows(roster.data)
    roster.uploaded_by = user
    roster.state = State.CHECKING
    with transaction.atomic():
        roster.save()
        queue(roster, check_roster)
    return roster


def confirm(roster, user):
    """Queue the import of a checked roster without errors; False when it is not (or no longer)
    waiting for confirmation, e.g. confirmed twice."""
    if not roster.can_apply:
        return False
    with transaction.atomic():
        waiting = RosterImport.objects.filter(pk=roster.pk, state=State.CHECKED)
        if not waiting.update(state=State.APPLYING, confirmed_by=user, rows_done=0, stage=""):
            return False
        queue(roster, apply_roster)
    return True


def queue(roster, roster_task):
    result = roster_task.enqueue(roster.pk)
    RosterImport.objects.filter(pk=roster.pk).update(task_id=result.id)


def task_status(roster):
    """The queue's word on the roster's current task (READY: no worker has taken it yet)."""
    try:
        return default_task_backend.get_result(roster.task_id).status
    except TaskResultDoesNotExist:
        return None


@task()
def check_roster(import_id):
    """Dry-run an uploaded roster and store its report."""
    run(import_id, dry_run=True)


@task()
def apply_roster(import_id):
    """Import a confirmed roster and store its report."""
    run(import_id, dry_run=False)


def run(import_id, *, dry_run):
    roster = RosterImport.objects.filter(pk=import_id).first()
    if roster is None:
        return  # deleted from the admin before a worker took it
    try:
        report = import_bytes(bytes(roster.data), dry_run, Progress(import_id))
    except Exception as error:
        RosterImport.objects.filter(pk=import_id).update(
            state=State.FAILED,
            failure=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
            data=b"",
        )
        raise  # the task fails too, with its traceback in the worker's log
    finish(import_id, report, dry_run)


def import_bytes(data, dry_run, progress):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.zip"
        path.write_bytes(data)
        return import_roster(path, dry_run=dry_run, progress=progress)


def finish(import_id, report, dry_run):
    changes = {"stage": ""}
    if dry_run:
        changes.update(state=State.CHECKED, check_report=report.as_dict())
        if report.errors:
            changes.update(data=b"", finished_at=timezone.now())  # it can never be applied
    else:
        changes.update(
            state=State.DONE, final_report=report.as_dict(), data=b"", finished_at=timezone.now()
        )
    RosterImport.objects.filter(pk=import_id).update(**changes)


class Progress:
    """Wrap the importer's rows, saving how many were read every SAVE_EVERY rows.

    Inside the import's transaction a write would show only when it ends, so nothing is
    counted there (that is where accounts are created, after every file has been read).
    """

    def __init__(self, import_id):
        self.rows = RosterImport.objects.filter(pk=import_id)
        self.done = 0

    def __call__(self, items, label):
        if transaction.get_connection().in_atomic_block:
            yield from items
            return
        self.rows.update(stage=label)
        for item in items:
            yield item
            self.done += 1
            if self.done % SAVE_EVERY == 0:
                self.rows.update(rows_done=self.done)
        self.rows.update(rows_done=self.done)


def count_rows(data):
    """Count the lines of the roster's CSV files, headers included, as the importer reads them."""
    names = {f"{kind}.csv" for kind in FILES}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if Path(m.filename).name in names]
            return sum(lines(archive, member) for member in members)
    except Exception:  # the importer reports what is wrong with the zip; the bar has no total
        return 0


def lines(archive, member):
    with archive.open(member) as stream:
        count, last = 0, b"\n"
        while chunk := stream.read(1 << 20):
            count, last = count + chunk.count(b"\n"), chunk[-1:]
        return count + (last != b"\n")
