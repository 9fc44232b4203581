"""Where a roster comes from: a folder or a `.zip` holding `manifest.csv` and the CSV files."""

import csv
import io
import zipfile
from pathlib import Path

FILES = ("orgs", "academicSessions", "courses", "classes", "users", "enrollments")
MAX_FIELD = 1 << 20  # one value over a megabyte is a broken file, not a roster


class SourceError(Exception):
    """The roster cannot be read at all (no such folder, not a zip, no manifest)."""


class BrokenCsv(Exception):
    """A file's quoting or bytes break CSV at `line`."""

    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


class Source:
    """The CSV files of one roster, read as text whatever the container."""

    def __init__(self, path):
        self.path = Path(path)
        if self.path.is_dir():
            self.zip = None
            self.names = {p.name for p in self.path.iterdir() if p.is_file()}
        elif self.path.is_file():
            try:
                self.zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as error:
                raise SourceError(f"{self.path}: not a folder or a .zip file ({error})") from None
            # Exports often put the files in one folder inside the zip: read them from there.
            self.members = {Path(n).name: n for n in self.zip.namelist() if not n.endswith("/")}
            self.names = set(self.members)
        else:
            raise SourceError(f"{self.path}: no such folder or .zip file")

    def __contains__(self, name):
        return name in self.names

    def open(self, name):
        """The file as text: a BOM dropped, CRLF or LF line ends, undecodable bytes replaced."""
        raw = self.zip.open(self.members[name]) if self.zip else (self.path / name).open("rb")
        return io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")

    def close(self):
        if self.zip:
            self.zip.close()


def rows(stream, name, columns):
    """Yield (line, row) for each record of a CSV file, row a dict keyed by canonical column.

    `columns` are the canonical names; headers match them in any letter case, with spaces
    around them ignored, in any order. Unknown columns are dropped. `line` is the file line
    the record ends on. Raises BrokenCsv for broken quoting or NUL bytes.
    """
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(stream, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return
        canonical = {c.lower(): c for c in columns}
        names = [canonical.get(h.strip().lower()) for h in header]
        yield 1, {"__columns__": [n for n in names if n]}
        for record in reader:
            if not any(value.strip() for value in record):
                continue  # a blank line (a trailing newline, an empty row of commas)
            if any("\0" in value for value in record):
                # Python's csv module reads NUL; no database column can hold it.
                raise BrokenCsv(reader.line_num, "cannot be read as CSV: a NUL byte")
            row = {name: value for name, value in zip(names, record, strict=False) if name}
            row["__extra__"] = len(record) - len(header)
            yield reader.line_num, row
    except csv.Error as error:
        raise BrokenCsv(reader.line_num, f"cannot be read as CSV: {error}") from None
