"""The sign-in storm: a year group signs in at the start of a lesson, all at once.

Distinct students each open the sign-in page (its CSRF cookie and token) and POST the form,
over a fixed number of connections, while one more client loops on a student dashboard.
The clients are threads over http.client on 127.0.0.1; every student is a new browser.
"""

import http.client
import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.urls import reverse

from bench.concurrent_registrations import CSRF_INPUT, SetupError, percentile
from bench.dataset import PASSWORD, student_username
from bench.server import cpu_ticks, wait_idle

REQUEST_TIMEOUT = 30  # seconds for one answer, as wrk's


@dataclass
class Storm:
    """What one storm saw on one server."""

    label: str
    students: int
    connections: int
    seconds: float = 0.0  # from the release until the last student was signed in
    signed_in: int = 0
    failures: Counter = field(default_factory=Counter)  # what went wrong, by kind
    dashboard_ms: list = field(default_factory=list)  # latency of each dashboard answered 200
    dashboard_errors: int = 0
    bound: float = 0.0  # sign-ins/s the server's hasher allows on these cores
    rehashed: int | None = None  # storm accounts whose stored hash changed (current server)
    server_cpu: float = 0.0  # CPU seconds the workers spent during the storm
    client_cpu: float = 0.0  # and this process, the clients

    @property
    def server_cpu_ms(self):
        """The workers' CPU time per sign-in (the hash, the form, the session, the pages)."""
        return self.server_cpu * 1000 / self.signed_in if self.signed_in else 0.0

    @property
    def cpu_share(self):
        """The share of the machine's cores the workers got (other processes run too)."""
        cores = len(os.sched_getaffinity(0))
        return self.server_cpu / (self.seconds * cores) if self.seconds else 0.0

    @property
    def rate(self):
        return self.signed_in / self.seconds if self.seconds else 0.0

    @property
    def errors(self):
        return self.students - self.signed_in + self.dashboard_errors

    def dashboard_p(self, fraction):
        return percentile(self.dashboard_ms, fraction)


def storm_usernames(students, count):
    """The last `count` students: never the ones the other scenarios sign in."""
    return [student_username(n) for n in range(students - count + 1, students + 1)]


def run(runner, usernames, connections, bound, label=""):
    """Sign in `usernames` over `connections` while a dashboard is read; return the Storm."""
    if runner.deadline.left() < 4 * REQUEST_TIMEOUT:
        raise SetupError("out of time before the sign-in storm: raise --deadline")
    storm = Storm(label, len(usernames), connections, bound=bound)
    dashboard_cookie = runner.requests["student_dashboard"][0]
    stop = threading.Event()
    reader = threading.Thread(
        target=read_dashboard, args=(runner.base_url, dashboard_cookie, stop, storm), daemon=True
    )
    ticks, client_cpu = cpu_ticks(runner.server_pid), time.process_time()
    began = time.perf_counter()
    reader.start()
    finished = sign_in_all(runner.base_url, usernames, connections, runner.deadline, storm)
    storm.seconds = (finished or time.perf_counter()) - began
    stop.set()
    reader.join(REQUEST_TIMEOUT + 5)
    storm.client_cpu = time.process_time() - client_cpu
    wait_idle(runner.server_pid)
    storm.server_cpu = (cpu_ticks(runner.server_pid) - ticks) / os.sysconf("SC_CLK_TCK")
    show(storm)
    return storm


def sign_in_all(base_url, usernames, connections, deadline, storm):
    """Run the sign-ins; return when the last one succeeded (perf_counter), or None."""
    login_path, landing = reverse("students:login"), reverse("students:dashboard")
    pool = ThreadPoolExecutor(connections, thread_name_prefix="storm")
    futures = [
        pool.submit(sign_in, base_url, login_path, username, landing) for username in usernames
    ]
    done, late = wait(futures, timeout=deadline.left(cap=300) - 2 * REQUEST_TIMEOUT)
    pool.shutdown(wait=False, cancel_futures=True)
    last = None
    for future in done:
        failure, at = future.result()
        if failure:
            storm.failures[failure] += 1
        else:
            storm.signed_in += 1
            last = max(last or at, at)
    if late:
        storm.failures["not signed in by the deadline"] += len(late)
    return last


def sign_in(base_url, login_path, username, landing):
    """Be one student: GET the form, POST it; return (failure or "", when it ended)."""
    browser = Browser(base_url)
    try:
        status, body = browser.request("GET", login_path)
        token = CSRF_INPUT.search(body)
        if status != 200 or not token:
            return f"sign-in page answered {status}", time.perf_counter()
        form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": PASSWORD}
        status, _ = browser.request("POST", login_path, form)
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, time.perf_counter()
    finally:
        browser.close()
    if status != 302 or browser.location != landing or "sessionid" not in browser.cookies:
        return f"POST answered {status} to {browser.location or 'nowhere'}", time.perf_counter()
    return "", time.perf_counter()


def read_dashboard(base_url, cookie, stop, storm):
    """Load a signed-in student's dashboard again and again until `stop` is set."""
    browser = Browser(base_url, cookie)
    path = reverse("students:dashboard")
    while not stop.is_set():
        started = time.perf_counter()
        try:
            status, _ = browser.request("GET", path)
        except (OSError, http.client.HTTPException):
            status = None
            browser.close()
            browser = Browser(base_url, cookie)
        if status == 200:
            storm.dashboard_ms.append((time.perf_counter() - started) * 1000)
        else:
            storm.dashboard_errors += 1
    browser.close()


class Browser:
    """One keep-alive connection that remembers its cookies, as a browser's tab does."""

    def __init__(self, base_url, cookie_header=""):
        parts = urlsplit(base_url)
        self.connection = http.client.HTTPConnection(
            parts.hostname, parts.port, timeout=REQUEST_TIMEOUT
        )
        self.cookies = SimpleCookie(cookie_header)
        self.location = ""

    def request(self, method, path, form=None):
        """Send one request; return (status, body text)."""
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        for value in response.headers.get_all("Set-Cookie") or ():
            self.cookies.load(value)
        self.location = response.headers.get("Location", "")
        return response.status, text

    def close(self):
        self.connection.close()


def show(storm):
    print(
        f"{storm.label}sign-in storm: {storm.signed_in} of {storm.students} students signed in "
        f"over {storm.connections} connections in {storm.seconds:.1f} s "
        f"({storm.rate:.1f}/s, {storm.rate / storm.bound:.2f} x the hasher's bound "
        f"of {storm.bound:.1f}/s; server CPU {storm.server_cpu_ms:.0f} ms per sign-in, "
        f"{storm.cpu_share:.0%} of the cores; clients {storm.client_cpu:.1f} s in all); "
        f"dashboard p50 {storm.dashboard_p(0.5):.0f} ms, "
        f"p99 {storm.dashboard_p(0.99):.0f} ms over {len(storm.dashboard_ms)} requests; "
        f"errors {storm.errors} {dict(storm.failures) or ''}".rstrip(),
        flush=True,
    )
