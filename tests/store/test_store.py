from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
import sqlalchemy as sa

from store_fixtures import make_article
from marsad.model import Event, ResolvedDate
from marsad.store import Migration, MIGRATIONS, NotFoundError, Store, StoreError, singleton_events
from marsad.store import rows as store_rows


@pytest.fixture
def store(store_url):
    """A new store, once on SQLite and once on PostgreSQL (see conftest.py)."""
    with Store(store_url) as s:
        yield s


def test_round_trip_article_equal(store, article):
    assert store.add_article(article) is True
    got = store.get_article(article.id)
    assert got == article
    assert store.has_article(article.id)
    assert not store.has_article("nope")


def test_same_article_twice_is_a_noop(store, article):
    assert store.add_article(article)
    before = store.stats()
    assert store.add_article(make_article()) is False
    assert store.stats() == before
    assert before["sentences"] == len(article.sentences) and before["event_mentions"] == 2


def test_failure_mid_transaction_leaves_store_as_it_was(store, article, other_article, monkeypatch):
    assert store.add_article(other_article)
    before = store.stats()

    def boom(claim, seq):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(store_rows, "claim_row", boom)
    with pytest.raises(RuntimeError, match="injected"):
        store.add_article(article)
    assert store.stats() == before
    assert not store.has_article(article.id)
    assert store.get_article(other_article.id) == other_article
    monkeypatch.undo()
    assert store.add_article(article)  # a retry stores it


def test_duplicate_mention_ids_are_a_clear_error(store, article):
    article.events.append(dataclasses.replace(article.events[0]))
    with pytest.raises(StoreError, match="two event mentions with id"):
        store.add_article(article)
    assert store.stats()["articles"] == 0


def test_get_missing_article(store):
    with pytest.raises(NotFoundError, match="no article 'x'"):
        store.get_article("x")


def test_migrations_applied_once_and_recorded(store_url):
    calls = []

    def add_notes(conn):
        calls.append(1)
        conn.execute(sa.text("CREATE TABLE extra_notes (id INTEGER PRIMARY KEY, body TEXT)"))

    path = store_url
    known = [m.name for m in MIGRATIONS]
    with Store(path) as s:
        assert [n for n, _ in s.applied_migrations()] == known
    later = (*MIGRATIONS, Migration("9999_extra_notes", add_notes))
    with Store(path, migrations=later) as s:
        names = [n for n, _ in s.applied_migrations()]
        assert names == [*known, "9999_extra_notes"]
        assert all(isinstance(t, dt.datetime) for _, t in s.applied_migrations())
    with Store(path, migrations=later) as s:
        assert s.migrate() == []
    assert calls == [1]
    with pytest.raises(StoreError, match="newer marsad"):
        Store(path)  # the old code does not know 9999


def test_index_migration_upgrades_a_first_version_store(store_url):
    path = store_url
    with Store(path, migrations=MIGRATIONS[:1]) as s:  # as the first release left it
        with s._engine.begin() as conn:
            conn.execute(sa.text("CREATE INDEX ix_mentions_kind_norm ON mentions (kind, norm)"))
    with Store(path) as s:
        assert "0002_drop_unused_mention_indexes" in [n for n, _ in s.applied_migrations()]
        with s._engine.connect() as conn:
            names = {i["name"] for i in sa.inspect(conn).get_indexes("mentions")}
    assert "ix_mentions_kind_norm" not in names


def test_open_missing_without_create(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "missing.db", create=False)


def test_singleton_events_and_linking(store, article, other_article):
    store.add_article(article)
    store.add_article(other_article)
    unlinked = store.event_mentions(unlinked=True)
    assert len(unlinked) == 4
    events = singleton_events(unlinked)
    assert len(events) == 4  # two asserted mentions per article
    assert all(len(e.mentions) == 1 for e in events)
    store.save_events(events)
    assert store.event_mentions(unlinked=True) == []
    ev = store.get_event(events[0].id)
    assert ev == events[0]
    linked = store.event_mentions(event_ids=[ev.id])
    assert [m.id for m in linked] == ev.mentions
    assert {c.event_mention for c in store.claims_for(ev.mentions)} == set(ev.mentions)


