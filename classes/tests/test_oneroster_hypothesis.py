"""Mangled rosters never give a traceback or a half-written site."""

import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from classes.oneroster.importer import import_roster

from .roster_files import Roster, database_state

pytestmark = pytest.mark.django_db
SMALL = Roster.small().contents()
NAMES = sorted(SMALL)


def drop_column(data, index):
    lines = data.split(b"\r\n")
    kept = []
    for line in lines:
        cells = line.split(b",")
        kept.append(b",".join(cells[:index] + cells[index + 1 :]) if len(cells) > 1 else line)
    return b"\r\n".join(kept)


def bad_dates(data, garbage):
    for good in (b"2026-09-01", b"2026-12-18", b"2027-01-04", b"2026-08-01T09:00:00Z"):
        data = data.replace(good, garbage, 1)
    return data


def insert(data, at, piece):
    at %= len(data) + 1
    return data[:at] + piece + data[at:]


def truncate(data, at):
    return data[: at % (len(data) + 1)]


def drop_line(data, index):
    lines = data.split(b"\r\n")
    del lines[index % len(lines)]
    return b"\r\n".join(lines)


positions = st.integers(min_value=0, max_value=4000)
MANGLERS = st.one_of(
    st.builds(lambda i: lambda d: drop_column(d, i), st.integers(0, 17)),
    st.builds(
        lambda g: lambda d: bad_dates(d, g),
        st.sampled_from([b"2026-02-30", b"01/09/2026", b"", b"2026-09-01T25:00", b"soon"]),
    ),
    st.builds(lambda at: lambda d: insert(d, at, b'"'), positions),
    st.builds(lambda at, junk: lambda d: insert(d, at, junk), positions, st.binary(max_size=8)),
    st.builds(lambda at: lambda d: truncate(d, at), positions),
    st.builds(lambda i: lambda d: drop_line(d, i), positions),
    st.builds(lambda at: lambda d: insert(d, at, b"\r\n"), positions),
)


def import_and_check(files, before):
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        report = import_roster(folder)  # any exception fails the test
        if report.errors:
            assert not report.applied
            assert database_state() == before
            return report
        assert report.applied
        again = import_roster(folder)  # consistent: the same files change nothing now
    assert again.errors == []
    for name, counts in again.counts.items():
        assert counts["created"] == counts["updated"] == counts["deleted"] == 0, (name, counts)
    return report


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    imported_first=st.booleans(),
    mangling=st.lists(st.tuples(st.sampled_from(NAMES), MANGLERS), min_size=1, max_size=3),
)
def test_a_mangled_roster_is_refused_whole_or_imported_whole(imported_first, mangling):
    files = dict(SMALL)
    for name, mangle in mangling:
        files[name] = mangle(files[name])
    # Each example starts from the same site: everything it writes is rolled back.
    savepoint = transaction.savepoint()
    try:
        if imported_first:
            with tempfile.TemporaryDirectory() as folder:
                assert import_roster(Roster.small().write(Path(folder) / "set")).applied
        report = import_and_check(files, database_state())
        event("refused" if report.errors else "imported")
    finally:
        transaction.savepoint_rollback(savepoint)
