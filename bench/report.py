"""Turn the measurements into the Markdown section that run.py prints and writes."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.load import Measurement
from bench.scenarios import Scenario

HEADER = (
    "| scenario | req/s | req/s ÷ floor | p50 ms | p99 ms | p50 ms, 1 client "
    "| p50 ÷ floor, 1 client | errors | SQL queries |\n"
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
)


@dataclass
class Row:
    scenario: Scenario
    load: Measurement  # many connections: throughput and latency under load
    single: Measurement  # one connection: the latency a lone visitor sees
    queries: int | None = None

    @property
    def errors(self):
        return self.load.errors(self.scenario.expected) + self.single.errors(self.scenario.expected)

    @property
    def requests(self):
        return self.load.requests + self.single.requests


@dataclass
class Run:
    """Everything the report states, gathered by main.py."""

    label: str
    started: datetime
    command: str
    machine: str
    versions: str
    code: str
    population: str
    build: dict
    server: str
    load: str
    rows: list
    hasher: object
    memory: list
    elapsed: float = 0.0

    def row(self, key):
        return next(row for row in self.rows if row.scenario.key == key)

    @property
    def floor_rate(self):
        floors = [row.load.rate for row in self.rows if row.scenario.key.startswith("floor")]
        return sum(floors) / len(floors)

    @property
    def floor_p50(self):
        floors = [row.single.p50_ms for row in self.rows if row.scenario.key.startswith("floor")]
        return sum(floors) / len(floors)


def section(run):
    """The generated Markdown for one setup (database and cache)."""
    build = run.build
    hasher = run.hasher
    memory = ", ".join(f"{rss:.0f} MiB (peak {peak:.0f} MiB)" for rss, peak in run.memory)
    return "\n".join(
        [
            f"### {run.label}",
            "",
            f"- **When:** {run.started:%Y-%m-%d %H:%M} UTC, code at {run.code}",
            f"- **Command:** `{run.command}` (total run time {run.elapsed:.0f} s)",
            f"- **Machine:** {run.machine}",
            f"- **Versions:** {run.versions}",
            f"- **Data:** {run.population}, built in {build['total']:.1f} s "
            f"(migrate {build['migrate']:.1f} s, bulk inserts {build['insert']:.1f} s)",
            f"- **Server:** {run.server}",
            f"- **Load:** {run.load}",
            f"- **Password hasher:** {hasher.algorithm}; one verification costs "
            f"{hasher.cpu_seconds * 1000:.0f} ms of CPU ({hasher.wall_seconds * 1000:.0f} ms "
            f"wall), so {hasher.cores} cores bound sign-ins at {hasher.bound:.1f}/s; "
            f"{hasher.cores} processes verifying side by side reach {hasher.side_by_side:.1f}/s",
            f"- **Memory per worker** after the run: {memory}",
            "",
            HEADER,
            *(table_row(run, row) for row in run.rows),
            "",
            "| target | measured | |",
            "|---|---|---|",
            *(
                f"| {goal} | {measured} | {'met' if met else '**not met**'} |"
                for goal, measured, met in targets(run)
            ),
        ]
    )


def table_row(run, row):
    rate, p50 = row.load.rate, row.single.p50_ms
    queries = "-" if row.queries is None else str(row.queries)
    return (
        f"| {row.scenario.name} | {number(rate)} | {rate / run.floor_rate:.3f} "
        f"| {number(row.load.p50_ms)} | {number(row.load.p99_ms)} | {number(p50)} "
        f"| {p50 / run.floor_p50:.1f} | {row.errors} of {row.requests:,} | {queries} |"
    )


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def targets(run):
    """(goal, what was measured, met?) for each target of the issue."""
    floor = run.floor_rate
    page1, deep, search = run.row("directory"), run.row("deep_page"), run.row("search")
    sign_in = run.row("sign_in_post").load.rate
    rows = [
        (
            f"{run.row(key).scenario.name}: req/s ≥ 0.40 x floor",
            run.row(key).load.rate / floor,
            0.40,
        )
        for key in ("student_dashboard", "teacher_dashboard")
    ]
    rows.append((f"{page1.scenario.name}: req/s ≥ 0.15 x floor", page1.load.rate / floor, 0.15))
    checks = [(goal, f"{ratio:.3f} x floor", ratio >= wanted) for goal, ratio, wanted in rows]
    deep_ratio = deep.single.p50_ms / page1.single.p50_ms
    checks += [
        (
            "deep page p50 ≤ 1.5 x page 1 p50 (1 client)",
            f"{deep_ratio:.2f} x ({number(deep.single.p50_ms)} vs "
            f"{number(page1.single.p50_ms)} ms; under load {number(deep.load.p50_ms)} vs "
            f"{number(page1.load.p50_ms)} ms)",
            deep_ratio <= 1.5,
        ),
        (
            f"search over {run.population.split(' and ')[0]}: p50 < 50 ms (1 client)",
            f"{number(search.single.p50_ms)} ms",
            search.single.p50_ms < 50,
        ),
        (
            "sign-in POST ≥ 0.9 x the hasher's bound",
            f"{sign_in / run.hasher.bound:.2f} x ({sign_in:.1f} of {run.hasher.bound:.1f}/s)",
            sign_in >= 0.9 * run.hasher.bound,
        ),
        (
            "0 errors in every scenario",
            f"{sum(row.errors for row in run.rows)} errors",
            all(row.errors == 0 for row in run.rows),
        ),
        (
            "benchmark database built in < 60 s",
            f"{run.build['total']:.1f} s",
            run.build["total"] < 60,
        ),
        ("memory per worker reported", f"{len(run.memory)} workers", bool(run.memory)),
    ]
    return checks


def write(path, key, text):
    """Replace this setup's section of `path` between its markers, keeping everything else."""
    path = Path(path)
    start, end = f"<!-- bench:{key}:start -->", f"<!-- bench:{key}:end -->"
    block = f"{start}\n{text}\n{end}"
    document = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(document):
        document = pattern.sub(lambda _: block, document)
    elif "<!-- bench:results -->" in document:
        document = document.replace("<!-- bench:results -->", f"{block}\n\n<!-- bench:results -->")
    else:
        document = f"{document.rstrip()}\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document)


def now():
    return datetime.now(UTC)
