"""Staff read the people lists of the admin at 1280 px without scrolling sideways."""

import pytest
from playwright.sync_api import expect

from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .steps import PASSWORD


@pytest.fixture
def people(staff):
    for n in range(1, 4):
        StudentFactory(
            username=f"student{n}",
            first_name="Alexandra",
            last_name="Fitzgerald-Pennington",
            email=f"student{n}@demo.schoolsite.test",
        )
    TeacherFactory(
        username="pending.teacher",
        first_name="Christopher",
        last_name="Montgomery",
        email="pending.teacher@demo.schoolsite.test",
        title="Dr",
        department="Mathematics",
        subject="Further mathematics",
        approved=False,
    )
    return staff


@pytest.mark.parametrize(
    ("path", "columns"),
    [
        ("/admin/accounts/user/", ["Role", "Approved"]),
        ("/admin/teachers/teacherprofile/", ["Approved"]),
    ],
)
def test_a_people_list_fits_a_1280_px_screen(page, people, path, columns):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(people.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(path)

    assert page.viewport_size["width"] == 1280
    results = page.locator("#changelist .results")
    overflow = results.evaluate("element => element.scrollWidth - element.clientWidth")
    assert overflow <= 0
    for column in columns:
        expect(page.get_by_role("columnheader", name=column)).to_be_in_viewport()
