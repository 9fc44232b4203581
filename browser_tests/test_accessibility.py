"""axe-core finds no serious or critical problem on the main pages, and every field has a label."""

import pytest
from playwright.sync_api import expect

from classes import services
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .axe import BLOCKING_IMPACTS, describe, field_names, run_axe
from .steps import PASSWORD, field, fill_registration, sign_in


def assert_accessible(page, axe_script):
    results = run_axe(page, axe_script)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"{page.url}:\n{describe(blocking)}"

    fields = field_names(page, axe_script)
    assert [f for f in fields if not f["name"]] == [], f"{page.url}: fields without a label"
    rules_passed = {rule["id"] for rule in results["passes"]}
    rules_failed = {rule["id"] for rule in results["violations"]}
    assert "label" not in rules_failed
    if fields:
        assert "label" in rules_passed, f"{page.url}: axe did not check the form's labels"
    return fields


PUBLIC_PAGES = {
    "/": "Welcome to schoolsite",
    "/students/register/": "Register as a student",
    "/teachers/register/": "Register as a teacher",
    "/students/login/": "Student sign-in",
    "/teachers/login/": "Teacher sign-in",
}


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page(page, axe_script, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(PUBLIC_PAGES[path])
    assert_accessible(page, axe_script)


def test_sign_in_fields_are_named_for_screen_readers(page, axe_script):
    page.goto("/students/login/")
    fields = assert_accessible(page, axe_script)
    names = {f["field"]: f["name"].removesuffix("*") for f in fields}  # "*": required
    assert names == {
        "username": "Username or email",
        "password": "Password",
        "remember_me": "Keep me signed in on this device",
    }


def test_registration_errors(page, axe_script):
    StudentFactory(username="taken")
    page.goto("/students/register/")
    fill_registration(
        page, username="taken", email="new@example.org", first_name="A", last_name="B"
    )
    expect(page.get_by_role("main")).to_contain_text("That username is taken.")
    expect(field(page, "Username")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe_script)


SIGNED_IN_PAGES = [
    ("pupil0", "/students/dashboard/", "Student dashboard"),
    ("pupil0", "/teachers/", "Teachers"),
    ("pupil0", "/teachers/dashboard/", "Access denied"),
    ("tutor0", "/teachers/dashboard/", "Teacher dashboard"),
    ("tutor0", "/students/", "Students"),
    ("pupil0", "/accounts/profile/", "Your details"),
    ("tutor0", "/accounts/profile/", "Your details"),
]


@pytest.mark.parametrize(("username", "path", "title"), SIGNED_IN_PAGES)
def test_signed_in_page(page, axe_script, username, path, title):
    for n in range(3):
        StudentFactory(username=f"pupil{n}")
        TeacherFactory(username=f"tutor{n}")
    page.goto("/accounts/login/")
    sign_in(page, username, PASSWORD)
    page.goto(path)
    expect(page).to_have_title(f"{title} · schoolsite")
    assert_accessible(page, axe_script)


# (who, path, title, what the page shows): "{class}" is tutor's class, which pupil attends.
CLASS_PAGES = [
    ("tutor", "/classes/", "Classes", "3 students"),
    ("pupil", "/classes/", "Classes", "Taught by Annie Cannon"),
    ("tutor", "/classes/new/", "Create a class", "Spring term"),
    ("tutor", "/classes/{class}/", "11E Astronomy", "Remove pupil2"),
    ("pupil", "/classes/{class}/", "11E Astronomy", "About this class"),
    ("pupil", "/classes/join/", "Join a class", "Class code"),
    ("tutor", "/teachers/dashboard/", "Teacher dashboard", "11E Astronomy"),
    ("pupil", "/students/dashboard/", "Student dashboard", "Taught by Annie Cannon"),
    ("newcomer", "/classes/", "Classes", "You are not in any classes yet."),
]


@pytest.mark.parametrize(("username", "path", "title", "shows"), CLASS_PAGES)
def test_class_page(page, axe_script, username, path, title, shows):
    tutor = TeacherFactory(username="tutor", first_name="Annie", last_name="Cannon")
    term = TermFactory(title="Spring term")
    school_class = ClassFactory(
        teacher=tutor, title="11E Astronomy", subjects="Physics", location="Dome", terms=[term]
    )
    for n in range(3):
        pupil = StudentFactory(username=f"pupil{n or ''}", first_name="", last_name="")
        services.enrol(pupil, school_class)
    StudentFactory(username="newcomer")
    page.goto("/accounts/login/")
    sign_in(page, username, PASSWORD)
    page.goto(path.format(**{"class": school_class.pk}))
    expect(page).to_have_title(f"{title} · schoolsite")
    expect(page.get_by_role("main")).to_contain_text(shows)
    assert_accessible(page, axe_script)


def test_join_error(page, axe_script):
    StudentFactory(username="pupil")
    page.goto("/accounts/login/")
    sign_in(page, "pupil", PASSWORD)
    page.goto("/classes/join/")
    field(page, "Class code").fill("nope42")
    page.get_by_role("button", name="Join the class").click()
    expect(page.get_by_role("main")).to_contain_text("That code does not open a class.")
    expect(field(page, "Class code")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, axe_script)
