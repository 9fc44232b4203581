"""Describe the machine, the software versions and the code the benchmark ran on."""

import os
import platform
import shlex
import sqlite3
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import django
from django.db import connection

from bench.concurrent_registrations import ROOT
from bench.target import mask


def machine():
    cpuinfo = read("/proc/cpuinfo")
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
        platform.machine(),
    )
    meminfo = dict(line.split(":", 1) for line in read("/proc/meminfo") if ":" in line)
    ram_gib = int(meminfo.get("MemTotal", "0 kB").split()[0]) / 1024**2
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{len(os.sched_getaffinity(0))} cores ({model}), {ram_gib:.1f} GiB RAM, "
        f"Linux {platform.release()}; load average at start {load}"
    )


def versions(target, wrk_version):
    parts = [
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"gunicorn {version('gunicorn')}",
        f"argon2-cffi {version('argon2-cffi')}",
        database_version(),
    ]
    if target.redis_url:
        parts.append(redis_version(target.redis_url))
    parts.append(wrk_version)
    return ", ".join(parts)


def database_version():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return f"SQLite {sqlite3.sqlite_version}"


def redis_version(url):
    import redis

    info = redis.Redis.from_url(url, socket_timeout=3).info("server")
    return f"Redis {info['redis_version']}"


def code_version():
    """The commit measured, and whether the working tree differed from it."""
    head = git("rev-parse", "--short", "HEAD") or "unknown commit"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{head} (with uncommitted changes)" if dirty else head


def command_line():
    """The command as it was typed, with the settings that change what it measures."""
    settings = [
        f"{name}={mask(os.environ[name])}"
        for name in ("DATABASE_URL", "REDIS_URL")
        if os.environ.get(name)
    ]
    program = [relative(sys.executable), relative(sys.argv[0]), *sys.argv[1:]]
    return " ".join([*settings, shlex.join(program)])


def relative(path):
    """Show a path under the project root as the Makefile would spell it."""
    resolved = Path(path).absolute()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def git(*args):
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip()


def read(path):
    try:
        return Path(path).read_text().splitlines()
    except OSError:
        return []
