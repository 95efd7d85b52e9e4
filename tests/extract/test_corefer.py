"""An article's second telling of one incident ("the strike on the village of X") is
merged into one mention, not coded as a second event (issue 12)."""

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))


def _process(pipeline, text):
    return process(text, published="2016-10-15", pipeline=pipeline)


def _events(article):
    return [e for e in article.events if e.is_event]


@pytest.mark.parametrize("where", ["Syria's northwestern province of Idlib", "Syria's Idlib"])
def test_the_strike_on_a_village_takes_the_leads_toll_and_the_lead_is_held_back(pipeline, where):
    # "Syria's Idlib" names the town and the governorate alike: the village refines either
    article = _process(pipeline,
                       f"Warplanes killed 15 people in {where} on Saturday, a monitor said. "
                       "According to the monitor, the strike on the village of Kafr Nabl hit "
                       "a bakery.")
    events = _events(article)
    assert [(e.place.name, e.fatalities.best) for e in events] == [("Kafranbel", 15)]
    assert events[0].date.start is not None and events[0].date.start.isoformat() == "2016-10-15"
    held = [e for e in article.events if e.held_back and e.held_back.startswith("same event")]
    assert len(held) == 1 and held[0].fatalities.best == 15
    assert events[0].coding.coreferent == held[0].id


def test_another_strike_is_a_new_event(pipeline):
    events = _events(_process(pipeline,
                              "Warplanes killed 15 people in Syria's northwestern province "
                              "of Idlib on Saturday, a monitor said. Another air strike on the "
                              "village of Kafr Nabl killed three people, and the strike was "
                              "carried out by warplanes."))
    assert len(events) == 2


def test_a_shelling_is_not_the_air_strike_told_before(pipeline):
    events = _events(_process(pipeline,
                              "Warplanes killed 15 people in Syria's northwestern province "
                              "of Idlib on Saturday, a monitor said. The shelling of the village "
                              "of Kafr Nabl by rebels wounded two people on Saturday."))
    assert {e.sub_event_type for e in events} == {"Air/drone strike",
                                                  "Shelling/artillery/missile attack"}


def test_two_villages_are_two_events(pipeline):
    events = _events(_process(pipeline,
                              "An air strike hit the town of Saraqib on Saturday, killing four "
                              "people. The strike on the village of Kafr Nabl on Saturday killed "
                              "four people too."))
    assert sorted(e.place.name for e in events) == ["Kafranbel", "Saraqib"]


def test_a_framing_place_yields_to_the_clauses_own_place(pipeline):
    events = _events(_process(pipeline,
                              "In Deir Ezzor warplanes bombed IS positions in the village of "
                              "al-Jafra east of the city on Saturday."))
    assert [e.place.name for e in events] == ["Jafrah"]


def test_the_kept_telling_of_a_blast_takes_the_suicide_bombing_it_was(pipeline):
    article = _process(pipeline,
                       "A car bomb exploded in the Syrian town of Saraqib on Saturday, killing 12 "
                       "people, a monitor said. The monitor said the attack in the town was carried "
                       "out by a suicide bomber.")
    events = _events(article)
    assert [(e.sub_event_type, e.fatalities.best) for e in events] == [("Suicide bomb", 12)]


_SUMMARY = ("Rocket fire by insurgents killed {total} civilians in Syria's Aleppo on Wednesday, "
            "state media said.\n\nThree civilians died when rockets struck the Saif al-Dawleh "
            "neighbourhood of Aleppo city, a police official said.\n\nEarlier two children died "
            "as two rockets fell on the town of al-Zahraa north of the city.")


def test_a_toll_that_adds_up_the_incidents_told_apart_is_their_summary(pipeline):
    article = _process(pipeline, _SUMMARY.format(total="five"))
    held = [m for m in article.events if m.held_back and m.held_back.startswith("summary")]
    assert [m.fatalities.best for m in held] == [5]
    assert sorted(e.fatalities.best for e in _events(article)) == [2, 3]


def test_a_toll_that_does_not_add_up_stays_an_event(pipeline):
    article = _process(pipeline, _SUMMARY.format(total="nine"))
    assert not [m for m in article.events if m.held_back and m.held_back.startswith("summary")]
    assert 9 in {e.fatalities.best for e in _events(article)}


def test_a_toll_in_the_fighting_with_no_place_is_where_that_fighting_was(pipeline):
    text = ("Syrian government forces shelled rebel areas of Idlib province on Monday, a monitor "
            "said.\n\nFighting went on Monday between rebels and troops in Kafr Nabl, the monitor "
            "said.\n\nA reporter heard explosions through the night.\n\nAt least six people died "
            "on Sunday in the fighting, according to a doctor.")
    article = _process(pipeline, text)
    toll = [e for e in _events(article) if e.fatalities.best == 6]
    assert [e.place.name for e in toll] == ["Kafranbel"]
    assert toll[0].geo_precision == 2 and toll[0].coding.geo_step == "antecedent"


