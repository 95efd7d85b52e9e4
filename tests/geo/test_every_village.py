"""Issue 13: a gazetteer of every village — weak spellings, names inside longer names,
namesakes decided by context or left at their governorate, priors, the pack's new columns.

An invented pack (names made up, coordinates invented) so each rule is tested in isolation."""

import json

import pytest

from marsad.core.names import place_name_key
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.tagger import PlaceResolver
from marsad.theaters import load_pack

from geo_testkit import make_article

HEADER = ("id,name,aliases,lat,lon,level,admin1,admin2,admin3,population,source,reports,"
          "feature,variants,name_ar\n")
ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,North,North Province,36.0,37.0,governorate,North,Upper,,,pack,,,,",
    "adm1:south,South,South Province,33.0,36.0,governorate,South,Lower,,,pack,,,,",
    "gn:1,Qasrabad,,36.01,37.01,city,North,Upper,,250000,geonames,40,PPLA,,",
    "ucdp:2,Tall Wardan,,36.10,37.10,city,North,Upper,,,ucdp+wof,7,PPL,Tell Wardeh,",
    # villages known only from the long list (minor): one is named like a man
    "wof:3,Marzuqa,,36.05,37.05,city,North,Upper,,,wof,,PPL,Marzouqa,مرزوقة",
    "wof:4,Husaynat,,36.20,37.30,city,North,Upper,,,wof,,PPL,Hussein,",
    # namesakes: two in one governorate, a third in the other
    "wof:5,Birkat Salma,,36.30,37.40,city,North,Upper,,,wof,,PPL,,",
    "wof:6,Birkat Salma,,36.50,37.60,city,North,Upper,,,wof,,PPL,,",
    "wof:7,Jurayn,,36.40,37.20,city,North,Upper,,,wof,,PPL,,",
    "wof:8,Jurayn,,33.10,36.10,city,South,Lower,,,wof,,PPL,,",
    "wof:9,Sawda,,33.20,36.20,city,South,Lower,,,wof,,PPLA3,,",
    "wof:10,Tall as Samn,,36.60,37.60,city,North,Upper,,,wof,,PPL,,",
    "wof:11,Jubb as Sawda,,36.70,37.70,city,North,Upper,,,wof,,PPL,,",
]


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    root = tmp_path_factory.mktemp("zedland")
    (root / "pack.json").write_text(json.dumps({
        "name": "zedland", "country": "Zedland", "iso": 998, "region": "Nowhere",
        "demonyms": ["Zedlandic"]}), encoding="utf-8")
    (root / "places.csv").write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    return load_pack(str(root))


@pytest.fixture(scope="module")
def gaz(pack):
    return Gazetteer(pack)


def names(gaz, text):
    return [m.text for m in gaz.find(text)]


def test_pack_reads_reports_features_variants_and_arabic_names(pack):
    assert pack.place_reports["gn:1"] == 40
    assert pack.place_features["wof:9"] == "PPLA3"
    assert pack.place_variants["wof:3"] == ("Marzouqa",)
    assert pack.place_names_ar["wof:3"] == ("مرزوقة",)


def test_kfar_and_kafr_fold_alike():
    assert place_name_key("Kfar Nabl") == place_name_key("Kafr Nabl") == place_name_key("Kefr Nabl")
    assert place_name_key("Tell Rifaat") == place_name_key("Tal Rifaat") == place_name_key("Tall Rifaat")


def test_a_minor_village_needs_a_text_about_the_theater_and_a_locative_word(gaz):
    assert names(gaz, "Zedlandic officials praised Marzuqa on Monday.") == []  # no locative cue
    assert names(gaz, "Zedlandic troops shelled Marzuqa on Monday.") == ["Marzuqa"]
    assert names(gaz, "Zedlandic troops shelled the village of Marzuqa.") == ["Marzuqa"]
    assert names(gaz, "Zedlandic troops advanced in Marzuqa.") == ["Marzuqa"]
    # a text that never names the theater: the same words are somebody else's
    assert names(gaz, "Troops advanced in Marzuqa.") == []
    # a place of standing (population, training reports) needs neither
    assert names(gaz, "Troops shelled Qasrabad.") == ["Qasrabad"]


def test_a_village_listed_after_another_keeps_its_cue(gaz):
    found = names(gaz, "Zedlandic jets struck the villages of Marzuqa, Jurayn and Husaynat.")
    assert found == ["Marzuqa", "Jurayn", "Husaynat"]


def test_a_variant_spelling_is_weak_and_a_persons_name_is_no_place(gaz):
    # "Hussein" is only a variant spelling of Husaynat, and a man's name
    assert names(gaz, "Zedlandic police arrested Hussein in Qasrabad.") == ["Qasrabad"]
    assert names(gaz, "The Zedlandic army entered Hussein's compound.") == []
    # the variant of a place of standing, after a locative word, is matched
    assert names(gaz, "Zedlandic rebels attacked a post in Tell Wardeh.") == ["Tell Wardeh"]
    assert names(gaz, "Tell Wardeh residents fled.") == []


def test_the_tail_of_a_longer_name_is_not_that_place(gaz):
    # "Khirbat as-Sawda" and "Ruwaysat al-Sawda" are other places than Sawda
    assert names(gaz, "Zedlandic shelling hit Khirbat as Sawda in the south.") == []
    assert names(gaz, "Zedlandic shelling hit Ruwaysat al-Sawda in the south.") == []
    assert names(gaz, "Zedlandic shelling hit the town of Sawda in the south.") == ["Sawda"]
    # English "as" inside a known name: the name is matched whole, whatever its first word
    assert names(gaz, "Zedlandic shelling hit Tall as Samn.") == ["Tall as Samn"]
    assert names(gaz, "Zedlandic shelling hit Jubb as Sawda.") == ["Jubb as Sawda"]
    assert names(gaz, "Zedlandic shelling hit Qasrabad as well as Sawda.") == ["Qasrabad", "Sawda"]


def _resolve(gaz, text):
    article = make_article(text)
    return PlaceResolver(gaz).resolve(article.text, gaz.find(article.text))


def test_context_decides_a_namesake_and_says_why(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck Qasrabad and the village of Jurayn.")
    jurayn = next(r for r in resolved if r.match.text == "Jurayn")
    assert jurayn.place.id == "wof:7"            # the one near Qasrabad, in the North
    assert jurayn.choice.startswith("context: ") and "Qasrabad" in jurayn.choice


def test_a_tie_in_one_governorate_is_placed_at_the_governorate(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Birkat Salma.")
    assert [r.place.id for r in resolved] == ["adm1:north"]
    assert resolved[0].choice.startswith("tie: 2 namesakes in North")


def test_a_tie_across_governorates_is_not_placed(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Jurayn.")
    assert [r.place.level for r in resolved] == ["country"]
    assert "not placed" in resolved[0].choice


def test_training_reports_and_seats_raise_the_prior(gaz):
    assert gaz.prior("ucdp:2") > gaz.prior("wof:3")      # named in training reports
    assert gaz.prior("wof:9") > gaz.prior("wof:8")       # a sub-district seat
    assert gaz.prior("gn:1") > gaz.prior("ucdp:2")       # population
