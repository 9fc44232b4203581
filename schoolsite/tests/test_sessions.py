"""The session stores: Django's, with a session's text decoded once while it stays the same."""

from collections import OrderedDict
from importlib import import_module

import pytest
from django.conf import settings

import schoolsite.sessions as sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def saved_text(store, **data):
    session = store()
    session.update(data)
    return session.encode(session._session)


def test_a_session_read_again_is_not_verified_again(store, monkeypatch):
    text = saved_text(store, _auth_user_id="7", previous_login="2026-11-20T08:00:00+00:00")
    first = store().decode(text)

    def verify_again(*args, **kwargs):
        raise AssertionError("the signature was checked again")

    monkeypatch.setattr("django.core.signing.loads", verify_again)
    assert (
        store().decode(text)
        == first
        == {
            "_auth_user_id": "7",
            "previous_login": "2026-11-20T08:00:00+00:00",
        }
    )


def test_each_read_gets_its_own_copy_to_change(store):
    text = saved_text(store, basket=["a"])
    store().decode(text)["basket"].append("b")  # a request changes what it read, unsaved
    assert store().decode(text) == {"basket": ["a"]}


def test_a_tampered_session_is_refused_each_time_and_never_kept(store, caplog):
    text = saved_text(store, _auth_user_id="7")
    forged = text[:-3] + ("aaa" if not text.endswith("aaa") else "bbb")
    for _ in range(2):
        assert store().decode(forged) == {}
    assert not any(forged in key for key in sessions._decoded)
    assert [r.getMessage() for r in caplog.records].count("Session data corrupted") == 2


def test_what_is_kept_is_bounded(store, monkeypatch):
    monkeypatch.setattr(sessions, "DECODED_KEPT", 3)
    monkeypatch.setattr(sessions, "_decoded", OrderedDict())
    texts = [saved_text(store, n=n) for n in range(5)]
    for text in texts:
        store().decode(text)
    store().decode(texts[2])  # read again: now the most recent
    store().decode(saved_text(store, n=5))
    assert [text for _, text in sessions._decoded][:2] == [texts[4], texts[2]]
    assert len(sessions._decoded) == 3


def test_a_session_signed_with_a_key_no_longer_valid_is_refused(store, settings):
    text = saved_text(store, _auth_user_id="7")
    assert store().decode(text) == {"_auth_user_id": "7"}
    settings.SECRET_KEY = "a-new-key-" * 6  # the operator rotated the key, dropping the old one
    assert store().decode(text) == {}
