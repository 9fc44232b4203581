"""Debian's Chromium, launched the same way by the browser tests and `make screenshots`."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
MISSING = "Chromium is missing: apt-get install -y chromium"

# Headless, and nothing that reaches out to the network on its own: only the site under test.
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def launch_options():
    """Keyword arguments for Playwright's `chromium.launch`."""
    return {"executable_path": str(CHROMIUM), "args": LAUNCH_ARGS, "headless": True}
