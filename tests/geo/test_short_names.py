"""Issue 13: a one-word name whose lookup key is under three letters ("Al Fu'ah" keys as
"fa") is found when the text marks it as a name (the Arabic article written, a place type
before it, a place beside it in a pair) in a text about the theater, and never as an English
word; and the build merges two records of one short name on one point. An invented pack
(names made up, coordinates invented)."""

import importlib.util
from pathlib import Path

import pytest

from marsad.core.names import place_name_key

from geo_testkit import zedland_gazetteer

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    # a town of standing with a short name, and a hamlet only the long list knows
    "ucdp:1,Fouah,,36.10,37.10,city,Harran,Upper,,,ucdp+wof,40,PPL,Al Fu'ah|Fu'ah,",
    "wof:2,Al 'Ida,,36.30,37.30,city,Harran,Upper,,,wof,,PPL,,",
    "ucdp:3,Kafr Sabt,,36.12,37.12,city,Harran,Upper,,,ucdp,20,PPL,,",
    # a word that is an English word, and a name under three letters even spelled
    "wof:4,Bay,,36.40,37.40,city,Harran,Upper,,,wof,,PPL,,",
    "wof:5,Tah,,36.50,37.50,city,Harran,Upper,,,wof,,PPL,,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedland_short"), "zedland_short", 995, ROWS)


def _found(gaz, text):
    return [(m.text, m.candidates[0]) for m in gaz.find(text)]


def test_the_key_is_too_short_to_index():
    assert len(place_name_key("al-Fouaa")) < 3


@pytest.mark.parametrize("text, name", [
    ("Rebels in Zedland fired shells on the town of al-Fouaa on Monday.", "al-Fouaa"),
    ("Zedlandic rebels shelled el-Foua overnight.", "el-Foua"),
    ("The besieged villages of Kafr Sabt and Fuaa in Zedland were shelled.", "Fuaa"),
    ("Rebels in Zedland shelled Fuaa and Kafr Sabt at dawn.", "Fuaa"),
    ("Rebels in Zedland shelled Kafr Sabt and Fuaa at dawn.", "Fuaa"),
    ("Shells fell on the village of Fouaa, in northern Zedland.", "Fouaa"),
])
def test_a_short_name_marked_as_a_name(gaz, text, name):
    assert (name, "ucdp:1") in _found(gaz, text)


@pytest.mark.parametrize("text", [
    # no article, no place type, no place beside it
    "Rebels in Zedland said Fuaa was quiet.",
    # not about the theater
    "Fighters fired shells on the town of al-Fouaa on Monday.",
    # English words and a name of two letters
    "Ships in the Bay of Zedland sailed on. Ida and Bay went to Zedland.",
    "The town of Tah in Zedland was quiet.",
    "Troops in Zedland reached AL-FOUAA.",
])
def test_no_short_name_without_the_marks(gaz, text):
    assert not [t for t, pid in _found(gaz, text) if pid in ("ucdp:1", "wof:4", "wof:5")]


def test_an_article_of_english_is_no_mark(gaz):
    # "As Ida said": "As" opens the sentence, it is no Arabic article
    assert not [t for t, pid in _found(gaz, "In Zedland, the rebels waited. As Ida said, they left.")
                if pid == "wof:2"]


def _build_script():
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer_short_names", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_merges_two_records_of_a_short_name_on_one_point():
    build = _build_script()
    ucdp = build.row("ucdp:foah", "Foah", [], 35.9829, 36.7022, "city", "Idleb", "Idleb", source="ucdp")
    ucdp["reports"] = 65
    wof = build.row("wof:1", "Al Fu'ah", [], 35.9826, 36.7035, "city", "Idleb", "Idleb", source="wof")
    far = build.row("wof:2", "Al Fu'ah", [], 33.0, 36.0, "city", "Deraa", "Deraa", source="wof")
    merged = build.merge([ucdp, wof, far])
    assert sorted(r["id"] for r in merged) == ["ucdp:foah", "wof:2"]
    foah = next(r for r in merged if r["id"] == "ucdp:foah")
    assert "Al Fu'ah" in foah["variants"] and foah["reports"] == 65
