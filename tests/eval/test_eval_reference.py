import csv
import datetime as dt
import json

import pytest

from marsad.link.reference import (ReferenceFormatError, detect_format, import_reference,
                                   load_reference)
from marsad.model import Fatalities, Place, ResolvedDate

ACLED_ROWS = [
    {"event_id_cnty": "SYR1", "event_date": "07 August 2016", "location": "Ramouseh",
     "latitude": "36.1620", "longitude": "37.1530", "admin1": "Aleppo", "admin2": "Jebel Saman",
     "admin3": "Jebel Saman", "geo_precision": "1", "actor1": "Jaish al Fatah",
     "actor2": "Military Forces of Syria (2000-)", "inter1": "2", "inter2": "1",
     "fatalities": "12"},
    {"event_id_cnty": "SYR2", "event_date": "2016-08-08", "location": "Aleppo",
     "latitude": "36.2021", "longitude": "37.1343", "admin1": "Aleppo", "admin2": "Jebel Saman",
     "admin3": "", "geo_precision": "3", "actor1": "Jaish al Fatah", "actor2": "",
     "inter1": "2", "inter2": "", "fatalities": "0"},
]
UCDP_ROWS = [
    {"id": "101.0", "where_coordinates": "Tanab village", "latitude": "36.4961",
     "longitude": "37.0033", "adm_1": "Aleppo Governorate", "adm_2": "Azaz district",
     "where_prec": "1", "side_a": "Government of Syria", "side_b": "Syrian insurgents",
     "date_start": "2016-08-06", "date_end": "2016-08-06", "low": "3", "best": "4",
     "high": "9"},
    {"id": "105.0", "where_coordinates": "Secret village", "latitude": "35.0",
     "longitude": "38.0", "adm_1": "Hamah Governorate", "adm_2": "", "where_prec": "1",
     "side_a": "IS", "side_b": "Civilians", "date_start": "2016-08-06",
     "date_end": "2016-08-06", "low": "1", "best": "1", "high": "1"},
]


def _write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def test_detect_format():
    assert detect_format(ACLED_ROWS[0]) == "acled"
    assert detect_format(UCDP_ROWS[0]) == "ucdp"
    with pytest.raises(ReferenceFormatError, match="neither|not an ACLED"):
        detect_format(["name", "lat", "lon"])


def test_acled_import_writes_overlay_and_merges(tmp_path):
    src = _write(tmp_path / "acled.csv", ACLED_ROWS)
    out = tmp_path / "overlay"
    summary = import_reference(src, out)
    assert summary["format"] == "acled"
    with open(out / "places.csv", encoding="utf-8") as fh:
        places = list(csv.DictReader(fh))
    # geo_precision 3 (province-level) rows do not become gazetteer places
    assert [p["name"] for p in places] == ["Ramouseh"]
    assert places[0]["level"] == "city" and places[0]["admin1"] == "Aleppo"
    actors = json.loads((out / "actors.json").read_text())["actors"]
    names = {a["name"]: a["inter"] for a in actors}
    assert names == {"Jaish al Fatah": 2, "Military Forces of Syria (2000-)": 1}
    ref = load_reference(out)
    assert len(ref) == 2
    # importing again adds nothing new
    again = import_reference(src, out)
    assert again["places_added"] == 0 and again["actors_added"] == 0
    assert again["events_added"] == 0 and again["events_total"] == 2


def test_overlay_loads_as_pack_overlay(tmp_path):
    from marsad.theaters import load_pack

    out = tmp_path / "overlay"
    import_reference(_write(tmp_path / "acled.csv", ACLED_ROWS), out)
    pack = load_pack("syria", overlays=(str(out),))
    assert any(p.name == "Ramouseh" and p.lat == pytest.approx(36.162) for p in pack.places)