def test_singleton_skips_non_asserted(article):
    full = make_article(n_events=3)
    assert len(full.events) == 3
    assert len(singleton_events(full.events)) == 2


def test_save_events_upserts_and_relinks(store, article):
    store.add_article(article)
    a, b = singleton_events(article.events)
    store.save_events([a, b])
    merged = dataclasses.replace(a, mentions=[*a.mentions, *b.mentions],
                                 linking="test")
    store.save_events([merged])
    store.delete_events([b.id])
    assert store.get_event(b.id) is None
    assert store.get_event(a.id).attrs_dict() == {"linking": "test"}
    assert {m.event_id for m in store.event_mentions()} == {a.id}
    # shrinking the event unlinks the dropped mention
    store.save_events([dataclasses.replace(a, mentions=[a.mentions[0]])])
    assert [m.id for m in store.event_mentions(unlinked=True)] == b.mentions


def test_save_events_new_mentions_only_points_those(store, article):
    store.add_article(article)
    a, b = singleton_events(article.events)
    store.save_events([a])
    grown = dataclasses.replace(a, mentions=[*a.mentions, *b.mentions])
    # only b's mention is new: a's stays linked, nothing is re-pointed or unlinked
    store.save_events([grown], new_mentions=b.mentions)
    assert {m.id: m.event_id for m in store.event_mentions()} == {
        a.mentions[0]: a.id, b.mentions[0]: a.id}
    assert store.get_event(a.id).mentions == grown.mentions
    # a mention not named as new is left as it is (here: unlinked)
    c = dataclasses.replace(b, id="other-event")
    store.save_events([c], new_mentions=[])
    assert store.event_mentions(event_ids=["other-event"]) == []


def test_event_filters(store, article, other_article):
    store.add_article(article)
    store.add_article(other_article)
    events = singleton_events(store.event_mentions())
    shifted = dataclasses.replace(events[-1], date=ResolvedDate(dt.date(2016, 9, 1),
                                                                dt.date(2016, 9, 30), "month"))
    undated = Event(id="undated", event_type="Strategic developments",
                    sub_event_type="Other", actor1="syrian-army")
    store.save_events([*events[:-1], shifted, undated])
    assert len(store.events()) == 5
    assert store.events()[-1].id == "undated"  # unknown dates last
    assert {e.id for e in store.events(start="2016-09-15")} == {shifted.id}
    assert len(store.events(end=dt.date(2016, 8, 31))) == 3
    assert len(store.events(place="aleppo")) == 4
    assert len(store.events(place="Nowhere")) == 0
    assert len(store.events(event_type="armed clash")) == 2
    assert len(store.events(event_type="strategic")) == 1
    assert len(store.events(actor="syrian-army")) == 5
    assert len(store.events(actor=["nobody", "jaish"])) == 4
    assert len(store.events(limit=2)) == 2
    with pytest.raises(ValueError, match="ISO date"):
        store.events(start="8/7/2016")


def test_events_overlapping(store, article):
    store.add_article(article)
    events = singleton_events(article.events)
    undated = Event(id="undated", event_type="Battles", sub_event_type="Armed clash")
    store.save_events([*events, undated])
    assert {e.id for e in store.events_overlapping("2016-08-06", "2016-08-07")} == {
        e.id for e in events}
    assert store.events_overlapping("2016-08-08", "2016-08-10") == []
    assert [e.id for e in store.events_overlapping(None, None)] == ["undated"]
    assert len(store.events_overlapping("2016-08-01", None)) == 3


def test_articles_listing_and_stats(store, article, other_article):
    store.add_article(other_article)
    store.add_article(article)
    listed = store.articles(with_text=False)
    assert [a.id for a in listed] == [article.id, other_article.id]  # by publication date
    assert listed[0].text == "" and listed[0].sentences == []
    assert store.articles([other_article.id])[0].text == other_article.text
    stats = store.stats()
    assert stats["articles"] == 2 and stats["claims"] == 4 and stats["events"] == 0
    assert store.find_event_ids("") == []


