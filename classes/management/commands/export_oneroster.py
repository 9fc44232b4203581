from django.core.management.base import BaseCommand, CommandError

from classes.oneroster.exporter import export_roster


class Command(BaseCommand):
    help = (
        "Write the site's roster as a OneRoster 1.1 bulk CSV set: a folder, or a .zip when "
        "PATH ends in .zip. Passwords are never written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a folder to create or fill, or a file ending in .zip")

    def handle(self, *args, path, **options):
        try:
            written = export_roster(path)
        except OSError as error:
            raise CommandError(f"{path}: cannot write there ({error.strerror or error})") from None
        self.stdout.write(self.style.SUCCESS(f"Roster written to {written}."))
