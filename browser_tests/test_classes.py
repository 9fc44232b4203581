"""A teacher makes a class, a student joins it by its code, and the teacher runs the roster."""

import re

from playwright.sync_api import expect

from classes import services
from classes.tests.factories import ClassFactory, TermFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .chromium import PHONE
from .steps import field, open_sign_in, sign_in

CLASS_PAGE = re.compile(r"/classes/(\d+)/$")


def join_code(page):
    return page.locator("[data-join-code]").get_attribute("data-join-code")


def roster(page):
    return page.get_by_role("table")


def message(page):
    """The messages the page shows after an action (its empty states are statuses too)."""
    return page.locator("#messages")


def classes_card(page):
    return page.get_by_role("region", name="Your classes")


def join(page, code):
    page.goto("/classes/join/")
    field(page, "Class code").fill(code)
    page.get_by_role("button", name="Join the class").click()


def create_class(page, *, title, subject, room, term):
    page.get_by_role("link", name="Create a class").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create a class")
    field(page, "Title").fill(title)
    field(page, "Subject").fill(subject)
    field(page, "Room").fill(room)
    field(page, "Term").select_option(label=term)
    page.get_by_role("button", name="Create the class").click()


def test_a_student_joins_by_code_and_the_teacher_runs_the_roster(open_context):
    term = TermFactory(title="Autumn term")
    teacher = TeacherFactory(first_name="Katherine", last_name="Johnson")
    TeacherFactory(username="dvaughan", first_name="Dorothy", last_name="Vaughan")
    student = StudentFactory(first_name="Mae", last_name="Jemison")

    tpage = open_context().new_page()
    open_sign_in(tpage, "teacher")
    sign_in(tpage, teacher.username)
    create_class(tpage, title="9C Orbital Mechanics", subject="Physics", room="P3", term=term.title)
    expect(tpage).to_have_url(CLASS_PAGE)
    expect(tpage.get_by_role("heading", level=1)).to_have_text("9C Orbital Mechanics")
    expect(tpage.get_by_role("main")).to_contain_text("Physics · Room P3 · Autumn term")
    code = join_code(tpage)
    assert re.fullmatch(r"[A-Z0-9]{6,8}", code), code
    expect(message(tpage)).to_contain_text(f"Students join it with the code {code}")
    expect(tpage.get_by_role("main")).to_contain_text("No students yet.")
    tpage.get_by_label("Add a co-teacher by username").fill("DVaughan")
    tpage.get_by_role("button", name="Add", exact=True).click()
    expect(message(tpage)).to_contain_text("Dorothy Vaughan now teaches this class")
    class_url = tpage.url

    spage = open_context().new_page()
    open_sign_in(spage, "student")
    sign_in(spage, student.username)
    expect(classes_card(spage)).to_contain_text("You are not in any classes yet.")
    classes_card(spage).get_by_role("link", name="Join a class with a code").click()
    field(spage, "Class code").fill(code.lower())
    spage.get_by_role("button", name="Join the class").click()
    expect(spage).to_have_url(class_url)
    expect(message(spage)).to_have_text(re.compile(r"You have joined 9C Orbital Mechanics"))
    expect(spage.get_by_role("heading", level=1)).to_have_text("9C Orbital Mechanics")
    teachers = spage.get_by_role("region", name="Teachers")
    expect(teachers).to_contain_text("Katherine Johnson")
    expect(teachers).to_contain_text("Dorothy Vaughan")
    about = spage.get_by_role("region", name="About this class")
    expect(about).to_contain_text("Autumn term")
    expect(about).to_contain_text("P3")
    expect(roster(spage)).to_have_count(0)  # students never see the roster
    expect(spage.locator("[data-join-code]")).to_have_count(0)

    spage.get_by_role("link", name="My dashboard").click()
    card = classes_card(spage).get_by_role("listitem").filter(has_text="9C Orbital Mechanics")
    expect(card).to_contain_text("Taught by Katherine Johnson, Dorothy Vaughan")

    tpage.reload()
    row = roster(tpage).get_by_role("row").filter(has_text="Mae Jemison")
    expect(row).to_contain_text(student.username)
    expect(tpage.get_by_role("main")).to_contain_text("1 student")
    tpage.get_by_role("link", name="My dashboard").click()
    card = classes_card(tpage).get_by_role("listitem").filter(has_text="9C Orbital Mechanics")
    expect(card).to_contain_text("1 student")
    tpage.goto(class_url)
    row.get_by_role("button", name="Remove Mae Jemison").click()
    expect(message(tpage)).to_contain_text("Mae Jemison has been removed")
    expect(tpage.get_by_role("main")).to_contain_text("No students yet.")
    expect(tpage.get_by_role("row").filter(has_text="Mae Jemison")).to_have_count(0)

    spage.reload()
    expect(classes_card(spage)).to_contain_text("You are not in any classes yet.")
    spage.goto(class_url)
    expect(spage).to_have_title("Access denied · schoolsite")


