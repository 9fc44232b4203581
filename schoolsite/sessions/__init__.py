"""Django's database-backed session stores, reading a session with SQL compiled once.

`SESSION_ENGINE` names `schoolsite.sessions.db` or `schoolsite.sessions.cached_db`: the same
stores as `django.contrib.sessions.backends.*`, same table, same rules, with one change. Every
signed-in request reads its session, and the ORM spent about 0.4 ms compiling that query each
time, several times what running it costs.

A session's text is also decoded once per process while it stays the same: checking its
signature and reading it cost a twentieth of a dashboard on every request.
"""

import threading
from collections import OrderedDict

from django.contrib.sessions.models import Session
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone

from schoolsite.prepared import PreparedGet

SESSION_BY_KEY = PreparedGet(Session.objects.all, "session_key")
DECODED_KEPT = 4096  # session texts remembered per process, the least recently read dropped
DECODED_LONGEST = 4096  # characters: a longer session text is decoded each time
_decoded = OrderedDict()
_decoded_lock = threading.Lock()  # runserver and threaded workers share the process


class PreparedSessionMixin:
    """Django's session store, reading by key through `SESSION_BY_KEY`, decoding once."""

    def _get_session_from_db(self):
        session = SESSION_BY_KEY.get(self.session_key) if self.session_key else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None  # what Django's store does for a missing or expired key
            return None
        return session

    def decode(self, session_data):
        """Django's `decode()`, remembered per session text (the signature is part of it).

        What is kept is the serialized payload, not the dict: each request gets its own
        copy to change. A text that does not decode is never kept, so Django logs it each time.
        """
        key = (self.key_salt, session_data)
        with _decoded_lock:
            payload = _decoded.get(key)
            if payload is not None:
                _decoded.move_to_end(key)
        if payload is not None:
            return self.serializer().loads(payload)
        session = super().decode(session_data)
        if session and len(session_data) <= DECODED_LONGEST:
            payload = self.serializer().dumps(session)
            with _decoded_lock:
                _decoded[key] = payload
                if len(_decoded) > DECODED_KEPT:
                    _decoded.popitem(last=False)
        return session


@receiver(setting_changed)
def forget_decoded(*, setting, **kwargs):
    """What was decoded under one signing key or serializer is not valid under another."""
    if setting in {"SECRET_KEY", "SECRET_KEY_FALLBACKS", "SESSION_SERIALIZER"}:
        with _decoded_lock:
            _decoded.clear()
