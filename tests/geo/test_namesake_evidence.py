"""Issue 13: what decides between namesakes when the text gives no context (training
reports, the spelling the text uses), and small places in texts about
somewhere else. An invented pack (names made up, coordinates invented)."""

import importlib.util
import json
from pathlib import Path

import pytest

from marsad.core.names import place_name_key
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.tagger import PlaceResolver
from marsad.theaters import load_pack

from geo_testkit import PLACES_HEADER, make_article, zedland_gazetteer

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    "adm1:south,Dalaya,Dalaya Province,33.0,36.0,governorate,Dalaya,Lower,,,pack,,,,",
    # one village name, two places: one where the training reports fought, one barely
    "ucdp:1,Hamrun,,36.10,37.10,city,Harran,Upper,,,ucdp+wof,12,PPL,,",
    "ucdp:2,Hamrun,,33.10,36.10,city,Dalaya,Lower,,,ucdp+wof,2,PPL,,",
    # a town of 50,000 and a smaller place of standing whose key folds alike
    "gn:3,Mudan,,36.30,37.30,city,Harran,Upper,,50000,geonames,30,PPLA2,,",
    "ucdp:4,Ma'dun,,33.30,36.30,city,Dalaya,Lower,,,ucdp+wof,8,PPLA3,,",
    # a village of one report named like a person, and a known battlefield
    "ucdp:5,Sara,,36.50,37.50,city,Harran,Upper,,,ucdp,1,PPL,,",
    "ucdp:6,Wadi Qarun,,33.50,36.50,landmark,Dalaya,Lower,,,ucdp,25,,,",
    # a hamlet only the long list knows, and a town named like a hill
    "wof:7,Ghaban,,36.70,37.70,city,Harran,Upper,,,wof,,PPL,,",
    "gn:8,At Tall,,33.60,36.60,city,Dalaya,Lower,,50000,geonames,5,PPLA2,,",
    # a facility named after a town, learned from training reports
    "ucdp:9,Mudan airport,,36.35,37.40,landmark,Harran,Upper,,,ucdp,9,,,",
    # a known battlefield whose key folds like Sara's, spelled otherwise
    "ucdp:10,Sira,,33.70,36.70,city,Dalaya,Lower,,,ucdp,14,PPL,,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedland2"), "zedland2", 997, ROWS)


def _resolve(gaz, text):
    article = make_article(text)
    return PlaceResolver(gaz).resolve(article.text, gaz.find(article.text))


