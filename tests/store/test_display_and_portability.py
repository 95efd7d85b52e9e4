from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from marsad.model import Fatalities, ResolvedDate
from marsad.store import schema
from marsad.store.display import format_date, format_fatalities, render_table


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
