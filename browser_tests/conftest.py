"""Browser tests: Debian's Chromium driven by pytest-playwright against `live_server`.

Without /usr/bin/chromium these tests are left out locally (one line says so) and fail the
run in CI, so a CI machine without the browser can never pass them silently.
"""

import os

import pytest

from .axe import ensure_axe
from .chromium import CHROMIUM, DESKTOP, MISSING, launch_options

# Playwright's sync API keeps an event loop running in this thread; Django's ORM calls from
# the tests (factories, mail checks) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PRESENT = CHROMIUM.exists()
IN_CI = bool(os.environ.get("CI"))

if not CHROMIUM_PRESENT and not IN_CI:
    collect_ignore_glob = ["test_*.py"]


def pytest_collection_modifyitems(session, config, items):
    if not CHROMIUM_PRESENT and IN_CI:
        pytest.exit(MISSING, returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM_PRESENT and not IN_CI:
        terminalreporter.write_line(f"browser_tests left out: {MISSING}", yellow=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, **launch_options()}


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture
def open_context(new_context):
    """Open a browser context on the live server: another person, or a browser restarted."""

    def open_context(**kwargs):
        context = new_context(**{"viewport": DESKTOP, **kwargs})
        context.set_default_timeout(10_000)  # fail in seconds, not Playwright's 30
        return context

    return open_context


@pytest.fixture
def context(open_context):
    return open_context()


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The live server runs in another thread: it sees committed data only."""


@pytest.fixture(scope="session")
def axe_script():
    return ensure_axe()
