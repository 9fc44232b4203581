"""Run the project in a fresh Python process, configured only by the environment given."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWN_PREFIXES = ("DJANGO_", "DATABASE_", "REDIS_", "EMAIL_")


def run_python(*args, **env):
    """Run `python *args` from the project root with the outer run's settings removed."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OWN_PREFIXES)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def django_shell(script, **env):
    """Run `script` in `manage.py shell` and return what it printed, split into words."""
    result = run_python("manage.py", "shell", "-v", "0", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()
