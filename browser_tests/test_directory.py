"""A teacher finds students: the directory pages, searches, and keeps the search while paging."""

import re

from playwright.sync_api import expect

from classes import services
from classes.tests.factories import ClassFactory
from students.tests.factories import StudentFactory

from .steps import open_sign_in, sign_in


def names_on_page(page):
    return page.get_by_role("table").get_by_role("rowheader").all_inner_texts()


def caption(page):
    return page.get_by_role("table").locator("caption")


def showing(first, last, rest):
    return f"Showing {first}\N{EN DASH}{last} of {rest}"


def test_teacher_searches_the_student_directory_and_pages_through_it(page, teacher, settings):
    settings.DIRECTORY_PAGE_SIZE = 25  # three pages of 60, two of 40
    taught = ClassFactory(teacher=teacher)  # a teacher's directory lists their students only
    StudentFactory(first_name="Not", last_name="Taught")
    for n in range(40):
        services.enrol(StudentFactory(first_name=f"Ada{n:02d}", last_name="Lovelace"), taught)
    for n in range(20):
        services.enrol(StudentFactory(first_name=f"Alan{n:02d}", last_name="Turing"), taught)
    open_sign_in(page, "teacher")
    sign_in(page, teacher.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Students").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Students")
    expect(caption(page)).to_have_text(showing(1, 25, "60 students"))
    first_page = names_on_page(page)
    assert len(first_page) == 25
    page.get_by_role("link", name="Page 2", exact=True).click()
    expect(caption(page)).to_have_text(showing(26, 50, "60 students"))
    assert not set(names_on_page(page)) & set(first_page)

    search = page.get_by_role("searchbox", name="Search by name or username")
    search.fill("lovelace")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/students/\?(class=&)?q=lovelace$"))  # any class
    expect(caption(page)).to_have_text(showing(1, 25, "40 students matching “lovelace”"))
    matches = names_on_page(page)
    assert len(matches) == 25
    assert all(name.startswith("Lovelace, Ada") for name in matches)

    page.get_by_role("link", name="Next").click()
    expect(page).to_have_url(re.compile(r"/students/\?(class=&)?q=lovelace&page=2$"))
    expect(caption(page)).to_have_text(showing(26, 40, "40 students matching “lovelace”"))
    expect(search).to_have_value("lovelace")
    more = names_on_page(page)
    assert len(more) == 15
    assert all(name.startswith("Lovelace, Ada") for name in more)
    assert not set(more) & set(matches)

    page.get_by_role("link", name="Clear search").click()
    expect(caption(page)).to_have_text(showing(1, 25, "60 students"))
    expect(search).to_have_value("")
