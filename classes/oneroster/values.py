"""Reading one OneRoster CSV value: dates, booleans, enumerations, lists, grades.

Each parser returns the value or raises `BadValue` with a message for the person who has to
fix the file.
"""

import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


class BadValue(ValueError):
    pass


def text(value):
    return value.strip()


def date(value, column):
    """`2026-09-01`, or a date and time (`2026-09-01T00:00:00Z`) of which the date counts."""
    value = value.strip()
    try:
        parsed = parse_date(value[:10]) if len(value) >= 10 else None
    except ValueError:
        parsed = None
    if parsed is None or (len(value) > 10 and value[10] not in "T "):
        raise BadValue(f"{column} {value!r} is not a date (YYYY-MM-DD)")
    return parsed


def moment(value, column):
    """A dateLastModified: a date and time (UTC unless it says), or a date alone; "" is None."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        day = date(value, column)
        parsed = datetime.datetime.combine(day, datetime.time())
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=datetime.UTC)
    try:
        return parsed.astimezone(datetime.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first moment there is
        raise BadValue(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def boolean(value, column, default=None):
    folded = value.strip().lower()
    if folded in {"true", "1", "yes"}:
        return True
    if folded in {"false", "0", "no"}:
        return False
    if folded == "" and default is not None:
        return default
    raise BadValue(f"{column} {value!r} is not true or false")


def choice(value, column, choices):
    """One of `choices` in any letter case (`Scheduled`, `SCHOOLYEAR`); the canonical spelling."""
    folded = value.strip().lower()
    for canonical in choices:
        if canonical.lower() == folded:
            return canonical
    raise BadValue(f"{column} {value!r} is not one of: {', '.join(choices)}")


def listing(value):
    """A quoted list, `"09,10,11"`, as its items, without blanks."""
    return [item.strip() for item in value.split(",") if item.strip()]


def whole_number(value, column):
    try:
        return int(value.strip())
    except ValueError:
        raise BadValue(f"{column} {value!r} is not a whole number") from None


def year(value, column):
    number = whole_number(value, column)
    if not 1000 <= number <= 9999:
        raise BadValue(f"{column} {value!r} is not a year")
    return number


def export_moment(moment_value):
    """A date and time as OneRoster writes it: `2026-12-04T10:30:00.000Z`."""
    utc = moment_value.astimezone(datetime.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
