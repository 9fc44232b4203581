"""What the benchmark runs against: a fresh database (SQLite or PostgreSQL), maybe Redis."""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.concurrent_registrations import SetupError, production_env


@dataclass(frozen=True)
class Target:
    """The database and cache under test, and how the report names them."""

    database_url: str
    redis_url: str

    @property
    def vendor(self):
        return "postgresql" if self.database_url.startswith("postgres") else "sqlite"

    @property
    def key(self):
        """Names this setup's section in docs/BENCHMARKS.md."""
        return f"{self.vendor}-redis" if self.redis_url else self.vendor

    @property
    def label(self):
        name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[self.vendor]
        return f"{name} + Redis" if self.redis_url else name


def choose_target(workdir):
    """Use DATABASE_URL and REDIS_URL when set, else a new SQLite file in `workdir`.

    A database given by DATABASE_URL is wiped and rebuilt, so its name must contain
    "bench": a typo must never point the benchmark at real data.
    """
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url:
        database_url = f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"
    elif "bench" not in database_name(database_url):
        raise SetupError(
            f"refusing to rebuild {mask(database_url)}: the benchmark wipes its database, "
            'so the database name must contain "bench" (e.g. schoolsite_bench)'
        )
    target = Target(database_url, redis_url)
    recreate_database(target)
    if redis_url:
        check_redis(redis_url)
    return target


def database_name(url):
    return urlsplit(url).path.lstrip("/").rsplit("/", 1)[-1]


def mask(url):
    """Hide a password in a URL shown in output or in the report."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def recreate_database(target):
    if target.vendor == "sqlite":
        path = Path(urlsplit(target.database_url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = database_name(target.database_url)
    maintenance = urlunsplit(urlsplit(target.database_url)._replace(path="/postgres"))
    try:
        with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as error:
        raise SetupError(f"cannot recreate {mask(target.database_url)}: {error}") from error


def check_redis(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise SetupError(f"Redis at {mask(url)} does not answer: {error}") from error


def server_environment(target):
    """Production settings on loopback: debug off, plain HTTP, a throwaway secret key."""
    return production_env(target.database_url, target.redis_url)