def test_a_place_borrowed_from_an_earlier_incident_gives_way_to_the_blast_s_own(pipeline):
    # the bombing's sentence names only "a village in the north": its place was taken from
    # the sentence before (another incident's town); the next sentence names the village
    article = _process(pipeline,
                       "Rebel shells killed five people at a school in Syria's Deraa on Friday, "
                       "a monitor said. At least 10 people were also killed when a suicide bomber "
                       "blew himself up in a village in the north on Saturday. The blast took place "
                       "in a village near Manbij, which has been held by Kurdish forces since August.")
    bombings = [e for e in _events(article) if e.sub_event_type == "Suicide bomb"]
    assert [(e.place.name, e.fatalities.best) for e in bombings] == [("Manbij", 10)]
    assert bombings[0].date.start.isoformat() == "2016-10-15"   # not "since August"


def test_the_village_of_x_names_the_village_the_lead_left_unnamed(pipeline):
    # the lead's toll is for "a rebel-held village"; the next sentence names it (the air
    # force is a branch of the army the lead names: no clash of attackers)
    article = _process(pipeline,
                       "At least 9 civilians were killed on Saturday in Syrian regime air raids "
                       "on a rebel-held village in the northern province of Idlib, a monitor said. "
                       "The Syrian air force dropped barrel bombs on the village of Kafr Nabl, "
                       "the monitor said.")
    events = _events(article)
    assert [(e.place.name, e.fatalities.best) for e in events] == [("Kafranbel", 9)]


def test_another_village_named_after_the_lead_is_its_own_incident(pipeline):
    article = _process(pipeline,
                       "At least 9 civilians were killed on Saturday in Syrian regime air raids "
                       "on a rebel-held village in the northern province of Idlib, a monitor said. "
                       "Another strike hit the village of Kafr Nabl, the monitor said.")
    assert len(_events(article)) == 2


def test_the_headline_tells_the_leads_incident(pipeline):
    article = _process(pipeline, "Air raids on Idlib clinic leave 11 dead\nAir strikes hit a clinic "
                                 "in the town of Kafr Nabl in Idlib province on Friday, killing at "
                                 "least 11 people, the monitor said.")
    assert [(e.place.name, e.fatalities.best) for e in _events(article)] == [("Kafranbel", 11)]
    assert article.events[0].held_back.startswith("same event")


def test_a_headline_toll_that_differs_from_the_leads_is_another_incident(pipeline):
    article = _process(pipeline, "Air raids on Idlib leave 30 dead\nAir strikes hit a clinic in the "
                                 "town of Kafr Nabl in Idlib province on Friday, killing 11 people, "
                                 "the monitor said.")
    assert len(_events(article)) == 2


def test_the_army_and_the_police_of_one_state_are_one_force_for_one_incident(pipeline):
    # outlets name a state's forces loosely: "Syrian forces" above, "security forces" below
    article = _process(pipeline, "Syrian forces kill 9 protesters in Hama\nSecurity forces opened "
                                 "fire on protesters in the city of Hama on Friday, killing 9 "
                                 "people, activists said.")
    assert len(_events(article)) == 1


def test_the_telling_that_names_both_sides_places_the_side_the_other_names(pipeline):
    # the headline's "coalition strikes" names the coalition only; the lead says who struck
    # whom: one incident, with the lead's pair
    article = _process(pipeline, "Nine civilians dead in coalition strikes near Raqqa\nNine "
                                 "civilians were killed in night raids by the US-led coalition "
                                 "near Raqqa on Friday, a monitor said.")
    (event,) = _events(article)
    assert (event.actor1, event.actor2) == ("us-coalition", "civilians")


def test_a_toll_told_alone_next_is_the_toll_of_the_incident_just_told(pipeline):
    article = _process(pipeline, "Warplanes struck a market in the town of Kafr Nabl in Idlib "
                                 "province on Friday.\nAt least nine civilians were killed and "
                                 "dozens wounded, the monitor said.")
    (event,) = _events(article)
    assert (event.place.name, event.fatalities.best) == ("Kafranbel", 9)
    assert article.events[1].held_back.startswith("same event: its toll")


def test_another_toll_told_next_stays_its_own(pipeline):
    article = _process(pipeline, "Warplanes struck a market in the town of Kafr Nabl in Idlib "
                                 "province on Friday.\nAnother nine civilians were killed, the "
                                 "monitor said.")
    assert [e.fatalities.best for e in _events(article)] == [None]
