"""Django's PostgreSQL backend, with a connection health check that needs no round trip.

With `CONN_HEALTH_CHECKS`, Django checks a persistent connection before a request first uses
it, by running `SELECT 1`: one round trip to the server on every request, one in three of
those a signed-in page makes. A connection that went bad while idle between requests (the
server restarted, or an operator ended the session) is one the server closed, or sent a last
message on before closing: its socket has something to read although no query is running.
Here the socket is looked at first, with one system call, and only a connection with
something waiting gets Django's `SELECT 1`. Everything else is Django's backend (`ENGINE` is set
to this module's package in settings when `DATABASE_URL` names PostgreSQL).
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus


class DatabaseWrapper(base.DatabaseWrapper):
    """Django's PostgreSQL connection, with `is_usable()` looking at the socket first."""

    def is_usable(self):
        """Django's check, run only when the idle connection has something to read.

        A connection not idle (a transaction left open or failed, a query still running) always
        gets Django's check, as does one whose socket cannot be polled.
        """
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status != TransactionStatus.IDLE:
            return super().is_usable()
        try:
            poll = select.poll()  # no limit on the descriptor's number, unlike select()
            poll.register(connection.fileno(), select.POLLIN)
            waiting = poll.poll(0)
        except (OSError, ValueError, base.Database.Error):
            return super().is_usable()
        return not waiting or super().is_usable()
