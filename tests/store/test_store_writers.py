"""Several writers on one store: the database decides article identity, and the store's
locks serialize migrations and linking across processes (issue 14, item 2)."""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os

import pytest
import sqlalchemy as sa

from store_fixtures import make_article, needs_pg, pg_schema_url
from marsad.store import Store, StoreError, schema
from marsad.store.locks import advisory_key
import marsad.store.store as store_mod


def test_an_article_stored_by_another_writer_is_skipped(store_url):
    a, b = make_article(), make_article("Another report\n\nShells hit Douma on Monday. "
                                        "Two people were killed. Nobody denied it.")
    with Store(store_url) as one, Store(store_url) as two:
        assert one.add_article(a) is True
        assert two.add_article(a) is False
        assert [(x.id, new) for x, new in two.add_articles([a, b, b])] == [
            (a.id, False), (b.id, True), (b.id, False)]
        stats = one.stats()
    assert stats["articles"] == 2 and stats["event_mentions"] == 4 and stats["claims"] == 4


def test_insert_or_skip_holds_when_the_lookup_misses_a_concurrent_insert(store_url, monkeypatch,
                                                                         caplog):
    """Another writer may store an article between this batch's look-up and its insert:
    the insert itself skips it (ON CONFLICT DO NOTHING), with no error and no retry."""
    a = make_article()
    with Store(store_url) as one, Store(store_url) as two:
        one.add_article(a)
        monkeypatch.setattr(store_mod, "chunks", lambda items, size=500: iter(()))  # blind look-up
        with caplog.at_level(logging.INFO, logger="marsad.store.store"):
            assert [new for _, new in two.add_articles([a])] == [False]
            assert two.add_article(a) is False
        assert "one by one" not in caplog.text
        assert two.stats()["articles"] == 1 and two.stats()["sentences"] == one.stats()["sentences"]


def test_settings_are_upserted(store_url):
    with Store(store_url) as one, Store(store_url) as two:
        one.set_setting("theater", "syria")
        two.set_setting("theater", "syria")
        two.set_setting("theater", "iraq")
        assert one.get_setting("theater") == "iraq"
        with one._engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(schema.settings)).scalar() == 1


def _try_lock(path, out) -> None:
    fd = open(path, "a")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        out.put("locked")
    except BlockingIOError:
        out.put("busy")
    finally:
        fd.close()


def _probe(path) -> str:
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    p = ctx.Process(target=_try_lock, args=(path, out))
    p.start()
    p.join(60)
    return out.get(timeout=10)


def test_link_lock_is_a_file_lock_beside_the_database(tmp_path):
    with Store(tmp_path / "s.db") as store:
        lock_file = tmp_path / "s.db.lock"
        with store.lock("link"):
            assert lock_file.exists()
            assert _probe(lock_file) == "busy"     # another process must wait
        assert _probe(lock_file) == "locked"       # released after the block


def test_memory_store_lock_is_in_process(tmp_path):
    with Store(":memory:") as store:
        with store.lock("link"):
            pass
    assert list(tmp_path.iterdir()) == []


def test_opening_a_migrated_store_takes_no_lock(store_url, monkeypatch):
    Store(store_url).close()
    calls = []
    real = store_mod.store_lock
    monkeypatch.setattr(store_mod, "store_lock", lambda *a: calls.append(a[1]) or real(*a))
    Store(store_url).close()
    assert calls == []


def _try_advisory(url, key, out) -> None:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        got = conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        out.put("locked" if got else "busy")
    engine.dispose()


@needs_pg
def test_link_lock_is_an_advisory_lock_on_postgresql():
    with pg_schema_url() as url, Store(url) as store:
        ctx = multiprocessing.get_context("fork")
        key = advisory_key("link")

        def probe() -> str:
            out = ctx.Queue()
            p = ctx.Process(target=_try_advisory, args=(url, key, out))
            p.start()
            p.join(60)
            return out.get(timeout=10)

        with store.lock("link"):
            assert probe() == "busy"       # another session must wait
        assert probe() == "locked"         # released after the block


