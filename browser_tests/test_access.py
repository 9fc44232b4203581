"""A signed-in person on a page for another role is told why, and shown the way back."""

import re

from playwright.sync_api import expect

from .steps import expect_dashboard, open_sign_in, sign_in


def test_student_on_the_teacher_dashboard_sees_why_and_gets_back(page, student):
    open_sign_in(page, "student")
    sign_in(page, student.username)
    expect_dashboard(page, "student", student.get_full_name())

    response = page.goto("/teachers/dashboard/")

    assert response.status == 403
    expect(page).to_have_title(re.compile(r"^Access denied"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Access denied")
    main = page.get_by_role("main")
    expect(main).to_contain_text("The teacher dashboard is only for teacher accounts.")
    expect(main).to_contain_text(f"You are signed in as {student.username}.")
    page.get_by_role("link", name="Go to your dashboard").click()
    expect_dashboard(page, "student", student.get_full_name())
