"""Run `gunicorn bench.wsgi` on loopback for the length of the benchmark."""

import os
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from bench.concurrent_registrations import (
    ROOT,
    free_port,
    gunicorn_command,
    stop_server,
    wait_healthy,
)


def worker_count():
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0))


@contextmanager
def running_server(env, workers, log_path, deadline, cwd=ROOT):
    """Start gunicorn in `cwd`, wait for /healthz, yield (base URL, process); stop it after."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            gunicorn_command(port, workers, app="bench.wsgi"),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_healthy(proc, base_url, deadline, log_path)
        yield base_url, proc
    finally:
        stop_server(proc)


def server_model(env, workers, cwd=ROOT):
    """Say how gunicorn serves, as its own --print-config reports the settings in force."""
    done = subprocess.run(
        [*gunicorn_command(free_port(), workers, app="bench.wsgi"), "--print-config"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    config = {}
    for line in done.stdout.splitlines():
        name, _, value = line.partition("=")
        config[name.strip()] = value.strip()
    threads = config.get("threads", "?")
    return f"{workers} {config.get('worker_class', '?')} workers x {threads} threads"


def worker_pids(master_pid):
    """The pids whose parent is the gunicorn master."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master_pid:
                pids.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    return sorted(pids)


def worker_memory(master_pid):
    """Return (resident MiB, peak resident MiB) for each worker of a gunicorn master."""
    sizes = []
    for pid in worker_pids(master_pid):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        sizes.append(tuple(int(fields[name].split()[0]) / 1024 for name in ("VmRSS", "VmHWM")))
    return sizes


def wait_idle(master_pid, timeout=30, quiet=0.3):
    """Wait until the workers stop using CPU, so requests that wrk gave up on are finished.

    wrk stops at its deadline with requests in flight; gunicorn still answers them, and
    the next measurement must not start behind that queue.
    """
    stop = time.monotonic() + timeout
    last = cpu_ticks(master_pid)
    while time.monotonic() < stop:
        time.sleep(quiet)
        now = cpu_ticks(master_pid)
        if now - last <= 1:  # an idle worker's heartbeat may cost a tick
            return True
        last = now
    return False


def cpu_ticks(master_pid):
    total = 0
    for pid in worker_pids(master_pid):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total
