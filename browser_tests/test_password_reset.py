"""A forgotten password is replaced by following the link in the mail."""

import re

from playwright.sync_api import expect

from .steps import PASSWORD, expect_dashboard, field, open_sign_in, sign_in

NEW_PASSWORD = "a-brand-new-passphrase-42"


def test_password_reset_through_the_mailed_link(page, student, mailoutbox):
    open_sign_in(page, "student")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    field(page, "Email").fill(student.email.upper())
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [student.email]
    assert f"Your username: {student.username}" in mail.body
    link = re.search(r"https?://\S+/accounts/reset/\S+/", mail.body)[0]
    assert link.startswith(page.url.split("/accounts/")[0])

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    field(page, "New password").fill(NEW_PASSWORD)
    field(page, "New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been reset")
    page.get_by_role("main").get_by_role("link", name="Sign in").click()

    sign_in(page, student.username, PASSWORD)
    expect(page.get_by_role("main")).to_contain_text("Please enter a correct username or email")
    sign_in(page, student.username, NEW_PASSWORD)
    expect_dashboard(page, "student", student.get_full_name())

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This reset link is not valid")
