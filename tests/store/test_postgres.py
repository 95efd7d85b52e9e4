"""The store's whole round trip on PostgreSQL in one test (every store test also runs
there): runs when MARSAD_TEST_PG_URL names a scratch database (see store_fixtures.py)."""

from __future__ import annotations

import io

import pytest

from store_fixtures import make_article, needs_pg, pg_schema_url
from marsad.export import events_frame, export
from marsad.store import MIGRATIONS, Store, singleton_events

pytestmark = needs_pg


@pytest.fixture
def pg_store():
    with pg_schema_url() as url, Store(url) as store:
        yield store


def test_postgres_round_trip_batches_events_and_exports(pg_store, article, other_article):
    assert [n for n, _ in pg_store.applied_migrations()] == [m.name for m in MIGRATIONS]
    assert pg_store.add_article(article)
    assert not pg_store.add_article(article)
    broken = make_article("Broken. Rebels seized the factory. Five died. Denied.")
    broken.claims[0].source = None
    failed = []
    results = list(pg_store.add_articles([broken, other_article],
                                         on_error=lambda a, e: failed.append(a.id)))
    assert failed == [broken.id] and [ok for _, ok in results] == [True]
    assert pg_store.get_article(article.id) == article
    assert pg_store.get_article(other_article.id) == other_article
    events = singleton_events(pg_store.event_mentions(unlinked=True))
    pg_store.save_events(events)
    pg_store.save_events(events[:1])  # update path
    assert pg_store.event_mentions(unlinked=True) == []
    assert pg_store.get_event(events[0].id) == events[0]
    assert len(pg_store.events(place="ALEPPO", start="2016-08-01")) == 4
    assert len(pg_store.events_overlapping(None, None)) == 0
    assert len(events_frame(pg_store, pack=None)) == 4
    fh = io.StringIO()
    assert export(pg_store, "jsonl", fh) == 4
