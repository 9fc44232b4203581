from django.contrib.sessions.backends import cached_db

from . import PreparedSessionMixin


class SessionStore(PreparedSessionMixin, cached_db.SessionStore):
    """`django.contrib.sessions.backends.cached_db`: the cache first, then the prepared query."""
