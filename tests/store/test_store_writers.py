"""Several writers on one store: the database decides article identity, and the store's
locks serialize migrations and linking across processes (issue 14, item 2)."""

from __future__ import annotations

import fcntl
import logging
import multiprocessing

import sqlalchemy as sa

from store_fixtures import make_article
from marsad.store import Store, schema
import marsad.store.store as store_mod


def test_an_article_stored_by_another_writer_is_skipped(tmp_path):
    a, b = make_article(), make_article("Another report\n\nShells hit Douma on Monday. "
                                        "Two people were killed. Nobody denied it.")
    with Store(tmp_path / "s.db") as one, Store(tmp_path / "s.db") as two:
        assert one.add_article(a) is True
        assert two.add_article(a) is False
        assert [(x.id, new) for x, new in two.add_articles([a, b, b])] == [
            (a.id, False), (b.id, True), (b.id, False)]
        stats = one.stats()
    assert stats["articles"] == 2 and stats["event_mentions"] == 4 and stats["claims"] == 4


def test_insert_or_skip_holds_when_the_lookup_misses_a_concurrent_insert(tmp_path, monkeypatch,
                                                                         caplog):
    """Another writer may store an article between this batch's look-up and its insert:
    the insert itself skips it (ON CONFLICT DO NOTHING), with no error and no retry."""
    a = make_article()
    with Store(tmp_path / "s.db") as one, Store(tmp_path / "s.db") as two:
        one.add_article(a)
        monkeypatch.setattr(store_mod, "chunks", lambda items, size=500: iter(()))  # blind look-up
        with caplog.at_level(logging.INFO, logger="marsad.store.store"):
            assert [new for _, new in two.add_articles([a])] == [False]
            assert two.add_article(a) is False
        assert "one by one" not in caplog.text
        assert two.stats()["articles"] == 1 and two.stats()["sentences"] == one.stats()["sentences"]


def test_settings_are_upserted(tmp_path):
    with Store(tmp_path / "s.db") as one, Store(tmp_path / "s.db") as two:
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


def test_opening_a_migrated_store_takes_no_lock(tmp_path, monkeypatch):
    Store(tmp_path / "s.db").close()
    calls = []
    real = store_mod.store_lock
    monkeypatch.setattr(store_mod, "store_lock", lambda *a: calls.append(a[1]) or real(*a))
    Store(tmp_path / "s.db").close()
    assert calls == []
