"""Exports a spreadsheet or a JSON parser can open safely (issue 14.5): no CSV formula
injection, never NaN/Infinity in JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from marsad.export import export
from marsad.export.acled import finite_json
from marsad.export.csv_acled import neutralized
from marsad.model import Place
from marsad.store import Store

from test_export import HANDARAT, PACK, article, event_of, mention


def strict_json(text: str):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def test_text_cells_that_start_a_formula_are_quoted_numbers_are_not():
    row = {"source": "=HYPERLINK(\"http://x\")", "notes": "+1 killed", "actor1": "-dash",
           "location": "@SUM(A1)", "admin1": "\tTab", "admin2": "\rCR", "tags": "plain",
           "longitude": -3.5, "latitude": "-12.25", "fatalities": 0, "event_date": "2016-08-01"}
    assert neutralized(dict(row)) == {
        **row, "source": "'=HYPERLINK(\"http://x\")", "notes": "'+1 killed", "actor1": "'-dash",
        "location": "'@SUM(A1)", "admin1": "'\tTab", "admin2": "'\rCR"}


@pytest.fixture
def hostile_store(tmp_path):
    a1 = article("=cmd|'/C calc'!A0")
    m1 = mention(a1, 0, text="-2+3 rebels shelled Handarat.")
    a1.events = [m1]
    a2 = article("Free Voice")
    m2 = mention(a2, 0, text="Rebels shelled Handarat again.")
    a2.events = [m2]
    nowhere = Place(id="nan-place", name="Nowhere", lat=float("-inf"), lon=float("inf"),
                    level="city", country="Syria")
    with Store(tmp_path / "x.db") as s:
        s.add_article(a1)
        s.add_article(a2)
        bad = event_of([m2], place=nowhere)
        bad.id = "nan-event"
        s.save_events([event_of([m1]), bad])
        yield s


def test_acled_csv_neutralizes_text_cells_from_articles(hostile_store):
    fh = io.StringIO()
    assert export(hostile_store, "acled-csv", fh, pack=PACK) == 2
    rows = list(csv.DictReader(io.StringIO(fh.getvalue())))
    hostile = next(r for r in rows if "cmd" in r["source"])
    assert hostile["source"] == "'=cmd|'/C calc'!A0"
    assert hostile["notes"] == "'-2+3 rebels shelled Handarat."
    assert hostile["longitude"] == str(HANDARAT.lon)
    other = next(r for r in rows if r is not hostile)
    assert other["latitude"] == other["longitude"] == ""   # NaN/Infinity: no coordinates
    for r in rows:
        for column, cell in r.items():
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (column, cell)


def test_geojson_and_jsonl_stay_valid_json_with_non_finite_coordinates(hostile_store):
    # SQLite keeps infinities (it stores NaN as NULL): they reach the exporters
    stored = {e.id: e for e in hostile_store.events()}["nan-event"]
    assert stored.place.lat == float("-inf") and stored.place.lon == float("inf")
    fh = io.StringIO()
    assert export(hostile_store, "geojson", fh, pack=PACK) == 1   # no point for it
    doc = strict_json(fh.getvalue())
    assert "nan-event" not in [f["id"] for f in doc["features"]]
    fh = io.StringIO()
    assert export(hostile_store, "jsonl", fh, pack=PACK) == 2
    docs = [strict_json(line) for line in fh.getvalue().splitlines()]
    assert len(docs) == 2


def test_finite_json_is_json_dumps_unless_a_number_is_not_finite():
    doc = {"b": [1.5, -2.0, {"x": None}], "a": "t"}
    assert finite_json(doc, sort_keys=True) == json.dumps(doc, sort_keys=True)
    assert strict_json(finite_json({"lat": float("nan"), "lon": [float("-inf"), 1.0]})) == \
        {"lat": None, "lon": [None, 1.0]}
