"""Save screenshots of the main pages into docs/screenshots/: `make screenshots`.

Serves the site from a throwaway SQLite database filled by `seed_demo`, signs in as the demo
people through the sign-in form, and photographs each page with Debian's Chromium at desktop
(1280 wide) and phone (390 wide) sizes, as docs/screenshots/<page>-<desktop|phone>.png.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from .chromium import CHROMIUM, DESKTOP, MISSING, PHONE, launch_options

PROJECT = Path(__file__).resolve().parent.parent
OUT = PROJECT / "docs" / "screenshots"
DEMO_PASSWORD = "schoolsite-demo-2026"  # accounts.demo.DEMO_PASSWORD, without loading Django
DEMO_CLASS = "History A"  # classes.demo: teacher1 teaches it with teacher2, to a few students

# (file name, demo account signed in or None, path, the page's <title> before " · schoolsite")
SHOTS = [
    ("home", None, "/", "Welcome"),
    ("student-register", None, "/students/register/", "Register as a student"),
    ("teacher-login", None, "/teachers/login/", "Teacher sign-in"),
    ("student-dashboard", "student1", "/students/dashboard/", "Student dashboard"),
    ("teacher-dashboard", "teacher1", "/teachers/dashboard/", "Teacher dashboard"),
    ("student-directory", "teacher1", "/students/", "Students"),
    ("student-profile", "student1", "/accounts/profile/", "Your details"),
    ("access-denied", "student1", "/teachers/dashboard/", "Access denied"),
    ("class-page", "teacher1", "{class}", DEMO_CLASS),
]
# A shot's page must show this before it is taken: the demo classes, not an empty state.
SHOWS = {
    "student-dashboard": "Taught by",
    "teacher-dashboard": re.compile(r"\d+ students"),
    "class-page": "Remove",
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url, server, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The demo server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    sys.exit(f"The demo server did not answer at {url} within {timeout} s:\n{log.read_text()}")


@contextmanager
def demo_site():
    """Yield the URL of the site running on a fresh database with the demo accounts."""
    with tempfile.TemporaryDirectory(prefix="schoolsite-screenshots-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SECRET_KEY")}
        env.update(
            DJANGO_SETTINGS_MODULE="schoolsite.settings",
            DJANGO_DEBUG="true",  # runserver serves the static files
            DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            EMAIL_URL="consolemail://",
        )
        manage = [sys.executable, str(PROJECT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{free_port()}"
        log = Path(tmp) / "server.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [*manage, "runserver", "--noreload", url.removeprefix("http://")],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_up(f"{url}/healthz", server, log)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def signed_in_state(browser, url, username):
    """Sign in through the form once; return the browser state to reuse for every shot."""
    context = browser.new_context(base_url=url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sign-in activity")).to_be_visible()
    state = context.storage_state()
    context.close()
    return state


def class_path(browser, url, state, title):
    """The path of the demo class with this title, from its link on the class list."""
    context = browser.new_context(base_url=url, storage_state=state)
    page = context.new_page()
    page.goto("/classes/")
    path = page.get_by_role("link", name=title, exact=True).get_attribute("href")
    context.close()
    return path


def take(browser, url, states, name, username, path, title):
    for size_name, viewport in SIZES.items():
        context = browser.new_context(
            base_url=url,
            viewport=viewport,
            is_mobile=size_name == "phone",
            has_touch=size_name == "phone",
            storage_state=states.get(username),
        )
        page = context.new_page()
        page.goto(path)
        expect(page).to_have_title(f"{title} · schoolsite")
        if name in SHOWS:
            expect(page.get_by_role("main")).to_contain_text(SHOWS[name])
        target = OUT / f"{name}-{size_name}.png"
        page.screenshot(path=target, animations="disabled", caret="hide")
        context.close()
        print(f"{target.relative_to(PROJECT)}  {target.stat().st_size // 1024} KB")


def main():
    if not CHROMIUM.exists():
        sys.exit(MISSING)
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_site() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        users = {username for _, username, *_ in SHOTS if username}
        states = {username: signed_in_state(browser, url, username) for username in users}
        places = {"class": class_path(browser, url, states["teacher1"], DEMO_CLASS)}
        for name, username, path, title in SHOTS:
            take(browser, url, states, name, username, path.format(**places), title)
        browser.close()


if __name__ == "__main__":
    main()
