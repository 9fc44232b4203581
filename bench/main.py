"""`make bench`: build a big database, serve it with gunicorn, load it with wrk, report.

Only 127.0.0.1 is contacted. Every wait is bounded by --deadline; the temporary files and
gunicorn are removed on every exit, including SIGTERM and Ctrl-C.
"""

import argparse
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.baseline import RESULT_PREFIX
from bench.concurrent_registrations import ROOT, Deadline, SetupError, exit_on_signal
from bench.load import ensure_wrk
from bench.machine import command_line
from bench.roster_import import PASSWORD_STUDENTS
from bench.target import choose_target, server_environment


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add = parser.add_argument
    add("--students", type=int, default=100_000, help="students to create (100000)")
    add("--teachers", type=int, default=2_000, help="teachers to create (2000)")
    add("--workers", type=int, default=len(os.sched_getaffinity(0)), help="one per core")
    add("--duration", type=int, default=10, help="seconds of load per scenario (10)")
    add("--connections", type=int, default=16, help="concurrent connections under load (16)")
    add("--threads", type=int, default=2, help="wrk threads (2)")
    add("--single-duration", type=int, default=3, help="seconds of the 1-client pass (3)")
    add("--warmup", type=int, default=1, help="seconds of warm-up per scenario (1)")
    add("--output", type=Path, default=ROOT / "docs" / "BENCHMARKS.md", help="report file")
    add("--no-write", action="store_true", help="print the report, do not write it")
    add("--deadline", type=float, default=570, help="seconds for the whole run (570)")
    add("--baseline", metavar="REF", help="also serve this commit, for before/after rows")
    add("--storm", type=int, default=300, help="students in the sign-in storm (300)")
    add("--storm-connections", type=int, default=32, help="the storm's connections (32)")
    add(
        "--roster-scale",
        type=float,
        help="size of the roster import set: 1 is 10000 students, 500 teachers, 1000 classes "
        "(default 1 with the full --students, else 0.05 for a smoke run)",
    )
    add("--roster-passwords", type=int, help="students of the password run (400; smoke 20)")
    add("--no-roster", action="store_true", help="skip the roster import scenario")
    # What the baseline tree's copy of this script is asked to do (see bench/baseline.py).
    add("--build-only", action="store_true", help=argparse.SUPPRESS)
    add("--count-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if min(args.students, args.teachers, args.workers, args.duration, args.connections) < 1:
        parser.error("counts and durations must be at least 1")
    if min(args.storm, args.storm_connections) < 1 or args.storm > args.students - 2:
        parser.error("the storm needs at least 1 student and 1 connection, and 2 students more")
    full = args.students >= 100_000
    if args.roster_scale is None:
        args.roster_scale = 1.0 if full else 0.05
    if args.roster_passwords is None:
        args.roster_passwords = PASSWORD_STUDENTS if full else 20
    if args.roster_scale <= 0 or args.roster_passwords < 1:
        parser.error("--roster-scale must be above 0 and --roster-passwords at least 1")
    return args


def set_up_django(env):
    """Configure Django in this process exactly as the server is (for building and counting)."""
    os.environ.update(env)
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = "bench.urls"
    # Each in-process sign-in would print an audit line; the server's go to its log.
    logging.getLogger("schoolsite.security").setLevel(logging.WARNING)


def baseline_step(args, workdir):
    """Build the database or count queries with this tree's code; print the result as JSON."""
    if args.build_only:
        choose_target(workdir)  # rebuilds the database DATABASE_URL names
    set_up_django(dict(os.environ))
    from bench import dataset, queries, scenarios  # need Django set up

    if args.build_only:
        result = dataset.build(args.students, args.teachers)
        dataset.collect_static()
    else:
        result = queries.count_queries(scenarios.all_scenarios())
    print(RESULT_PREFIX + json.dumps(result))
    return 0


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, exit_on_signal)
    if args.build_only or args.count_only:
        with tempfile.TemporaryDirectory(prefix="schoolsite-bench-") as workdir:
            return baseline_step(args, workdir)
    began = time.perf_counter()
    deadline = Deadline(args.deadline)
    workdir = Path(tempfile.mkdtemp(prefix="schoolsite-bench-"))
    try:
        command = command_line()  # before the bench's own settings enter os.environ
        wrk_version = ensure_wrk()
        target = choose_target(workdir)
        env = server_environment(target)
        set_up_django(env)
        from bench import benchmark  # needs Django set up

        run = benchmark.run(
            args,
            target,
            env,
            deadline=deadline,
            workdir=workdir,
            wrk_version=wrk_version,
            command=command,
            began=began,
        )
    except (SetupError, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"BENCH FAILED: {error}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"total run time: {time.perf_counter() - began:.0f} s")
    clean = all(row.errors == 0 for row in run.rows) and all(s.errors == 0 for s in run.storms)
    clean = clean and not (run.roster and run.roster.errors)
    return 0 if clean else 1
