"""Run the site's commands as an operator would: clean environments, whole process groups."""

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What a person's shell has anyway: where programs are, who they are, how pip reaches its index.
PASSTHROUGH = {"PATH", "HOME", "USER", "LOGNAME", "LANG", "TMPDIR", "TZ", "SSL_CERT_FILE"}
PASSTHROUGH |= {"SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"}
PASSTHROUGH |= {f"{name}_proxy" for name in ("http", "https", "no", "all")}
PASSTHROUGH |= {name.upper() for name in PASSTHROUGH if name.endswith("_proxy")}
PASSTHROUGH_PREFIXES = ("LC_", "PIP_", "PYENV_")


def clean_env(**settings):
    """Return this machine's basic environment with no project setting in it, plus `settings`.

    Nothing from the outer test run leaks in (DJANGO_*, DATABASE_URL, REDIS_URL...), and
    PATH loses the virtualenv running the tests, as a newcomer's shell would not have it.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name in PASSTHROUGH or name.startswith(PASSTHROUGH_PREFIXES)
    }
    env["PATH"] = os.pathsep.join(
        part
        for part in env.get("PATH", os.defpath).split(os.pathsep)
        if sys.prefix == sys.base_prefix or not part.startswith(sys.prefix)
    )
    return {**env, **settings}


def run(args, *, env, cwd=ROOT, timeout=180):
    """Run a command to completion; fail the test with its output if it fails or hangs."""
    try:
        done = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"{args} took more than {timeout} s:\n{error.stdout}\n{error.stderr}")
    if done.returncode:
        pytest.fail(f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Group:
    """A command started in its own process group, its output going to a log file."""

    def __init__(self, args, *, env, cwd, log_path):
        self.args, self.log_path = args, Path(log_path)
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                args,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self):
        return self.log_path.read_text(errors="replace")

    def describe(self, lines=60):
        """Say what ran and how it ended, with the end of its output, for failure messages."""
        tail = "\n".join(self.output().splitlines()[-lines:])
        return f"{self.args} (exit code {self.proc.poll()}), last output:\n{tail}"

    def alive(self):
        """Tell whether any process of the group still runs (zombies do not count)."""
        self.proc.poll()
        pgid = self.proc.pid
        if not Path("/proc/self/stat").exists():
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return False
            return True
        return any(_pgid_and_state(stat) == (pgid, True) for stat in Path("/proc").glob("*/stat"))

    def stop(self, first=signal.SIGTERM):
        """Signal the whole group, escalating to SIGKILL; fail if anything survives that."""
        for sig, grace in ((first, 20), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if not self.alive():
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            wait_until(lambda: not self.alive(), grace, interval=0.2, fail=False)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)
        assert not self.alive(), f"process group {self.proc.pid} survived SIGKILL"


def _pgid_and_state(stat_path):
    try:
        fields = stat_path.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[2]), fields[0] not in ("Z", "X")


def wait_until(predicate, timeout, *, interval=0.5, fail=True, what="the condition"):
    """Poll `predicate` until it returns something true or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            break
        time.sleep(interval)
    if not result and fail:
        pytest.fail(f"gave up after {timeout} s waiting for {what}")
    return result


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_in_use(port):
    """Tell whether something listens on 127.0.0.1:`port`, or holds it so a server cannot bind.

    SO_REUSEADDR, as servers set it: closed connections in TIME_WAIT do not count as in use.
    """
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        return True
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


@contextlib.contextmanager
def machine_lock(name, timeout=600):
    """Hold a lock file so that two test runs on this machine never share one resource."""
    path = Path(tempfile.gettempdir()) / f"{name}.lock"
    with path.open("a") as handle:

        def acquired():
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            return True

        wait_until(acquired, timeout, interval=1, what=f"another test run to release {path}")
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
