"""ACLED codes one event per location per day: reports placed in two different named
places (two quarters of a city, two villages of one area, a quarter and a town outside its
city) are two events however near the places lie, while two spellings of one place, a
site inside a quarter and a report of the whole city still link. Invented sentences and
places (issue 12: distinct incidents of one city or area were merged into one event)."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from linkfixtures import PLACES, fake_pack, mention

from marsad.link import Linker
from marsad.model import Place

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters", "a4": "Orient News"}

# two quarters of one city, 1 km apart (a city's old quarters are a few hundred metres apart)
NORTH_GATE = Place("q-gate", "Bab Shamal", 36.197, 37.154, "neighbourhood", admin1="Aleppo")
SOUTH_GATE = Place("q-south", "Bab Janub", 36.188, 37.157, "neighbourhood", admin1="Aleppo")
# a quarter 5 km away from both
FAR_QUARTER = Place("q-far", "Hayy Baid", 36.235, 37.183, "neighbourhood", admin1="Aleppo")
# two towns of one area 2.6 km apart; a second gazetteer entry of the first, spelled
# otherwise 1.5 km away, and one under another name at the same point
TOWN_A = Place("t-a", "Kafr Nasim", 33.528, 36.352, "city", admin1="Rural Damascus")
TOWN_B = Place("t-b", "Ain Warda", 33.512, 36.373, "city", admin1="Rural Damascus")
TOWN_A_SPELLED = Place("t-a2", "Kfar Nassim", 33.540, 36.356, "city",
                       admin1="Rural Damascus")
TOWN_A_OTHER_NAME = Place("t-a3", "Mazraat Nasim", 33.5295, 36.3535, "city",
                          admin1="Rural Damascus")
# a site inside the first quarter
SITE = Place("s-hosp", "Bab Shamal Hospital", 36.2005, 37.1595, "landmark", admin1="Aleppo")
# the city the quarters are in, and a town 10 km from them outside it
CITY = PLACES["aleppo"]
OUTER_TOWN = Place("t-outer", "Hurayn", 36.289, 37.085, "city", admin1="Aleppo")


def _link(mentions, pack=None):
    return Linker(pack or fake_pack()).link(list(mentions), [], outlets=OUTLETS)


def _strike(text, article, place, *, gp=1, relation="in", killed=None, sentence=0):
    m = mention(text, article=article, sub="Air/drone strike", place="aleppo",
                actor1="saa", actor2="civilians", geo_precision=gp, killed=killed,
                sentence=sentence)
    return dataclasses.replace(m, place=place,
                               coding=dataclasses.replace(m.coding, place_relation=relation))


def _together(events, *mentions) -> bool:
    return any({m.id for m in mentions} <= set(e.mentions) for e in events)


def test_two_quarters_a_km_apart_are_two_events():
    a = _strike("Barrel bombs hit the Bab Shamal quarter.", "a1", NORTH_GATE)
    b = _strike("Air strikes hit the Bab Janub quarter.", "a2", SOUTH_GATE)
    assert not _together(_link([a, b]), a, b)
    # one article telling both: two events too
    c = _strike("Air strikes hit the Bab Janub quarter.", "a1", SOUTH_GATE, sentence=1)
    assert not _together(_link([a, c]), a, c)


def test_a_quarter_placed_by_a_part_of_it_is_its_own_spot():
    # "the southern part of the X quarter": geo_precision 2, still in that quarter
    part = _strike("Air strikes killed 29 in the southern Hayy Baid district.", "a1",
                   FAR_QUARTER, gp=2, relation="part", killed=(29, 29, 29, None))
    other = _strike("Another 14 were killed in the Bab Shamal quarter.", "a1", NORTH_GATE,
                    sentence=1, killed=(14, 14, 14, None))
    assert not _together(_link([part, other]), part, other)
    # near a quarter is not in it: the radius decides, as before
    near = _strike("Air strikes hit near the Bab Janub quarter.", "a2", SOUTH_GATE, gp=2,
                   relation="near")
    assert _together(_link([a := _strike("Air strikes hit Bab Shamal.", "a1", NORTH_GATE),
                            near]), a, near)


def test_two_towns_of_one_area_are_two_events():
    a = _strike("Rockets with gas hit Kafr Nasim.", "a1", TOWN_A)
    b = _strike("Rockets with gas hit Ain Warda.", "a2", TOWN_B)
    assert not _together(_link([a, b]), a, b)
    # a sentence placed by its paragraph's town is in that town
    borrowed = _strike("Doctors there said the victims showed signs of gas.", "a2", TOWN_B,
                       gp=2)
    assert not _together(_link([a, borrowed]), a, borrowed)


def test_one_town_under_two_gazetteer_entries_still_links_across_outlets():
    a = _strike("Rockets hit Kafr Nasim at dawn.", "a1", TOWN_A)
    spelled = _strike("Rockets hit Kfar Nassim at dawn.", "a2", TOWN_A_SPELLED)
    assert _together(_link([a, spelled]), a, spelled)
    same_point = _strike("Rockets hit Mazraat Nasim at dawn.", "a3", TOWN_A_OTHER_NAME)
    assert _together(_link([a, same_point]), a, same_point)


def test_a_site_in_a_quarter_and_the_whole_city_still_link():
    quarter = _strike("Jets struck the Bab Shamal quarter.", "a1", NORTH_GATE)
    site = _strike("Jets struck the Bab Shamal hospital.", "a2", SITE)
    assert _together(_link([quarter, site]), quarter, site)
    city = _strike("Jets struck Aleppo city.", "a3", CITY)
    assert _together(_link([quarter, city]), quarter, city)


def test_a_chain_through_the_city_does_not_join_two_near_quarters():
    a = _strike("Jets struck the Bab Shamal quarter.", "a1", NORTH_GATE)
    b = _strike("Jets struck the Bab Janub quarter.", "a2", SOUTH_GATE)
    city = _strike("Jets struck Aleppo city.", "a3", CITY)
    assert not _together(_link([a, b, city]), a, b)


def _pack_with_cities():
    pack = fake_pack()
    places = (*PLACES.values(), OUTER_TOWN, NORTH_GATE, SOUTH_GATE)
    return SimpleNamespace(**vars(pack), places=places,
                           place_population={"aleppo": 2_000_000, "t-outer": 5_000})


def test_a_quarter_and_a_town_outside_its_city_are_two_events():
    quarter = _strike("A barrel bomb fell on the Bab Shamal quarter.", "a1", NORTH_GATE)
    town = _strike("Jets struck Hurayn.", "a2", OUTER_TOWN)
    pack = _pack_with_cities()
    assert not _together(_link([quarter, town], pack), quarter, town)
    city = _strike("Jets struck Aleppo.", "a3", CITY)
    assert _together(_link([quarter, city], pack), quarter, city)

