from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from marsad.model import Fatalities, ResolvedDate
from marsad.store import schema
from marsad.export.display import format_date, format_fatalities, render_table


def test_schema_compiles_for_postgresql():
    dialect = postgresql.dialect()
    ddl = "\n".join(str(sa.schema.CreateTable(t).compile(dialect=dialect))
                    for t in schema.metadata.sorted_tables)
    assert "JSON" in ddl and "DATE" in ddl
    assert "AUTOINCREMENT" not in ddl  # no SQLite-only DDL


def test_format_fatalities():
    assert format_fatalities(Fatalities()) == "?"
    assert format_fatalities(Fatalities(low=12, best=12, qualifier="at least")) == "at least 12"
    assert format_fatalities(Fatalities(low=3, high=9, best=5,
                                        qualifier="range across sources")) == "5 (3-9)"
    assert format_fatalities(Fatalities(low=2, high=2, best=2,
                                        qualifier="range across sources")) == "2 (range across sources)"


def test_format_date():
    assert format_date(ResolvedDate()) == "unknown"
    day = dt.date(2016, 8, 7)
    assert format_date(ResolvedDate(day, day, "day")) == "2016-08-07"
    assert format_date(ResolvedDate(dt.date(2016, 8, 1), day, "week")) == "2016-08-01..2016-08-07 (week)"


def test_table_columns_align_and_cut_long_cells():
    rows = [{"id": "a" * 16, "date": "2016-08-07", "event_type": "Battles",
             "sub_event_type": "Armed clash", "place": "Handarat", "actors": "X vs Y",
             "fatalities": "?", "sources": ["Free Voice", "Front Line Daily"]},
            {"id": "b" * 16, "date": "unknown", "event_type": "Battles",
             "sub_event_type": "Armed clash", "place": "P" * 80, "actors": "X",
             "fatalities": "3", "sources": []}]
    lines = render_table(rows).splitlines()
    assert len(lines) == 4
    assert lines[2].index("Handarat") == lines[0].index("place")
    assert "Free Voice; Front Line Daily" in lines[2]
    assert "P" * 25 + "…" in lines[3] and "P" * 27 not in lines[3]


def test_render_event_lists_contradictions_and_sources():
    from marsad.model import Article, Claim, Event, EventMention
    from marsad.export.display import render_event

    art = Article(id="a1", text="x", title="Army retakes hill", outlet="State Wire",
                  published=dt.date(2016, 8, 9))
    m = EventMention(id="m1", article_id="a1", sentence=0, start=0, end=1,
                     text="The army  retook the hill, the army said.", event_type="Battles",
                     sub_event_type="Government regains territory", modality="asserted",
                     place_text="the hill")
    c = Claim(id="c1", article_id="a1", sentence=0, source="the army", source_kind="party",
              source_actor="syrian-army", stance="asserts", event_mention="m1",
              text="the army said")
    ev = Event(id="e1", event_type="Battles", sub_event_type="Government regains territory",
               mentions=["m1"], articles=["a1"], actor1="syrian-army",
               status="disputed", contradictions=[
                   {"field": "occurred", "kind": "claim and denial",
                    "sides": [{"source": "the army", "outlet": "State Wire", "stance": "asserts"},
                              {"source": "activists", "outlet": "Free Voice",
                               "stance": "denies"}]}])
    out = render_event(ev, [m], [art], [c], None)
    assert "Event e1: Battles / Government regains territory" in out
    assert "status:     disputed" in out
    assert ("contradicts: occurred: claim and denial: the army (State Wire, asserts) vs "
            "activists (Free Voice, denies)") in out
    assert '"The army retook the hill, the army said."' in out  # whitespace normalised
    assert 'source: the army (party, Syrian Army) asserts: "the army said"' in out
    assert "State Wire, 2016-08-09, \"Army retakes hill\"" in out
    assert '"the hill" -> unresolved' in out
