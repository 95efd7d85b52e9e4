"""Theaters other than Syria: the built-in Libya 2011 pack and an invented one.

They prove that a theater is data only: place and actor resolution, event types and the
abroad/theater split work from a pack folder, and so do sides, camps and allies
(``pack.json`` "sides"), statehood (ACLED inter codes) and place stop words ("not_places").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack

RURITANIA = Path(__file__).parent / "data" / "packs" / "ruritania"

@pytest.fixture(scope="module")
def libya():
    pack = load_pack("libya", overlays=())
    return pack, build_pipeline(pack=pack)


@pytest.fixture(scope="module")
def ruritania():
    pack = load_pack(str(RURITANIA), overlays=())
    return pack, build_pipeline(pack=pack)


def _events(pipeline, text, **kw):
    return list(process(text, pipeline=pipeline, **kw).events or [])


def _one(pipeline, text, **kw):
    events = _events(pipeline, text, **kw)
    assert events, f"no event coded in {text!r}"
    return events[0]


# -- the packs load -----------------------------------------------------------------------

def test_libya_pack_loads(libya):
    pack, _ = libya
    assert (pack.name, pack.country, pack.iso, pack.region) == ("libya", "Libya", 434,
                                                                "Northern Africa")
    levels = {p.level for p in pack.places}
    assert {"country", "governorate", "city", "landmark"} <= levels
    assert len([p for p in pack.places if p.level == "governorate"]) == 22
    ids = {a.id for a in pack.actors}
    assert {"military-forces-of-libya", "police-libya", "ntc", "rebels-libya", "nato",
            "us-military", "france-military", "uk-military", "protesters", "rioters",
            "civilians", "unidentified-armed-group"} <= ids
    assert {a.inter for a in pack.actors if a.side == "nato"} == {8}
    assert {g["actor"] for g in pack.generic} <= ids
    # Tripoli is Libya's capital here, not Lebanon's
    assert not [p for p in pack.places_abroad if p.name == "Tripoli"]
    assert any(o["alignment"] == "state-media-libya" for o in pack.outlets)


def test_libya_districts_stand_at_their_seats(libya):
    """A district-level (geo_precision 3) row is placed at the district's seat, as ACLED
    places such events at the provincial capital, not in the desert between its towns."""
    pack, _ = libya
    places = {p.id: p for p in pack.places}
    for district, seat in [("adm1:tripoli", "gn:2210247"), ("adm1:al-wahat", "gn:89113"),
                           ("adm1:misratah", "gn:2214846")]:
        d, s = places[district], places[seat]
        assert (d.lat, d.lon) == (s.lat, s.lon)
        assert d.admin1 == s.admin1
    assert places["adm1:misratah"].name == "Misrata"      # ACLED's admin1 spelling


def test_ruritania_pack_loads(ruritania):
    pack, _ = ruritania
    assert pack.country == "Ruritania" and pack.iso == 999
    assert {p.id for p in pack.places_abroad} == {"country:gr", "gs:edelweiss"}
    assert pack.actor("royal-army").side == "crown"


# -- Libya ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, place_id", [
    ("Gaddafi forces shelled Misurata on Tuesday, killing 12 civilians.", "gn:2214846"),
    ("Rebels clashed with loyalist troops in Zawiyah on Sunday.", "gn:2218970"),
    ("Government troops shelled Marsa al-Brega on Monday.", "gn:2215210"),
    ("NATO warplanes struck Bab al-Aziziya overnight.", "pack:tripoli-bab-al-aziziya"),
    ("Rebels fought pro-Gaddafi forces in Yefren on Saturday.", "gn:2208791"),
])
def test_libya_places(libya, text, place_id):
    _, pipeline = libya
    event = _one(pipeline, text)
    assert event.place is not None and event.place.id == place_id
    assert event.place.country == "Libya" and event.place.iso == 434


@pytest.mark.parametrize("text, name", [
    ("Gaddafi forces shelled Misratah on Tuesday, killing 12 civilians.", "Misrata"),
    ("Loyalist troops recaptured Al Burayqah on Monday.", "Brega"),
    ("Rebels clashed with loyalist troops in Az Zawiyah on Sunday.", "Zawiya"),
])
def test_libya_places_carry_the_names_of_the_news(libya, text, name):
    """GeoNames' transliteration is found, but the row is named as the reporting names it."""
    _, pipeline = libya
    event = _one(pipeline, text)
    assert event.place is not None and event.place.name == name


@pytest.mark.parametrize("text, place_id", [
    ("Gaddafi forces shelled Tawargha on Thursday, killing 4 fighters.", "pack:tawergha"),
    ("A British air strike hit the Sarir oilfield on Wednesday, killing three guards.",
     "pack:sarir-oilfield"),
    ("Soldiers beat a woman at the Rixos Hotel on Saturday.", "pack:tripoli-rixos"),
])
def test_libya_curated_places_of_the_war(libya, text, place_id):
    _, pipeline = libya
    event = _one(pipeline, text)
    assert event.place is not None and event.place.id == place_id


def test_libya_tripoli_is_libyas(libya):
    _, pipeline = libya
    event = _one(pipeline, "A car bomb exploded in Tripoli on Friday, killing 3 people.")
    assert event.place is not None
    assert event.place.country == "Libya" and event.place.admin1 == "Tripoli"


def test_libya_abroad(libya):
    _, pipeline = libya
    event = _one(pipeline, "Gunmen killed two Libyan refugees in Ben Gardane, Tunisia, on Monday.")
    assert event.place is not None and event.place.country == "Tunisia"


