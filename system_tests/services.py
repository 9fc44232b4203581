"""Where the system tests find PostgreSQL and Redis on this machine, and whether they answer."""

import psycopg
import redis

POSTGRES_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/{name}"
REDIS_URL = "redis://127.0.0.1:6379/{db}"


def missing_services():
    """Name each service the scale-out test needs that does not answer here."""
    missing = []
    try:
        psycopg.connect(POSTGRES_ADMIN).close()
    except psycopg.Error as error:
        missing.append(f"PostgreSQL ({POSTGRES_ADMIN}: {error})".strip())
    try:
        redis.Redis.from_url(
            REDIS_URL.format(db=0), socket_connect_timeout=3, socket_timeout=3
        ).ping()
    except redis.RedisError as error:
        missing.append(f"Redis ({REDIS_URL.format(db=0)}: {error})")
    return missing
