"""The benchmark itself, once Django is set up: build, serve, load, count queries, report."""

import time
from contextlib import ExitStack
from urllib.parse import urlencode

from django.conf import settings
from django.db import connections
from django.urls import reverse

from bench import baseline, dataset, hashing, machine, report, roster_import, storm
from bench.concurrent_registrations import ROOT, tail
from bench.measure import Runner, measure_all
from bench.queries import count_queries
from bench.scenarios import ACCOUNTS, all_scenarios
from bench.school import CLASS_SIZE
from bench.server import running_server, server_model, worker_memory
from bench.visitor import anonymous_form, signed_in_cookie


def run(args, target, env, *, deadline, workdir, wrk_version, command, began):
    """Measure every scenario on `target`; print the report and write it unless told not to."""
    started = report.now()
    print(f"building {args.students:,} students and {args.teachers:,} teachers on {target.label}")
    build = dataset.build(args.students, args.teachers)
    print(f"built in {build['total']:.1f} s (migrate {build['migrate']:.1f} s)")
    dataset.collect_static()
    before = None
    if args.baseline:
        print(f"building the same for the baseline, {args.baseline}")
        before = baseline.prepare(args.baseline, target, workdir, args, deadline)
    facts = describe(target, wrk_version, command)  # asks the database for its version
    connections.close_all()  # the server must not wait behind this process's connection
    scenarios = all_scenarios()
    with ExitStack() as stack:
        runner = start(stack, env, args, deadline, workdir / "gunicorn.log", scenarios)
        before_runner = before and start(
            stack, before.env, args, deadline, workdir / "baseline.log", scenarios, before
        )
        rows, hasher = measure_all(runner, scenarios, args.workers, before_runner)
        storms = sign_in_storms(args, build, runner, hasher, before, before_runner)
        memory = worker_memory(runner.server_pid)
    if any(row.errors or (row.before and row.before.errors) for row in rows) or any(
        one.errors for one in storms
    ):
        print(f"errors were seen; the end of the gunicorn log:\n{tail(workdir / 'gunicorn.log')}")
    add_query_counts(rows, scenarios, before, deadline)
    roster = None
    if not args.no_roster:  # after the server has gone: the import has the cores to itself
        roster = roster_import.run(
            target.database_url,
            env,
            deadline,
            workdir,
            args.roster_scale,
            args.roster_passwords,
            hasher,
        )
    result = report.Run(
        label=target.label,
        started=started,
        population=f"{args.students:,} students and {args.teachers:,} teachers with profiles, "
        f"{build['classes']:,} classes of {CLASS_SIZE} students with two teachers each",
        build=build,
        server=f"`gunicorn bench.wsgi` with the project's gunicorn.conf.py, "
        f"{server_model(env, args.workers)}, debug off, `DJANGO_HTTPS=false`, 127.0.0.1",
        load=f"wrk, {args.threads} threads and {args.connections} connections for "
        f"{args.duration} s per scenario after a {args.warmup} s warm-up; then 1 connection for "
        f"{args.single_duration} s (the latency of a lone visitor); page size "
        f"{settings.DIRECTORY_PAGE_SIZE}",
        rows=rows,
        hasher=hasher,
        storms=storms,
        roster=roster,
        memory=memory,
        elapsed=time.perf_counter() - began,
        baseline=before and before.describe(),
        **facts,
    )
    publish(result, target, args)
    return result


def start(stack, env, args, deadline, log_path, scenarios, before=None):
    """Serve one tree (the current one, or the baseline's) and sign in its visitors."""
    cwd = before.tree if before else ROOT
    server = running_server(env, args.workers, log_path, deadline, cwd)
    base_url, process = stack.enter_context(server)
    runner = Runner(base_url, process.pid, args, deadline, "before: " if before else "")
    if before:
        runner.has_classes = bool(before.build.get("classes"))
        scenarios = [scenario for scenario in scenarios if runner.serves(scenario)]
    runner.requests = prepare(base_url, scenarios)
    return runner


def sign_in_storms(args, build, runner, hasher, before=None, before_runner=None):
    """The sign-in storm on the baseline (with its own hasher's bound), then on this code."""
    usernames = storm.storm_usernames(args.students, args.storm)
    storms = []
    if before_runner:
        before_hasher = hashing.measure(args.workers, before.build["password_hash"])
        storms.append(
            storm.run(
                before_runner, usernames, args.storm_connections, before_hasher.bound, "before: "
            )
        )
    after = storm.run(runner, usernames, args.storm_connections, hasher.bound)
    after.rehashed = dataset.rehashed(usernames, build["password_hash"])
    storms.append(after)
    return storms


def add_query_counts(rows, scenarios, before, deadline):
    queries = count_queries(scenarios)
    before_queries = baseline.count_queries(before, deadline) if before else {}
    for row in rows:
        row.queries = queries.get(row.scenario.key)
        if row.before:
            row.before.queries = before_queries.get(row.scenario.key)


def describe(target, wrk_version, command):
    return {
        "command": command,
        "machine": machine.machine(),
        "versions": machine.versions(target, wrk_version),
        "code": machine.code_version(),
    }


def prepare(base_url, scenarios):
    """Return {scenario key: (Cookie header, form body)} for wrk to send."""
    cookies = {"anonymous": ""}
    for who, (login_name, username) in ACCOUNTS.items():
        login_path = reverse(login_name)
        cookies[who] = signed_in_cookie(base_url, login_path, username, dataset.PASSWORD)
    requests = {}
    for scenario in scenarios:
        if scenario.method == "GET":
            requests[scenario.key] = (cookies[scenario.who], "")
            continue
        cookie, token = anonymous_form(base_url, scenario.path)
        form = urlencode({"csrfmiddlewaretoken": token, **scenario.form})
        requests[scenario.key] = (cookie, form)
    return requests


def publish(result, target, args):
    text = report.section(result)
    print()
    print(text)
    if not args.no_write:
        report.write(args.output, target.key, text)
        print(f"\nwritten to {args.output}")