def test_many_training_reports_against_few_decide_without_context(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Hamrun.")
    assert [r.place.id for r in resolved] == ["ucdp:1"]
    assert resolved[0].choice == "prior: named in 12 training reports"


def test_context_still_beats_the_reports_prior(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Hamrun in Dalaya Province.")
    hamrun = next(r for r in resolved if r.match.text == "Hamrun")
    assert hamrun.place.id == "ucdp:2" and hamrun.choice.startswith("context: ")


def test_the_spelling_the_text_uses_beats_a_bigger_namesake_whose_key_folds_alike(gaz):
    assert place_name_key("Maadun") == place_name_key("Mudan")
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Maadun.")
    assert [r.place.id for r in resolved] == ["ucdp:4"]
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Mudan.")
    assert [r.place.id for r in resolved] == ["gn:3"]


def test_a_small_place_needs_a_locative_word_in_a_text_about_elsewhere(gaz):
    assert place_name_key("Sara") == place_name_key("Sira")
    # "Sara" spells the village of one report, not the battlefield Sira
    assert [m.text for m in gaz.find("Sara said the tents had arrived.")] == []
    assert [m.text for m in gaz.find("His wife, Sara, met the minister.")] == []
    assert [m.text for m in gaz.find("Shells fell in Sara on Monday.")] == ["Sara"]
    # a text about the theater keeps it as before
    assert [m.text for m in gaz.find("Zedlandic officials said Sara was shelled.")] == ["Sara"]
    # a known battlefield (ten or more training reports) is no small place
    assert [m.text for m in gaz.find("Wadi Qarun was quiet, officials said.")] == ["Wadi Qarun"]


def test_a_near_miss_of_a_minor_hamlets_name_is_no_match(gaz):
    assert [m.text for m in gaz.find("Zedlandic jets struck the village of Ghaban.")] == ["Ghaban"]
    assert [m.text for m in gaz.find("Zedlandic jets struck the village of Ghadban.")] == []


def test_a_small_place_at_the_end_of_a_longer_name_is_not_that_place(gaz):
    assert [m.text for m in gaz.find("Zedlandic jets struck the village of Sara.")] == ["Sara"]
    assert [m.text for m in gaz.find("Zedlandic jets struck Khabrat Hawi Sara lake.")] == []


def test_a_facility_the_gazetteer_has_is_matched_whole_not_as_its_town(gaz):
    assert [m.candidates[0] for m in gaz.find("Zedlandic jets struck Mudan airport at dawn.")] == ["ucdp:9"]
    # a facility the gazetteer lacks: the town it is named after
    assert [m.candidates[0] for m in gaz.find("Zedlandic jets struck Mudan bakery at dawn.")] == ["gn:3"]


def test_a_hill_word_before_a_number_is_no_town(gaz):
    assert [m.text for m in gaz.find("Zedlandic jets struck At Tall on Monday.")] == ["At Tall"]
    assert [m.text for m in gaz.find("Zedlandic troops took Tall 900 on Monday.")] == []


def _build_script():
    path = Path(__file__).resolve().parents[2] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_hamlet_loses_only_names_spelled_like_a_place_abroad():
    build = _build_script()
    abroad = {place_name_key(n): {build_spelling(n)} for n in ("Chad", "Russia", "Harare")}
    assert place_name_key("Sayda") == place_name_key("Chad")
    assert not build.abroad_name("Sayda", abroad)        # keys collide, names differ
    assert not build.abroad_name("Hurayrah", abroad)
    assert build.abroad_name("Ar Rusiyah", abroad)       # Russia's name, respelled


def build_spelling(name):
    from marsad.geo.gazetteer import spelling
    return spelling(name)


def _focus_pack(tmp_path_factory, focus):
    root = tmp_path_factory.mktemp("zedland3")
    (root / "pack.json").write_text(json.dumps({
        "name": "zedland3", "country": "Zedland", "iso": 996, "region": "Nowhere",
        "demonyms": ["Zedlandic"]}), encoding="utf-8")
    (root / "places.csv").write_text(PLACES_HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    (root / "actors.json").write_text(json.dumps({"actors": [
        {"id": "dalaya-front", "name": "Dalaya Liberation Front", "aliases": ["Jabhat Tahrir"],
         "side": "rebels", "inter": 2, "country": "Zedland", "parent": None}]}), encoding="utf-8")
    (root / "outlets.json").write_text(json.dumps({"outlets": [
        {"name": "Harran Today", "aliases": [], "country": "Zedland", "alignment": "independent",
         "kind": "news"},
        {"name": "Valley Radio", "aliases": [], "country": "Zedland", "alignment": "independent",
         "kind": "radio"}]}), encoding="utf-8")
    if focus is not None:
        (root / "place_focus.json").write_text(json.dumps(focus), encoding="utf-8")
    return load_pack(str(root))


def _tag(pack, text, outlet=None):
    from marsad.geo.tagger import make_place_tagger
    article = make_article(text)
    article.outlet = outlet
    article = make_place_tagger(pack, gazetteer=Gazetteer(pack))(article)
    return next(m for m in article.mentions if m.kind == "place" and m.text == "Hamrun")


def test_the_outlets_and_the_armed_groups_areas_choose_a_namesake(tmp_path_factory):
    pack = _focus_pack(tmp_path_factory, {"outlets": {"Valley Radio": ["Dalaya"]},
                                          "actors": {"dalaya-front": ["Dalaya"]}})
    # no focus: the training reports decide
    assert _tag(pack, "Zedlandic jets struck the village of Hamrun.").norm == "ucdp:1"
    # an outlet named after a governorate, or one the data says reports from there
    m = _tag(pack, "Jets struck the village of Hamrun.", outlet="Valley Radio")
    assert m.norm == "ucdp:2" and "where the outlet Valley Radio reports from" in m.place_info.choice
    m = _tag(pack, "Jets struck the village of Hamrun.", outlet="Harran Today")
    assert m.norm == "ucdp:1" and "where the outlet Harran Today reports from" in m.place_info.choice
    # an armed group named in the text, where it fought
    m = _tag(pack, "Jabhat Tahrir fighters clashed with troops in the village of Hamrun.")
    assert m.norm == "ucdp:2" and "where Jabhat Tahrir, named in the text, fought" in m.place_info.choice
    # the text's own places outweigh the focus
    m = _tag(pack, "Jabhat Tahrir fighters clashed with troops in Hamrun, near Mudan.")
    assert m.norm == "ucdp:1"


def test_a_malformed_focus_file_is_an_error(tmp_path_factory):
    from marsad.geo.gazetteer import GazetteerError
    from marsad.geo.tagger import make_place_tagger
    pack = _focus_pack(tmp_path_factory, {"actors": {"dalaya-front": "Dalaya"}})
    with pytest.raises(GazetteerError, match="place_focus.json"):
        make_place_tagger(pack, gazetteer=Gazetteer(pack))


def test_a_text_naming_the_theaters_armed_group_is_about_the_theater(tmp_path_factory):
    pack = _focus_pack(tmp_path_factory, {"actors": {"dalaya-front": ["Dalaya"]}})
    gaz = Gazetteer(pack)
    assert [m.text for m in gaz.find("Officials said Sara was quiet.")] == []
    assert [m.text for m in gaz.find("Jabhat Tahrir fighters said Sara was quiet.")] == ["Sara"]
