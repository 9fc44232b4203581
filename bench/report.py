"""Turn the measurements into the Markdown section that run.py prints and writes."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.load import Measurement
from bench.scenarios import Scenario

HEADER = (
    "| scenario | req/s | floor req/s alongside | req/s ÷ floor | p50 ms | p99 ms "
    "| p50 ms, 1 client | p50 ÷ floor, 1 client | errors | SQL queries |\n"
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
)


@dataclass
class Row:
    scenario: Scenario
    load: Measurement  # many connections: throughput and latency under load
    single: Measurement  # one connection: the latency a lone visitor sees
    queries: int | None = None
    floor_before: float | None = None  # floor req/s measured just before this scenario
    floor_after: float | None = None  # and just after it
    floor_alongside: float | None = None  # pages: mean floor req/s of the interleaved slices
    floor_ratio: float | None = None  # pages: median of the slices' req/s ÷ floor
    before: "Row | None" = None  # the same scenario on the baseline server (--baseline)

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
    baseline: str | None = None
    storms: list = field(default_factory=list)  # the sign-in storm: the baseline's, then ours
    roster: object = None  # bench.roster_import.RosterRun, unless --no-roster

    def row(self, key):
        return next(row for row in self.rows if row.scenario.key == key)

    @property
    def floors(self):
        return [row for row in self.rows if row.scenario.is_floor]

    def floor_rate(self, row):
        """The floor's req/s to compare `row` with: its neighbours, or the whole run's mean."""
        if row.floor_alongside:
            return row.floor_alongside
        if row.floor_before and row.floor_after:
            return (row.floor_before + row.floor_after) / 2
        return sum(floor.load.rate for floor in self.floors) / len(self.floors)

    @property
    def floor_p50(self):
        return sum(floor.single.p50_ms for floor in self.floors) / len(self.floors)

    def rate_ratio(self, row):
        if row.floor_ratio:
            return row.floor_ratio
        return row.load.rate / self.floor_rate(row)


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
            f"{hasher.cores} processes verifying side by side reach {hasher.side_by_side:.1f}/s "
            f"(each got {hasher.cpu_share:.0%} of a core{shared_note(hasher.cpu_share)})",
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
            *storm_table(run),
            *roster_table(run),
            *before_and_after(run),
        ]
    )


def storm_table(run):
    """The sign-in storm on each server: how long a year group waits, what a page waits."""
    if not run.storms:
        return []
    ours = run.storms[-1]
    lines = [
        f"\nSign-in storm: {ours.students} distinct students (none of the accounts above) open "
        f"the sign-in page and POST it over {ours.connections} connections at once, while one "
        "more client loads a student's dashboard again and again; timed from the release to "
        "the last student signed in. The bound: cores ÷ CPU time of one verification of that "
        "server's hash; the server's CPU per sign-in covers the page, the POST and the hash. "
        f"Accounts the storm rehashed: {ours.rehashed}.\n",
        "| scenario | all signed in after | sign-ins/s | ÷ hasher's bound | server CPU ms per "
        "sign-in | share of the cores | dashboard p50 ms | dashboard p99 ms | dashboards loaded "
        "| errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for storm in run.storms:
        name = f"sign-in storm, before ({run.baseline})" if storm.label else "sign-in storm"
        lines.append(
            f"| {name} | {storm.seconds:.1f} s | {number(storm.rate)} "
            f"| {storm.rate / storm.bound:.2f} of {number(storm.bound)}/s "
            f"| {number(storm.server_cpu_ms)} | {storm.cpu_share:.0%} "
            f"| {number(storm.dashboard_p(0.5))} | {number(storm.dashboard_p(0.99))} "
            f"| {len(storm.dashboard_ms)} | {storm.errors} |"
        )
    return lines


def roster_table(run):
    """Roster import: `manage.py import_oneroster` into an empty database, then again."""
    roster = run.roster
    if not roster:
        return []
    sizes = roster.sizes
    lines = [
        f"\nRoster import: a OneRoster 1.1 CSV set of {sizes['users']:,} users, "
        f"{sizes['classes']:,} classes in {sizes['courses']} courses and "
        f"{sizes['enrollments']:,} enrolments, no passwords, imported by `manage.py "
        "import_oneroster` in a subprocess into an empty database of its own (migrated in "
        f"{roster.migrate_seconds:.1f} s, not counted), then imported again unchanged. Hashing: "
        f"{roster.password_students} students with passwords, and the same set without, each "
        "into an empty database; passwords hashed per second = passwords ÷ the difference "
        "of the two times. Peak memory: the import process's maximum resident set.\n",
        "| import | seconds | peak MiB | nothing changed | result |",
        "|---|--:|--:|---|---|",
    ]
    for one in roster.imports:
        peak = "-" if one.peak_mib is None else f"{one.peak_mib:.0f}"
        result = "ok" if one.ok else "**failed**"
        lines.append(
            f"| {one.name} | {one.seconds:.1f} | {peak} | {'yes' if one.unchanged else 'no'} "
            f"| {result} |"
        )
    lines += [f"\nRoster import error: {error}" for error in roster.errors]
    return lines


def roster_targets(run):
    roster = run.roster
    if not roster:
        return []
    first, again = roster.get("first import"), roster.get("re-import")
    users = f"{roster.sizes['users']:,} users, {roster.sizes['enrollments']:,} enrolments"
    checks = []
    if first:
        measured = f"{first.seconds:.1f} s ({users})" if first.ok else "failed"
        checks.append(
            (
                "roster import into an empty database < 60 s",
                measured,
                first.ok and first.seconds < 60,
            )
        )
    if again:
        met = again.ok and again.unchanged and again.seconds < 20
        note = "nothing changed" if again.unchanged else "**it changed rows**"
        measured = f"{again.seconds:.1f} s, {note}" if again.ok else "failed"
        checks.append(("roster re-import, unchanged, < 20 s", measured, met))
    peak = roster.peak_mib
    checks.append(
        (
            "roster import peak memory reported",
            "-" if peak is None else f"{peak:.0f} MiB",
            peak is not None,
        )
    )
    if roster.hash_rate and roster.bound:
        ratio = roster.hash_rate / roster.bound
        measured = f"{ratio:.2f} x ({roster.hash_rate:.1f} of {roster.bound:.1f} hashes/s)"
        checks.append(("roster import hashing ≥ 0.8 x the hasher's bound", measured, ratio >= 0.8))
    else:
        times = ", ".join(f"{one.name} {one.seconds:.1f} s" for one in roster.imports[2:])
        measured = f"not measurable ({times or 'not run'})"
        checks.append(("roster import hashing ≥ 0.8 x the hasher's bound", measured, False))
    return checks


def before_and_after(run):
    """Rows of the baseline beside the current code's, when --baseline was given."""
    if not run.baseline:
        return []
    lines = [
        "",
        f"Before ({run.baseline}, served beside the code above by the same gunicorn settings "
        "on its own database, built the same way with its own migrations) and after. Each "
        "pair ran between the same two floor passes, the baseline's load in two halves around "
        "the current code's (A B A):",
        "",
        "| scenario | req/s before → after | ÷ floor before → after | p50 ms before → after "
        "| p99 ms before → after | p50 ms, 1 client, before → after | errors before, after "
        "| SQL queries before → after |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in run.rows:
        if row.before:
            lines.append(pair_row(run, row.before, row))
    return lines


def pair_row(run, old, new):
    floor = run.floor_rate(new)

    def pair(a, b, show=number):
        return f"{show(a)} → {show(b)}"

    return (
        f"| {new.scenario.name} | {pair(old.load.rate, new.load.rate)} "
        f"| {pair(old.load.rate / floor, new.load.rate / floor, lambda v: f'{v:.3f}')} "
        f"| {pair(old.load.p50_ms, new.load.p50_ms)} | {pair(old.load.p99_ms, new.load.p99_ms)} "
        f"| {pair(old.single.p50_ms, new.single.p50_ms)} | {old.errors}, {new.errors} "
        f"| {pair(old.queries, new.queries, lambda v: '-' if v is None else str(v))} |"
    )


def shared_note(share):
    return "; other processes on the machine took the rest" if share < 0.9 else ""


def table_row(run, row):
    rate, p50 = row.load.rate, row.single.p50_ms
    alongside = "-" if row.scenario.is_floor else number(run.floor_rate(row))
    queries = "-" if row.queries is None else str(row.queries)
    return (
        f"| {row.scenario.name} | {number(rate)} | {alongside} | {run.rate_ratio(row):.3f} "
        f"| {number(row.load.p50_ms)} | {number(row.load.p99_ms)} | {number(p50)} "
        f"| {p50 / run.floor_p50:.1f} | {row.errors} of {row.requests:,} | {queries} |"
    )


def number(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def targets(run):
    """(goal, what was measured, met?) for each target of the issues (15, and 17's classes)."""
    return throughput_targets(run) + storm_targets(run) + roster_targets(run) + other_targets(run)


def throughput_targets(run):
    wanted = {"student_dashboard": 0.20, "teacher_dashboard": 0.20, "directory": 0.10}
    # A class's pages are lists of people like the directory, and are held to its target.
    wanted.update(class_students=0.10, class_page=0.10)
    checks = []
    for key, share in wanted.items():
        ratio = run.rate_ratio(run.row(key))
        goal = f"{run.row(key).scenario.name}: req/s ≥ {share:.2f} x floor"
        checks.append((goal, f"{ratio:.3f} x floor", ratio >= share))
    return checks


def storm_targets(run):
    if not run.storms:
        return []
    storm, goal = run.storms[-1], "sign-in storm:"
    ratio, p50, p99 = storm.rate / storm.bound, storm.dashboard_p(0.5), storm.dashboard_p(0.99)
    signed_in = f"{storm.signed_in} of {storm.students} in {storm.seconds:.1f} s"
    all_in = storm.signed_in == storm.students and storm.seconds <= 10
    bound = (
        f"{ratio:.2f} x ({storm.rate:.1f} of {storm.bound:.1f}/s; server CPU "
        f"{storm.server_cpu_ms:.0f} ms per sign-in, {storm.cpu_share:.0%} of the cores)"
    )
    loads = f"{number(p99)} ms (p50 {number(p50)} ms, {len(storm.dashboard_ms)} loads)"
    return [
        (f"{goal} {storm.students} students signed in within 10 s", signed_in, all_in),
        (f"{goal} ≥ 0.8 x the hasher's bound", bound, ratio >= 0.8),
        (f"{goal} student dashboard p99 < 1 s", loads, p99 < 1000),
    ]


def other_targets(run):
    errors = sum(row.errors for row in run.rows) + sum(storm.errors for storm in run.storms)
    build = run.build["total"]
    return [
        ("0 errors in every scenario", f"{errors} errors", errors == 0),
        ("benchmark database built in < 60 s", f"{build:.1f} s", build < 60),
        ("memory per worker reported", f"{len(run.memory)} workers", bool(run.memory)),
    ]


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
