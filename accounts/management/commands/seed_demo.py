from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, seed
from accounts.models import User
from classes.demo import summary


class Command(BaseCommand):
    help = (
        "Create demo students, teachers, a pending teacher, a staff account, and classes "
        "for them (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--students", type=int, default=20, help="number of demo students")
        parser.add_argument("--teachers", type=int, default=5, help="number of demo teachers")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any account exists already"
        )
        parser.add_argument(
            "--force", action="store_true", help="run even with DJANGO_DEBUG off (production)"
        )
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="where the printed links point"
        )

    def handle(self, *args, students, teachers, if_empty, force, site_url, **options):
        if students < 0 or teachers < 0 or students > 100_000 or teachers > 10_000:
            raise CommandError("--students must be 0..100000 and --teachers 0..10000.")
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo accounts share a published password; refusing with DJANGO_DEBUG off. "
                "Pass --force if you really want them here."
            )
        if if_empty and User.objects.exists():
            self.stdout.write("Accounts exist already; no demo data added.")
        else:
            created = seed(students=students, teachers=teachers)
            self.stdout.write(self.style.SUCCESS(f"Created {len(created)} demo accounts."))
        if User.objects.filter(username="student1").exists():
            self.print_sign_ins(site_url.rstrip("/"))

    def print_sign_ins(self, site):
        self.stdout.write(
            "Demo sign-ins (password for all: " + self.style.WARNING(DEMO_PASSWORD) + "):\n"
            f"  student   student1        at {site}{reverse('students:login')}\n"
            f"  teacher   teacher1        at {site}{reverse('teachers:login')}\n"
            "  pending   pending.teacher (awaits approval in the admin)\n"
            f"  staff     staff           at {site}{reverse('admin:index')}"
        )
        people = User.objects.in_bulk(["teacher1", "student1"], field_name="username")
        if len(people) == 2:
            for line in summary(people["teacher1"], people["student1"]):
                self.stdout.write(line)
