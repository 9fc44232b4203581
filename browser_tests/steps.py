"""What a person does on the site, written once for every browser test."""

import re

from playwright.sync_api import expect

PASSWORD = "correct-horse-battery-staple"


def field(page, label):
    """The form field with this label (crispy adds "*" to required ones)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def fill_registration(page, *, username, email, first_name, last_name, password=PASSWORD):
    field(page, "Username").fill(username)
    field(page, "Email address").fill(email)
    field(page, "First name").fill(first_name)
    field(page, "Last name").fill(last_name)
    field(page, "Password").fill(password)
    field(page, "Password confirmation").fill(password)
    page.get_by_role("button", name="Create account").click()


def sign_in(page, username, password=PASSWORD, *, remember=False):
    """Fill and send the sign-in form of the page that is open."""
    field(page, "Username or email").fill(username)
    field(page, "Password").fill(password)
    if remember:
        page.get_by_label("Keep me signed in on this device").check()
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def open_sign_in(page, role):
    """From the landing page, follow the role's sign-in link."""
    page.goto("/")
    page.get_by_role("link", name=f"{role.capitalize()} sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{role.capitalize()} sign-in")


def open_menu_if_collapsed(page):
    toggler = page.get_by_role("button", name="Show or hide the menu")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")


def sign_out(page):
    """Sign out through the account menu in the navbar."""
    open_menu_if_collapsed(page)
    page.get_by_role("button", name=re.compile(r"^Account menu for")).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to schoolsite")
    expect(page.get_by_role("status")).to_contain_text("You have signed out")


def expect_dashboard(page, role, name):
    expect(page).to_have_url(re.compile(rf"/{role}s/dashboard/$"))
    expect(page.get_by_text(f"{role.capitalize()} dashboard", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
