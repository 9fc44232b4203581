"""The benchmark itself, once Django is set up: build, serve, load, count queries, report."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.urls import reverse

from bench import dataset, machine, report
from bench.concurrent_registrations import static_is_stale, tail
from bench.measure import Runner, measure_all
from bench.queries import count_queries
from bench.scenarios import ACCOUNTS, all_scenarios
from bench.server import running_server, worker_memory
from bench.visitor import anonymous_form, signed_in_cookie


def run(args, target, env, *, deadline, workdir, wrk_version, command, began):
    """Measure every scenario on `target`; print the report and write it unless told not to."""
    started = report.now()
    print(f"building {args.students:,} students and {args.teachers:,} teachers on {target.label}")
    build = dataset.build(args.students, args.teachers)
    print(f"built in {build['total']:.1f} s (migrate {build['migrate']:.1f} s)")
    if static_is_stale():
        call_command("collectstatic", interactive=False, verbosity=0)
    facts = describe(target, wrk_version, command)  # asks the database for its version
    connections.close_all()  # the server must not wait behind this process's connection
    scenarios = all_scenarios()
    log_path = workdir / "gunicorn.log"
    with running_server(env, args.workers, log_path, deadline) as (base_url, server):
        runner = Runner(base_url, server.pid, args, deadline)
        rows, hasher = measure_all(runner, scenarios, prepare(base_url, scenarios), args.workers)
        memory = worker_memory(server.pid)
    if any(row.errors for row in rows):
        print(f"errors were seen; the end of the gunicorn log:\n{tail(log_path, 40)}")
    queries = count_queries(scenarios)
    for row in rows:
        row.queries = queries.get(row.scenario.key)
    result = report.Run(
        label=target.label,
        started=started,
        population=f"{args.students:,} students and {args.teachers:,} teachers with profiles",
        build=build,
        server=f"`gunicorn bench.wsgi`, {args.workers} sync workers (one per core), "
        "debug off, `DJANGO_HTTPS=false`, 127.0.0.1",
        load=f"wrk, {args.threads} threads and {args.connections} connections for "
        f"{args.duration} s per scenario after a {args.warmup} s warm-up; then 1 connection for "
        f"{args.single_duration} s (the latency of a lone visitor); page size "
        f"{settings.DIRECTORY_PAGE_SIZE}",
        rows=rows,
        hasher=hasher,
        memory=memory,
        elapsed=time.perf_counter() - began,
        **facts,
    )
    publish(result, target, args)
    return result


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
        requests[scenario.key] = (
            cookie,
            urlencode({"csrfmiddlewaretoken": token, **scenario.form}),
        )
    return requests


def publish(result, target, args):
    text = report.section(result)
    print()
    print(text)
    if not args.no_write:
        report.write(args.output, target.key, text)
        print(f"\nwritten to {args.output}")
