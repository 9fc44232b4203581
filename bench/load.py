"""Drive the server with wrk (bench/load.lua) and read back what it measured."""

import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from bench.concurrent_registrations import SetupError

SCRIPT = Path(__file__).with_name("load.lua")
RESULT_LINE = re.compile(r"^BENCH (.*)$", re.M)


@dataclass
class Measurement:
    """What one wrk run saw."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    statuses: dict = field(default_factory=dict)

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def errors(self, expected):
        """Socket errors and timeouts, plus every answer with a status not in `expected`."""
        wrong = sum(n for status, n in self.statuses.items() if status not in expected)
        return self.socket_errors + wrong


def ensure_wrk():
    """Find wrk; as root on Debian, install it first. Return its version line."""
    if not shutil.which("wrk") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("wrk is missing: apt-get install wrk")
        for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
            subprocess.run(command, capture_output=True, timeout=300, check=False)
    if not shutil.which("wrk"):
        raise SetupError("wrk is not installed: `apt-get install wrk` (Debian) and run again")
    probe = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
    return (probe.stdout or probe.stderr).splitlines()[0].split(" Copyright")[0]


def run_wrk(base_url, scenario, request, *, threads, connections, seconds, timeout):
    """Send `scenario` for `seconds` over `connections`; `request` is (cookie, body)."""
    cookie, body = request
    command = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={timeout}s",
        "--latency",
        f"--script={SCRIPT}",
        base_url + scenario.path,
        "--",
        scenario.method,
        scenario.path,
        cookie,
        body,
        secrets.token_hex(4),
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + timeout + 30, check=False
    )
    return parse(done.stdout, f"{' '.join(command[:8])}: {done.stderr.strip()}")


def parse(output, context):
    lines = [dict(pair.split("=", 1) for pair in m.split()) for m in RESULT_LINE.findall(output)]
    summary = next((line for line in lines if "requests" in line), None)
    if summary is None:
        raise SetupError(f"wrk printed no result: {context}\n{output[-1000:]}")
    return Measurement(
        requests=int(summary["requests"]),
        seconds=int(summary["duration_us"]) / 1e6,
        p50_ms=int(summary["p50_us"]) / 1000,
        p99_ms=int(summary["p99_us"]) / 1000,
        socket_errors=sum(int(summary[k]) for k in ("connect", "read", "write", "timeout")),
        statuses={int(line["status"]): int(line["count"]) for line in lines if "status" in line},
    )
