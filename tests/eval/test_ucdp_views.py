"""The UCDP geocoding views of issue 13 (unseen names, respelled names) and the place probe."""

import csv
import importlib.util
from pathlib import Path

from marsad.core.names import place_name_key
import pytest

from marsad.eval.ucdp import FAMILIES, respell, respell_family, respelled_rows, training_name_keys

ROOT = Path(__file__).resolve().parents[2]


def _ged(path: Path, rows: list[dict]) -> Path:
    cols = ["id", "where_coordinates", "latitude", "longitude", "source_headline"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow(r)
    return path


def test_training_keys_leave_the_held_out_rows_out(tmp_path):
    path = _ged(tmp_path / "ged.csv", [
        {"id": "101.0", "where_coordinates": "Kafr Zita town", "latitude": "35.3",
         "longitude": "36.6", "source_headline": "x"},
        {"id": "100.0", "where_coordinates": "Tanab village", "latitude": "36.4",
         "longitude": "37.0", "source_headline": "x"},   # held out: id % 5 == 0
    ])
    assert training_name_keys(path) == {place_name_key("Kafr Zita")}


def test_respell_is_deterministic_and_changes_the_name():
    assert respell("Kafr Zita", "1") == respell("Kafr Zita", "1")
    outs = {respell("Tall Rifaat", str(i)) for i in range(30)}
    assert "Tall Rifaat" not in outs and outs <= {"Tell Rifaat", "Tal Rifaat", "Tall Rifat"} | outs
    assert respell("Idlib", "1") is None        # no variant applies


def test_respelled_rows_rewrite_the_headline():
    rows = [{"id": "5.0", "place": "Kafr Zita", "headline": "Air strikes on Kafr Zita today",
             "lat": 35.3, "lon": 36.6},
            {"id": "10.0", "place": "Tanab", "headline": "Clashes in Tanab", "lat": 1, "lon": 1}]
    out = respelled_rows(rows, {place_name_key("Kafr Zita")})
    assert len(out) == 1                         # Tanab is no known name
    assert out[0]["place"] != "Kafr Zita"
    assert out[0]["headline"] == f"Air strikes on {out[0]['place']} today"


def _probe():
    spec = importlib.util.spec_from_file_location("probe_places", ROOT / "scripts/probe_places.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_probe_scores_exported_rows_by_view():
    probe = _probe()
    arts = [{"url": f"probe:{view}:{i}", "view": view, "truth": (35.0, 36.0), "text": "t"}
            for i, view in ((1, "unseen"), (2, "unseen"), (3, "known"))]
    exported = [
        {"articles": [{"url": "probe:unseen:1"}],
         "acled": {"latitude": 35.01, "longitude": 36.0, "geo_precision": 1, "location": "A", "admin1": "X"}},
        {"articles": [{"url": "probe:known:3"}],
         "acled": {"latitude": 35.3, "longitude": 36.0, "geo_precision": 3, "location": "B", "admin1": "X"}},
    ]
    figures = probe.score(arts, exported)
    assert figures["unseen"] == {"n": 2, "within_5km": 0.5, "within_25km": 0.5,
                                 "province_only": 0.0, "unplaced": 0.5,
                                 "mention_within_5km": 0.0, "mention_within_25km": 0.0}
    assert figures["known"]["within_25km"] == 0.0 and figures["known"]["province_only"] == 1.0
    assert len(probe.misses(arts, exported, 5)) == 2


def test_probe_also_scores_each_reports_own_mention_before_linking():
    probe = _probe()
    arts = [{"url": f"probe:known:{i}", "view": "known", "truth": (35.0, 36.0), "text": "t"}
            for i in (1, 2)]
    # two reports linked into one event placed at the second report's village, 20 km away
    exported = [{
        "articles": [{"id": "a1", "url": "probe:known:1"}, {"id": "a2", "url": "probe:known:2"}],
        "acled": {"latitude": 35.18, "longitude": 36.0, "geo_precision": 1, "location": "B",
                  "admin1": "X"},
        "mentions": [
            {"article_id": "a1", "geo_precision": 1, "place": {"lat": 35.001, "lon": 36.0}},
            {"article_id": "a2", "geo_precision": 1, "place": {"lat": 35.18, "lon": 36.0}}]}]
    figures = probe.score(arts, exported)["known"]
    assert figures["within_5km"] == 0.0 and figures["within_25km"] == 1.0
    assert figures["mention_within_5km"] == 0.5 and figures["mention_within_25km"] == 1.0


def test_probe_sorts_each_miss_by_what_the_export_shows():
    probe = _probe()
    art = {"place": "Tall Wardan farm", "truth": (35.0, 36.0)}
    assert probe.outcome(art, []) == "unplaced"
    assert probe.outcome(art, [{"latitude": "", "location": "X", "geo_precision": 1}]) == "unplaced"
    row = {"latitude": 36.0, "longitude": 37.0}
    assert probe.outcome(art, [{**row, "location": "North", "geo_precision": 3}]) == "governorate"
    # the place the farm is named after, in another spelling: a namesake far away
    assert probe.outcome(art, [{**row, "location": "Tell Wardan", "geo_precision": 1}]) == "namesake"
    assert probe.outcome(art, [{**row, "location": "Wardaniyah", "geo_precision": 2}]) == "other name"
    # the most precise row decides
    assert probe.outcome(art, [{**row, "location": "North", "geo_precision": 3},
                               {**row, "location": "Kafr Tall", "geo_precision": 1}]) == "other name"


@pytest.mark.parametrize("name,family,allowed", [
    ("Tall Ghazal", "ghayn", {"Tall Gazal", "Tall Qazal"}),
    ("Kafr Gharbiyah", "nisba", {"Kafr Gharbiyeh", "Kafr Gharbiya", "Kafr Gharbi"}),
    ("Jisr al-Shughur", "article", {"Jisr ash-Shughur"}),
    ("Tall Rifaat", "tel", {"Tel Rifaat"}),
])
def test_families_respell_each_family_as_outlets_do(name, family, allowed):
    outs = {respell_family(name, str(i), [family]) for i in range(40)}
    assert {o[0] for o in outs} == allowed and {o[1] for o in outs} == {family}


def test_the_families_view_tags_each_row_with_its_family():
    rows = [{"id": "5.0", "place": "Tall Ghazal", "headline": "Shelling of Tall Ghazal",
             "lat": 35.3, "lon": 36.6}]
    out = respelled_rows(rows, {place_name_key("Tall Ghazal")}, FAMILIES)
    assert len(out) == 1 and out[0]["family"] in FAMILIES and out[0]["place"] != "Tall Ghazal"
    assert respell("Idlib", "1", FAMILIES) is None


def test_probe_scores_each_family_of_the_families_view_apart():
    probe = _probe()
    arts = [{"url": f"probe:families:{i}", "view": "families", "family": fam, "truth": (35.0, 36.0),
             "text": "t"} for i, fam in ((1, "ghayn"), (2, "ghayn"), (3, "tel"))]
    exported = [{"articles": [{"url": "probe:families:1"}],
                 "acled": {"latitude": 35.0, "longitude": 36.0, "geo_precision": 1}}]
    figures = probe.score(arts, exported)
    assert figures["families"]["n"] == 3 and figures["  ghayn"]["within_5km"] == 0.5
    assert figures["  tel"]["unplaced"] == 1.0
