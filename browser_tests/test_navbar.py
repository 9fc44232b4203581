"""On a phone the navbar folds into a menu button, and the links in it work."""

from playwright.sync_api import expect

from .chromium import PHONE
from .steps import expect_dashboard, sign_in, sign_out


def test_navbar_collapses_on_a_phone_and_its_links_work(open_context, teacher):
    page = open_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")
    toggler = nav.get_by_role("button", name="Show or hide the menu")
    expect(toggler).to_be_visible()
    expect(nav.get_by_role("button", name="Sign in")).to_be_hidden()

    toggler.click()
    nav.get_by_role("button", name="Sign in").click()
    nav.get_by_role("link", name="Teacher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teacher sign-in")
    sign_in(page, teacher.username)
    expect_dashboard(page, "teacher", teacher.teacher_profile.display_name)

    students_link = nav.get_by_role("link", name="Students")
    expect(students_link).to_be_hidden()
    toggler.click()
    students_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Students")
    expect(toggler).to_be_visible()

    sign_out(page)  # through the folded menu again
