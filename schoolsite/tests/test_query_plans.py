"""The busiest lookups are served by indexes, on SQLite and on PostgreSQL.

A test database is too small for a planner to prefer an index on its own, so on PostgreSQL
sequential scans are priced out first: what remains is the best plan using an index, and
its absence would show as a sequential scan. SQLite plans by rules and shows its choice.
"""

import pytest
from django.db import connection, transaction

from accounts.models import Role, User, listed_total_of
from students.models import StudentProfile
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def plan(queryset, seqscan=False):
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if not seqscan:
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.fixture
def people():
    StudentFactory.create_batch(6)
    TeacherFactory.create_batch(2)


def test_a_sign_in_name_is_looked_up_through_the_identity_indexes(people):
    explained = plan(User.objects.for_identifier("Someone@Example.org"))
    assert "user_username_ci_unique" in explained
    assert "user_email_ci_unique" in explained
    assert "Seq Scan" not in explained and "SCAN accounts_user" not in explained


def test_an_email_is_looked_up_through_its_index(people):
    """Registration, staff adding someone and password reset check an address this way."""
    explained = plan(User.objects.with_email("Someone@Example.org"))
    assert "user_email_ci_unique" in explained
    assert "Seq Scan" not in explained and "SCAN accounts_user" not in explained


def test_a_directory_page_picks_its_keys_from_the_covering_index(people):
    keys = User.objects.directory(Role.STUDENT).values("pk")[1000:1025]
    explained = plan(keys)
    if connection.vendor == "postgresql":
        assert "Index Only Scan using user_directory" in explained
    else:
        assert "COVERING INDEX user_directory" in explained
        assert "TEMP B-TREE" not in explained  # the index gives the order: nothing is sorted
    assert "profile" not in str(keys.query)  # no join to count or skip


def test_a_page_of_rows_is_one_query_of_the_chosen_keys(people, django_assert_num_queries):
    keys = User.objects.directory(Role.STUDENT).values("pk")[2:4]
    expected = list(User.objects.directory(Role.STUDENT)[2:4])
    with django_assert_num_queries(1):
        rows = list(StudentProfile.objects.directory(keys))
    assert [row["username"] for row in rows] == [user.username for user in expected]
    assert rows[0] == {
        "username": expected[0].username,
        "first_name": expected[0].first_name,
        "last_name": expected[0].last_name,
        "email": expected[0].email,
        "student_number": expected[0].student_profile.student_number,
        "year_group": expected[0].student_profile.year_group,
    }


def test_a_name_search_is_served_by_an_index(people):
    found = User.objects.directory(Role.STUDENT).search("smith").values("pk")[:25]
    if connection.vendor == "postgresql":
        # The trigram indexes are on the very expression Django's icontains compiles to...
        sql = str(found.query)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"]
            )
            definitions = dict(cursor.fetchall())
        for column in ("username", "first_name", "last_name"):
            assert f"upper(({column})::text) gin_trgm_ops" in definitions[f"user_{column}_trgm"]
            assert f'UPPER("accounts_user"."{column}"::text) LIKE UPPER(' in sql
        # ...and the search's order cannot be read from the name index (the plan sorts), so
        # PostgreSQL never walks that index testing row after row until 25 match: the plan
        # that took 170 ms at 100,000 students.
        assert "Sort Key: " in plan(found)
    else:  # SQLite has no trigram index: the scan stays inside the covering index
        assert "COVERING INDEX user_directory" in plan(found)


def test_a_page_and_its_total_are_read_through_the_covering_index(people):
    listed = User.objects.directory(Role.STUDENT)
    page = StudentProfile.objects.directory(listed.values("pk")[:25]).annotate(
        total=listed_total_of(listed)
    )
    explained = plan(page)
    if connection.vendor == "postgresql":
        assert explained.count("Index Only Scan using user_directory") == 2  # keys and total
    else:
        assert explained.count("COVERING INDEX user_directory") == 2
    assert [row["total"] for row in page] == [6] * 6
