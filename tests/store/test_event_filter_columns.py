"""The events' filter columns (migration 0008): the status and the outlet and contradiction
counts copied out of ``attrs`` when an event is written, the filters that read them, and
the upgrade of a store written before them (issue 15's 1-million-event API target)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from marsad.model import Event, Fatalities, Place, ResolvedDate
from marsad.store import Store, schema
from marsad.store.migrations import MIGRATIONS
from marsad.store.query import HELD_BACK_STATUSES, EventFilter, event_page, find_events

from store_fixtures import make_article

HAMA = Place(id="hama", name="Hama", lat=35.13, lon=36.75, level="city", country="Syria",
             admin1="Hama", admin2="Hama")
ALEPPO = Place(id="aleppo", name="Aleppo", lat=36.2, lon=37.15, level="city", country="Syria",
               admin1="Aleppo", admin2="Jebel Saman")
SUBS = (("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
        ("Battles", "Government regains territory"))
STATUSES = (None, "asserted", "disputed", "denied_only", "background_only", "unasserted")


def varied_events(n: int = 48) -> list[Event]:
    """Events that differ in every field a filter reads: status (or none), outlets,
    contradictions, governorate (or no place), type, dates (undated, ranged)."""
    out = []
    for i in range(n):
        etype, sub = SUBS[i % len(SUBS)]
        status = STATUSES[i % len(STATUSES)]
        start = None if i % 11 == 5 else dt.date(2016, 1, 1) + dt.timedelta(days=9 * i)
        end = None if start is None else start + dt.timedelta(days=(i % 4) * 3)
        outlets = [f"Outlet {k}" for k in range(i % 4)]
        contradictions = ([{"field": "occurred", "kind": "claim and denial", "sides": []}]
                          * (i % 3 == 0))
        out.append(Event(
            id=f"ev{i:03d}", event_type=etype, sub_event_type=sub,
            actor1="syrian-army", actor2=None, place=(None, HAMA, ALEPPO)[i % 3] if i % 7 else None,
            geo_precision=1, date=ResolvedDate(start, end, "day" if start else "unknown"),
            fatalities=Fatalities(best=i % 5), status=status, outlets=outlets,
            contradictions=contradictions, versions={"occurred": []}))
    return out


#: filters over every new column, alone and with the indexed ones
FILTERS = [
    EventFilter(), EventFilter(record_only=True), EventFilter(statuses=("disputed",)),
    EventFilter(statuses=("none", "asserted")), EventFilter(has_contradiction=True),
    EventFilter(has_contradiction=False), EventFilter(min_outlets=2),
    EventFilter(min_outlets=1, record_only=True),
    EventFilter(admin1="Hama", event_type="Battles", start=dt.date(2016, 3, 1),
                end=dt.date(2016, 9, 30), record_only=True),
    EventFilter(admin1="Aleppo", record_only=True, start=dt.date(2016, 2, 1)),
    EventFilter(event_type="Battles", end=dt.date(2016, 6, 30), has_contradiction=False),
    EventFilter(start=dt.date(2016, 4, 1), end=dt.date(2016, 8, 1), record_only=True),
]


def expected_ids(events: list[Event], f: EventFilter) -> set[str]:
    """What the filter selects, decided in Python on the decoded events' linking fields
    (the meaning the JSON filters had before the columns)."""
    out = set()
    for e in events:
        reconciled = e.status is not None
        n_out = len(e.outlets) if reconciled else 0
        n_con = len(e.contradictions) if reconciled else 0
        last = e.date.end or e.date.start
        if f.start is not None and (last is None or last < f.start):
            continue
        if f.end is not None and (e.date.start is None or e.date.start > f.end):
            continue
        if f.admin1 and (e.place is None or e.place.admin1 != f.admin1):
            continue
        if f.event_type and e.event_type != f.event_type:
            continue
        if f.statuses and (e.status or "none") not in f.statuses:
            continue
        if f.record_only and e.status in HELD_BACK_STATUSES:
            continue
        if f.has_contradiction is not None and (n_con > 0) != f.has_contradiction:
            continue
        if f.min_outlets is not None and n_out < f.min_outlets:
            continue
        out.add(e.id)
    return out


def _columns(store: Store) -> dict[str, tuple]:
    t = schema.events
    with store.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.execute(
            sa.select(t.c.id, t.c.status, t.c.outlets_count, t.c.contradictions_count))}


def _expected_columns(events: list[Event]) -> dict[str, tuple]:
    return {e.id: (e.status, len(e.outlets) if e.status else 0,
                   len(e.contradictions) if e.status else 0) for e in events}


def test_writing_an_event_fills_its_filter_columns(store_url):
    events = varied_events()
    with Store(store_url) as store:
        store.save_events(events)
        assert _columns(store) == _expected_columns(events)
        grown = events[1]   # re-linked: more outlets, now disputed
        grown.outlets = [*grown.outlets, "Outlet 9"]
        grown.status = "disputed"
        store.save_events([grown])
        assert _columns(store)[grown.id] == ("disputed", len(grown.outlets), 0)


@pytest.mark.parametrize("f", FILTERS, ids=range(len(FILTERS)))
def test_filters_select_what_the_linking_fields_say(store_url, f):
    events = varied_events()
    with Store(store_url) as store:
        store.save_events(events)
        found, total = find_events(store, f, limit=None)
        assert {e.id for e in found} == expected_ids(events, f)
        assert total == len(found)
        rows, page_total = event_page(store, f, limit=7, offset=2)
        assert [r.id for r in rows] == [e.id for e in found][2:9]
        assert page_total == total


def _as_before_0008(store: Store) -> None:
    """Make a store look as 0007 left it (0001 made the tables of today): no filter
    columns, no page indexes (0007 made its own)."""
    with store.begin() as conn:
        prep = conn.dialect.identifier_preparer
        for index in (*schema.EVENT_PAGE_INDEXES, schema.EVENT_MAP_DATE_INDEX):   # 0010's too
            conn.execute(sa.text(f"DROP INDEX {prep.quote(index.name)}"))
        for name in ("status", "outlets_count", "contradictions_count"):
            conn.execute(sa.text(f"ALTER TABLE events DROP COLUMN {prep.quote(name)}"))
        conn.execute(schema.migrations_table.delete().where(
            schema.migrations_table.c.name == "0008_event_filter_columns"))


def test_migration_fills_the_columns_of_an_older_store_and_loses_nothing(store_url):
    events = varied_events()
    article = make_article(outlet="Hama Today")
    with Store(store_url, migrations=MIGRATIONS[:7]) as store:
        with store.connect() as conn:
            assert set(schema.SUPERSEDED_INDEXES) <= {
                i["name"] for i in sa.inspect(conn).get_indexes("events")}
        store.add_article(article)
        store.save_events(events)
        before_stats = store.stats()
        before = {e.id: e.to_dict() for e in store.events_by_id([e.id for e in events])}
        _as_before_0008(store)
    with Store(store_url) as store:
        assert "0008_event_filter_columns" in [n for n, _ in store.applied_migrations()]
        assert _columns(store) == _expected_columns(events)
        assert store.stats() == before_stats
        after = {e.id: e.to_dict() for e in store.events_by_id(list(before))}
        assert after == before
        assert store.get_article(article.id).to_dict() == article.to_dict()
        for f in FILTERS:
            assert {e.id for e in find_events(store, f, limit=None)[0]} == expected_ids(events, f)
        with store.connect() as conn:
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("events")}
    assert {i.name for i in schema.EVENT_PAGE_INDEXES} <= indexes
    assert not indexes & set(schema.SUPERSEDED_INDEXES)


def test_a_new_store_has_the_page_indexes_and_not_the_superseded_ones(store_url):
    with Store(store_url) as store, store.connect() as conn:
        indexes = {i["name"] for i in sa.inspect(conn).get_indexes("events")}
    assert {i.name for i in schema.EVENT_PAGE_INDEXES} <= indexes
    assert not indexes & set(schema.SUPERSEDED_INDEXES)