def _disconnect() -> sa.exc.OperationalError:
    return sa.exc.OperationalError("INSERT ...", {}, Exception(
        "server closed the connection unexpectedly\n\tThis probably means..."),
        connection_invalidated=True)


@pytest.mark.parametrize("losses", [1, 3])
def test_a_lost_connection_is_tried_again_and_the_batch_stored_once(store_url, monkeypatch,
                                                                    losses):
    """Issue 14.4: a connection lost mid-write (the transaction rolled back) is tried again
    after a pause, and the batch is stored whole, once; no article is failed for it."""
    a, b = make_article(), make_article("Another report\n\nShells hit Douma on Monday. "
                                        "Two people were killed. Nobody denied it.")
    monkeypatch.setattr(store_mod, "RETRY_DELAYS", (0.0, 0.0, 0.0))
    slept: list[float] = []
    monkeypatch.setattr(store_mod.time, "sleep", slept.append)
    with Store(store_url) as store:
        begin, lost = store.begin, [0]

        def flaky_begin():
            if lost[0] < losses:
                lost[0] += 1
                raise _disconnect()
            return begin()

        monkeypatch.setattr(store, "begin", flaky_begin)
        failed: list = []
        out = [(x.id, new) for x, new in store.add_articles(
            [a, b], on_error=lambda art, exc: failed.append(exc))]
        assert out == [(a.id, True), (b.id, True)] and not failed
        assert slept == [0.0] * losses
        assert store.stats()["articles"] == 2 and store.stats()["event_mentions"] == 4


def test_a_connection_lost_for_good_is_one_store_error(store_url, monkeypatch):
    monkeypatch.setattr(store_mod, "RETRY_DELAYS", (0.0, 0.0))
    monkeypatch.setattr(store_mod.time, "sleep", lambda s: None)
    with Store(store_url) as store:
        def lost():
            raise _disconnect()

        monkeypatch.setattr(store, "begin", lost)
        monkeypatch.setattr(store._engine, "connect", lost)
        failed: list = []
        with pytest.raises(StoreError, match=r"lost the connection to store .*\(server closed "
                                             r"the connection unexpectedly\), 3 tries") as info:
            list(store.add_articles([make_article()], on_error=lambda a, e: failed.append(e)))
        assert "\n" not in str(info.value) and not failed   # no article blamed for it
        with pytest.raises(StoreError, match="lost the connection"):
            store.stored_article_ids(["x"])


@needs_pg
def test_connections_dropped_by_the_server_are_replaced():
    """A pooled connection the server terminated while idle (a restart, an admin, a proxy)
    is replaced at checkout: the next write and read succeed."""
    with pg_schema_url() as base:
        app = f"marsad-drop-{os.getpid()}"   # this store's connections, and no one else's
        url = sa.make_url(base).update_query_dict({"application_name": app},
                                                  append=True).render_as_string(False)
        store = Store(url)
        store.add_article(make_article())
        engine = sa.create_engine(base)
        with engine.connect() as conn:   # every connection in its pool, and wait till gone
            killed = conn.execute(sa.text(
                "SELECT count(pg_terminate_backend(pid, 30000)) FROM pg_stat_activity "
                "WHERE application_name = :app"), {"app": app}).scalar()
        assert killed >= 1
        engine.dispose()
        try:
            assert store.stored_article_ids([make_article().id]) == {make_article().id}
            assert [new for _, new in store.add_articles([make_article(
                "Later report\n\nShells hit Homs on Monday. Two people were killed. "
                "Nobody denied it.")])] == [True]
        finally:
            store.close()


def test_what_counts_as_a_lost_connection():
    refused = sa.exc.OperationalError("connect", {}, Exception("Connection refused"))
    locked = sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))
    bad_row = sa.exc.IntegrityError("INSERT", {}, Exception("duplicate key"))
    assert store_mod.is_disconnect(_disconnect(), server=False)
    assert store_mod.is_disconnect(refused, server=True)       # a server refusing: try again
    assert not store_mod.is_disconnect(locked, server=False)   # SQLite: its own busy wait
    assert not store_mod.is_disconnect(bad_row, server=True)   # the data's error, not the link's
    assert not store_mod.is_disconnect(ValueError("x"))
