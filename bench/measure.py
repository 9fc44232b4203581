"""Send each scenario with wrk, measure the floor alongside, and collect the report's rows."""

from bench import hashing
from bench.concurrent_registrations import SetupError
from bench.load import Measurement, run_wrk
from bench.report import Row
from bench.server import wait_idle

REQUEST_TIMEOUT = 30  # seconds wrk waits for one answer: Argon2 sign-ins queue for a while
FLOOR_PASS = 3  # seconds of floor between two scenarios
SLICES = 5  # a page's load pass is cut in this many slices, with the floor between them
FLOOR_SLICE = 1  # seconds of floor before, between and after the slices


class Runner:
    """Runs wrk against one server, leaving the server idle after every pass."""

    def __init__(self, base_url, server_pid, args, deadline, label=""):
        self.base_url, self.server_pid = base_url, server_pid
        self.args, self.deadline, self.label = args, deadline, label
        self.requests = {}  # scenario key: (Cookie header, form body)
        self.has_classes = True  # False for a --baseline from before classes

    def serves(self, scenario):
        return self.has_classes or not scenario.needs_classes

    def wrk(self, scenario, connections, seconds):
        if self.deadline.left() < seconds + 2 * REQUEST_TIMEOUT:
            raise SetupError(f"out of time before {scenario.name}: raise --deadline")
        measured = run_wrk(
            self.base_url,
            scenario,
            self.requests[scenario.key],
            threads=self.args.threads,
            connections=connections,
            seconds=seconds,
            timeout=REQUEST_TIMEOUT,
        )
        # wrk stops with requests in flight; gunicorn still answers them, and the next
        # pass must not start behind that queue.
        wait_idle(self.server_pid)
        return measured

    def warm_up(self, scenario):
        self.wrk(scenario, self.args.connections, self.args.warmup)

    def under_load(self, scenario, seconds=None):
        return self.wrk(scenario, self.args.connections, seconds or self.args.duration)

    def single_client(self, scenario):
        return self.wrk(scenario, 1, self.args.single_duration)

    def scenario(self, scenario):
        """Warm up, measure under load, then with a single client."""
        self.warm_up(scenario)
        row = Row(scenario, self.under_load(scenario), self.single_client(scenario))
        self.show(row)
        return row

    def floor_rate(self, floor, seconds=FLOOR_PASS):
        return self.wrk(floor, self.args.connections, seconds).rate

    def beside_floor(self, scenario, floor):
        """Measure a page in slices, the floor before, between and after them.

        Each slice's req/s is divided by the floor's on either side of it, and the row's
        ratio is the median of those: a machine whose speed drifts within seconds (this
        shared one does, by up to half) moves both sides of every ratio together.
        """
        self.warm_up(scenario)
        seconds = max(1, self.args.duration // SLICES)
        floors, slices = [self.floor_rate(floor, FLOOR_SLICE)], []
        for _ in range(SLICES):
            slices.append(self.under_load(scenario, seconds))
            floors.append(self.floor_rate(floor, FLOOR_SLICE))
        row = Row(scenario, merge_all(slices), self.single_client(scenario))
        ratios = sorted(
            part.rate / ((left + right) / 2)
            for part, left, right in zip(slices, floors, floors[1:], strict=False)
        )
        row.floor_ratio = ratios[len(ratios) // 2]
        row.floor_alongside = sum(floors) / len(floors)
        self.show(row)
        return row

    def show(self, row):
        load, single = row.load, row.single
        print(
            f"{self.label + row.scenario.name:<50} {load.rate:8.1f} req/s"
            f"  p50 {load.p50_ms:7.1f} ms  p99 {load.p99_ms:7.1f} ms"
            f"  1 client p50 {single.p50_ms:6.1f} ms  errors {row.errors}",
            flush=True,
        )


def pair(before, after, scenario):
    """Measure `scenario` on the baseline and the current server; return (before, after).

    The baseline's load pass is split in two halves around the current one (A B A), so
    a machine slowly getting busier or quieter favours neither side.
    """
    before.warm_up(scenario)
    after.warm_up(scenario)
    half = max(1, after.args.duration // 2)
    first = before.under_load(scenario, half)
    load = after.under_load(scenario)
    second = before.under_load(scenario, half)
    earlier = Row(scenario, merge(first, second), before.single_client(scenario))
    row = Row(scenario, load, after.single_client(scenario))
    before.show(earlier)
    after.show(row)
    return earlier, row


def merge_all(parts):
    merged = parts[0]
    for part in parts[1:]:
        merged = merge(merged, part)
    return merged


def merge(first, second):
    """One measurement of two passes; percentiles weighted by requests (an approximation)."""
    total = first.requests + second.requests

    def weighted(name):
        values = (getattr(first, name), getattr(second, name))
        weights = (first.requests, second.requests)
        return sum(v * w for v, w in zip(values, weights, strict=True)) / total if total else 0

    statuses = dict(first.statuses)
    for status, count in second.statuses.items():
        statuses[status] = statuses.get(status, 0) + count
    return Measurement(
        requests=total,
        seconds=first.seconds + second.seconds,
        p50_ms=weighted("p50_ms"),
        p99_ms=weighted("p99_ms"),
        socket_errors=first.socket_errors + second.socket_errors,
        statuses=statuses,
    )


def measure_all(runner, scenarios, cores, before=None):
    """Measure `scenarios` in order; return (rows, hasher cost).

    The floor runs in full first and last, and briefly between two site scenarios, so
    every site scenario is compared with the floor measured just before and just after
    it: on a shared, noisy machine only such neighbours are comparable. With a `before`
    runner (the baseline server), each site scenario also runs there, inside the same
    brackets (see `pair`).
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
            paired = before if before and before.serves(scenario) else None
            row = measure_site(runner, paired, scenario, floor)
            row.floor_before = floor_rate
        rows.append(row)
    return rows, hasher


def measure_site(runner, before, scenario, floor):
    """One site scenario, paired with the baseline's when there is one."""
    if before is None and not scenario.form:  # pages: ratios to the floor, slice by slice
        return runner.beside_floor(scenario, floor)
    if before is None:  # POSTs: compared with the hasher's bound, not the floor
        return runner.scenario(scenario)
    earlier, row = pair(before, runner, scenario)
    row.before = earlier
    return row
