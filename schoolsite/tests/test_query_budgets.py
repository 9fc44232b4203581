"""Query budgets for the busiest requests: a regression here fails the suite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sign_in_post_budget(client, student, password, django_assert_max_num_queries):
    client.get(reverse("students:login"))
    with django_assert_max_num_queries(16):
        response = client.post(
            reverse("students:login"), {"username": student.email, "password": password}
        )
    assert response.status_code == 302


def test_registration_post_budget(client, django_assert_max_num_queries):
    client.get(reverse("students:register"))
    with django_assert_max_num_queries(12):
        response = client.post(
            reverse("students:register"),
            {
                "username": "budget.kid",
                "email": "budget@example.org",
                "first_name": "B",
                "last_name": "Kid",
                "password1": "counting-queries-42",
                "password2": "counting-queries-42",
            },
        )
    assert response.status_code == 302


def test_a_deep_directory_page_costs_what_page_one_costs(staff_client, settings):
    from students.tests.factories import StudentFactory

    settings.DIRECTORY_PAGE_SIZE = 2
    for _ in range(12):
        StudentFactory()
    url = reverse("students:directory")
    staff_client.get(url)
    counts = []
    for page in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url, {"page": page})
        counts.append(len(queries))
        assert response.context["page_obj"].number == page
        assert len(response.context["people"]) == 2
    assert counts[0] == counts[1] <= 3  # the session, the user, the rows with their total


def test_the_directory_indexes_exist():
    from django.db import connection

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "accounts_user")
    assert "user_directory" in indexes
    if connection.vendor == "postgresql":  # trigram indexes serve icontains there
        assert {"user_username_trgm", "user_first_name_trgm", "user_last_name_trgm"} <= set(indexes)


def test_every_change_shows_at_once_on_every_page(staff_client, settings):
    """No total or page start is remembered anywhere: a bulk update, which sends no signal,
    shows on the next page view."""
    from accounts.models import User
    from students.tests.factories import StudentFactory

    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(5):
        StudentFactory(last_name=f"Name{n:02d}", first_name="Pat")
    url = reverse("students:directory")
    before = staff_client.get(url, {"page": 3})
    assert before.context["page_obj"].paginator.count == 5
    assert [p["last_name"] for p in before.context["people"]] == ["Name04"]
    User.objects.filter(last_name="Name04").update(last_name="Aardvark")
    StudentFactory(last_name="Zed", first_name="Pat")
    after = staff_client.get(url, {"page": 3})
    assert after.context["page_obj"].paginator.count == 6
    assert [p["last_name"] for p in after.context["people"]] == ["Name03", "Zed"]
    User.objects.filter(last_name__in=["Name03", "Zed"]).update(is_active=False)
    last = staff_client.get(url, {"page": 3})  # past the end now: the last page
    assert last.context["page_obj"].number == 2
    assert [p["last_name"] for p in last.context["people"]] == ["Name01", "Name02"]
