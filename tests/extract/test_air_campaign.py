"""A town inside a wide area, and bare "raids" in an air campaign (issue 12)."""

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))


def _events(pipeline, text):
    return [e for e in process(text, published="2017-04-03", pipeline=pipeline).events
            if e.is_event]


_OPENING = ("Government air strikes on rebel-held towns outside Damascus killed at least 30 "
            "civilians on Sunday, a monitoring group said. ")


def test_a_town_named_with_its_wide_area_is_the_event_s_place(pipeline):
    events = _events(pipeline, _OPENING + "Most died in Douma, the biggest town of the Eastern "
                                          "Ghouta region, where raids killed 19, it said.")
    douma = [e for e in events if e.fatalities.best == 19]
    assert [e.place.name for e in douma] == ["Duma"]
    assert douma[0].geo_precision == 1


def test_bare_raids_in_an_air_campaign_are_air_strikes(pipeline):
    events = _events(pipeline, _OPENING + "In Douma, raids killed 19 people, it said.")
    assert [e.sub_event_type for e in events if e.fatalities.best == 19] == ["Air/drone strike"]


def test_a_ground_raid_stays_a_ground_raid(pipeline):
    events = _events(pipeline, _OPENING + "In Douma, soldiers raided homes and killed 4 men, it said.")
    assert [e.sub_event_type for e in events if e.fatalities.best == 4] != ["Air/drone strike"]


def test_places_that_were_bombed_in_an_air_campaign_are_struck_from_the_air():
    libya = build_pipeline("libya", pack=load_pack("libya", overlays=()))
    text = ("Coalition air strikes went on Sunday against Libyan government forces, officials said."
            "\n\nState television said civilian and military sites in Sabha were bombed overnight.")
    events = [e for e in process(text, published="2011-03-27", pipeline=libya).events if e.is_event]
    sabha = [e for e in events if "Sabha" in e.text]
    assert [e.sub_event_type for e in sabha] == ["Air/drone strike"]
    assert sabha[0].actor1 != "civilians"   # the civilian sites were the target


def test_more_of_a_toll_told_before_is_the_same_campaign_s(pipeline):
    opening = "Syrian government " + _OPENING[0].lower() + _OPENING[1:]
    events = _events(pipeline, opening + "Four more civilians died in Harasta as well, "
                                         "the group said.")
    assert [e.sub_event_type for e in events if e.fatalities.best == 4] == ["Air/drone strike"]
    # soldiers killed in clashes are no more of the air strikes' toll
    events = _events(pipeline, opening + "Four more soldiers were killed in clashes in Harasta, "
                                         "the group said.")
    assert [e.sub_event_type for e in events if e.fatalities.best == 4] == ["Armed clash"]


def test_counts_told_as_more_are_the_tolls_of_different_incidents(pipeline):
    text = ("Islamic State fighters stormed an army base near Raqqa in Syria on Thursday. A monitor "
            "said more than 40 soldiers were executed 12 more were killed in a double suicide "
            "bombing and 9 others died in the assault.")
    bombs = [e for e in _events(pipeline, text) if e.sub_event_type in ("Suicide bomb",
                                                                        "Remote explosive/landmine/IED")]
    assert [e.fatalities.best for e in bombs] == [12]


def test_a_state_s_bombing_is_from_the_air_and_a_car_bomb_is_not(pipeline):
    events = _events(pipeline, "Syrian regime bombing killed 14 civilians in Douma on Sunday, "
                               "a monitor said.")
    assert [e.sub_event_type for e in events if e.fatalities.best == 14] == ["Air/drone strike"]
    events = _events(pipeline, "A car bomb killed 14 people in Douma in Syria on Sunday, a monitor said.")
    assert [e.sub_event_type for e in events if e.fatalities.best == 14] != ["Air/drone strike"]


def test_a_count_in_a_page_s_list_of_other_headlines_is_no_toll(pipeline):
    text = ("Rebels blew up a tunnel under an army post in Aleppo in Syria on Friday killing 27 "
            "soldiers a monitor said Print Tweet Views 880 Related Shelling of rebel areas leaves "
            "52 dead in Idlib Monitor.")
    assert [e.fatalities.best for e in _events(pipeline, text) if e.place and e.place.name == "Aleppo"] == [27]


def test_a_bare_toll_after_an_air_strike_is_the_strike_s(pipeline):
    # no attacker and no word of how: more of the air strike told before
    events = _events(pipeline, _OPENING + "The monitor said on Sunday that seven civilians were "
                                          "killed in Saqba in Syria's Eastern Ghouta.")
    saqba = [e for e in events if e.place.name == "Saqba"]
    assert [(e.sub_event_type, e.fatalities.best) for e in saqba] == [("Air/drone strike", 7)]


def test_a_toll_with_its_own_attacker_or_means_stays_its_own(pipeline):
    events = _events(pipeline, _OPENING + "Gunmen killed seven civilians in Saqba in Syria's Eastern "
                                          "Ghouta on Sunday. "
                                          "Three other fighters were killed in an ambush near Harasta.")
    subs = {e.place.name: e.sub_event_type for e in events if e.place.name in ("Saqba", "Harasta")}
    assert subs == {"Saqba": "Attack", "Harasta": "Armed clash"}
