"""Issue 13: an Aleppo quarter's name without its generic lead word ("Karm Al-Qaterji" is
written "Qaterji", "the Qaterji neighbourhood") is a variant spelling of the quarter when
what is left is no common word and no other place's name. Rows invented."""

import importlib.util
from pathlib import Path


def _build_script():
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer_lead_words", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_script()


def _quarter(pid, name, lat=36.2, lon=37.15):
    return build.row(pid, name, [], lat, lon, "neighbourhood", "Aleppo", "Jebel Saman", source="ocha")


def _village(pid, name, lat=33.0, lon=36.0):
    return build.row(pid, name, [], lat, lon, "city", "Deraa", "Izra'", source="wof")


def test_a_quarter_without_its_lead_word():
    rows = [_quarter("ocha:1", "Karm Al-Zaybaqi"), _quarter("ocha:2", "Bustan Al-Farfuri"),
            _village("wof:9", "Tall Hamra")]
    build.lead_word_variants(rows)
    assert rows[0]["short"] == ["Al-Zaybaqi"]
    assert rows[1]["short"] == ["Al-Farfuri"]
    merged = {r["id"]: r for r in build.merge(rows)}
    # a weak variant, not an alias: the bare name needs a locative word or a place type
    assert "Al-Zaybaqi" in merged["ocha:1"]["variants"]
    assert "Al-Zaybaqi" not in merged["ocha:1"]["aliases"]


def test_no_lead_word_dropped_onto_a_word_or_another_place():
    rows = [_quarter("ocha:1", "Karm Al-Jabal"),        # Jabal: a word that begins names
            _quarter("ocha:2", "Bustan Al-Qasir"),      # al-Qusayr elsewhere keys alike
            _village("wof:3", "Al Qusayr"),
            _quarter("ocha:4", "Karm Mahdi"),           # another quarter's name
            _quarter("ocha:5", "Mahdi", 36.21, 37.16),
            _quarter("ocha:6", "Bostan Bash"),          # too short a name
            _quarter("ocha:7", "Bab Al-Zaybaqi")]       # no lead word
    build.lead_word_variants(rows)
    assert not [r["id"] for r in rows if r.get("short")]
