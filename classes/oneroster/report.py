"""What an import found and did: problems as `file.csv:LINE: message`, counts per file."""

from collections import Counter
from dataclasses import dataclass, field

ACTIONS = ("created", "updated", "unchanged", "deleted", "skipped")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    error: bool

    def __str__(self):
        kind = "error" if self.error else "warning"
        return f"{self.file}:{self.line}: {kind}: {self.message}"


@dataclass
class Report:
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    applied: bool = False

    def error(self, file, line, message):
        self.problems.append(Problem(file, line, message, error=True))

    def warning(self, file, line, message):
        self.problems.append(Problem(file, line, message, error=False))

    def count(self, file, action, n=1):
        self.counts.setdefault(file, Counter())[action] += n

    @property
    def errors(self):
        return [p for p in self.problems if p.error]

    @property
    def warnings(self):
        return [p for p in self.problems if not p.error]

    def table(self):
        """Rows of the per-file summary: file name, then a number for each action."""
        return [[name, *(self.counts[name][action] for action in ACTIONS)] for name in self.counts]

    def as_dict(self):
        """Plain data for a stored report (the admin's import page)."""
        return {
            "applied": self.applied,
            "counts": {name: dict(counts) for name, counts in self.counts.items()},
            "problems": [[p.file, p.line, p.message, p.error] for p in self.problems],
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data):
        report = cls(notes=list(data.get("notes", [])), applied=data.get("applied", False))
        for name, counts in data.get("counts", {}).items():
            report.counts[name] = Counter(counts)
        report.problems = [Problem(*p) for p in data.get("problems", [])]
        return report
