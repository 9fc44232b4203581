"""Send each scenario with wrk, measure the floor alongside, and collect the report's rows."""

from bench import hashing
from bench.concurrent_registrations import SetupError
from bench.load import run_wrk
from bench.report import Row
from bench.server import wait_idle

REQUEST_TIMEOUT = 30  # seconds wrk waits for one answer: Argon2 sign-ins queue for a while
FLOOR_PASS = 3  # seconds of floor between two scenarios


class Runner:
    """Runs wrk against one server, leaving the server idle after every pass."""

    def __init__(self, base_url, server_pid, args, deadline, label=""):
        self.base_url, self.server_pid = base_url, server_pid
        self.args, self.deadline, self.label = args, deadline, label
        self.requests = {}  # scenario key: (Cookie header, form body)

    def wrk(self, scenario, request, connections, seconds):
        if self.deadline.left() < seconds + 2 * REQUEST_TIMEOUT:
            raise SetupError(f"out of time before {scenario.name}: raise --deadline")
        measured = run_wrk(
            self.base_url,
            scenario,
            request,
            threads=self.args.threads,
            connections=connections,
            seconds=seconds,
            timeout=REQUEST_TIMEOUT,
        )
        # wrk stops with requests in flight; gunicorn still answers them, and the next
        # pass must not start behind that queue.
        wait_idle(self.server_pid)
        return measured

    def scenario(self, scenario):
        """Warm up, measure under load, then with a single client."""
        args, request = self.args, self.requests[scenario.key]
        self.wrk(scenario, request, args.connections, args.warmup)
        row = Row(
            scenario,
            load=self.wrk(scenario, request, args.connections, args.duration),
            single=self.wrk(scenario, request, 1, args.single_duration),
        )
        load, single = row.load, row.single
        print(
            f"{self.label + scenario.name:<50} {load.rate:8.1f} req/s  p50 {load.p50_ms:7.1f} ms"
            f"  p99 {load.p99_ms:7.1f} ms  1 client p50 {single.p50_ms:6.1f} ms"
            f"  errors {row.errors}",
            flush=True,
        )
        return row

    def floor_rate(self, floor):
        return self.wrk(floor, self.requests[floor.key], self.args.connections, FLOOR_PASS).rate


def measure_all(runner, scenarios, cores, before=None):
    """Measure `scenarios` in order; return (rows, hasher cost).

    The floor runs in full first and last, and briefly between two site scenarios, so
    every site scenario is compared with the floor measured just before and just after
    it: on a shared, noisy machine only such neighbours are comparable. With a `before`
    runner (the baseline server), each site scenario runs there first, inside the same
    brackets.
    """
    floor = next(s for s in scenarios if s.is_floor)
    rows, hasher, floor_rate = [], None, None
    for scenario in scenarios:
        waiting = rows[-1] if rows and not rows[-1].scenario.is_floor else None
        if scenario.is_floor:
            row = runner.scenario(scenario)
            floor_rate = row.load.rate
        elif waiting:  # two site scenarios in a row: measure the floor between them
            floor_rate = runner.floor_rate(floor)
        if waiting:
            waiting.floor_after = floor_rate
        if not scenario.is_floor:
            if scenario.form and hasher is None:  # side by side with the POSTs it bounds
                hasher = hashing.measure(cores)
            earlier = before.scenario(scenario) if before else None
            row = runner.scenario(scenario)
            row.floor_before, row.before = floor_rate, earlier
        rows.append(row)
    return rows, hasher
