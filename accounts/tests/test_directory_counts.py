"""The directories' totals are kept by the database for every kind of write."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts import directory_counts
from accounts.models import DirectoryCount, Role, User
from accounts.tests.factories import AdminFactory, UserFactory
from students.tests.factories import StudentFactory
from teachers.services import approve_teachers
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def kept():
    return {row.role: row.listed for row in DirectoryCount.objects.all() if row.listed}


def counted():
    found = {role: User.objects.directory(role).count() for role in Role.values}
    return {role: number for role, number in found.items() if number}


def test_the_triggers_are_in_place_after_migrate():
    assert directory_counts.installed(connection)


def test_every_kind_of_write_keeps_the_count_right():
    students = [StudentFactory() for _ in range(4)]
    pending = TeacherFactory(approved=False)
    TeacherFactory()
    AdminFactory()
    assert kept() == counted() == {Role.STUDENT: 4, Role.TEACHER: 1, Role.ADMIN: 1}

    approve_teachers([pending], approved_by=User.objects.get(role=Role.ADMIN))
    User.objects.filter(pk=students[0].pk).update(is_active=False)  # a bulk update
    students[1].is_active = False
    students[1].save()  # a form or the admin
    User.objects.filter(pk=students[2].pk).update(role=Role.TEACHER)  # moves between lists
    students[3].delete()
    User.objects.bulk_create([UserFactory.build(role=Role.STUDENT) for _ in range(3)])
    with connection.cursor() as cursor:  # SQL typed into a shell
        cursor.execute("UPDATE accounts_user SET is_active = %s WHERE id IS NOT NULL", [True])
    assert kept() == counted() == {Role.STUDENT: 5, Role.TEACHER: 3, Role.ADMIN: 1}


def test_a_change_that_does_not_move_anyone_leaves_the_count_alone():
    student = StudentFactory()
    student.first_name = "Renamed"
    student.save()
    User.objects.filter(pk=student.pk).update(is_active=True, role=Role.STUDENT)
    assert kept() == {Role.STUDENT: 1}


def test_migrate_puts_lost_triggers_back_and_counts_again(transactional_db):
    StudentFactory()
    with connection.cursor() as cursor:
        # As a migration that rebuilds the table does.
        on_table = "" if connection.vendor == "sqlite" else " ON accounts_user"
        for name in ("insert", "delete", "update"):
            cursor.execute(f"DROP TRIGGER accounts_user_listed_{name}{on_table}")
    assert not directory_counts.installed(connection)
    DirectoryCount.objects.all().delete()
    StudentFactory()  # unseen while the triggers are gone
    call_command("migrate", verbosity=0)
    assert directory_counts.installed(connection)
    assert kept() == counted() == {Role.STUDENT: 2}


def test_the_directory_shows_the_kept_total_and_a_search_counts_its_matches(staff_client):
    for n in range(3):
        StudentFactory(last_name=f"Smith{n}")
    StudentFactory(last_name="Jones")
    page = staff_client.get(reverse("students:directory"))
    assert page.context["page_obj"].paginator.count == 4
    assert "of 4 students" in page.content.decode()
    found = staff_client.get(reverse("students:directory"), {"q": "smith"})
    assert found.context["page_obj"].paginator.count == 3


def test_no_migration_runs_with_the_triggers_in_place(transactional_db):
    from django.db.models.signals import pre_migrate

    seen = []

    def look(**kwargs):
        seen.append(directory_counts.installed(connection))

    from django.apps import apps

    accounts = apps.get_app_config("accounts")
    pre_migrate.connect(look, sender=accounts, weak=False, dispatch_uid="look")  # after ours
    try:
        call_command("migrate", verbosity=0)
    finally:
        pre_migrate.disconnect(dispatch_uid="look")
    assert seen and not any(seen)  # PostgreSQL would refuse to alter a column they name
    assert directory_counts.installed(connection)


def test_rolling_back_the_counts_leaves_people_writable(transactional_db):
    call_command("migrate", "accounts", "0006", verbosity=0)
    try:
        assert not directory_counts.installed(connection)
        # The user table as it was at 0006 (later migrations add columns).
        state = MigrationExecutor(connection).loader.project_state(
            ("accounts", "0006_accountlockout")
        )
        state.apps.get_model("accounts", "User").objects.create(
            username="after.rollback", role=Role.ADMIN, password="!"
        )
    finally:
        call_command("migrate", verbosity=0)
    assert kept() == counted() == {Role.ADMIN: 1}


@pytest.mark.parametrize("kept_listed", [0, 2, None])
def test_a_kept_count_behind_the_rows_is_counted_again(staff_client, settings, kept_listed):
    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(5):
        StudentFactory(last_name=f"Name{n}")
    counter = DirectoryCount.objects.filter(role=Role.STUDENT)
    if kept_listed is None:
        counter.delete()  # as if the triggers had been lost before anyone was added
    else:
        counter.update(listed=kept_listed)
    for page, shown in ((1, ["Name0", "Name1"]), (2, ["Name2", "Name3"]), (3, ["Name4"])):
        response = staff_client.get(reverse("students:directory"), {"page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].paginator.count == 5
        assert [row["last_name"] for row in response.context["people"]] == shown


def test_the_last_page_gives_its_own_total_even_when_the_kept_count_is_ahead(
    staff_client, settings
):
    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(3):
        StudentFactory(last_name=f"Name{n}")
    DirectoryCount.objects.filter(role=Role.STUDENT).update(listed=9)
    response = staff_client.get(reverse("students:directory"), {"page": 2})
    assert response.context["page_obj"].paginator.count == 3


def test_emptying_the_user_table_empties_the_counts(transactional_db):
    StudentFactory()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE accounts_user CASCADE")
        else:
            cursor.execute("DELETE FROM students_studentprofile")
            cursor.execute("DELETE FROM accounts_user")
    assert kept() == counted() == {}
