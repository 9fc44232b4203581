from django.contrib.sessions.backends import db

from . import PreparedSessionMixin


class SessionStore(PreparedSessionMixin, db.SessionStore):
    """`django.contrib.sessions.backends.db`, reading with a prepared query."""