def test_ucdp_import_excludes_heldout_rows(tmp_path):
    src = _write(tmp_path / "ged.csv", UCDP_ROWS)
    out = tmp_path / "o"
    s = import_reference(src, out, exclude_heldout=True)
    assert s["format"] == "ucdp" and s["rows"] == 1
    with open(out / "places.csv", encoding="utf-8") as fh:
        assert [p["name"] for p in csv.DictReader(fh)] == ["Tanab"]
    actors = {a["name"]: a["inter"] for a in
              json.loads((out / "actors.json").read_text())["actors"]}
    assert actors == {"Government of Syria": 1, "Syrian insurgents": 2}
    ev = load_reference(out)
    m = ev.match(ResolvedDate(dt.date(2016, 8, 7), dt.date(2016, 8, 7), "day"),
                 Place("x", "Tanab", 36.50, 37.01), Fatalities(low=5, best=5, high=5))
    assert m is not None and m.date and m.place and m.fatalities is True
    assert m.reference_id == "ucdp:101" and m.distance_km < 2


def test_reference_match_rules(tmp_path):
    out = tmp_path / "o"
    import_reference(_write(tmp_path / "ged.csv", UCDP_ROWS), out)
    ev = load_reference(out)
    near = Place("x", "Tanab", 36.50, 37.01)
    # two days off: no match
    assert ev.match(dt.date(2016, 8, 8), near, None) is None
    # 60 km away: no match
    assert ev.match(dt.date(2016, 8, 6), (36.0, 37.5), None) is None
    # figure outside low..high: still near, but the fatalities check fails
    m = ev.match(dt.date(2016, 8, 6), near, Fatalities(best=40))
    assert m is not None and m.fatalities is False
    # no figure: fatalities unknown
    assert ev.match(dt.date(2016, 8, 6), near, Fatalities()).fatalities is None
    # unknown date or place: nothing to check
    assert ev.match(ResolvedDate(), near, None) is None
    assert ev.match(dt.date(2016, 8, 6), None, None) is None


def test_unknown_format_is_a_clear_error(tmp_path):
    src = _write(tmp_path / "x.csv", [{"name": "a", "lat": "1", "lon": "2"}])
    with pytest.raises(ReferenceFormatError, match="not an ACLED export"):
        import_reference(src, tmp_path / "o")


def test_bad_files_are_clear_errors_naming_the_file_and_write_nothing(tmp_path):
    out = tmp_path / "o"
    binary = tmp_path / "ged.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xad\x00\xff" * 50)
    with pytest.raises(ReferenceFormatError, match=f"{binary}: not UTF-8"):
        import_reference(binary, out)
    wrong = _write(tmp_path / "x.csv", [{"name": "a", "lat": "1", "lon": "2"}])
    with pytest.raises(ReferenceFormatError, match=f"{wrong}: not an ACLED export"):
        import_reference(wrong, out)
    bad_row = dict(UCDP_ROWS[0], latitude="north")
    src = _write(tmp_path / "bad.csv", [UCDP_ROWS[0], bad_row])
    with pytest.raises(ReferenceFormatError, match=r"bad\.csv: line 3: unreadable latitude 'north'"):
        import_reference(src, out)
    assert not out.exists()


def test_missing_reference_file_is_empty(tmp_path):
    assert len(load_reference(tmp_path)) == 0


def test_reference_import_command(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from marsad.cli.evaluation import reference

    monkeypatch.setenv("MARSAD_HOME", str(tmp_path / "home"))
    src = _write(tmp_path / "ged.csv", UCDP_ROWS)
    res = CliRunner().invoke(reference, ["import", str(src), "--exclude-heldout"])
    assert res.exit_code == 0, res.output
    assert "UCDP file, 1 rows" in res.output
    assert (tmp_path / "home" / "packs" / "syria" / "reference_events.csv").exists()
    bad = _write(tmp_path / "bad.csv", [{"name": "a"}])
    res = CliRunner().invoke(reference, ["import", str(bad), "--into", str(tmp_path / "x")])
    assert res.exit_code != 0 and "not an ACLED export" in res.output


def test_week_precision_dates_match_within_their_window(tmp_path):
    out = tmp_path / "o"
    import_reference(_write(tmp_path / "ged.csv", UCDP_ROWS), out)
    ev = load_reference(out)
    week = ResolvedDate(dt.date(2016, 8, 1), dt.date(2016, 8, 7), "week", relative=True)
    m = ev.match(week, (36.50, 37.01), None)
    assert m is not None and m.days_apart == 0
    later = ResolvedDate(dt.date(2016, 8, 9), dt.date(2016, 8, 15), "week")
    assert ev.match(later, (36.50, 37.01), None) is None
