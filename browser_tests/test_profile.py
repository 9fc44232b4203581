"""A person finds "Your details", corrects them, and sees the change; after registering, the
sign-in page already knows their username."""

import re

from playwright.sync_api import expect

from students.tests.factories import StudentFactory
from teachers.tests.factories import TeacherFactory

from .chromium import PHONE
from .steps import (
    PASSWORD,
    expect_dashboard,
    field,
    fill_registration,
    open_menu_if_collapsed,
    sign_in,
)


def open_details_from_the_account_menu(page):
    open_menu_if_collapsed(page)
    page.get_by_role("button", name=re.compile(r"^Account menu for")).click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Your details").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")


def test_a_student_corrects_their_name_and_date_of_birth(page):
    student = StudentFactory(username="nia", first_name="Nia", last_name="Okafr", year_group=9)
    page.goto("/students/login/")
    sign_in(page, "nia")
    expect_dashboard(page, "student", "Nia Okafr")
    open_details_from_the_account_menu(page)

    school = page.get_by_role("region", name="Set by the school")
    expect(school).to_contain_text(student.student_profile.student_number)
    expect(school).to_contain_text("Year group")
    expect(page.get_by_role("main").get_by_role("textbox", name="Username")).to_have_count(0)
    expect(field(page, "Last name")).to_have_value("Okafr")

    field(page, "Last name").fill("Okafor")
    field(page, "Date of birth").fill("2031-01-01")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("main")).to_contain_text("A date of birth cannot be in the future.")
    expect(field(page, "Date of birth")).to_have_attribute("aria-invalid", "true")

    field(page, "Date of birth").fill("2012-05-17")
    page.get_by_role("button", name="Save details").click()
    expect(page).to_have_url(re.compile(r"/accounts/profile/$"))
    expect(page.get_by_role("status")).to_contain_text("Your details have been saved.")
    expect(field(page, "Last name")).to_have_value("Okafor")
    expect(field(page, "Date of birth")).to_have_value("2012-05-17")

    page.get_by_role("link", name="Back to your dashboard").click()
    expect_dashboard(page, "student", "Nia Okafor")
    expect(page.get_by_text("17 May 2012")).to_be_visible()


def test_a_teacher_on_a_phone_sets_title_department_and_subject(open_context):
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    TeacherFactory(username="grace", first_name="Grace", last_name="Hopper", title="")
    page.goto("/teachers/login/")
    sign_in(page, "grace")
    expect_dashboard(page, "teacher", "Grace Hopper")

    page.get_by_role("navigation", name="What next").get_by_role(
        "link", name="Edit your details"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    field(page, "Title").select_option("Dr")
    field(page, "Department").fill("Sciences")
    field(page, "Subject").fill("Computing")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("status")).to_contain_text("Your details have been saved.")

    page.get_by_role("link", name="Back to your dashboard").click()
    expect_dashboard(page, "teacher", "Dr Grace Hopper")
    expect(page.get_by_text("Computing", exact=True)).to_be_visible()


def test_after_registering_the_sign_in_page_has_the_username_filled_in(page):
    page.goto("/students/register/")
    field(page, "Date of birth").fill("2010-03-14")
    fill_registration(
        page, username="ada", email="ada@example.org", first_name="Ada", last_name="Lovelace"
    )
    expect(page).to_have_url(re.compile(r"/students/login/$"))
    expect(field(page, "Username or email")).to_have_value("ada")
    expect(field(page, "Password")).to_be_focused()

    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect_dashboard(page, "student", "Ada Lovelace")
    expect(page.get_by_text("14 March 2010")).to_be_visible()
