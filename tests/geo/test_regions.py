"""Issue 13: a clause that names a compass region of the country ("a village in northern
Syria") takes no place outside that region from the sentences before it (the paragraph's or
the article's place); one inside the region, it still may. Regions are pack data
(``regions.json``). Sentences written for the test."""

import pytest

from marsad.geo import make_event_geocoder, make_place_tagger
from marsad.geo.geocoder import Regions
from geo_testkit import add_event, make_article


@pytest.fixture(scope="module")
def stages(pack):
    return make_place_tagger(pack), make_event_geocoder(pack)


def run(stages, article):
    tagger, geocoder = stages
    return geocoder(tagger(article))


@pytest.mark.parametrize("phrase, inside, outside", [
    ("a village in northern Syria", "Idleb", "Dar'a"),
    ("in north-west Syria", "Lattakia", "Deir-ez-Zor"),
    ("in the north of the country", "Aleppo", "Damascus"),
    ("across Syria's northeast", "Al-Hasakeh", "Homs"),
    ("near a town in southern Syria", "Dar'a", "Aleppo"),
    ("in eastern Syria", "Deir-ez-Zor", "Lattakia"),
    ("in central Syria", "Homs", "Idleb"),
])
def test_region_phrases(pack, phrase, inside, outside):
    govs = Regions.for_pack(pack).named(phrase, 0, len(phrase))
    assert govs is not None and inside in govs and outside not in govs


@pytest.mark.parametrize("phrase", ["the North Atlantic", "in Syria", "north of Aleppo",
                                    "South Korea"])
def test_no_region(pack, phrase):
    assert Regions.for_pack(pack).named(phrase, 0, len(phrase)) is None


def test_a_region_elsewhere_takes_no_earlier_place(stages):
    a = make_article("Shelling killed three people in Deraa on Monday. "
                     "A car bomb went off in a village of northern Syria.")
    ev = add_event(a, 1)
    run(stages, a)
    assert ev.place is None or ev.place.admin1 != "Dar'a"


def test_a_region_that_holds_the_earlier_place_keeps_it(stages):
    a = make_article("Shelling killed three people in Manbij on Monday. "
                     "A car bomb went off in a village of northern Syria.")
    ev = add_event(a, 1)
    run(stages, a)
    assert ev.place is not None and ev.place.admin1 == "Aleppo"


def test_the_region_skips_to_an_earlier_place_inside_it(stages):
    a = make_article("Rebels shelled Manbij on Sunday. Shelling killed three people in Deraa "
                     "on Monday. A car bomb went off in a village of northern Syria.")
    ev = add_event(a, 2)
    run(stages, a)
    assert ev.place is not None and ev.place.admin1 == "Aleppo"
