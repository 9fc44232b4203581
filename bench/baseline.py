"""The "before" side of the report: an earlier commit, served beside the current code.

`--baseline REF` unpacks REF (`git archive`, the repository is not touched) into the run's
temporary folder with the current bench/ copied over it, builds the same population on a
database of its own with REF's migrations and models, and serves it with a second gunicorn.
Each scenario is then measured on both servers back to back.
"""

import io
import json
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.concurrent_registrations import ROOT, SetupError
from bench.target import Target, server_environment

RESULT_PREFIX = "BENCH_RESULT "


@dataclass
class Baseline:
    ref: str
    commit: str
    tree: Path
    target: Target
    env: dict
    build: dict

    def describe(self):
        return self.commit if self.ref.startswith(self.commit) else f"{self.ref} ({self.commit})"


def prepare(ref, target, workdir, args, deadline):
    """Unpack REF and build its database; return the Baseline ready to serve."""
    commit = git_commit(ref)
    tree = unpack(commit, Path(workdir) / "baseline")
    sibling = Target(sibling_database(target, workdir), sibling_redis(target.redis_url))
    env = server_environment(sibling)
    options = ["--build-only", f"--students={args.students}", f"--teachers={args.teachers}"]
    build = child(tree, env, options, deadline)
    return Baseline(ref, commit, tree, sibling, env, build)


def count_queries(baseline, deadline):
    """SQL queries per scenario on the baseline, counted by the baseline's own code."""
    return child(baseline.tree, baseline.env, ["--count-only"], deadline)


def git_commit(ref):
    done = subprocess.run(
        ["git", "rev-parse", "--short", f"{ref}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )
    if done.returncode:
        raise SetupError(f"--baseline {ref}: not a commit here ({done.stderr.strip()})")
    return done.stdout.strip()


def unpack(commit, tree):
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, timeout=60
    )
    if archive.returncode:
        raise SetupError(f"git archive {commit} failed: {archive.stderr.decode()[-500:]}")
    tree.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tree, filter="data")
    ignore = shutil.ignore_patterns("__pycache__", "out")
    shutil.copytree(ROOT / "bench", tree / "bench", dirs_exist_ok=True, ignore=ignore)
    return tree


def sibling_database(target, workdir):
    if target.vendor == "sqlite":
        return f"sqlite:///{Path(workdir) / 'bench-baseline.sqlite3'}"
    parts = urlsplit(target.database_url)
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_baseline"))


def sibling_redis(url):
    """The next Redis database number, so the two servers' caches never mix."""
    if not url:
        return ""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{number + 1}"))


def child(tree, env, options, deadline):
    """Run bench/run.py in the baseline tree; return the JSON it reports."""
    done = subprocess.run(
        [sys.executable, "bench/run.py", *options],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=deadline.left(cap=300),
        check=False,
    )
    for line in reversed(done.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line.removeprefix(RESULT_PREFIX))
    raise SetupError(f"baseline {' '.join(options)} failed:\n{done.stderr[-2000:]}")
