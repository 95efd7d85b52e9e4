"""The events' date span (migration 0009): the days from each event's start to its end,
stored when the event is written, whose largest value in the store bounds the start of an
event that ends on or after a date filter's start. The bound must select exactly what the
filter selected without it, on every query, and an older store must get the column from
its dates without losing anything."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from marsad.model import Event, ResolvedDate
from marsad.store import Store, rows, schema
from marsad.store import query as sq
from marsad.store.migrations import MIGRATIONS
from marsad.store.query import EventFilter, event_page, find_events

from store_fixtures import make_article
from test_event_filter_columns import HAMA, expected_ids, varied_events

D = dt.date(2016, 3, 1)


@pytest.mark.parametrize(("start", "end", "span"), [
    (None, None, None), (D, None, 0), (D, D, 0), (D, D + dt.timedelta(days=40), 40),
    (D, D - dt.timedelta(days=3), 0), (None, D, rows.OPEN_SPAN)])
def test_date_span(start, end, span):
    assert rows.date_span(start, end) == span


def _spans(store: Store) -> dict[str, int | None]:
    t = schema.events
    with store.connect() as conn:
        return dict(conn.execute(sa.select(t.c.id, t.c.date_span)).tuples().all())


def _long_event(days: int, *, start: dt.date | None = dt.date(2015, 12, 1)) -> Event:
    """An event over ``days`` days from ``start`` (no start: ending then)."""
    end = (start or dt.date(2016, 2, 10)) + dt.timedelta(days=days)
    return Event(id=f"long{days}{'' if start else '-open'}", event_type="Battles",
                 sub_event_type="Armed clash", place=HAMA, geo_precision=1,
                 date=ResolvedDate(start, end, "month" if start else "unknown"))


#: date filters with starts before, inside and after the events' windows (varied_events:
#: 2016 onwards, spans of 0 to 9 days), alone and with the indexed filters
DATE_FILTERS = [
    EventFilter(start=dt.date(2016, 1, 1)), EventFilter(start=dt.date(2016, 2, 5)),
    EventFilter(start=dt.date(2016, 2, 7), end=dt.date(2016, 2, 20)),
    EventFilter(start=dt.date(2016, 4, 30), admin1="Hama", event_type="Battles"),
    EventFilter(start=dt.date(2016, 5, 3), record_only=True),
    EventFilter(start=dt.date(2016, 3, 4), admin1="Aleppo", end=dt.date(2016, 6, 1)),
    EventFilter(start=dt.date(2017, 1, 1)), EventFilter(start=dt.date(1, 1, 5)),
]


def _check_filters(store: Store, events: list[Event]) -> None:
    for f in DATE_FILTERS:
        want = expected_ids(events, f)
        found, total = find_events(store, f, limit=None)
        assert {e.id for e in found} == want, f
        assert total == len(want)
        page, page_total = event_page(store, f, limit=5, offset=1)
        assert [r.id for r in page] == [e.id for e in found][1:6]
        assert page_total == total
        with store.connect() as conn:   # the same as the filter without the bound
            unbounded = sa.select(schema.events.c.id).where(*sq.conditions(f))
            assert set(conn.scalars(unbounded)) == want
        assert set(sq.iter_event_ids(store, f)) == want
        assert sum(n for *_, n in sq.count_by(store, f, "event_type")) == len(want)
        assert sum(d["events"] for d in sq.day_counts(store, f)) == len(want)


def test_writing_an_event_stores_its_span(store_url):
    events = [*varied_events(), _long_event(30)]
    with Store(store_url) as store:
        store.save_events(events)
        assert _spans(store) == {e.id: rows.date_span(e.date.start, e.date.end) for e in events}
        with store.connect() as conn:
            assert sq.longest_span(conn) == 30
        shorter = _long_event(30)
        shorter.date = ResolvedDate(shorter.date.start, shorter.date.start, "day")
        store.save_events([shorter])   # re-linked to one day: no longer the longest
        with store.connect() as conn:
            assert sq.longest_span(conn) == 9


@pytest.mark.parametrize("extra", [[], [_long_event(75)], [_long_event(20, start=None)]],
                         ids=["short", "long", "end-without-start"])
def test_a_start_bound_selects_the_same_events(store_url, extra):
    events = [*varied_events(), *extra]
    with Store(store_url) as store:
        store.save_events(events)
        _check_filters(store, events)


def test_start_floor():
    assert sq.start_floor(D, 3) == D - dt.timedelta(days=3)
    assert sq.start_floor(D, None) is None
    assert sq.start_floor(D, rows.OPEN_SPAN) is None
    assert sq.start_floor(dt.date(1, 1, 2), 5) is None   # before the first representable day
    f = EventFilter(start=D)
    assert len(sq.conditions(f, span=4)) == len(sq.conditions(f)) + 1


def _as_before_0009(store: Store) -> None:
    """Make a store look as 0008 left it: no span column, no index on it."""
    with store.begin() as conn:
        prep = conn.dialect.identifier_preparer
        conn.execute(sa.text(f"DROP INDEX {prep.quote('ix_events_date_span')}"))
        conn.execute(sa.text(f"ALTER TABLE events DROP COLUMN {prep.quote('date_span')}"))
        conn.execute(schema.migrations_table.delete().where(
            schema.migrations_table.c.name == "0009_event_date_span"))


def test_migration_fills_the_spans_of_an_older_store_and_loses_nothing(store_url):
    events = [*varied_events(), _long_event(75), _long_event(20, start=None)]
    article = make_article(outlet="Hama Today")
    with Store(store_url, migrations=MIGRATIONS[:8]) as store:
        store.add_article(article)
        store.save_events(events)
        before_stats = store.stats()
        before = {e.id: e.to_dict() for e in store.events_by_id([e.id for e in events])}
        _as_before_0009(store)
        with store.connect() as conn:
            assert "date_span" not in {c["name"] for c in sa.inspect(conn).get_columns("events")}
    with Store(store_url) as store:
        assert "0009_event_date_span" in [n for n, _ in store.applied_migrations()]
        assert _spans(store) == {e.id: rows.date_span(e.date.start, e.date.end) for e in events}
        assert store.stats() == before_stats
        assert {e.id: e.to_dict() for e in store.events_by_id(list(before))} == before
        assert store.get_article(article.id).to_dict() == article.to_dict()
        _check_filters(store, events)
        with store.connect() as conn:
            assert "ix_events_date_span" in {i["name"] for i in sa.inspect(conn).get_indexes("events")}


def test_a_new_store_has_the_span_index(store_url):
    with Store(store_url) as store, store.connect() as conn:
        assert "ix_events_date_span" in {i["name"] for i in sa.inspect(conn).get_indexes("events")}
