"""Issue 14.4: a lost database connection (or a SQLite file another writer keeps locked)
is tried again with backoff on reads too, not only on storing, then ends in one clear
StoreError. Faults are injected at the engine's connect."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from store_fixtures import make_article

import marsad.store.store as store_mod
from marsad.store import Store, StoreError


def _disconnect() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("SELECT ...", {}, Exception(
        "server closed the connection unexpectedly\n\tThis probably means..."),
        connection_invalidated=True)


def _locked() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("SELECT ...", {}, Exception("database is locked"))


def _flaky_connect(store, monkeypatch, losses: int, fault=_disconnect) -> list[int]:
    """The next ``losses`` connections fail with ``fault``; returns the count of tries."""
    connect, tries = store._engine.connect, [0]

    def flaky():
        tries[0] += 1
        if tries[0] <= losses:
            raise fault()
        return connect()

    monkeypatch.setattr(store._engine, "connect", flaky)
    return tries


READS = {
    "stats": lambda s: s.stats()["articles"],
    "event_mentions": lambda s: len(s.event_mentions()),
    "articles": lambda s: [a.id for a in s.articles(with_text=False)],
    "unchecked_mention_ids": lambda s: len(s.unchecked_mention_ids()),
    "iter_events": lambda s: [e.id for batch in s.iter_events() for e in batch],
}


@pytest.mark.parametrize("read", sorted(READS))
@pytest.mark.parametrize("fault", [_disconnect, _locked])
def test_a_read_is_tried_again_with_backoff(store_url, monkeypatch, slept, read, fault):
    with Store(store_url) as store:
        store.add_article(make_article())
        expected = READS[read](store)
        _flaky_connect(store, monkeypatch, losses=2, fault=fault)
        assert READS[read](store) == expected
    assert slept == [0.5, 1.0]   # backoff: each pause longer


@pytest.mark.parametrize("fault", [_disconnect, _locked])
def test_a_read_failing_for_good_is_one_store_error(store_url, monkeypatch, slept, fault):
    with Store(store_url) as store:
        store.add_article(make_article())
        # SQLite's busy file is named as such; a server's operational error is a lost link
        says = ("stayed locked by another writer" if fault is _locked and store.path
                else "lost the connection to store")
        tries = _flaky_connect(store, monkeypatch, losses=10**6, fault=fault)
        with pytest.raises(StoreError, match=says + r".*, 4 tries; what was stored") as info:
            store.events()
        assert "\n" not in str(info.value)
        assert tries[0] == 4 and slept == [0.5, 1.0, 2.0]


def test_an_error_of_the_query_is_not_tried_again(store_url, monkeypatch, slept):
    with Store(store_url) as store:
        def wrong():
            raise sa.exc.ProgrammingError("SELECT ...", {}, Exception("no such column"))

        monkeypatch.setattr(store._engine, "connect", wrong)
        with pytest.raises(sa.exc.ProgrammingError):
            store.stats()
    assert slept == []


def test_nested_retried_calls_retry_once_not_per_level(store_url, monkeypatch, slept):
    """event_bundles reads through other retried reads: a connection lost for good costs
    one round of pauses, not one per level."""
    with Store(store_url) as store:
        store.add_article(make_article())
        tries = _flaky_connect(store, monkeypatch, losses=10**6)
        with pytest.raises(StoreError):
            store.retrying(lambda: store.event_bundles(store.events()))
        assert tries[0] == 4 and slept == [0.5, 1.0, 2.0]


def test_what_counts_as_transient():
    assert store_mod.is_transient(_disconnect(), server=False)
    assert store_mod.is_transient(_locked(), server=False)      # SQLite busy past its wait
    assert store_mod.is_transient(sa.exc.DisconnectionError("pool: connection dead"))
    assert not store_mod.is_transient(
        sa.exc.IntegrityError("INSERT", {}, Exception("duplicate key")), server=True)
    assert not store_mod.is_transient(
        sa.exc.OperationalError("SELECT", {}, Exception("no such table: x")), server=False)
    assert not store_mod.is_transient(ValueError("x"))
