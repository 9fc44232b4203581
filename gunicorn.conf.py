"""gunicorn's settings for `gunicorn schoolsite.wsgi`, read from the directory it starts in.

Threaded workers: argon2-cffi releases the GIL while it hashes, so a worker keeps serving
pages on its other threads while sign-ins are being verified. Options on the command line
(`--workers`, `--bind`...) and in GUNICORN_CMD_ARGS take precedence over these.
"""

import os

# One process per core runs Python code in parallel; threads overlap the hashing and the
# waits on the database within each of them. Each thread that has hashed keeps 19 MiB and
# each holds a database connection. On two cores, 8 threads sign 300 students in as fast as
# 4 do and keep a dashboard waiting less meanwhile; 16 gain little more for twice the memory.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or len(os.sched_getaffinity(0)))
threads = int(os.environ.get("GUNICORN_THREADS") or 8)

# gunicorn's own convention: a PORT given by the platform is served on every interface.
port = os.environ.get("PORT")
bind = [f"0.0.0.0:{port}"] if port else ["127.0.0.1:8000"]

# The reverse proxy in front logs requests; `--access-logfile -` turns gunicorn's log on.
accesslog = None
