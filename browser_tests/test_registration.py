"""Register, sign in, see the dashboard, sign out: as a student and as a teacher."""

import re

from playwright.sync_api import expect

from accounts.tests.factories import AdminFactory

from .steps import PASSWORD, expect_dashboard, field, fill_registration, sign_in, sign_out


def test_student_registers_signs_in_and_out(page):
    page.goto("/")
    page.get_by_role("link", name="Register as a student").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a student")
    fill_registration(
        page, username="ada", email="Ada@Example.org", first_name="Ada", last_name="Lovelace"
    )

    expect(page).to_have_url(re.compile(r"/students/login/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "You are registered as a student; sign in to continue."
    )
    sign_in(page, "ada@example.org")

    expect_dashboard(page, "student", "Ada Lovelace")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Ada.")
    expect(page.get_by_text("This is your first sign-in.")).to_be_visible()
    sign_out(page)
    expect(page.get_by_role("link", name="Register as a student")).to_be_visible()


def test_teacher_waits_for_staff_approval_then_signs_in(page, open_context):
    page.goto("/")
    page.get_by_role("link", name="Register as a teacher").click()
    field(page, "Title").select_option("Dr")
    field(page, "Subject").fill("Computing")
    fill_registration(
        page, username="grace", email="grace@example.org", first_name="Grace", last_name="Hopper"
    )
    expect(page).to_have_url(re.compile(r"/teachers/login/$"))
    expect(page.get_by_role("status")).to_contain_text(
        "A member of staff will approve your account"
    )

    sign_in(page, "grace")
    expect(page).to_have_url(re.compile(r"/teachers/login/$"))
    expect(page.get_by_role("main")).to_contain_text(
        "Your teacher account is waiting for approval by the school staff."
    )

    approve_in_admin(open_context(), teacher="Dr Grace Hopper")

    field(page, "Password").fill(PASSWORD)  # the failed attempt kept the username
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect_dashboard(page, "teacher", "Dr Grace Hopper")
    expect(page.get_by_text("Computing", exact=True)).to_be_visible()
    sign_out(page)


def approve_in_admin(staff_context, *, teacher):
    """A member of staff, in their own browser, approves the teacher in the admin."""
    staff = AdminFactory(password=PASSWORD)
    admin = staff_context.new_page()
    admin.goto("/admin/")
    admin.get_by_label("Username").fill(staff.username)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    expect(admin.get_by_role("heading", name="School administration")).to_be_visible()
    admin.get_by_role("rowheader", name="Teachers").get_by_role("link").click()
    row = admin.get_by_role("row").filter(has_text=teacher)
    expect(row.get_by_role("img", name="False")).to_be_visible()  # the "approved" column
    row.get_by_role("checkbox").check()
    admin.get_by_role("combobox", name="Action").select_option(label="Approve selected teachers")
    admin.get_by_role("button", name="Go").click()
    expect(admin.get_by_text("1 teacher was approved and may now sign in.")).to_be_visible()
    expect(row.get_by_role("img", name="True")).to_be_visible()
    staff_context.close()
