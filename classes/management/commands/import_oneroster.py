import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from classes.oneroster.importer import import_roster
from classes.oneroster.report import ACTIONS


class Command(BaseCommand):
    help = (
        "Import a OneRoster 1.1 bulk CSV set (a folder or a .zip with manifest.csv): "
        "check everything, then write it all in one transaction, or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder or a .zip holding manifest.csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, write nothing"
        )

    def handle(self, *args, path, dry_run, **options):
        report = import_roster(path, dry_run=dry_run, progress=self.progress)
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for problem in report.problems:
            style = self.style.ERROR if problem.error else self.style.WARNING
            self.stderr.write(style(str(problem)))
        if report.counts:
            self.summary(report)
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s): nothing was written.")
        changed = any(c["created"] + c["updated"] + c["deleted"] for c in report.counts.values())
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif not changed:
            self.stdout.write(self.style.SUCCESS("Nothing to change: the site matches the files."))
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))

    def progress(self, items, label):
        """A progress bar on a terminal; nothing otherwise (logs, cron mail, CI)."""
        return tqdm(items, desc=label, unit=" rows", leave=False, disable=None, file=sys.stderr)

    def summary(self, report):
        header = ["file", *ACTIONS]
        rows = [header, *([str(v) for v in row] for row in report.table())]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for row in rows:
            cells = [row[0].ljust(widths[0])] + [
                cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
            ]
            self.stdout.write("  ".join(cells))
