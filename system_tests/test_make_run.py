"""`make run` as a newcomer: a fresh clone of the committed code, a plain shell, one command.

The contract: from a fresh clone, `make run` installs into .venv, migrates SQLite, creates demo
accounts and classes, prints how to sign in with them and serves http://127.0.0.1:8000. The
test passes `PORT=` (the Makefile's default is 8000) so a developer's own `make run` may keep
running.
"""

import os
import re
import shutil
import signal

import pytest

from system_tests.procs import ROOT, Group, clean_env, free_port, port_in_use, run, wait_until
from system_tests.web import Browser, healthy

PORT = free_port()
SITE = f"http://127.0.0.1:{PORT}"
BOOT_SECONDS = 300  # a first `make run` installs every requirement with pip
DEMO_PASSWORD = re.compile(r"password for all: (\S+?)\)")
DEMO_STUDENT = re.compile(rf"^\s*student\s+(\S+)\s+at http://127\.0\.0\.1:{PORT}(/\S+)$", re.M)
DEMO_CLASSES = re.compile(r"^\s*- teacher1 teaches .+ \(join code \w+\)", re.M)
STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/[^"]+\.css)"')


@pytest.fixture
def make():
    path = shutil.which("make")
    if path is None:
        ci = " (CI is set)" if "CI" in os.environ else ""
        pytest.fail(f"`make` is not installed on this machine{ci}; the README needs it")
    return path


@pytest.fixture
def clone(tmp_path):
    """Clone the committed HEAD: uncommitted work is not there, as for anyone cloning."""
    target = tmp_path / "schoolsite"
    run(["git", "clone", "--quiet", str(ROOT), str(target)], env=clean_env(), timeout=120)
    return target


@pytest.fixture
def make_run(make, clone, tmp_path):
    group = Group(
        [make, "run", f"PORT={PORT}"],
        env=clean_env(),
        cwd=clone,
        log_path=tmp_path / "make-run.log",
    )
    yield group
    group.stop(first=signal.SIGINT)


def test_make_run_serves_a_fresh_clone_with_demo_sign_ins(make_run, clone):
    wait_until(lambda: healthy(SITE) or not make_run.alive(), BOOT_SECONDS, what=f"{SITE}/healthz")
    assert healthy(SITE), f"`make run` did not serve {SITE}: {make_run.describe()}"

    output = make_run.output()
    password, student = DEMO_PASSWORD.search(output), DEMO_STUDENT.search(output)
    assert password and student, f"no demo sign-ins printed: {make_run.describe()}"
    assert (password.group(1), student.group(1)) == ("schoolsite-demo-2026", "student1")
    assert DEMO_CLASSES.search(output), f"no demo classes printed: {make_run.describe()}"
    _sign_in_as_newcomer(student.group(2), student.group(1), password.group(1))
    _page_is_styled()
    _the_worker_checks_an_uploaded_roster(clone)

    make_run.stop(first=signal.SIGINT)
    assert wait_until(lambda: not port_in_use(PORT), 10, what=f"port {PORT} to be free again")


def _sign_in_as_newcomer(login_path, username, password):
    browser = Browser(SITE)
    answer = browser.sign_in(login_path, username, password)
    assert (answer.status, answer.location) == (302, "/students/dashboard/")
    dashboard = browser.get(answer.location)
    assert dashboard.status == 200
    assert "Student dashboard" in dashboard.text
    assert f"<dd>{username}</dd>" in dashboard.text
    assert "You have signed in 1 time." in dashboard.text


# Upload the tests' small roster as the admin does, then wait for the worker to check it.
CHECK_A_ROSTER = """
import io, time, zipfile
from pathlib import Path
from django.core.files.uploadedfile import SimpleUploadedFile
from classes.roster_imports import RosterImport
from classes.roster_tasks import start_check
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as archive:
    for path in Path("classes/tests/rosters/small").glob("*.csv"):
        archive.write(path, path.name)
roster = start_check(RosterImport(), SimpleUploadedFile("r.zip", buffer.getvalue()), None)
for _ in range(120):
    roster.refresh_from_db()
    if not roster.running:
        break
    time.sleep(0.5)
print("state:", roster.state, "errors:", len(roster.checked.errors) if roster.checked else None)
"""


def _the_worker_checks_an_uploaded_roster(clone):
    """`make run` started a task worker: a roster uploaded to the admin gets checked."""
    python = str(clone / ".venv" / "bin" / "python")
    env = clean_env(DJANGO_DEBUG="true")
    output = run([python, "manage.py", "shell", "-c", CHECK_A_ROSTER], env=env, cwd=clone)
    assert "state: checked" in output, output


def _page_is_styled():
    home = Browser(SITE).get("/")
    sheets = STYLESHEET.findall(home.text)
    assert sheets, "the landing page links no stylesheet"
    for sheet in sheets:
        answer = Browser(SITE).get(sheet)
        assert answer.status == 200 and answer.headers.get("Content-Type", "").startswith(
            "text/css"
        ), sheet
