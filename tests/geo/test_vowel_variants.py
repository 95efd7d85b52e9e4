"""Issue 13: a village's name written without one short vowel that every spelling the
gazetteer has voices ("Lahtheh" for Lahithah), matched by a general transliteration rule, not
per-name entries, and not where an English word or another name folds alike. An invented
pack (names made up, coordinates invented)."""

import pytest

from geo_testkit import zedland_gazetteer

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    # hamlets only the long list of localities knows
    "wof:1,Bariqithah,,36.10,37.10,city,Harran,Upper,,,wof,,PPL,,",
    "wof:2,Inqiraz,,36.20,37.20,city,Harran,Upper,,,wof,,PPL,,",
    "wof:3,Qalmuz,,36.30,37.30,city,Harran,Upper,,,wof,,PPL,,",
    "wof:4,Sahl al Laqabuz,,36.40,37.40,city,Harran,Upper,,,wof,,PPL,,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedvowel"), "zedvowel", 995, ROWS)


def found(gaz, text):
    return [(m.text, m.candidates) for m in gaz.find(text)]


@pytest.mark.parametrize("text,name,pid", [
    ("Zedlandic jets struck a market in Bariqtheh on Monday.", "Bariqtheh", "wof:1"),
    # the word-initial vowel's quality aside
    ("Zedlandic jets struck the village of Anqraz on Monday.", "Anqraz", "wof:2"),
])
def test_a_name_without_one_short_vowel_is_the_village(gaz, text, name, pid):
    assert found(gaz, text) == [(name, (pid,))]


@pytest.mark.parametrize("text", [
    # a vowel more than the gazetteer's spelling: another name
    "Zedlandic jets struck a market in Qalamouz on Monday.",
    # no locative word before it
    "Zedlandic officials said Bariqtheh was quiet.",
    # the theater not named anywhere near it
    "Jets struck a market in Bariqtheh on Monday.",
    "Zedlandic officials met on Sunday. " + "Nothing else happened that week. " * 12
    + "A protester in Bariqtheh was hurt.",
    # the article did not swallow a letter of the next word
    "Zedlandic jets struck a market in Sahl al-Qabuz on Monday.",
])
def test_nor_anything_else_that_folds_alike(gaz, text):
    assert found(gaz, text) == []