@pytest.mark.parametrize("text, actor1, actor2, event_type", [
    ("Gaddafi forces shelled Misrata on Tuesday, killing 12 civilians.",
     "military-forces-of-libya", "civilians", "Explosions/Remote violence"),
    ("Qaddafi loyalists clashed with anti-Gaddafi fighters near Ajdabiya on Sunday.",
     "military-forces-of-libya", "ntc", "Battles"),
    # ACLED names the rebels' forces for their council, the NTC (founded 27 February 2011)
    ("Rebels battled government troops in Brega on Monday.", "ntc", "military-forces-of-libya",
     "Battles"),
    ("Ghaddafi loyalists shelled Zintan on Friday, killing 3 civilians.",
     "military-forces-of-libya", "civilians", "Explosions/Remote violence"),
    # NATO fought this war from the air: its bare attacks are air strikes
    ("NATO attacked Gaddafi's armour near Misrata on Sunday.", "nato", None,
     "Explosions/Remote violence"),
    # bare "troops" are Gaddafi's in this war's reporting; "rebel troops" the NTC's
    ("Troops shelled Zintan on Friday, killing 3 civilians.",
     "military-forces-of-libya", "civilians", "Explosions/Remote violence"),
    ("Rebel troops attacked Brega on Friday.", "ntc", None, "Battles"),
    # "loyalist" as an adjective names Gaddafi's forces as "rebel" names the NTC's
    ("Loyalist rockets hit Zintan on Friday, killing 3 civilians.",
     "military-forces-of-libya", "civilians", "Explosions/Remote violence"),
    ("NATO jets bombed a military compound in Sirte on Thursday.",
     "nato", None, "Explosions/Remote violence"),
    ("Thousands of protesters rallied in Benghazi against Gadhafi on Friday.",
     "protesters", None, "Protests"),
    ("National Transitional Council fighters attacked Bani Walid on Sunday.",
     "ntc", None, "Battles"),
])
def test_libya_actors(libya, text, actor1, actor2, event_type):
    _, pipeline = libya
    event = _one(pipeline, text)
    assert event.actor1 == actor1
    if actor2 is not None:
        assert event.actor2 == actor2
    assert event.event_type == event_type


def test_libya_government_regains_territory(libya):
    _, pipeline = libya
    event = _one(pipeline, "Gaddafi forces recaptured Brega from the rebels on Wednesday.")
    assert event.sub_event_type == "Government regains territory"


def test_libya_rebels_overtake_territory(libya):
    _, pipeline = libya
    event = _one(pipeline, "Rebel fighters captured Zawiya from Gaddafi forces on Saturday.")
    assert event.sub_event_type == "Non-state actor overtakes territory"


def test_libya_nato_is_not_a_non_state_actor(libya):
    _, pipeline = libya
    event = _one(pipeline, "NATO forces took control of Mitiga airport on Monday.")
    assert event.actor1 == "nato"
    assert event.sub_event_type != "Non-state actor overtakes territory"


def test_libya_nato_is_the_rebels_ally(libya):
    _, pipeline = libya
    event = _one(pipeline, "Rebels, backed by NATO air power, pushed into Zawiya on Saturday.")
    assert event.actor1 == "ntc"
    assert event.actor2 != "nato"


def test_libya_fatalities_of_libyans(libya):
    _, pipeline = libya
    event = _one(pipeline, "Five Libyans were killed when shells hit Misrata on Sunday.")
    assert event.fatalities.best == 5


# -- Ruritania (invented) -----------------------------------------------------------------

def test_ruritania_places_and_actors(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Royal troops shelled Zenda on Tuesday, killing 5 civilians.")
    assert event.place.id == "rt:zenda" and event.place.country == "Ruritania"
    assert event.place.admin1 == "Zenda March"
    assert (event.actor1, event.actor2) == ("royal-army", "civilians")
    assert event.fatalities.best == 5


def test_ruritania_battle(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Hentzau rebels clashed with the Royal Army near Tarlenheim.")
    assert event.event_type == "Battles"
    assert {event.actor1, event.actor2} == {"hentzau-front", "royal-army"}
    assert event.place.id == "rt:tarlenheim"


def test_ruritania_protest(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Thousands of protesters rallied in Strelsau against the king.")
    assert (event.event_type, event.actor1, event.place.id) == ("Protests", "protesters",
                                                                "rt:strelsau")


def test_ruritania_abroad(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "A car bomb exploded in Edelweiss, killing 4 people.")
    assert event.place.id == "gs:edelweiss" and event.place.country == "Graustark"


def test_ruritania_foreign_air_strike(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Graustarkian jets bombed Hofbau, killing 3 villagers.")
    assert (event.actor1, event.actor2) == ("graustark-military", "civilians")
    assert event.sub_event_type == "Air/drone strike" and event.place.id == "rt:hofbau"


def test_ruritania_rebels_overtake_territory(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Hentzau rebels captured Hofbau on Sunday.")
    assert event.sub_event_type == "Non-state actor overtakes territory"


def test_ruritania_state_regains_territory(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Royal troops recaptured Hofbau from the rebels on Monday.")
    assert event.actor1 == "royal-army"
    assert event.sub_event_type == "Government regains territory"


def test_ruritania_foreign_state_is_not_a_non_state_actor(ruritania):
    _, pipeline = ruritania
    event = _one(pipeline, "Graustarkian troops captured Hofbau on Sunday.")
    assert event.sub_event_type != "Non-state actor overtakes territory"
