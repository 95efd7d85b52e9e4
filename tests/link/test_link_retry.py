"""Issue 14.4: a connection lost while linking is tried again with backoff (the whole link
run, under its lock: its writes are whole transactions), then one clear error; a link run
that failed for good leaves nothing half-done, and the next one links as a clean run."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from linkfixtures import fake_pack
from test_link_batches import corpus

from marsad import api
from marsad.link import link_store
from marsad.store import Store, StoreError


def _disconnect() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("UPDATE ...", {}, Exception(
        "server closed the connection unexpectedly"), connection_invalidated=True)


def _stored(path, articles) -> Store:
    store = Store(path)
    for a in articles:
        store.add_article(a)
    return store


def _clean(tmp_path, articles) -> dict:
    with _stored(tmp_path / "clean.db", articles) as store:
        link_store(store, fake_pack())
        return api.stats(store)


def _fail_writes(store, monkeypatch, at: set[int]) -> list[int]:
    """The write transactions numbered in ``at`` (1 = the first) lose their connection."""
    begin, n = store.begin, [0]

    def flaky():
        n[0] += 1
        if n[0] in at:
            raise _disconnect()
        return begin()

    monkeypatch.setattr(store, "begin", flaky)
    return n


def _fail_reads(store, monkeypatch, at: set[int]) -> None:
    connect, n = store._engine.connect, [0]

    def flaky():
        n[0] += 1
        if n[0] in at:
            raise _disconnect()
        return connect()

    monkeypatch.setattr(store._engine, "connect", flaky)


@pytest.mark.parametrize("where", ["write", "read"])
def test_a_connection_lost_while_linking_is_tried_again(tmp_path, monkeypatch, slept, where):
    articles = corpus(n=12)
    clean = _clean(tmp_path, articles)
    with _stored(tmp_path / "s.db", articles) as store:
        if where == "read":
            _fail_reads(store, monkeypatch, {3, 4})
        else:   # the run's write: the events and the new mentions' index, one transaction
            _fail_writes(store, monkeypatch, {1, 2})
        report = link_store(store, fake_pack())
        assert report.linked > 0
        monkeypatch.undo()
        assert api.stats(store) == clean
    assert slept == [0.5, 1.0]   # backoff: each pause longer


def test_a_connection_lost_for_good_while_linking_is_one_error_and_nothing_half_done(
        tmp_path, monkeypatch, slept):
    articles = corpus(n=12)
    clean = _clean(tmp_path, articles)
    with _stored(tmp_path / "s.db", articles) as store:
        before = api.stats(store)
        tries = _fail_writes(store, monkeypatch, set(range(1, 10**6)))
        with pytest.raises(StoreError, match=r"lost the connection to store .*, 4 tries") as info:
            link_store(store, fake_pack())
        assert "\n" not in str(info.value)
        assert slept == [0.5, 1.0, 2.0] and tries[0] == 4   # one round, not one per level
        monkeypatch.undo()
        assert api.stats(store) == before   # no event stored, no mention marked
        link_store(store, fake_pack())      # the server is back: as a clean run
        assert api.stats(store) == clean
