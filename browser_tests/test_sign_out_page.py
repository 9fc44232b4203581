"""A sign-out link (`/accounts/logout/` opened by GET) asks first; only its button signs out."""

import re

from playwright.sync_api import expect

from .axe import BLOCKING_IMPACTS, describe, run_axe
from .steps import expect_dashboard, open_sign_in, sign_in

HOME = re.compile(r"^https?://[^/]+/$")


def test_a_sign_out_link_shows_a_button_and_only_the_button_signs_out(page, student, axe_script):
    name = student.get_full_name()
    open_sign_in(page, "student")
    sign_in(page, student.username)
    expect_dashboard(page, "student", name)

    page.goto("/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    expect(page.get_by_role("main")).to_contain_text(f"You are signed in as {student.username}.")
    blocking = [
        v for v in run_axe(page, axe_script)["violations"] if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, describe(blocking)

    page.get_by_role("link", name="Stay signed in and go to your dashboard").click()
    expect_dashboard(page, "student", name)  # opening the page signed nobody out

    page.goto("/accounts/logout/")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(HOME)
    expect(page.get_by_role("status")).to_contain_text("You have signed out")

    page.goto("/students/dashboard/")
    expect(page).to_have_url(re.compile(r"/students/login/\?next=/students/dashboard/$"))
    page.goto("/accounts/logout/")  # signed out already: nothing to ask
    expect(page).to_have_url(HOME)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to schoolsite")
