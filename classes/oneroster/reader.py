"""Read a roster's manifest and files into records, reporting every row that cannot be read."""

from .records import COLUMNS, PARSERS, REQUIRED, check_lengths
from .source import FILES, BrokenCsv, rows
from .values import BadValue

MODES = ("bulk", "delta", "absent")


def read_manifest(source, report):
    """Return {file kind: mode} for the six files; problems go to `report`."""
    if "manifest.csv" not in source:
        report.error("manifest.csv", 0, "missing: a OneRoster set starts with manifest.csv")
        return {}
    modes, lines = {}, {}
    try:
        with source.open("manifest.csv") as stream:
            for line, row in rows(stream, "manifest.csv", ["propertyName", "value"]):
                if "__columns__" in row:
                    if set(row["__columns__"]) != {"propertyName", "value"}:
                        report.error("manifest.csv", 1, "needs the columns propertyName,value")
                        return {}
                    continue
                name, value = row.get("propertyName", "").strip(), row.get("value", "").strip()
                if name.startswith("file."):
                    modes[name[5:]], lines[name[5:]] = value.lower(), line
                    if value.lower() not in MODES:
                        report.error(
                            "manifest.csv", line, f"{name} is {value!r}, not bulk or absent"
                        )
    except BrokenCsv as error:
        report.error("manifest.csv", error.line, str(error))
        return {}
    return wanted_files(source, modes, lines, report)


def wanted_files(source, modes, lines, report):
    for kind, mode in modes.items():
        if kind not in FILES and mode != "absent":
            report.notes.append(f"{kind}.csv is not used by this site: ignored")
        if kind in FILES and mode == "delta":
            report.error(
                "manifest.csv", lines[kind], f"file.{kind} is delta: only bulk sets can be imported"
            )
    for kind in FILES:
        mode = modes.get(kind, "absent")
        if mode == "bulk" and f"{kind}.csv" not in source:
            report.error(f"{kind}.csv", 0, f"missing, but manifest.csv marks file.{kind} bulk")
        elif mode == "absent" and f"{kind}.csv" in source:
            report.notes.append(f"{kind}.csv is marked absent in manifest.csv: ignored")
    return {kind: modes.get(kind, "absent") for kind in FILES}


def read_records(source, kind, report, progress=None):
    """Read `kind`.csv into records (see records.py), each sourcedId once."""
    name = f"{kind}.csv"
    records, seen, header = [], {}, False
    try:
        with source.open(name) as stream:
            lines = rows(stream, name, COLUMNS[kind])
            for line, row in progress(lines, name) if progress else lines:
                if "__columns__" in row:
                    header = True
                    if not check_columns(name, kind, row["__columns__"], report):
                        return []
                    continue
                record = read_row(name, kind, line, row, report)
                if record is None:
                    continue
                if record["sid"] in seen:
                    report.error(
                        name,
                        line,
                        f"sourcedId {record['sid']!r} repeats line {seen[record['sid']]}",
                    )
                    continue
                seen[record["sid"]] = line
                records.append(record)
    except BrokenCsv as error:
        report.error(name, error.line, str(error))
        return []
    if not header:  # an empty file
        check_columns(name, kind, [], report)
    return records


def check_columns(name, kind, columns, report):
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        report.error(name, 1, f"missing column(s): {', '.join(missing)}")
    return not missing


def read_row(name, kind, line, row, report):
    if row.pop("__extra__"):
        report.error(name, line, "has a different number of values than the header (quoting?)")
        return None
    try:
        record = PARSERS[kind](row)
        check_lengths(kind, record)
    except BadValue as error:
        report.error(name, line, str(error))
        return None
    record["line"] = line
    return record
