"""Two reports are one event only when type, day, place and parties agree (issue 12 item 7):
the published ACLED/xSub/VIINA rule, made strict enough that a linked report never drags
another incident's type or toll into an event. Invented sentences."""

from __future__ import annotations

import dataclasses

from linkfixtures import PLACES, fake_pack, mention

from marsad.link import Linker
from marsad.model import Place

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters"}
MIDAN = Place("midan", "Midan", 36.215, 37.160, "neighbourhood", admin1="Aleppo")
HANANO = Place("hanano", "Hanano", 36.225, 37.185, "neighbourhood", admin1="Aleppo")
TOWN_A = Place("town-a", "Kafr Alpha", 35.370, 36.600, "city", admin1="Hama")
TOWN_B = Place("town-b", "Beta", 35.440, 36.650, "city", admin1="Hama")
ABROAD = Place("abroad", "Elsewhere", 36.10, 37.20, "city", country="Iraq", iso=368)


def _link(mentions):
    return Linker(fake_pack()).link(list(mentions), [], outlets=OUTLETS)


def _shelling(text, article, place, **kw):
    kw.setdefault("actor1", "jaish-al-fatah")
    kw.setdefault("actor2", "civilians")
    m = mention(text, article=article, sub="Shelling/artillery/missile attack",
                place="aleppo", **kw)
    return dataclasses.replace(m, place=place) if place is not None else m


def test_two_quarters_of_a_city_are_two_events():
    a = _shelling("Rebel rockets hit the Midan quarter, killing three.", "a1", MIDAN)
    b = _shelling("Rebel rockets hit the Hanano quarter, killing three.", "a2", HANANO)
    assert len(_link([a, b])) == 2
    # a report of the whole city may join either (a quarter is in the city)
    city = _shelling("Rebel rockets hit Aleppo city.", "a3", PLACES["aleppo"])
    events = _link([a, city])
    assert len(events) == 1


def test_a_chain_through_the_city_does_not_join_two_quarters():
    a = _shelling("Rebel rockets hit the Midan quarter.", "a1", MIDAN)
    b = _shelling("Rebel rockets hit the Hanano quarter.", "a2", HANANO)
    city = _shelling("Rebel rockets hit Aleppo city.", "a3", PLACES["aleppo"])
    events = _link([a, b, city])
    assert not any({a.id, b.id} <= set(e.mentions) for e in events)


def test_two_towns_a_few_km_apart_are_two_events():
    a = mention("Warplanes struck Kafr Alpha.", article="a1", sub="Air/drone strike",
                place="tal-sheikh", actor1="saa", actor2="civilians")
    b = mention("Warplanes struck Beta.", article="a2", sub="Air/drone strike",
                place="tal-sheikh", actor1="saa", actor2="civilians")
    a, b = dataclasses.replace(a, place=TOWN_A), dataclasses.replace(b, place=TOWN_B)
    assert len(_link([a, b])) == 2


def test_opposed_attackers_are_two_events_whichever_way_round():
    coalition = mention("Coalition jets struck the cement factory, killing civilians.",
                        article="a1", sub="Air/drone strike", actor1="sdf", actor2="civilians")
    army = mention("The army struck the cement factory, killing IS fighters.", article="a2",
                   sub="Air/drone strike", actor1="saa", actor2="isis")
    assert len(_link([coalition, army])) == 2
    # one report names the victims, the other the group the strike hit: one event
    hit_isis = mention("The army struck IS positions at the cement factory.", article="a3",
                       sub="Air/drone strike", actor1="saa", actor2="isis")
    civilians = mention("Army jets struck the cement factory, killing civilians.",
                        article="a1", sub="Air/drone strike", actor1="saa",
                        actor2="civilians")
    assert len(_link([hit_isis, civilians])) == 1


def test_an_air_strike_and_a_rebel_shelling_are_two_attacks():
    raid = mention("Government jets bombed the cement factory district.", article="a1",
                   sub="Air/drone strike", actor1="saa", actor2="jaish-al-fatah")
    rockets = mention("Jaish al-Fatah fired rockets from the cement factory district.",
                      article="a2", sub="Shelling/artillery/missile attack",
                      actor1="jaish-al-fatah", actor2=None)
    assert len(_link([raid, rockets])) == 2


def test_reports_two_days_apart_or_a_month_summary_do_not_join_a_days_event():
    a = mention("Rebels stormed the cement factory on Saturday.", article="a1",
                day="2016-08-06", relative=True)
    b = mention("Rebels stormed the cement factory on Monday.", article="a2",
                day="2016-08-08", relative=True)
    assert len(_link([a, b])) == 2
    month = mention("Rebels fought in Aleppo all month.", article="a2", place="aleppo",
                    day="2016-08-01", precision="month")
    month = dataclasses.replace(month, date=dataclasses.replace(
        month.date, end=month.date.start.replace(day=31)))
    assert len(_link([a, month])) == 2


def test_one_article_telling_of_two_days_tells_of_two_events():
    sat = mention("Rebels attacked the cement factory on Saturday.", article="a1",
                  day="2016-08-06", relative=True, sentence=1)
    sun = mention("Rebels attacked the cement factory again on Sunday.", article="a1",
                  day="2016-08-07", relative=True, sentence=2)
    assert len(_link([sat, sun])) == 2


def test_an_event_in_another_country_is_another_event():
    home = mention("Jets struck the town.", article="a1", sub="Air/drone strike",
                   actor1="saa", actor2="civilians")
    home = dataclasses.replace(home, place=dataclasses.replace(home.place, iso=760))
    away = dataclasses.replace(mention("Jets struck the town.", article="a2",
                                       sub="Air/drone strike", actor1="saa",
                                       actor2="civilians"), place=ABROAD)
    assert len(_link([home, away])) == 2


def test_a_governorate_holds_only_its_own_towns():
    town = mention("Rebels took Tal Sheikh.", article="a1", place="tal-sheikh")
    region = mention("Rebels advanced in Aleppo province.", article="a2", place="aleppo-gov",
                     geo_precision=3)
    region = dataclasses.replace(region, place=dataclasses.replace(
        region.place, lat=35.2, lon=36.8))   # a centroid near the other governorate's town
    assert len(_link([town, region])) == 2


def test_a_battles_two_sides_may_come_in_either_order():
    kurds = mention("The SDF regained the village after clashes.", article="a1",
                    sub="Armed clash", actor1="sdf", actor2=None)
    isis = mention("Thirty IS fighters were killed in clashes for the village.", article="a2",
                   sub="Armed clash", actor1="isis", actor2=None)
    assert len(_link([kurds, isis])) == 1
    # but civilians are never the attacker another report names
    a = mention("Coalition jets killed civilians at the factory.", article="a1",
                sub="Air/drone strike", actor1="sdf", actor2="civilians")
    b = mention("Army jets killed civilians at the factory.", article="a2",
                sub="Air/drone strike", actor1="saa", actor2="civilians")
    assert len(_link([a, b])) == 2


def test_two_named_days_are_two_days_but_a_dateline_may_trail_by_one():
    sat = mention("Rebels stormed the cement factory on Saturday.", article="a1",
                  day="2016-08-06", relative=True)
    sun = mention("Rebels stormed the cement factory on Sunday.", article="a2",
                  day="2016-08-07", relative=True)
    assert len(_link([sat, sun])) == 2
    # a report dated only by its publication day (a dateline) may trail the event by a day
    dateline = mention("Rebels storm the cement factory.", article="a2", day="2016-08-07")
    assert len(_link([sat, dateline])) == 1
