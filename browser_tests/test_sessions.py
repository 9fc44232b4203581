"""'Keep me signed in' decides whether the session outlives the browser."""

import re
import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .steps import expect_dashboard, open_sign_in, sign_in

TWO_WEEKS = 14 * 24 * 3600


def restart(storage_state):
    """What a browser keeps across a restart: cookies with an expiry date, not session ones."""
    return {**storage_state, "cookies": [c for c in storage_state["cookies"] if c["expires"] > 0]}


@pytest.mark.parametrize("remember", [True, False], ids=["box-ticked", "box-unticked"])
def test_signed_in_after_a_browser_restart_only_when_asked(page, open_context, student, remember):
    name = student.get_full_name()
    open_sign_in(page, "student")
    sign_in(page, student.username, remember=remember)
    expect_dashboard(page, "student", name)

    state = page.context.storage_state()
    session = next(c for c in state["cookies"] if c["name"] == settings.SESSION_COOKIE_NAME)
    if remember:
        assert session["expires"] > time.time() + TWO_WEEKS - 3600
    else:
        assert session["expires"] == -1
    page.context.close()

    again = open_context(storage_state=restart(state)).new_page()
    again.goto("/students/dashboard/")
    if remember:
        expect_dashboard(again, "student", name)
    else:
        expect(again).to_have_url(re.compile(r"/students/login/\?next=/students/dashboard/$"))
        expect(again.get_by_role("heading", level=1)).to_have_text("Student sign-in")