def signed_in(open_context, person, path):
    page = open_context().new_page()
    page.goto(path)
    sign_in(page, person.username)
    return page


def test_a_new_code_or_turning_it_off_stops_the_old_code(open_context):
    teacher, student, latecomer = TeacherFactory(), StudentFactory(), StudentFactory()
    school_class = ClassFactory(teacher=teacher, title="8D Art")
    tpage = signed_in(open_context, teacher, school_class.get_absolute_url())
    code = join_code(tpage)

    tpage.get_by_role("button", name="New code").click()
    new_code = join_code(tpage)
    assert new_code != code
    expect(message(tpage)).to_contain_text(
        f"The new join code is {new_code}; the old one no longer works."
    )
    spage = signed_in(open_context, student, "/classes/join/")
    join(spage, code.lower())
    expect(spage).to_have_url(re.compile(r"/classes/join/$"))
    expect(spage.get_by_role("main")).to_contain_text("That code does not open a class.")
    expect(field(spage, "Class code")).to_have_attribute("aria-invalid", "true")
    join(spage, new_code.lower())
    expect(spage).to_have_url(tpage.url)
    tpage.reload()
    expect(roster(tpage).get_by_role("rowheader")).to_have_text([student.display_name])

    tpage.get_by_role("button", name="Turn off").click()
    expect(tpage.locator("[data-join-code]")).to_have_count(0)
    expect(tpage.get_by_role("main")).to_contain_text("The join code is off")
    lpage = signed_in(open_context, latecomer, "/classes/join/")
    join(lpage, new_code)
    expect(lpage.get_by_role("main")).to_contain_text("That code does not open a class.")
    tpage.get_by_role("button", name="Turn on with a new code").click()
    join(lpage, join_code(tpage))
    expect(lpage.get_by_role("heading", level=1)).to_have_text("8D Art")


WIDTH = PHONE["width"]


def within_the_screen(locator):
    box = locator.bounding_box()
    assert box and box["width"] > 0, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, (locator, box)


def test_the_roster_is_usable_on_a_phone(open_context):
    teacher = TeacherFactory()
    school_class = ClassFactory(teacher=teacher, title="10A Chemistry")
    students = [
        StudentFactory(
            username=f"student.with.a.long.username.{n}",
            first_name=f"Bartholomew{n}",
            last_name="Featherstonehaugh-Cholmondeley",
        )
        for n in range(3)
    ]
    for student in students:
        services.enrol(student, school_class)

    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(school_class.get_absolute_url())
    sign_in(page, teacher.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("10A Chemistry")

    last = students[-1]
    row = roster(page).get_by_role("row").filter(has_text=last.display_name)
    username = row.get_by_role("cell", name=last.username)
    remove = row.get_by_role("button", name=f"Remove {last.display_name}")
    for part in (row.get_by_role("rowheader"), username, remove):
        expect(part).to_be_visible()
        within_the_screen(part)
    shown = username.evaluate("el => getComputedStyle(el, '::before').content")
    assert shown.startswith('"Username"'), shown  # each line of the card says what it is
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH  # no sideways page
    scroller = page.get_by_role("region", name="Students in 10A Chemistry")
    assert scroller.evaluate("el => el.scrollWidth <= el.clientWidth")  # nor a hidden one

    remove.tap()
    expect(message(page)).to_contain_text(f"{last.display_name} has been removed")
    expect(roster(page).get_by_role("rowheader")).to_have_count(2)
