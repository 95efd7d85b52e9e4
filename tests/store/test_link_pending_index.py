"""Migration 0015: a link run finds its new mentions in a partial index of the mentions no
run has considered (instead of reading every row of ``event_mentions``), and the store
keeps a mark (``LINK_INDEX_CHECK``) where something other than a link run may have left
mentions or events out of the blocking indexes, so that only then does a run search the
whole store for them. On SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from marsad.model import Event
from marsad.store import Store, schema
from marsad.store.migrations import MIGRATIONS

from store_fixtures import TEXT, make_article

INDEX = "ix_event_mentions_unchecked"
NAMES = [m.name for m in MIGRATIONS]


def _indexes(store: Store) -> set[str]:
    with store.connect() as conn:
        return {i["name"] for i in sa.inspect(conn).get_indexes("event_mentions")}


def _plan(store: Store, backend: str) -> str:
    """How the database answers the link run's query of its new mentions."""
    em = schema.event_mentions
    stmt = sa.select(em.c.id).where(schema.UNCHECKED_MENTIONS)
    with store.connect() as conn:
        sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
        if backend == "sqlite":
            return " ".join(str(r) for r in conn.execute(sa.text("EXPLAIN QUERY PLAN " + sql)))
        # a table of a few rows is read whole whatever its indexes: ask whether it can
        # be answered from the index at all
        conn.execute(sa.text("SET LOCAL enable_seqscan = off"))
        return " ".join(r[0] for r in conn.execute(sa.text("EXPLAIN " + sql)))


def test_0015_indexes_the_new_mentions_of_an_older_store(store_url, backend):
    with Store(store_url, migrations=MIGRATIONS[:NAMES.index("0015_link_pending_index")]) as store:
        with store.begin() as conn:   # 0001 makes today's tables: as one made before 0015
            schema.UNCHECKED_MENTIONS_INDEX.drop(conn)
        store.add_article(make_article())
        store.add_article(make_article(TEXT + " More.", n_events=3))
        unchecked = store.unchecked_mention_ids()
        assert len(unchecked) == 5
        assert INDEX not in _indexes(store)
    with Store(store_url) as store:
        assert "0015_link_pending_index" in [n for n, _ in store.applied_migrations()]
        assert INDEX in _indexes(store)
        assert store.unchecked_mention_ids() == unchecked   # the same answer, from the index
        plan = _plan(store, backend)
        assert INDEX in plan, plan
        if backend == "sqlite":
            assert f"COVERING INDEX {INDEX}" in plan, plan   # the table's rows are not read
        store.mark_link_checked(unchecked[:2])   # a mention leaves it when marked
        assert store.unchecked_mention_ids() == unchecked[2:]
        # an older store holding mentions: the next link run searches it whole, once
        assert store.link_index_check() is not None


def test_a_new_store_has_the_index_and_nothing_to_search(store_url):
    with Store(store_url) as store:
        assert INDEX in _indexes(store)
        store.add_article(make_article())
        assert store.link_index_check() is None   # stored mentions are all new ones


def test_events_saved_outside_a_link_run_mark_the_store(store_url):
    """``save_events`` drops the events' blocking keys and may link mentions no link run
    indexed: the store is marked for a search; a run clears only the mark it saw."""
    with Store(store_url) as store:
        article = make_article()
        store.add_article(article)
        assert store.link_index_check() is None
        m = article.events[0]
        store.save_events([Event(id="e1", event_type=m.event_type,
                                 sub_event_type=m.sub_event_type, mentions=[m.id],
                                 articles=[article.id])])
        token = store.link_index_check()
        assert token is not None
        store.clear_link_index_check("another run's")   # set again since that run looked
        assert store.link_index_check() == token
        store.clear_link_index_check(token)
        assert store.link_index_check() is None


def test_mentions_stored_already_linked_mark_the_store(store_url):
    with Store(store_url) as store:
        plain, linked = make_article(), make_article(TEXT + " Later.")
        linked.events[0].event_id = "e-elsewhere"
        assert [new for _, new in store.add_articles([plain])] == [True]
        assert store.link_index_check() is None
        assert [new for _, new in store.add_articles([linked])] == [True]
        assert store.link_index_check() is not None
    with Store(store_url) as store:   # one by one too
        store.clear_link_index_check(store.link_index_check() or "")
        again = make_article(TEXT + " Again.")
        again.events[1].event_id = "e-elsewhere"
        assert store.add_article(again) is True
        assert store.link_index_check() is not None
