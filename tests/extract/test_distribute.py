"""One event per place when a clause lists several (issue 12)."""

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))


def _events(pipeline, text):
    return [e for e in process(text, published="2016-08-08", pipeline=pipeline).events
            if e.is_event]


def test_a_listed_toll_is_split_evenly_over_the_places(pipeline):
    events = _events(pipeline, "Airstrikes hit Kafr Nabudah and Kafr Zita in northern Hama on "
                               "Sunday, killing 9 people, activists said.")
    assert sorted(e.place.name for e in events) == ["Kafr Nabudah", "Kafr Zayta"]
    assert sorted(e.fatalities.best for e in events) == [4, 5]
    assert {e.coding.fatalities_split for e in events} == {2}
    assert len({e.id for e in events}) == 2
    assert all(e.claims for e in events)   # each copy keeps who reported it


def test_counts_written_per_place_are_each_places_own(pipeline):
    events = _events(pipeline, "After the chemical attack the office said 150 bodies were counted "
                               "in Zamalka, 100 in Kafr Batna and 61 in Douma.")
    by_place = {e.place.name: e.fatalities.best for e in events}
    assert by_place.get("Kafr Batna") == 100 and len(by_place) == 3
    assert all(e.coding.fatalities_split is None for e in events)


def test_places_not_in_one_list_are_not_split(pipeline):
    events = _events(pipeline, "Rebels from Saraqib shelled Kafr Nabudah on Sunday, killing 3.")
    assert len(events) == 1


def test_a_neighbourhood_of_a_city_is_one_place_not_a_list(pipeline):
    events = _events(pipeline, "On Sunday 24 people were killed in a barrel bomb attack on the "
                               "Mashhad neighbourhood of Aleppo, the monitor said.")
    assert len(events) == 1
    assert events[0].fatalities.best == 24 and events[0].coding.fatalities_split is None


def test_a_number_before_a_place_is_no_toll_when_the_clause_tells_none(pipeline):
    # the wounded of each place are no place's dead
    events = _events(pipeline, "Rebel shells wounded 20 in Kafr Nabudah and 7 in Kafr Zita in "
                               "Syria's Hama province on Sunday.")
    assert len(events) == 2 and all(not e.fatalities.known for e in events)


def test_a_head_word_of_area_makes_no_other_town_of_a_known_quarter(pipeline):
    events = _events(pipeline, "Rebel mortars struck al-Mazzeh area of the Syrian capital "
                               "Damascus on Monday, residents said.")
    assert [e.place.name for e in events] == ["Mezzeh"]


def test_counts_in_words_before_a_headed_place_are_each_places_own(pipeline):
    # the first place takes the clause's own toll, the second the count written before it
    events = _events(pipeline, "Four more people died in the town of Saqba and one in the town of "
                               "Harasta on Sunday after shelling, the monitor said.")
    by_place = {e.place.name: e.fatalities.best for e in events}
    assert by_place == {"Saqba": 4, "Harasta": 1}


@pytest.mark.parametrize("sep", [", ", " "])   # commas kept, or stripped as some pages strip them
def test_a_list_of_villages_keeps_its_known_items_around_unknown_ones(pipeline, sep):
    names = sep.join(["Habra al-Sharqi", "Rasm Hamideh", "Jubb Habal", "Abu Hawadid"])
    events = _events(pipeline, "Syrian troops fought Islamic State fighters in eastern Homs on "
                               f"Tuesday. The troops stormed IS positions in the villages of {names} "
                               "and Sharifeh, a military source said.")
    places = {e.place.name for e in events if e.place is not None}
    assert {"Abu Hawadid", "Sharifah"} <= places
    assert {e.sub_event_type for e in events if e.place.name in ("Abu Hawadid", "Sharifah")} == {"Armed clash"}


def test_a_different_bare_head_joins_no_list(pipeline):
    # the office's town before the struck village: two roles, not a list of two event places
    text = ("Rescuers working for the municipal office of the city of Afrin the village of "
            "Kafr Nabudah was hit by an air raid on Sunday in which seven people died.")
    events = _events(pipeline, text)
    assert [(e.place.name, e.fatalities.best) for e in events] == [("Kafr Nabudah", 7)]


@pytest.mark.parametrize("sep", [", ", " "])
def test_a_repeated_bare_head_still_joins_a_list(pipeline, sep):
    events = _events(pipeline, f"Air raids hit the town of Kafr Nabudah{sep}the town of Kafr Zita "
                               "on Sunday, the monitor said.")
    assert sorted(e.place.name for e in events) == ["Kafr Nabudah", "Kafr Zayta"]


def test_a_list_that_repeats_its_preposition_and_head_is_still_a_list(pipeline):
    events = _events(pipeline, "Protesters marched in Manbij and in the northern town of Jarabulus "
                               "on Friday, activists said.")
    assert sorted(e.place.name for e in events) == ["Jarabulus", "Manbij"]


def test_a_place_given_its_share_of_a_toll_keeps_only_its_share(pipeline):
    events = _events(pipeline, "Three more people were killed in air strikes on Monday, one in Hama "
                               "province, a second in Idlib province and a third in Manbij.")
    # the provinces are no list of event places: the one event keeps its own place's share
    assert events and all(e.fatalities.best == 1 for e in events)
    # "one of their centres in X" counts centres, not the dead
    events = _events(pipeline, "Syrian jets struck one of the rebel centres in Manbij on Monday, "
                               "killing eight people, the monitor said.")
    assert [e.fatalities.best for e in events] == [8]


def test_a_place_saying_where_the_next_lies_is_no_item_of_the_list(pipeline):
    # "the Damascus suburb of B": Damascus says where B is; the list is A and B
    events = _events(pipeline, "Protesters marched in Hama and in the Damascus suburb of Harasta on "
                               "Friday, activists said.")
    assert sorted(e.place.name for e in events) == ["Hamah", "Harasta"]


def test_an_apposition_naming_the_city_a_quarter_lies_in_makes_no_list(pipeline):
    events = _events(pipeline, "Gunmen shot dead two men on Sunday in Sukkari, a crowded "
                               "neighbourhood of Aleppo, residents said.")
    assert [e.place.name for e in events] == ["As-Sukkari"]
