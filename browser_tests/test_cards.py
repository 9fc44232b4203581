"""A teacher prints sign-in cards; a student scans one and is signed in; a voided card fails."""

import io
import re

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from classes import services
from classes.tests.factories import ClassFactory
from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .steps import open_sign_in, sign_in
from .test_accessibility import assert_accessible


def decoded_qr(locator):
    """What a real decoder reads from the QR code as the browser drew it."""
    image = Image.open(io.BytesIO(locator.screenshot()))
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, "one QR code on the card"
    return found[0].text


def print_cards(page, school_class, axe_script=None):
    page.goto(f"/classes/{school_class.pk}/cards/")
    if axe_script:
        assert_accessible(page, axe_script)
    page.get_by_role("button", name="Make new cards for the whole class").click()
    return page.get_by_role("article", name="Sign-in card for Ada Lovelace")


def test_a_scanned_card_signs_the_student_in_and_a_voided_one_does_not(open_context, axe_script):
    teacher = TeacherFactory(username="k.johnson", first_name="Katherine", last_name="Johnson")
    school_class = ClassFactory(title="7A Computing", teacher=teacher)
    services.enrol(StudentFactory(first_name="Ada", last_name="Lovelace"), school_class)

    tpage = open_context().new_page()
    open_sign_in(tpage, "teacher")
    sign_in(tpage, teacher.username)
    card = print_cards(tpage, school_class, axe_script)
    expect(card).to_contain_text("Ada Lovelace")
    assert_accessible(tpage, axe_script)
    expect(card).to_contain_text("7A Computing")
    url = decoded_qr(card.locator("svg"))
    assert url == card.get_by_role("link").get_attribute("href")
    assert "/accounts/badge/" in url

    spage = open_context().new_page()  # the student's own browser, never signed in
    spage.goto(url)
    expect(spage.get_by_role("heading", name="Sign in as Ada?")).to_be_visible()
    assert_accessible(spage, axe_script)
    spage.get_by_role("button", name="Yes, sign me in").click()
    expect(spage).to_have_url(re.compile(r"/students/dashboard/$"))
    expect(spage.get_by_role("heading", name="Ada Lovelace")).to_be_visible()

    print_cards(tpage, school_class)  # new cards void the old one
    later = open_context().new_page()
    later.goto(url)
    expect(later.get_by_role("heading", name="This sign-in card does not work")).to_be_visible()
    assert_accessible(later, axe_script)
