import csv
import dataclasses
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from eval_fake_pipeline import fake_run
from marsad.cli import evaluation as commands
from marsad.eval import service
from marsad.eval.case2021 import evaluate as eval_case
from marsad.eval.fakes import event_date, fallback_event_date
from marsad.eval.ucdp import predicted_coords, select_rows


@pytest.fixture(autouse=True)
def fake_pipeline(monkeypatch):
    monkeypatch.setattr(service, "make_runner", lambda kind, theater="syria": (fake_run, None))


def _csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _run(*args):
    result = CliRunner().invoke(commands.eval_, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def _case_file(tmp_path):
    return _csv(tmp_path / "case.csv", [
        {"id": "1", "EventSnippet": "The army shelled rebel positions near Aleppo.",
         "SubType": "ART_MISS_ATTACK"},
        {"id": "2", "EventSnippet": "Rebels and the army clashed east of Idlib.",
         "SubType": "ARMED_CLASH"},
        {"id": "3", "EventSnippet": "Floods swept through the valley after heavy rain.",
         "SubType": "NATURAL_DISASTER"},
        {"id": "4", "EventSnippet": "Officials said warplanes may carry out an airstrike.",
         "SubType": "AIR_STRIKE"},
    ])


def test_case2021_scores_and_json(tmp_path):
    out = tmp_path / "s.json"
    text = _run("case2021", _case_file(tmp_path), "--json", out)
    assert "command: marsad eval case2021" in text and "baseline" in text
    data = json.loads(out.read_text())
    for key in ("weighted_f1", "macro_f1", "type_macro_f1", "n", "baseline_weighted_f1",
                "any_weighted_f1", "weighted_f1_30", "command"):
        assert key in data
    assert data["n"] == 4
    # the airstrike row is hypothetical: wrong when only asserted count, right for "any"
    assert data["accuracy"] == pytest.approx(0.75)
    assert data["any_accuracy"] == pytest.approx(1.0)
    # the one error is listed, as a flat key, and in the printed report
    assert [k for k in data if k.startswith("confusions.")] == \
        ["confusions.Air/drone strike -> NOT_EVENT"]
    assert "1  Air/drone strike -> NOT_EVENT" in text


def test_top_confusions_ranked_by_count_then_label():
    from marsad.eval.case2021 import top_confusions

    gold = ["Attack", "Attack", "Arrests", "Grenade", "Grenade", "Riots"]
    pred = ["Armed clash", "Armed clash", "NOT_EVENT", "Grenade", "Attack", "Riots"]
    assert top_confusions(gold, pred) == {"Attack -> Armed clash": 2, "Arrests -> NOT_EVENT": 1,
                                          "Grenade -> Attack": 1}
    assert list(top_confusions(gold, pred, k=1)) == ["Attack -> Armed clash"]


def test_case2021_limit(tmp_path):
    r = eval_case(_case_file(tmp_path), fake_run, limit=2)
    assert r["n"] == 2 and r["accuracy"] == 1.0


UCDP = [
    {"id": "100.0", "where_coordinates": "Tanab village", "latitude": "36.4961",
     "longitude": "37.0033", "source_headline": "Clashes in Tanab as rebels advance"},
    {"id": "105.0", "where_coordinates": "Tanab village", "latitude": "36.4961",
     "longitude": "37.0033", "source_headline": "Clashes in Tanab as rebels advance"},
    {"id": "101.0", "where_coordinates": "Douma town", "latitude": "33.5711",
     "longitude": "36.4022", "source_headline": "Shelling on Douma"},
    {"id": "110.0", "where_coordinates": "Kafr Zita town", "latitude": "35.3736",
     "longitude": "36.6006", "source_headline": "Air strikes on Kafr Zita"},
    {"id": "115.0", "where_coordinates": "Hama town", "latitude": "35.13",
     "longitude": "36.75", "source_headline": "Air strikes on Idlib"},
]


def test_ucdp_selection_rule(tmp_path):
    rows = select_rows(_csv(tmp_path / "ged.csv", UCDP))
    # only ids divisible by 5, name in headline, deduplicated by (headline, place)
    assert [r["place"] for r in rows] == ["Tanab", "Kafr Zita"]


def test_ucdp_command(tmp_path):
    out = tmp_path / "u.json"
    text = _run("ucdp", _csv(tmp_path / "ged.csv", UCDP), "--json", out)
    assert "int(float(id)) % 5 == 0" in text
    data = json.loads(out.read_text())
    assert data["n"] == 2
    assert data["within_5km"] == pytest.approx(0.5)   # Tanab found, Kafr Zita not
    assert data["unresolved"] == pytest.approx(0.5)
    assert data["median_km"] == pytest.approx(0.0, abs=0.01)
    for key in ("within_25km", "baseline_within_5km", "baseline_unresolved"):
        assert key in data


def test_ucdp_places_view_keeps_the_rows_coded_at_a_place(tmp_path):
    """The ``places`` view: rows UCDP codes at the place itself or near it (where_prec 1-2),
    not at a district's or province's point."""
    rows = [{**r, "where_prec": p} for r, p in zip(UCDP, ("1", "1", "2", "4", "1"))]
    out = tmp_path / "u.json"
    _run("ucdp", _csv(tmp_path / "ged.csv", rows), "--json", out)
    data = json.loads(out.read_text())
    assert data["n"] == 2 and data["views.places.n"] == 1    # Tanab (1), not Kafr Zita (4)
    assert data["views.places.within_5km"] == pytest.approx(1.0)
    # a file without where_prec has every row in "all" and none in "places"
    out2 = tmp_path / "u2.json"
    _run("ucdp", _csv(tmp_path / "ged2.csv", UCDP), "--json", out2)
    assert json.loads(out2.read_text())["views.places.n"] == 0


def test_ucdp_nearest_place_when_no_overlap():
    art = fake_run("Aleppo: shelling hits Tanabx")
    assert predicted_coords(art, "Tanabx") == pytest.approx((36.2021, 37.1343))


def test_fakes_command(tmp_path):
    rows = [
        {"unit_id": "1", "article_title": "Shelling on Aleppo",
         "article_content": "The army shelled Aleppo on 4 April 2017, killing four. Caf\xe9.",
         "source": "X", "date": "4/5/2017", "location": "aleppo", "labels": "1"},
        {"unit_id": "2", "article_title": "Protest in Douma",
         "article_content": "Rebels clashed with the army in Douma on 10 August 2016.",
         "source": "Y", "date": "8/10/2016", "location": "damascus", "labels": "0"},
        {"unit_id": "3", "article_title": "Quiet day", "article_content": "Nothing happened.",
         "source": "Y", "date": "8/10/2016", "location": "idlib", "labels": "0"},
    ]
    out = tmp_path / "f.json"
    _run("fakes", _csv(tmp_path / "fakes.csv", rows, encoding="latin-1"), "--json", out)
    data = json.loads(out.read_text())
    assert data["n"] == 3
    assert data["accuracy"] == pytest.approx(1 / 3)
    assert data["within_1day"] == pytest.approx(2 / 3)
    assert data["governorate_accuracy"] == pytest.approx(1 / 3)
    assert data["governorate_accuracy_lenient"] == pytest.approx(2 / 3)


def test_event_date():
    art = fake_run("The army shelled Aleppo on 4 April 2017.")
    assert str(event_date(art)) == "2017-04-04"
    assert event_date(fake_run("Nothing at all.")) is None


def test_fallback_event_date_most_frequent_then_earliest():
    art = fake_run("The army shelled Aleppo on 4 April 2017.")
    ev = art.events[0]
    later = dataclasses.replace(ev.date, start=dt.date(2017, 4, 6), end=dt.date(2017, 4, 6))
    art.events += [dataclasses.replace(ev, id="b", date=later),
                   dataclasses.replace(ev, id="c", date=later)]
    assert fallback_event_date(art) == dt.date(2017, 4, 6)
    art.events = art.events[:2]
    assert fallback_event_date(art) == dt.date(2017, 4, 4)


def test_rams_command(tmp_path):
    tokens = [["The", "army", "shelled", "the", "rebels", "in", "Aleppo", "."],
              ["It", "was", "bad", "."]]
    doc = {"doc_key": "d1", "sentences": tokens,
           "evt_triggers": [[2, 2, [["conflict.attack.n/a", 1.0]]]],
           "gold_evt_links": [[[2, 2], [0, 1], "evt1arg01attacker"],
                              [[2, 2], [3, 4], "evt1arg02target"],
                              [[2, 2], [6, 6], "evt1arg03place"],
                              [[2, 2], [8, 8], "evt1arg04instrument"]]}
    other = dict(doc, doc_key="d2", evt_triggers=[[2, 2, [["life.die.n/a", 1.0]]]])
    path = tmp_path / "rams.jsonlines"
    path.write_text(json.dumps(doc) + "\n" + json.dumps(other) + "\n")
    out = tmp_path / "r.json"
    _run("rams", path, "--json", out)
    data = json.loads(out.read_text())
    assert data["n"] == 1
    assert data["precision"] == 1.0 and data["recall"] == 1.0 and data["f1"] == 1.0
    assert data["attacker_f1"] == 1.0 and data["place_gold"] == 1


def test_rams_bad_file_is_clear(tmp_path):
    path = tmp_path / "bad.jsonlines"
    path.write_text('{"nope": 1}\n')
    result = CliRunner().invoke(commands.eval_, ["rams", str(path)])
    assert result.exit_code != 0 and "not a RAMS record" in result.output


def test_re3d_command(tmp_path):
    folder = tmp_path / "re3d" / "Source A"
    folder.mkdir(parents=True)
    text = "Rami Abdulrahman said the YPG fired a mortar at Aleppo."
    (folder / "documents.json").write_text(json.dumps({"_id": "D1", "text": text}) + "\n")
    ents = [("Person", "Rami Abdulrahman"), ("Organisation", "the YPG"), ("Weapon", "mortar"),
            ("Location", "Aleppo"), ("Temporal", "said")]
    lines = []
    for typ, value in ents:
        b = text.index(value)
        lines.append(json.dumps({"_id": f"D1-{b}", "documentId": "D1", "begin": b,
                                 "end": b + len(value), "type": typ, "value": value}))
    (folder / "entities.json").write_text("\n".join(lines) + "\n")
    out = tmp_path / "e.json"
    _run("re3d", tmp_path / "re3d", "--json", out)
    data = json.loads(out.read_text())
    assert data["n"] == 1
    # "YPG" vs gold "the YPG": overlap match only
    assert data["organisation_f1"] == 0.0 and data["organisation_overlap_f1"] == 1.0
    assert data["precision"] == pytest.approx(0.75) and data["recall"] == pytest.approx(0.75)
    assert data["overlap_f1"] == 1.0


def test_missing_data_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(commands.eval_, ["case2021", str(tmp_path / "none.csv")])
    assert result.exit_code != 0 and "no such evaluation file" in result.output


@pytest.mark.parametrize("name", ["case2021", "ucdp", "fakes", "rams"])
def test_binary_file_is_a_clear_error_naming_it(tmp_path, name):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xad\xff\x00" * 20)
    result = CliRunner().invoke(commands.eval_, [name, str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(path) in result.output
    # FA-KES is read leniently (its own file has stray bytes): then its columns are missing
    assert "not UTF-8" in result.output or "missing" in result.output


@pytest.mark.parametrize("name, body, message", [
    ("ucdp", "id,latitude,longitude,source_headline,where_coordinates\n"
             "5,north,36.2,Shelling hits Tanab,Tanab village\n", "line 2: unreadable latitude 'north'"),
    ("rams", "", "no conflict.* event windows"),
])
def test_unreadable_rows_and_empty_files_are_clear_errors(tmp_path, name, body, message):
    path = tmp_path / "data.csv"
    path.write_text(body, encoding="utf-8")
    result = CliRunner().invoke(commands.eval_, [name, str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(path) in result.output and message in result.output


def test_json_is_flat_with_per_label_keys(tmp_path):
    out = tmp_path / "s.json"
    _run("case2021", _case_file(tmp_path), "--json", out)
    data = json.loads(out.read_text())
    assert all(not isinstance(v, (dict, list)) for v in data.values())
    assert data["per_label.Armed clash.recall"] == 1.0


def test_ucdp_leak_check_counts_places_on_heldout_only_coordinates(tmp_path):
    from types import SimpleNamespace

    from marsad.eval.ucdp import heldout_only_places
    from marsad.model import Place

    path = _csv(tmp_path / "ged.csv", UCDP)
    pack = SimpleNamespace(places=(Place("k", "Kafr Zita", 35.3736, 36.6006, source="ucdp+wof"),
                                   Place("d", "Douma", 33.5711, 36.4022, source="ucdp"),
                                   Place("w", "Kafr Zita", 35.3736, 36.6006, source="wof")))
    # Kafr Zita's coordinates occur only in a held-out row; Douma's in a training row; a place
    # from Who's On First alone on the same point is GeoNames' point, not learned from UCDP
    assert heldout_only_places(path, pack) == 1
