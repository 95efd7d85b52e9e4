"""Reconciliation: fatalities spread, best place, contradictions; credibility reasons."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib

from linkfixtures import claim, fake_pack, mention

from marsad.link import Linker, article_credibility
from marsad.link.credibility import ReferenceMatch
from marsad.link.textutil import direction_of, directions_conflict, outcome_of
from marsad.model import Place

# the module, not the function of the same name that marsad.link exports
reconcile_module = importlib.import_module("marsad.link.reconcile")

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters", "a4": "Al-Masdar News",
           "a5": "Orient News"}


def _link(mentions, claims=()):
    return Linker(fake_pack()).link(list(mentions), [], outlets=OUTLETS, claims=list(claims))


def _strike(article, killed, text=None, **kw):
    kw.setdefault("place", "ramouseh")
    return mention(text or f"An air strike on the Ramouseh district killed people ({article}).",
                   article=article, sub="Air/drone strike", actor1="saa", actor2="civilians",
                   killed=killed, **kw)


def test_fatalities_low_best_high_across_sources():
    events = _link([
        _strike("a1", (12, 12, 12, None)),
        _strike("a2", (10, 10, None, "at least")),
        _strike("a3", (15, 15, 15, None)),
    ])
    assert len(events) == 1
    f = events[0].fatalities
    assert (f.low, f.best, f.high) == (10, 12, 15)


def test_differing_tolls_are_a_spread_not_a_contradiction():
    events = _link([_strike("a1", (5, 5, 5, None)), _strike("a2", (20, 20, 20, None))])
    assert len(events) == 1 and events[0].contradictions == []
    f = events[0].fatalities
    assert (f.low, f.high) == (5, 20)   # both figures stay visible


def test_one_days_tolls_an_order_of_magnitude_apart_are_two_incidents():
    # "3 killed" and "40 killed" on the same day at one place: two shellings, not one
    # event whose toll a linked report rewrites
    events = _link([_strike("a1", (3, 3, 3, None)), _strike("a2", (40, 40, 40, None))])
    assert sorted(e.fatalities.best for e in events) == [3, 40]
    # an open figure ("at least 3") allows the larger one: a rising toll, one event
    rising = _link([_strike("a1", (3, 3, None, "at least")), _strike("a2", (40, 40, 40, None))])
    assert len(rising) == 1


def test_fatality_figures_beyond_bounds_are_a_contradiction_when_switched_on(monkeypatch):
    monkeypatch.setattr(reconcile_module, "FATALITY_CONTRADICTIONS", True)
    events = _link([_strike("a1", (5, 5, 5, None)), _strike("a2", (20, 20, 20, None))])
    kinds = [c["field"] for c in events[0].contradictions]
    assert kinds == ["fatalities"]
    close = _link([_strike("a1", (12, 12, 12, None)), _strike("a2", (13, 13, 13, None))])
    assert close[0].contradictions == []
    open_ended = _link([_strike("a1", (5, 5, None, "at least")), _strike("a2", (30, 30, 30, None))])
    assert open_ended[0].contradictions == []


def test_tolls_of_another_scope_are_no_contradiction(monkeypatch):
    monkeypatch.setattr(reconcile_module, "FATALITY_CONTRADICTIONS", True)
    # a week's toll against one day's: a different scope, not a disagreement
    week = _link([_strike("a1", (3, 3, 3, None)),
                  _strike("a2", (40, 40, 40, None), precision="week")])
    assert [c for c in week[0].contradictions if c["field"] == "fatalities"] == []
    # a share of a toll split over several places is not a figure anyone reported
    split = _strike("a2", (20, 20, 20, None))
    split.coding = dataclasses.replace(split.coding, fatalities_split=3)
    shared = _link([_strike("a1", (3, 3, 3, None)), split])
    assert [c for c in shared[0].contradictions if c["field"] == "fatalities"] == []


def test_claim_and_denial_is_a_contradiction_with_both_sources():
    said = mention("Rebels announced they had taken complete control of the cement factory.",
                   article="a1")
    denied = mention("A military source denied that the cement factory had fallen.",
                     article="a2", modality="denied")
    claims = [claim(said, "Jeish al-Sunna", kind="party", actor="jaish-al-fatah"),
              claim(denied, "a military source", kind="anonymous", stance="denies")]
    events = _link([said, denied], claims)
    assert len(events) == 1
    (c,) = [c for c in events[0].contradictions if c["field"] == "occurred"]
    assert [s["stance"] for s in c["sides"]] == ["asserts", "denies"]
    assert {s["source"] for s in c["sides"]} == {"Jeish al-Sunna", "a military source"}
    assert {s["outlet"] for s in c["sides"]} == {"Enab Baladi", "SANA"}
    assert {s["claim"] for s in c["sides"]} == {cl.id for cl in claims}
    cred = events[0].credibility
    assert cred.denied and any("Denied by" in r for r in cred.reasons)


def test_opposite_directions_are_two_fronts_not_a_contradiction():
    north = mention("Rebels advanced in the northern Aleppo countryside.", article="a1",
                    sub="Armed clash", place="aleppo-gov", geo_precision=3,
                    place_text="northern Aleppo countryside")
    south = mention("Clashes raged south of Aleppo, near the cement factory.", article="a2",
                    sub="Armed clash", place="aleppo-gov", geo_precision=3,
                    place_text="south of Aleppo")
    events = _link([north, south])
    # two fronts of one governorate are two events (ACLED: one event per location), so no
    # source contradicts the other
    assert len(events) == 2
    assert all(e.contradictions == [] for e in events)


def test_incompatible_outcomes():
    stalls = mention("The militant offensive on the cement factory stalls as the army repelled "
                     "the attack.", article="a4", sub="Armed clash")
    seized = mention("Opposition fighters seized the cement factory.", article="a1")
    events = _link([stalls, seized])
    assert len(events) == 1
    assert [c["field"] for c in events[0].contradictions] == ["outcome"]


def test_a_wider_places_toll_does_not_set_the_spots_toll():
    # "strikes on Aleppo killed 16" counts the city's strikes of the day; "9 were killed in
    # Ramouseh" is this incident's toll: the city's figure joins the event, not its count
    spot = _strike("a1", (9, 9, 9, None))
    city = _strike("a2", (16, 16, None, "at least"), place="aleppo",
                   text="Dozens of strikes on Aleppo city killed at least 16 people.")
    events = _link([spot, city])
    assert len(events) == 1 and events[0].place.id == "ramouseh"
    f = events[0].fatalities
    assert (f.low, f.best, f.high) == (9, 9, 9)
    # a wider place's toll stands when no finer report gives one
    alone = _link([_strike("a1", None), city])
    assert len(alone) == 1 and alone[0].fatalities.best == 16


def test_best_supported_place_wins_and_finer_level_breaks_ties():
    a = mention("Rebels took the cement factory.", article="a1")
    b = mention("Rebels took positions in Ramouseh.", article="a2", place="ramouseh")
    c = mention("Rebels took the cement factory near Ramouseh.", article="a3")
    events = _link([a, b, c])
    assert len(events) == 1 and events[0].place.id == "cement-factory"
    tie = _link([mention("Rebels took positions in Ramouseh.", article="a2", place="ramouseh"),
                 mention("Rebels took ground in Aleppo city.", article="a1", place="aleppo")])
    assert len(tie) == 1 and tie[0].place.id == "ramouseh"   # neighbourhood finer than city


def test_credibility_says_who_corroborates_in_reasons_without_a_number():
    same_camp = _link([mention("Rebels stormed the cement factory.", article="a1"),
                       mention("Rebels stormed the cement factory today.", article="a5")])
    opposing = _link([mention("Rebels stormed the cement factory.", article="a1"),
                      mention("Terrorists stormed the cement factory.", article="a2")])
    s_same = same_camp[0].credibility
    s_opp = opposing[0].credibility
    assert any("opposing sides" in r for r in s_opp.reasons)
    assert not any("opposing sides" in r for r in s_same.reasons)
    assert any("same camp" in r for r in s_same.reasons)
    single = _link([mention("Rebels stormed the cement factory.", article="a1")])
    assert any("single outlet" in r for r in single[0].credibility.reasons)
    assert not hasattr(single[0].credibility, "score")


class _Reference:
    def __init__(self, day):
        self.day = day

    def match(self, date, place, fatalities):
        if date.start is None or abs((date.start - self.day).days) > 1:
            return None
        return ReferenceMatch(date=True, place=place is not None and place.admin1 == "Aleppo",
                              fatalities=None)


def test_article_credibility_uses_corroboration_and_reference():
    a = mention("Rebels stormed the cement factory.", article="a1")
    b = mention("Terrorists stormed the cement factory.", article="a2")
    events = {e.id: e for e in _link([a, b])}
    (eid,) = events
    a.event_id = b.event_id = eid
    plain = article_credibility("a1", [a], events, outlet="Enab Baladi")
    assert plain["corroborated"] == 1 and plain["events"] == 1 and "score" not in plain
    good = article_credibility("a1", [a], events, outlet="Enab Baladi",
                               reference=_Reference(dt.date(2016, 8, 6)))
    bad = article_credibility("a1", [a], events, outlet="Enab Baladi",
                              reference=_Reference(dt.date(2016, 9, 30)))
    assert (good["reference_matched"], bad["reference_matched"]) == (1, 0)
    assert good["reference_agreement"] > bad["reference_agreement"]
    assert any("1 of 1 events match a reference" in r for r in good["reasons"])
    assert any("0 of 1 events match a reference" in r for r in bad["reasons"])
    empty = article_credibility("zz", [], events)
    assert empty["events"] == 0 and "score" not in empty


def test_text_helpers():
    assert direction_of("northern Aleppo countryside") == "north"
    assert direction_of("south-west of Aleppo") == "southwest"
    assert direction_of("Eastern Ghouta") is None
    assert directions_conflict("north", "south") and not directions_conflict("north", "northeast")
    assert outcome_of("Al-Qaeda Offensive in Aleppo Stalls") == "failed"
    assert outcome_of("the rebels broke the siege of Aleppo") == "succeeded"


def test_a_standing_denial_contradicts_no_report():
    said = mention("Rebels said they seized the cement factory.", article="a1",
                   place_text="cement factory")
    standing = mention("The army has repeatedly denied losing positions at the cement factory.",
                       article="a2", modality="denied", place_text="cement factory")
    events = _link([said, standing])
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]


def test_a_denial_naming_no_event_answers_only_its_own_article():
    said = mention("Rebels said they seized the factory.", article="a1")
    # no place, day or landmark of its own: from another article it answers nothing
    vague = mention("The government denied that any position had fallen.", article="a2",
                    modality="denied")
    events = _link([said, vague])
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]
    # told after the report in one article, the article ties it to that report
    here = mention("The government denied that any position had fallen.", article="a1",
                   modality="denied", sentence=1)
    events = _link([said, here], [claim(said, "Jeish al-Sunna", kind="party"),
                                   claim(here, "the government", stance="denies")])
    (c,) = [c for e in events for c in e.contradictions if c["field"] == "occurred"]
    assert {s["source"] for s in c["sides"]} == {"Jeish al-Sunna", "the government"}


def test_outcomes_of_the_spot_and_its_surroundings_are_no_contradiction():
    seized = mention("Opposition fighters seized the cement factory.", article="a1")
    # repelled somewhere near it (geo_precision 2): another fight of the same offensive
    near = mention("The army repelled an attack near the cement factory.", article="a4",
                   sub="Armed clash", geo_precision=2)
    events = _link([seized, near])
    assert len(events) == 1
    assert not [c for e in events for c in e.contradictions if c["field"] == "outcome"]
    # the same spot, told by both: a real disagreement
    there = mention("The army repelled the attack on the cement factory.", article="a4",
                    sub="Armed clash")
    events = _link([seized, there])
    assert [c["field"] for e in events for c in e.contradictions] == ["outcome"]


def test_an_object_is_not_the_winner():
    from marsad.link.keys import outcome_winner
    found = outcome_winner("Government forces launched a counter-attack against rebels on "
                           "Saturday and recaptured the village")
    assert found is not None and found["winner"] == "government"


def test_an_owner_is_not_the_winner():
    from marsad.link.keys import outcome_winner
    found = outcome_winner("Rebels fighting to end the regime's rule have seized the town")
    assert found is not None and found["winner"] == "opposition"


def test_denying_a_practice_is_a_standing_position():
    said = mention("Rebels said barrel bombs hit the factory.", article="a1",
                   sub="Air/drone strike", actor1="saa", actor2="civilians")
    practice = mention("The government denies using barrel bombs.", article="a1",
                       sub="Air/drone strike", modality="denied", sentence=1, actor1="saa",
                       actor2=None)
    events = _link([said, practice])
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]


def test_a_verb_joined_to_an_aim_is_no_outcome():
    from marsad.link.keys import outcome_winner
    assert outcome_winner("Rebels were killed in a bid to recapture the road and break "
                          "the siege of the city") is None
    assert outcome_winner("Rebels recaptured the road and broke the siege")["winner"] == \
        "opposition"


def test_a_denial_of_the_report_beside_it_answers_that_report_only():
    # an earlier report in the article, then "X said ..., but Y denied the report" about
    # something else: the denial answers the report told in its own sentence
    said = mention("Rebels said they seized the cement factory on Saturday.", article="a1",
                   place_text="cement factory")
    other = mention("State media said the army took the cement factory back, but the rebels "
                    "denied the report.", article="a1", modality="denied", sentence=5,
                    place_text="cement factory")
    claims = [claim(said, "Jeish al-Sunna", kind="party"),
              claim(other, "the rebels", stance="denies")]
    events = _link([said, other], claims)
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]
    # told in the next sentence, "the report" is the one it answers
    near = dataclasses.replace(other, id="near", sentence=1)
    claims[1] = claim(near, "the rebels", stance="denies")
    events = _link([said, near], claims)
    assert [c["field"] for e in events for c in e.contradictions] == ["occurred"]


def test_denying_an_aim_is_no_denial_of_the_act():
    said = mention("An air strike hit the cement factory on Saturday, rebels said.",
                   article="a1", sub="Air/drone strike", place_text="cement factory")
    aim = mention("The coalition denied targeting the commander at the cement factory on "
                  "Saturday.", article="a2", sub="Air/drone strike", modality="denied",
                  place_text="cement factory")
    events = _link([said, aim], [claim(said, "rebels"), claim(aim, "the coalition",
                                                               stance="denies")])
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]


def test_one_disagreement_between_two_sources_is_told_once():
    said = mention("Rebels said they seized the cement factory.", article="a1")
    first = mention("A military source denied that the cement factory had fallen.",
                    article="a1", modality="denied", sentence=1)
    again = mention("The source also denied that troops had left the cement factory.",
                    article="a1", modality="denied", sentence=2)
    claims = [claim(said, "Jeish al-Sunna", kind="party"),
              claim(first, "military source", stance="denies"),
              claim(again, "military source", stance="denies")]
    events = _link([said, first, again], claims)
    assert len([c for e in events for c in e.contradictions if c["field"] == "occurred"]) == 1


def test_no_contradiction_without_a_named_side_or_within_one_party():
    said = mention("Rebels said they seized the cement factory.", article="a1")
    nameless = mention("Denying that the cement factory had fallen.", article="a1",
                       modality="denied", sentence=1)
    events = _link([said, nameless], [claim(said, "Jeish al-Sunna", kind="party"),
                                      claim(nameless, "unknown", kind="anonymous",
                                            stance="denies")])
    assert not [c for e in events for c in e.contradictions]
    # the same party's two voices ("the ministry said ...", "the capital denied ...")
    denied = dataclasses.replace(nameless, id="same-party", text="The capital denied that "
                                 "the cement factory had fallen.")
    events = _link([said, denied], [claim(said, "Jeish al-Sunna", kind="party",
                                          actor="jaish-al-fatah"),
                                    claim(denied, "the capital", kind="party",
                                          actor="jaish-al-fatah", stance="denies")])
    assert not [c for e in events for c in e.contradictions]


def test_an_advance_names_no_winner():
    from marsad.link.keys import outcome_winner
    assert outcome_winner("Rebels advanced into the district on Monday to reopen the road") \
        is None


def test_a_bound_alone_gives_the_best_only_without_a_count():
    # "dozens killed" (at least 24) beside two reports of 65: the count is 65, not 24
    events = _link([
        _strike("a1", (65, 65, 65, None)),
        _strike("a2", (24, None, None, "dozens")),
    ])
    assert len(events) == 1
    f = events[0].fatalities
    assert (f.low, f.best, f.high) == (24, 65, 65)
    alone = _link([_strike("a1", (24, None, None, "dozens"))])
    assert alone[0].fatalities.best == 24


def test_two_voices_of_one_camp_do_not_contradict_each_other():
    # a pro-government militia's word and the army's denial: one camp speaking twice, even
    # though the two speakers are different actors
    said = mention("Hezbollah media said the cement factory was taken back on Saturday.",
                   article="a1", place_text="cement factory")
    denied = mention("An army officer denied that the cement factory had fallen on Saturday.",
                     article="a2", modality="denied", place_text="cement factory")
    one_camp = [claim(said, "Hezbollah media", kind="party", actor="hezbollah"),
                claim(denied, "army officer", kind="party", actor="saa", stance="denies")]
    events = _link([said, denied], one_camp)
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]
    # the other camp's word against the same denial is a disagreement
    other = [claim(said, "Jeish al-Sunna", kind="party", actor="jaish-al-fatah"), one_camp[1]]
    events = _link([said, denied], other)
    assert [c["field"] for e in events for c in e.contradictions] == ["occurred"]


def test_people_taken_are_no_ground_taken():
    from marsad.link.keys import outcome_winner
    # a capture of people names no winner of a fight for a place
    assert outcome_winner("A foreign crew left the port on Sunday after rebels captured "
                          "and then freed them") is None
    assert outcome_winner("Rebels seized two soldiers at a checkpoint") is None
    # ground taken from people is still ground
    assert outcome_winner("Rebels captured the depot from them")["winner"] == "opposition"
    assert outcome_winner("Rebels captured the soldiers' base")["winner"] == "opposition"


def test_a_denial_of_control_answers_a_capture_not_a_fight_nearby():
    # "deny the factory is held by rebels" against "rebels are closing in on the factory":
    # one speaks of who holds it, the other of a fight that has not taken it
    near = mention("Rebel columns pushed towards the cement factory on Saturday, close to "
                   "retaking it.", article="a1", sub="Armed clash", place_text="cement factory")
    held = mention("Officials deny the cement factory is under rebel control since Saturday.",
                   article="a2", sub="Armed clash", modality="denied",
                   place_text="cement factory")
    claims = [claim(near, "Jeish al-Sunna", kind="party", actor="jaish-al-fatah"),
              claim(held, "officials", kind="party", actor="saa", stance="denies")]
    events = _link([near, held], claims)
    assert len(events) == 1
    assert not [c for e in events for c in e.contradictions if c["field"] == "occurred"]
    # a report that the rebels hold it is what the denial answers
    taken = dataclasses.replace(near, id="taken", text="Rebels took control of the cement "
                                "factory on Saturday.")
    claims[0] = claim(taken, "Jeish al-Sunna", kind="party", actor="jaish-al-fatah")
    events = _link([taken, held], claims)
    assert [c["field"] for e in events for c in e.contradictions] == ["occurred"]


def test_a_denial_naming_whose_report_it_denies_tells_both_sides():
    denial = mention("The army on Saturday denied a rebel report that its artillery hit the "
                     "cement factory.", article="a2", sub="Shelling/artillery/missile attack",
                     modality="denied", place_text="cement factory")
    events = _link([denial], [claim(denial, "the army", kind="party", actor="saa",
                                    stance="denies")])
    (c,) = [c for e in events for c in e.contradictions if c["field"] == "occurred"]
    said, denied = c["sides"]
    assert (said["stance"], said["source"]) == ("asserts", "rebel report")
    assert (denied["stance"], denied["source"]) == ("denies", "the army")
    # a named source after 'from' is the claimant as written
    named = dataclasses.replace(denial, id="named", text="The army denied a report from the "
                                "district council that its artillery hit the cement factory.")
    events = _link([named], [claim(named, "the army", kind="party", actor="saa",
                                   stance="denies")])
    (c,) = [c for e in events for c in e.contradictions]
    assert c["sides"][0]["source"] == "the district council"
    # a denial of reports nobody is named for, or of its own camp's report, has no other side
    for text in ("The army denied reports that its artillery hit the cement factory.",
                 "The army denied a government report that its artillery hit the cement "
                 "factory."):
        bare = dataclasses.replace(denial, id=text[:20], text=text)
        events = _link([bare], [claim(bare, "the army", kind="party", actor="saa",
                                      stance="denies")])
        assert not [c for e in events for c in e.contradictions], text


def test_an_area_is_coarser_than_a_town_in_it():
    # one outlet names the area (a landmark that is an area), the other the town in it:
    # the town is the finer place of the event, as a district would be coarser
    area = dataclasses.replace(
        mention("Rockets with gas hit the Ghouta area.", article="a1",
                sub="Air/drone strike", actor1="saa", actor2="civilians"),
        place=Place("area-ghouta", "Eastern Ghouta", 33.50, 36.44, "landmark",
                    admin1="Rural Damascus"), geo_precision=2)
    town = dataclasses.replace(
        mention("Rockets with gas hit Kafr Nasim.", article="a2", sub="Air/drone strike",
                actor1="saa", actor2="civilians"),
        place=Place("t-a", "Kafr Nasim", 33.528, 36.352, "city", admin1="Rural Damascus"))
    events = _link([area, town])
    assert len(events) == 1 and events[0].place.id == "t-a"


def test_a_town_given_as_the_spot_beats_another_towns_countryside():
    # one outlet tells twice of fighting in a town's countryside (geo precision 3), the
    # other names the village taken (precision 2): equally many outlets, the village wins
    town = dataclasses.replace(
        mention("The army took full control of Kafr Alpha.", article="a2",
                sub="Government regains territory", actor1="saa", actor2="jaish-al-fatah"),
        place=Place("t-alpha", "Kafr Alpha", 35.20, 36.70, "city", admin1="Hama"),
        geo_precision=2)
    around = [mention(text, article="a1", sub="Armed clash", place="tal-sheikh",
                      actor1="saa", actor2="jaish-al-fatah", geo_precision=3, sentence=i)
              for i, text in enumerate(("The army repelled an attack in the Tal Sheikh "
                                        "countryside.", "Dozens of attackers were killed "
                                        "in the Tal Sheikh countryside."))]
    events = _link([town, *around])
    assert len(events) == 1 and events[0].place.id == "t-alpha"
    assert events[0].geo_precision == 2
