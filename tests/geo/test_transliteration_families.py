"""Issue 13, the transliteration families the lookup key keeps apart: the letter ghayn written
Q where the gazetteer has Gh (and Gh where it has Q), a qualifier's masculine nisba -i for its
feminine -iyah, a short name after the Arabic article in another spelling ("At Tel"), the
article assimilated in lower case before the name ("in as Sura"). Each is a weak match: only
after a locative word, in a text about the theater; English words are not read so. An
invented pack (names made up, coordinates invented)."""

import pytest

from geo_testkit import zedland_gazetteer
from marsad.geo.gazetteer import _word_before, alternate_keys, family_form

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    "wof:1,Ghazzalun,,36.10,37.10,city,Harran,Upper,,,wof,,PPL,,",
    "wof:2,Qirbat Nuhas,,36.20,37.20,city,Harran,Upper,,,wof,,PPL,,",
    "wof:3,Kabsat Sharqi,,36.30,37.30,city,Harran,Upper,,,wof,,PPL,,",
    "wof:4,Kabsat Gharbiyah,,36.32,37.28,city,Harran,Upper,,,wof,,PPL,,",
    "wof:5,At Tall,,36.40,37.40,city,Harran,Upper,,,wof,,PPL,,",
    "wof:6,Qurayn,,36.50,37.50,city,Harran,Upper,,,wof,,PPL,,",
    "wof:7,As Surah,,36.60,37.60,city,Harran,Upper,,,wof,,PPL,,",
    "wof:8,At Tinah,,36.70,37.70,city,Harran,Upper,,,wof,,PPL,,",
    "wof:9,At Tulul,,36.80,37.80,city,Harran,Upper,,,wof,,PPL,,",
    # a town of standing whose key folds like As Surah's
    "gn:10,Sirah,,36.90,37.90,city,Harran,Upper,,50000,geonames,,PPLA2,,",
    # a variant spelling of the long list ("Qanah") is no name to read "Ghana" onto
    "wof:11,Qanyah,,36.95,37.95,city,Harran,Upper,,,wof,,PPL,Qanah,",
    # a short word read in another family: "Quit" is not Ghit
    "wof:12,Ghit,,36.15,37.15,city,Harran,Upper,,,wof,,PPL,,",
    # a village spelled like a town abroad in another family
    "wof:13,Ghusnah,,36.25,37.25,city,Harran,Upper,,,wof,,PPL,,",
]
ABROAD = ("id,name,aliases,lat,lon,level,country,iso,admin1,admin2,admin3,population,source\n"
          "country:ol,Otherland,,,,country,Otherland,998,,,,1000000,geonames\n"
          "gn:900,Qusnah,,30.0,30.0,city,Otherland,998,North,,,100000,geonames\n")


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    root = tmp_path_factory.mktemp("zedfamily")
    (root / "places_abroad.csv").write_text(ABROAD, encoding="utf-8")
    return zedland_gazetteer(root, "zedfamily", 994, ROWS)


def found(gaz, text):
    return [(m.text, m.candidates) for m in gaz.find(text)]


@pytest.mark.parametrize("text,name,pid", [
    # ghayn written Q: Ghazzalun
    ("Zedlandic jets struck a market in Qazzalun on Monday.", "Qazzalun", "wof:1"),
    # ghayn written Gh where the gazetteer writes Q
    ("Zedlandic jets struck a market in Ghirbat Nuhas on Monday.", "Ghirbat Nuhas", "wof:2"),
    # a qualifier's feminine for its masculine, and back
    ("Zedlandic jets struck a market in Kabsat Sharqiyah on Monday.", "Kabsat Sharqiyah", "wof:3"),
    ("Zedlandic jets struck the village of Kabsat Sharqiyeh on Monday.", "Kabsat Sharqiyeh", "wof:3"),
    ("Zedlandic jets struck a market in Kabsat Gharbi on Monday.", "Kabsat Gharbi", "wof:4"),
    # a short name after the Arabic article, in another spelling of one Arabic name
    ("Zedlandic jets struck a market in At Tel on Monday.", "At Tel", "wof:5"),
    # the article assimilated in lower case before a short name
    ("Zedlandic jets struck a market in as Sura on Monday.", "Sura", "wof:7"),
])
def test_a_name_in_another_family_is_the_village(gaz, text, name, pid):
    assert found(gaz, text) == [(name, (pid,))]


@pytest.mark.parametrize("text", [
    # a bare G is no ghayn: "Green" is not Qurayn
    "Zedlandic protesters gathered in Green Square on Monday.",
    # read onto a variant spelling only, a word too short, a place abroad's name
    "Zedlandic jets struck a market in Ghana on Monday.",
    "Zedlandic jets struck a market in Quit on Monday.",
    "Zedlandic jets struck a market in Qusnah on Monday.",
    # no locative word before it
    "Zedlandic officials said Qazzalun was quiet.",
    # the theater not named
    "Jets struck a market in Qazzalun on Monday.",
    # a head word of a longer name: "At Tel Aviv" is not At Tall
    "Zedlandic officials met in At Tel Aviv on Monday.",
    # English "as" before a word of another first letter is no article
    "Zedlandic jets struck such places as Kura on Monday.",
    # an article other than al/el must take the name's first letter: "An Ally" is English
    "Zedlandic jets struck a market in An Sura on Monday.",
    # ... nor English "at" after no locative word ("over at Time"): Tinah is no "Tina"
    "Zedlandic readers may find the whole story over at Tina today.",
])
def test_nor_anything_else(gaz, text):
    assert found(gaz, text) == []


def test_a_short_name_after_an_article_inside_a_longer_name_is_no_village(gaz):
    # "al-Sura" is the second half of one name here, not the village As Surah
    text = "Zedlandic troops took a hill near al-Tulul al-Sura on Monday."
    assert found(gaz, text) == [("al-Tulul", ("wof:9",))]
    # a short name read after the article names only the places spelled so
    assert found(gaz, "Zedlandic jets struck a market in al Sora on Monday.") == [("al Sora", ("wof:7",))]
    # "Teen" is not "Tinah" without its final vowel
    assert found(gaz, "Zedlandic jets struck a market in Al-Teen street on Monday.") == []


def test_alternate_keys_and_family_forms():
    assert alternate_keys("green") == ()                    # a bare g is not read as q
    assert alternate_keys("qouta") and alternate_keys("sharqiyah")
    assert family_form("Al Qassaniyah") == family_form("Al-Ghassaniyeh")
    assert family_form("Kabsh Sharqi") == family_form("Kabsh Sharqiyah")
    assert family_form("Qurayn") != family_form("Green")


def test_the_word_before_an_assimilated_article_is_the_locative_word():
    text = "fighting in as Sura"
    assert _word_before(text, text.index("Sura")) == "in"
    text = "fighting at Tabqa"
    assert _word_before(text, text.index("Tabqa")) == "at"
    text = "towns such as Saraqib"               # "such" is no locative word: "as" stays
    assert _word_before(text, text.index("Saraqib")) == "as"
