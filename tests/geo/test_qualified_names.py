"""Issue 13: villages told apart from a neighbour of the same name by a last word (the small
and the big one, the upper and the lower, the eastern one): outlets often write the name
alone; and a hamlet named as where people live ("the residents of X"). An invented pack
(names made up, coordinates invented)."""

import pytest

from geo_testkit import resolved_place_ids as _places
from geo_testkit import zedland_gazetteer

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    "adm1:south,Dalaya,Dalaya Province,33.0,36.0,governorate,Dalaya,Lower,,,pack,,,,",
    # a pair of hamlets, the small and the big, a few hundred metres apart
    "wof:1,Zuhra as Saghirah,,36.200,37.200,city,Harran,Upper,,,wof,,PPL,,",
    "wof:2,Zuhra al Kabirah,,36.203,37.202,city,Harran,Upper,,,wof,,PPL,,",
    "wof:3,Kurbali Fawqani,,36.50,37.50,city,Harran,Upper,,,wof,,PPL,,",
    "wof:6,Kurbali Tahtani,,36.52,37.51,city,Harran,Upper,,,wof,,PPL,,",
    # a lone village with such a word: no pair the bare name could mean
    "wof:7,Dumaynah Tahtani,,36.80,37.80,city,Harran,Upper,,,wof,,PPL,,",
    # a provincial town, and a pair whose bare name is spelled nearly as the town is
    "gn:8,Zarqa,,33.70,36.70,city,Dalaya,Lower,,150000,geonames,30,PPLA,,",
    "wof:9,Zarqas Fawqani,,36.90,37.90,city,Harran,Upper,,,wof,,PPL,,",
    "wof:10,Zarqas Tahtani,,36.91,37.91,city,Harran,Upper,,,wof,,PPL,,",
    # a hamlet, and a pair whose bare name is the hamlet's and an s
    "wof:12,Tamra,,35.50,37.50,city,Harran,Upper,,,wof,,PPL,,",
    "wof:13,Tamras Fawqani,,35.90,37.90,city,Harran,Upper,,,wof,,PPL,,",
    "wof:14,Tamras Tahtani,,35.91,37.91,city,Harran,Upper,,,wof,,PPL,,",
    # the bare name is a town of standing elsewhere: it stays the town's
    "gn:4,Marqab,,33.50,36.50,city,Dalaya,Lower,,20000,geonames,5,PPLA2,,",
    "wof:5,Marqab ash Sharqiyah,,36.70,37.70,city,Harran,Upper,,,wof,,PPL,,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedland_q"), "zedland_q", 995, ROWS)


@pytest.mark.parametrize("spelled,pids", [
    ("Zuhra", {"wof:1", "wof:2"}),       # the pair: either of the two
    ("Zuhrah", {"wof:1", "wof:2"}),      # ... with a final h
    ("Kurbali", {"wof:3", "wof:6"}),
])
def test_a_village_named_without_its_qualifier_is_found(gaz, spelled, pids):
    found = _places(gaz, f"Zedlandic troops shelled the village of {spelled} on Monday.")
    assert len(found) == 1 and found[0] in pids


def test_the_bare_name_is_matched_as_a_variant_is(gaz):
    # no locative word, a text about elsewhere: a word like a name, not the village
    assert _places(gaz, "Kurbali said the new film would open in Paris.") == []


def test_a_lone_village_gives_no_bare_name(gaz):
    assert _places(gaz, "Zedlandic troops shelled the village of Dumaynah on Monday.") == []


def test_a_bare_name_a_letter_from_a_town_of_standing_is_none(gaz):
    # "Zarqas" is more often the town Zarqa misspelled than the pair Zarqas Fawqani/Tahtani
    assert not {"wof:9", "wof:10"} & set(
        _places(gaz, "Zedlandic troops shelled the village of Zarqas on Monday."))
    assert _places(gaz, "Zedlandic fighters died near Zarqa US-led jets said.") == ["gn:8"]


def test_a_bare_name_is_matched_only_as_spelled_not_nearly(gaz):
    # "Tamra US-led" folds onto the pair's bare name "Tamras": it is no mention of the pair
    found = _places(gaz, "Zedlandic jets struck in Tamra US-led forces said on Monday.")
    assert not {"wof:13", "wof:14"} & set(found)
    assert _places(gaz, "Zedlandic troops shelled the village of Tamras on Monday.")[0] \
        in ("wof:13", "wof:14")


def test_a_bare_name_that_a_place_of_standing_has_stays_that_place(gaz):
    assert _places(gaz, "Zedlandic troops shelled the village of Marqab on Monday.") == ["gn:4"]
    assert _places(gaz, "Zedlandic troops shelled the village of Marqab ash Sharqiyah on Monday.") \
        == ["wof:5"]


def test_a_near_miss_of_a_bare_name_is_no_match(tmp_path):
    # "Barqumiyah" is only the base of a village's name: a spelling near it (not another
    # transliteration of it) is a guess at another word ("Baquba" in Iraq), not the village
    gaz = zedland_gazetteer(tmp_path, "zedland_q2", 994, ROWS[:3] + [
        "ucdp:9,Barqumiyah al Gharbiyah,,36.40,37.40,city,Harran,Upper,,,ucdp,3,PPL,,",
        "wof:11,Barqumiyah ash Sharqiyah,,36.41,37.42,city,Harran,Upper,,,wof,,PPL,,"])
    assert _places(gaz, "Zedlandic troops shelled the village of Barqumiyah on Monday.")[0] \
        in ("ucdp:9", "wof:11")
    assert _places(gaz, "Zedlandic troops shelled the village of Bariqumiyah on Monday.") == []


def test_the_residents_of_a_village_name_it_near_the_theaters_name(gaz):
    # a hamlet only the long list knows needs a locative word; "the residents of" is one,
    # where the words around it name the theater ...
    text = "Zedlandic state media said buses carrying the residents of Kurbali left on Friday."
    assert _places(gaz, text)[0] in ("wof:3", "wof:6")
    # ... not in a page about elsewhere that names the theater only far away
    far = "Zedland was mentioned once. " + "The talks went on for days and nothing moved. " * 8
    assert _places(gaz, far + "Most residents of Kurbali are traders, officials said.") \
        == ["country:zz"]
    assert _places(gaz, "Zedlandic state media said the people of Kurbali were calm.")[0] \
        in ("wof:3", "wof:6")
