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


def test_a_deep_directory_page_costs_what_page_one_costs(teacher_client, settings):
    from students.tests.factories import StudentFactory

    settings.DIRECTORY_PAGE_SIZE = 2
    for _ in range(12):
        StudentFactory()
    url = reverse("students:directory")
    teacher_client.get(url)
    counts = []
    for page in (1, 6):
        with CaptureQueriesContext(connection) as queries:
            response = teacher_client.get(url, {"page": page})
        counts.append(len(queries))
        assert response.context["page_obj"].number == page
        assert len(response.context["people"]) == 2
    assert counts[0] == counts[1] <= 3


def test_the_directory_indexes_exist():
    from django.db import connection

    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "accounts_user")
    assert "user_directory" in indexes
    if connection.vendor == "postgresql":  # trigram indexes serve icontains there
        assert {"user_username_trgm", "user_first_name_trgm", "user_last_name_trgm"} <= set(indexes)


class TestRememberedPageStarts:
    """A page's start is remembered, so revisiting it, or going on to the next, seeks there."""

    @pytest.fixture
    def directory(self, settings):
        from students.tests.factories import StudentFactory

        settings.DIRECTORY_PAGE_SIZE = 2
        for n in range(12):
            StudentFactory(last_name=f"Name{n:02d}", first_name="Pat")
        return reverse("students:directory")

    @staticmethod
    def visit(client, url, page):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {} if page is None else {"page": page})
        names = [person["last_name"] for person in response.context["people"]]
        listing = next(q["sql"] for q in queries if " IN (SELECT " in q["sql"])
        return names, listing

    def test_the_next_page_and_a_revisit_seek_instead_of_skipping_rows(
        self, teacher_client, directory
    ):
        names, listing = self.visit(teacher_client, directory, 3)
        assert names == ["Name04", "Name05"]
        assert "OFFSET" in listing  # nobody has been here yet: skip to it
        for page, expected in ((4, ["Name06", "Name07"]), (3, ["Name04", "Name05"])):
            names, listing = self.visit(teacher_client, directory, page)
            assert names == expected
            assert "OFFSET" not in listing and ") >= (" in listing

    def test_a_change_to_the_directory_forgets_the_starts(
        self, teacher_client, directory, django_capture_on_commit_callbacks
    ):
        from students.tests.factories import StudentFactory

        self.visit(teacher_client, directory, 2)
        with django_capture_on_commit_callbacks(execute=True):
            StudentFactory(last_name="Aardvark", first_name="Ann")  # now first: pages shift
        names, listing = self.visit(teacher_client, directory, 2)
        assert names == ["Name01", "Name02"]
        assert "OFFSET" in listing

    # The directory link (no `page`) is the page visited most: it too must write nothing.
    @pytest.mark.parametrize(
        "page, expected",
        [(3, ["Name04", "Name05"]), (1, ["Name00", "Name01"]), (None, ["Name00", "Name01"])],
    )
    def test_a_warm_page_reads_the_cache_once_and_writes_nothing(
        self, teacher_client, directory, monkeypatch, page, expected
    ):
        from django.core.cache import caches

        cache = caches["default"]
        for _ in range(2):  # a first visit to page 3 skips to it; the second seeks there
            self.visit(teacher_client, directory, page)
        calls, inside = [], []
        for name in ("get", "get_many", "set", "set_many", "add", "get_or_set", "incr"):
            original = getattr(cache, name)

            def spy(*args, _name=name, _original=original, **kwargs):
                # Outermost calls only (the in-memory cache's get_many calls get), and not
                # the session's reads (cached_db).
                if not inside and "directory" in repr(args[:1]):
                    calls.append(_name)
                inside.append(_name)
                try:
                    return _original(*args, **kwargs)
                finally:
                    inside.pop()

            monkeypatch.setattr(cache, name, spy)
        names, listing = self.visit(teacher_client, directory, page)
        assert names == expected
        assert (") >= (" in listing) == (page == 3)
        assert calls == ["get_many"]

    @pytest.mark.parametrize("page, query", [(3, None), (None, None), (None, "Name0")])
    def test_the_orm_query_is_built_only_for_a_page_the_cache_cannot_serve(
        self, teacher_client, directory, monkeypatch, page, query
    ):
        from students.models import StudentProfile

        built = []
        original = type(StudentProfile.objects.all()).listed_users
        monkeypatch.setattr(
            type(StudentProfile.objects.all()),
            "listed_users",
            lambda qs, *args: built.append(args) or original(qs, *args),
        )
        params = {key: value for key, value in (("page", page), ("q", query)) if value}
        first = teacher_client.get(directory, params)  # counts, and skips to page 3
        assert built and first.status_code == 200
        teacher_client.get(directory, params)  # page 3 seeks to its start: compiled once
        built.clear()
        again = teacher_client.get(directory, params)
        assert not built  # total, start and SQL all cached: no queryset was made
        assert again.context["people"] == first.context["people"]
