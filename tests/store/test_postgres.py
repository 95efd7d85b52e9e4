"""The same store on PostgreSQL: runs when MARSAD_TEST_PG_URL names an empty scratch
database (e.g. postgresql+psycopg2://postgres@/marsad_test?host=/tmp&port=54329)."""

from __future__ import annotations

import io
import os

import pytest
import sqlalchemy as sa

from store_fixtures import make_article
from marsad.export import events_frame, export
from marsad.store import MIGRATIONS, Store, schema, singleton_events

PG_URL = os.environ.get("MARSAD_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="set MARSAD_TEST_PG_URL to test PostgreSQL")


@pytest.fixture
def pg_store():
    engine = sa.create_engine(PG_URL)
    schema.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS marsad_migrations"))
    engine.dispose()
    with Store(PG_URL) as store:
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
