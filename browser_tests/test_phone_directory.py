"""On a phone (390 px) a directory's rows stack as cards: every column shows, none is cut off."""

from playwright.sync_api import expect

from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .axe import BLOCKING_IMPACTS, describe, run_axe
from .chromium import PHONE
from .steps import sign_in

WIDTH = PHONE["width"]


def within_the_screen(locator):
    box = locator.bounding_box()
    assert box and box["width"] > 0, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (locator, box)


def test_the_teacher_directory_fits_a_phone(open_context, axe_script):
    TeacherFactory(
        username="ghopper",
        email="grace.brewster.murray.hopper@computing.example.org",
        first_name="Grace",
        last_name="Hopper",
        department="Mathematics and Computing",
        subject="Computer Science",
    )
    student = StudentFactory()
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/teachers/")
    sign_in(page, student.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Teachers")

    row = page.get_by_role("row").filter(has_text="Grace Hopper")
    subject = row.get_by_role("cell", name="Computer Science")
    email = row.get_by_role("link", name="grace.brewster.murray.hopper@computing.example.org")
    for cell in (subject, email):
        expect(cell).to_be_visible()
        within_the_screen(cell)
    for cell, label in ((subject, "Subject"), (email.locator(".."), "Email")):
        shown = cell.evaluate("el => getComputedStyle(el, '::before').content")
        assert shown.startswith(f'"{label}"'), shown  # each line says what it is
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # no sideways page
    region = page.get_by_role("region", name="Showing")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")  # nor a hidden scroll

    blocking = [
        v for v in run_axe(page, axe_script)["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, describe(blocking)
