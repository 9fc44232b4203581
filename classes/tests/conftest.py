"""Fixtures of the roster tests."""

import pytest

from .roster_files import Roster, run


@pytest.fixture
def roster():
    return Roster.small()


@pytest.fixture
def imported(roster, tmp_path):
    """The small set, imported."""
    run(roster.write(tmp_path / "first"))
    return roster
