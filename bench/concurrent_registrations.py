"""Fire concurrent student registrations at gunicorn on a fresh SQLite file; count what lands.

Run from the project root with the project's Python (gunicorn is found beside it):

    .venv/bin/python bench/concurrent_registrations.py --count 200

Every client first fetches the form (its own cookie jar and CSRF token); then all threads are
released together by a barrier and POST at once. Exits 1 unless every registration landed with
its profile, with no 5xx and no "database is locked"; exits 2 when the setup itself fails.
Only 127.0.0.1 is contacted; the temporary database and gunicorn are removed on every exit.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTER_PATH = "/students/register/"
LOGIN_PATH = "/students/login/"
LOCKED = "database is locked"
GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_ERROR = re.compile(r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>(.*?)</', re.S)


class SetupError(Exception):
    """The bench could not prepare the database or the server."""


class Deadline:
    """A wall-clock budget shared by every wait in the run."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self, cap=None):
        remaining = max(self.end - time.monotonic(), 0.0)
        return remaining if cap is None else min(remaining, cap)


@dataclass
class Outcome:
    n: int
    status: int | None = None
    error: str = ""
    latency: float | None = None
    locked: bool = False
    detail: str = ""
    sent: bool = False
    finished: float = 0.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we measure, not something to follow


class Visitor:
    """One browser: its own cookie jar, CSRF token and distinct identity."""

    def __init__(self, base_url, n, run_id, timeout):
        self.base_url, self.n, self.timeout = base_url, n, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # never route loopback through a proxy
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )
        self.username = f"bench{run_id}_{n:04d}"
        self.token = None

    def fetch_token(self):
        with self.opener.open(self.base_url + REGISTER_PATH, timeout=self.timeout) as response:
            match = CSRF_INPUT.search(response.read().decode())
        if not match:
            raise ValueError("no csrfmiddlewaretoken on the form")
        self.token = match.group(1)

    def form(self):
        return {
            "csrfmiddlewaretoken": self.token,
            "username": self.username,
            "email": f"{self.username}@example.com",
            "first_name": "Bench",
            "last_name": f"Student {self.n}",
            "password1": f"bench-passphrase-{self.n}-xyz",
            "password2": f"bench-passphrase-{self.n}-xyz",
        }

    def register(self):
        """POST the form; return (status, location, body)."""
        data = urllib.parse.urlencode(self.form()).encode()
        try:
            with self.opener.open(
                self.base_url + REGISTER_PATH, data=data, timeout=self.timeout
            ) as response:
                return response.status, "", response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            body = error.read().decode(errors="replace")
            return error.code, error.headers.get("Location", ""), body


def post_one(visitor):
    outcome = Outcome(visitor.n, sent=True)
    started = time.perf_counter()
    try:
        outcome.status, location, body = visitor.register()
    except Exception as error:  # timeouts, resets: all count as errors
        outcome.error = f"{type(error).__name__}: {error}"[:120]
        return outcome
    finally:
        outcome.finished = time.perf_counter()
    outcome.latency = outcome.finished - started
    outcome.locked = LOCKED in body.lower()
    if outcome.status == 302 and not location.endswith(LOGIN_PATH):
        outcome.detail = f"redirected to {location}"
    elif outcome.status == 200:
        errors = [re.sub(r"<[^>]+>|\s+", " ", e).strip() for e in FORM_ERROR.findall(body)]
        outcome.detail = "; ".join(e for e in errors if e)[:160] or "form re-rendered"
    return outcome


def client_thread(visitors, barrier, outcomes):
    """Fetch every token first, wait for the others, then POST back to back."""
    ready = []
    for visitor in visitors:
        try:
            visitor.fetch_token()
            ready.append(visitor)
        except Exception as error:
            outcomes[visitor.n] = Outcome(visitor.n, error=f"GET form: {error}"[:120])
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        for visitor in ready:
            outcomes[visitor.n] = Outcome(visitor.n, error="barrier broken before release")
        return
    for visitor in ready:
        outcomes[visitor.n] = Outcome(visitor.n, sent=True, error="no answer by the deadline")
        outcomes[visitor.n] = post_one(visitor)


