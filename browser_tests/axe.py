"""axe-core, installed from the npm registry on first use (never committed), run in a page."""

import fcntl
import json
import shutil
import subprocess
from pathlib import Path

AXE_VERSION = "4.14.1"
PROJECT = Path(__file__).resolve().parent.parent
AXE_PREFIX = PROJECT / ".cache" / "axe"
AXE_PACKAGE = AXE_PREFIX / "node_modules" / "axe-core"
AXE_SCRIPT = AXE_PACKAGE / "axe.min.js"

BLOCKING_IMPACTS = {"serious", "critical"}

# The accessible name of every visible form field, as axe computes it for screen readers.
FIELD_NAMES_JS = """() => {
  axe.setup();
  try {
    const fields = document.querySelectorAll(
      "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset]),"
      + " select, textarea");
    return [...fields]
      .filter((el) => el.checkVisibility())
      .map((el) => ({
        field: el.name || el.id || el.outerHTML.slice(0, 80),
        name: axe.commons.text.accessibleText(el).trim(),
      }));
  } finally {
    axe.teardown();
  }
}"""


def installed_version():
    try:
        return json.loads((AXE_PACKAGE / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_axe():
    """Return the path of axe.min.js, installing the pinned axe-core with npm if needed."""
    AXE_PREFIX.mkdir(parents=True, exist_ok=True)
    with (AXE_PREFIX / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers install it once between them
        if AXE_SCRIPT.is_file() and installed_version() == AXE_VERSION:
            return AXE_SCRIPT
        npm_install()
    if installed_version() != AXE_VERSION:
        raise RuntimeError(f"npm did not install axe-core {AXE_VERSION} into {AXE_PREFIX}")
    return AXE_SCRIPT


def npm_install():
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is missing (needed to install axe-core): apt-get install -y npm")
    options = ["--no-save", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(
        [npm, "install", *options, "--prefix", str(AXE_PREFIX), f"axe-core@{AXE_VERSION}"],
        check=True,
        timeout=300,
    )


def inject(page, script):
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(script))


def run_axe(page, script):
    """Run every axe rule on the page; return axe's results (violations, passes, ...)."""
    inject(page, script)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")


def field_names(page, script):
    """List {field, name} for each visible input, select and textarea of the page."""
    inject(page, script)
    return page.evaluate(FIELD_NAMES_JS)


def describe(violations):
    """One readable line per violation and element, for assertion messages."""
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {node['target']}"
        for v in violations
        for node in v["nodes"]
    )
