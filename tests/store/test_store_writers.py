"""Several writers on one store: the database decides article identity, and the store's
locks serialize migrations and linking across processes (issue 14, item 2)."""

from __future__ import annotations

import fcntl
import logging
import multiprocessing

import sqlalchemy as sa

from store_fixtures import make_article, needs_pg, pg_schema_url
from marsad.store import Store, schema
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