def fire(base_url, args, deadline):
    """Run the load; return (outcomes by n, wall seconds from release to last answer)."""
    began = time.perf_counter()
    run_id = secrets.token_hex(3)
    visitors = [Visitor(base_url, n, run_id, args.request_timeout) for n in range(args.count)]
    threads_n = min(args.concurrency, args.count)
    release = {}
    barrier = threading.Barrier(
        threads_n,
        action=lambda: release.update(start=time.perf_counter()),
        timeout=deadline.left(),
    )
    outcomes = {}
    threads = [
        threading.Thread(
            target=client_thread,
            args=(visitors[i::threads_n], barrier, outcomes),
            daemon=True,  # a stuck client must not keep the process alive past the deadline
        )
        for i in range(threads_n)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(deadline.left())
    # Answers arriving after the deadline do not count: freeze what is known now.
    unsent = "not sent by the deadline"
    outcomes = {n: outcomes.get(n) or Outcome(n, error=unsent) for n in range(args.count)}
    finished = [o.finished for o in outcomes.values() if o.finished]
    wall = max(finished) - release["start"] if finished and "start" in release else 0.0
    forms_s = release.get("start", time.perf_counter()) - began
    print(f"form GETs (own cookie jar + CSRF token each): done in {forms_s:.1f} s, then release")
    return outcomes, wall


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url, redis_url=""):
    """Production settings on loopback: debug off, plain HTTP, a throwaway secret key."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schoolsite.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_TRUSTED_PROXIES": "0",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": "consolemail://",
        "PYTHONUNBUFFERED": "1",
    }


def server_env(db_path):
    # No Redis: sessions and lockout counters stay in the SQLite file under test.
    return production_env(f"sqlite:///{db_path}")


def manage(env, deadline, *command):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *command, "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=deadline.left(cap=120),
    )
    if result.returncode != 0:
        raise SetupError(f"manage.py {' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started


def static_is_stale():
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if not manifest.is_file():
        return True
    built = manifest.stat().st_mtime
    return any(p.stat().st_mtime > built for p in (ROOT / "static").rglob("*") if p.is_file())


def gunicorn_command(port, workers, app="schoolsite.wsgi"):
    """gunicorn as production runs it (the project's gunicorn.conf.py), on loopback."""
    beside = Path(sys.executable).parent / "gunicorn"
    launcher = [str(beside)] if beside.is_file() else [sys.executable, "-m", "gunicorn"]
    return [
        *launcher,
        app,
        f"--config={GUNICORN_CONFIG}",  # named: a baseline tree served from its folder has none
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        "--graceful-timeout=5",
        "--timeout=60",  # a queue of Argon2 hashes must not get workers killed
    ]


def wait_healthy(proc, base_url, deadline, log_path):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    stop = time.monotonic() + deadline.left(cap=60)
    while time.monotonic() < stop:
        if proc.poll() is not None:
            raise SetupError(f"gunicorn exited with {proc.returncode}:\n{tail(log_path)}")
        try:
            with opener.open(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise SetupError(f"/healthz did not answer 200 in time:\n{tail(log_path)}")


def stop_server(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def tail(path, lines=30):
    text = Path(path).read_text(errors="replace") if Path(path).exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def database_counts(db_path):
    """Count users, student profiles and students without one, straight from the file."""
    with sqlite3.connect(db_path, timeout=20) as db:
        users = db.execute("SELECT COUNT(*) FROM accounts_user").fetchone()[0]
        profiles = db.execute("SELECT COUNT(*) FROM students_studentprofile").fetchone()[0]
        orphans = db.execute(
            "SELECT COUNT(*) FROM accounts_user u LEFT JOIN students_studentprofile p"
            " ON p.user_id = u.id WHERE u.role = 'student' AND p.user_id IS NULL"
        ).fetchone()[0]
    db.close()
    return {"users": users, "profiles": profiles, "orphans": orphans}


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def tally(outcomes, log_path):
    """Reduce the outcomes and the gunicorn log to the figures the summary prints."""
    results = list(outcomes.values())
    statuses = Counter(o.status for o in results if o.status is not None)
    log_lines = Path(log_path).read_text(errors="replace").splitlines()
    return {
        "sent": sum(1 for o in results if o.sent),
        "registered": sum(1 for o in results if o.status == 302 and not o.detail),
        "others": {s: n for s, n in sorted(statuses.items()) if s != 302},
        "details": Counter(o.detail for o in results if o.detail),
        "errors": Counter(o.error.split(":")[0] for o in results if o.error),
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "locked_log": [line for line in log_lines if LOCKED in line.lower()],
        "locked_responses": sum(1 for o in results if o.locked),
        "latencies": [o.latency for o in results if o.latency is not None],
    }


def print_summary(t, counts, wall):
    print(f"registration POSTs sent:   {t['sent']}")
    print(f"302 (registered):          {t['registered']}")
    print(f"other statuses:            {t['others'] or 'none'}")
    for detail, n in t["details"].most_common(5):
        print(f"    {n} x {detail}")
    errors = t["errors"]
    print(f"errors/timeouts:           {sum(errors.values())} {dict(errors) or ''}".rstrip())
    print(f"5xx responses:             {t['server_errors']}")
    locked = f"{len(t['locked_log'])} gunicorn log lines, {t['locked_responses']} responses"
    print(f'"{LOCKED}":      {locked}')
    for line in t["locked_log"][:3]:
        print(f"    {line[:160]}")
    print(f"accounts in database:      {counts['users']}")
    print(f"student profiles:          {counts['profiles']}")
    print(f"users without profile:     {counts['orphans']}")
    rate = t["registered"] / wall if wall else 0.0
    print(f"wall time:                 {wall:.2f} s ({rate:.1f} registrations/s)")
    lat = t["latencies"]
    p50, p95, top = percentile(lat, 0.5), percentile(lat, 0.95), max(lat, default=float("nan"))
    print(f"latency p50/p95/max:       {p50:.2f} / {p95:.2f} / {top:.2f} s")


def failures(count, t, counts):
    """Say what did not land; an empty list means the run passed."""
    checks = [
        (t["registered"] != count, f"registered {t['registered']} of {count}"),
        (t["server_errors"] > 0, f"{t['server_errors']} 5xx responses"),
        (t["locked_log"] or t["locked_responses"], f'"{LOCKED}" seen'),
        (counts["profiles"] != count, f"{counts['profiles']} profiles in the database"),
        (counts["orphans"] > 0, f"{counts['orphans']} users without profile"),
    ]
    return [message for failed, message in checks if failed]


def run(args, deadline, workdir):
    db_path = workdir / "bench.sqlite3"
    log_path = workdir / "gunicorn.log"
    env = server_env(db_path)
    migrate_s = manage(env, deadline, "migrate")
    static = f"{manage(env, deadline, 'collectstatic'):.1f} s" if static_is_stale() else "fresh"
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            gunicorn_command(port, args.workers),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        started = time.perf_counter()
        wait_healthy(proc, base_url, deadline, log_path)
        print(
            f"setup: migrate {migrate_s:.1f} s, collectstatic {static}, gunicorn -w {args.workers}"
            f" on {base_url} ready in {time.perf_counter() - started:.1f} s"
        )
        outcomes, wall = fire(base_url, args, deadline)
        counts = database_counts(db_path)
    finally:
        stop_server(proc)
    t = tally(outcomes, log_path)
    print_summary(t, counts, wall)
    return failures(args.count, t, counts)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=200, help="registrations (default 200)")
    parser.add_argument(
        "--concurrency", type=int, default=200, help="client threads released together (200)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--request-timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--deadline", type=float, default=270, help="seconds for the whole run")
    args = parser.parse_args()
    if min(args.count, args.concurrency, args.workers) < 1:
        parser.error("--count, --concurrency and --workers must be at least 1")
    return args


def exit_on_signal(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that clean up


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, exit_on_signal)
    deadline = Deadline(args.deadline)
    began = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="schoolsite-bench-"))
    print(
        f"{args.count} student registrations, {min(args.concurrency, args.count)} threads,"
        f" SQLite file {workdir / 'bench.sqlite3'}"
    )
    try:
        failed = run(args, deadline, workdir)
    except (SetupError, subprocess.TimeoutExpired) as error:
        print(f"SETUP FAILED: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"total run time:            {time.perf_counter() - began:.1f} s")
    if failed:
        print(f"RESULT: FAIL ({'; '.join(failed)})")
        return 1
    print("RESULT: PASS, every registration landed with its profile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
