"""Issue 13: the gazetteer build merges a village UCDP names in a spelling Who's On First
lacks with WOF's locality on (nearly) the same point spelled nearly alike, word for word;
not a village whose name differs by a word ("... Sharqi" / "... Gharbi") or a letter that
makes another name. Rows invented."""

import importlib.util
from pathlib import Path


def _build_script():
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer_near_spellings", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_script()


def _ucdp(pid, name, lat, lon, reports=3):
    r = build.row(pid, name, [], lat, lon, "city", "Idleb", "Idleb", source="ucdp")
    r["reports"] = reports
    return r


def _wof(pid, name, lat, lon, variants=()):
    r = build.row(pid, name, [], lat, lon, "city", "Idleb", "Idleb", source="wof")
    r["variants"] = list(variants)
    return r


def test_a_near_spelling_on_one_point_is_one_village():
    rows = [_ucdp("ucdp:kafarya", "Kafarya", 35.9871, 36.6769),
            _wof("wof:1", "Kafraya", 35.9903, 36.6782, ["Kafrîya"])]
    merged = build.merge(rows)
    assert len(merged) == 1
    place = merged[0]
    assert place["id"] == "ucdp:kafarya" and place["reports"] == 3
    # the locality's own name is the village's other spelling, not a weak variant
    assert "Kafraya" in place["aliases"]
    assert "Kafrîya" in place["variants"]


def test_another_word_or_another_letter_is_another_village():
    rows = [_ucdp("ucdp:ward-gharbi", "Tall al Ward ash Gharbi", 36.0, 37.0),
            _wof("wof:2", "Tall al Ward ash Sharqi", 36.001, 37.001),
            _ucdp("ucdp:daryan", "Kafr Daryan", 35.5, 36.5),
            _wof("wof:3", "Kafr Dayyan", 35.501, 36.501)]
    assert len(build.merge(rows)) == 4


def test_a_near_spelling_far_off_is_a_namesake():
    rows = [_ucdp("ucdp:kafarya", "Kafarya", 35.9871, 36.6769),
            _wof("wof:1", "Kafraya", 35.6, 36.9)]
    assert len(build.merge(rows)) == 2
