"""The dashboard tells a person about the sign-in before this one, and greets a first one."""

from django.utils import timezone
from playwright.sync_api import expect

from .steps import expect_dashboard, open_sign_in, sign_in, sign_out


def test_first_sign_in_is_a_first_and_the_next_shows_it(page, teacher):
    name = teacher.teacher_profile.display_name
    short = teacher.get_short_name()
    open_sign_in(page, "teacher")
    sign_in(page, teacher.username)
    expect_dashboard(page, "teacher", name)
    activity = page.get_by_role("region", name="Sign-in activity")
    expect(page.get_by_role("status")).to_contain_text(f"Welcome, {short}.")
    expect(page.get_by_role("status")).not_to_contain_text("Welcome back")
    expect(activity).to_contain_text("You have signed in 1 time.")
    expect(activity).to_contain_text("This is your first sign-in.")
    expect(activity).not_to_contain_text("sign-in:")  # no "Last/Previous sign-in: ..."
    expect(activity).not_to_contain_text("ago")
    sign_out(page)

    teacher.refresh_from_db()
    first = timezone.localtime(teacher.last_login)
    open_sign_in(page, "teacher")
    sign_in(page, teacher.username)
    expect_dashboard(page, "teacher", name)
    expect(page.get_by_role("status")).to_contain_text(f"Welcome back, {short}.")
    expect(activity).to_contain_text("You have signed in 2 times.")
    expect(activity).to_contain_text("Previous sign-in:")
    expect(activity.locator("time")).to_have_attribute("datetime", first.isoformat())
    expect(activity).not_to_contain_text("first sign-in")