def test_memory_store_and_settings():
    with Store(":memory:") as s:
        assert s.path is None
        assert s.get_setting("theater") is None
        s.set_setting("theater", "syria")
        s.set_setting("theater", "iraq")
        assert s.get_setting("theater") == "iraq"


def test_store_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "env.db"))
    with Store() as s:
        assert s.path == (tmp_path / "env.db").resolve()


def test_db_failure_in_last_table_rolls_back_the_article(store, article):
    article.claims[0].source = None  # claims.source is NOT NULL: fails after 4 inserts
    with pytest.raises(StoreError, match=article.id):
        store.add_article(article)
    assert store.stats() == dict.fromkeys(store.stats(), 0)


def test_add_articles_batches_keep_each_article_atomic(store, article, other_article):
    texts = [f"Report {i}: Rebels seized the cement factory. At least 3 died. Denied. More."
             for i in range(7)]
    batch = [make_article(t) for t in texts]
    broken = make_article("Broken report. Rebels seized the factory. Five died. Denied.")
    broken.claims[-1].source = None               # a database error inside the batch
    dup = make_article("Dup ids. Rebels seized the factory. Five died. Denied.")
    dup.claims.append(dup.claims[0])              # rejected before any write
    assert store.add_article(other_article)
    failed = []
    stream = [article, *batch[:3], broken, article, other_article, dup, *batch[3:]]
    results = list(store.add_articles(stream, batch_size=4,
                                      on_error=lambda a, exc: failed.append((a.id, str(exc)))))
    assert [a.id for a, _ in results] == [a.id for a in stream if a not in (broken, dup)]
    assert [ok for _, ok in results] == [True, True, True, True, False, False] + [True] * 4
    assert [i for i, _ in failed] == [broken.id, dup.id]
    # SQLite: "NOT NULL constraint failed"; PostgreSQL: "violates not-null constraint"
    assert re.search("not.null", failed[0][1], re.I) and "two claims" in failed[1][1]
    assert not store.has_article(broken.id) and not store.has_article(dup.id)
    for a in [article, *batch]:
        assert store.get_article(a.id) == a
    assert store.stats()["articles"] == 9


def test_add_articles_raises_without_handler(store, article):
    article.claims.append(article.claims[0])
    with pytest.raises(StoreError, match="two claims"):
        list(store.add_articles([article]))


def test_attrs_migration_adds_the_column_to_an_older_store(store_url):
    path = store_url
    with Store(path, migrations=MIGRATIONS[:2]) as s:  # before EventMention.attrs existed
        with s._engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE event_mentions DROP COLUMN attrs"))
    with Store(path) as s:
        assert "0003_event_mention_attrs" in [n for n, _ in s.applied_migrations()]
        with s._engine.connect() as conn:
            cols = {c["name"] for c in sa.inspect(conn).get_columns("event_mentions")}
    assert "attrs" in cols




def test_mention_blocks_written_as_new_or_replaced_read_back_the_same(store_url):
    """set_mention_blocks(new=True) (the link run's new mentions: nothing to delete) writes
    the rows the replacing write does, on each backend; has_mention_blocks sees them."""
    rows = {"m2": [("g|2400|c1,2", 16800, 16806), ("~art|a2", None, None)],
            "m1": [("g|2400|c1,2", 16801, 16803), ("g|2401|c1,2", 16801, 16809)]}
    with Store(store_url) as store:
        assert not store.has_mention_blocks()
        store.set_mention_blocks(rows, new=True)
        assert store.has_mention_blocks()
        written = store.mention_block_rows(mention_ids=["m1", "m2"])
        store.set_mention_blocks(rows)   # replaced: the same rows, none twice
        assert store.mention_block_rows(mention_ids=["m1", "m2"]) == written
        assert written == sorted((k, mid, lo, hi) for mid, rs in rows.items()
                                 for k, lo, hi in rs)
        assert store.unindexed_mention_ids() == []
