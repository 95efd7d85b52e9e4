"""Linking: same event across articles, separation, background, denials, stable ids."""

from __future__ import annotations

from linkfixtures import claim, fake_pack, mention

from marsad.link import Linker
from marsad.model import stable_id

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters", "a4": "Al-Masdar News",
           "a5": "Orient News"}


def _storm(article="a1", **kw):
    return mention("Opposition fighters stormed the cement factory south of Aleppo and took "
                   "control of it on Saturday.", article=article, **kw)


def _seized(article="a2", **kw):
    kw.setdefault("actor1", "jfs")
    return mention("Terrorists of Jabhat Fatah al-Sham seized the cement factory area in the "
                   "southern Aleppo countryside after clashes with the army.", article=article,
                   **kw)


def _link(mentions, existing=(), **kw):
    return Linker(fake_pack(), **kw).link(list(mentions), list(existing), outlets=OUTLETS)


def _clusters(events):
    return sorted(tuple(sorted(e.mentions)) for e in events)


def test_same_event_in_two_articles_is_one_event_with_two_sources():
    a, b = _storm(), _seized()
    events = _link([a, b])
    assert len(events) == 1
    event = events[0]
    assert sorted(event.mentions) == sorted([a.id, b.id])
    assert event.articles == ["a1", "a2"]
    assert event.outlets == ["Enab Baladi", "SANA"]
    assert event.place.id == "cement-factory"
    assert event.id == stable_id("event", min(a.id, b.id))


def test_neighbourhood_next_to_factory_still_links():
    a = _storm()
    b = _seized(place="ramouseh")
    assert len(_link([a, b])) == 1


def test_different_place_or_date_stay_separate():
    a = _storm()
    far = mention("Rebels captured the village of Tal Sheikh after clashes with the army.",
                  article="a2", place="tal-sheikh")
    later = _seized(day="2016-08-20")
    events = _link([a, far, later])
    assert _clusters(events) == sorted([(a.id,), (far.id,), (later.id,)])


def test_incompatible_types_stay_separate():
    a = _storm()
    strike = mention("Russian warplanes bombed the cement factory area, activists said.",
                     article="a2", sub="Air/drone strike", actor1=None, actor2=None)
    assert len(_link([a, strike])) == 2


def test_air_strike_and_shelling_are_compatible():
    a = mention("Warplanes struck the Ramouseh district of Aleppo on Saturday, killing five.",
                article="a1", sub="Air/drone strike", place="ramouseh", actor1="saa",
                actor2="civilians")
    b = mention("The army shelled the Ramouseh district of Aleppo, killing five civilians.",
                article="a2", sub="Shelling/artillery/missile attack", place="ramouseh",
                actor1="saa", actor2="civilians")
    assert len(_link([a, b])) == 1


def test_opposed_actors_in_both_roles_do_not_link():
    a = _storm()
    b = mention("Islamic State fighters seized the cement factory from the SDF.",
                article="a2", actor1="isis", actor2="sdf")
    assert len(_link([a, b])) == 2


def test_territory_claims_by_opposite_sides_link_as_one_battle():
    a = _storm()
    b = mention("The Syrian army and Hezbollah regained the cement factory south of Aleppo.",
                article="a2", sub="Government regains territory", actor1="saa",
                actor2="hezbollah")
    assert len(_link([a, b])) == 1


def test_background_mention_links_to_the_event_it_refers_to():
    a = _storm()
    bg = mention("Days earlier the rebels had stormed the cement factory in southern Aleppo.",
                 article="a3", day="2016-08-08", precision="week", relative=True,
                 background=True)
    events = _link([a, bg])
    assert len(events) == 1
    assert events[0].status == "asserted"
    assert events[0].date.start.isoformat() == "2016-08-06"   # the background date does not win


def test_background_without_match_is_flagged():
    bg = mention("The rebels had broken the siege of eastern Aleppo.", article="a3",
                 sub="Armed clash", place="aleppo", background=True)
    events = _link([bg])
    assert len(events) == 1
    assert events[0].background_only is True


def test_denial_joins_the_asserted_event_and_never_creates_its_own():
    a = _storm()
    denied = mention("The army denied that rebels had taken the cement factory.",
                     article="a2", modality="denied")
    future = mention("Rebels vowed to take the Aleppo cement factory.", article="a4",
                     modality="future", day="2016-08-05")
    events = _link([a, denied, future])
    assert len(events) == 1
    assert set(events[0].mentions) == {a.id, denied.id, future.id}
    assert events[0].status == "disputed"
    only_future = _link([future])
    assert only_future == []
    only_denied = _link([denied])
    assert len(only_denied) == 1 and only_denied[0].status == "denied_only"


def test_unknown_dates_link_within_the_same_article_or_for_near_copies():
    head = _storm(day=None)
    body = _seized(article="a1", day=None, sentence=3)
    # no date, no specific place in common: another article's report stays apart
    other = mention("Militants overran army posts in Aleppo, state television said.",
                    article="a2", day=None, place="aleppo")
    events = _link([head, body, other])
    assert _clusters(events) == sorted([tuple(sorted([head.id, body.id])), (other.id,)])
    copy = _seized(article="a4", day=None)   # the same wire copy in another outlet
    events = _link([head, body, other, copy])
    assert tuple(sorted([head.id, body.id, copy.id])) in _clusters(events)


def test_ids_are_stable_across_runs_and_input_order():
    ms = [_storm(), _seized(), _storm(article="a3"), _seized(article="a4", day="2016-08-20")]
    first = _link(ms)
    second = _link(list(reversed(ms)))
    assert [e.id for e in first] == [e.id for e in second]
    assert [e.to_dict() for e in first] == [e.to_dict() for e in second]


def test_incremental_linking_matches_linking_all_at_once():
    batch1 = [_storm(), mention("Rebels captured Tal Sheikh.", article="a1", place="tal-sheikh",
                                sentence=5)]
    batch2 = [_seized(), _storm(article="a5"),
              mention("Opposition forces took Tal Sheikh village in Hama from the army.",
                      article="a3", place="tal-sheikh")]
    at_once = _link(batch1 + batch2)
    first = _link(batch1)
    grown = _link(batch2, existing=first)
    merged = {e.id: e for e in first}
    merged.update({e.id: e for e in grown})
    assert _clusters(merged.values()) == _clusters(at_once)
    # existing events keep their ids when they grow
    assert {e.id for e in first} <= {e.id for e in merged.values()}
    assert len(merged) == len(first)


def test_chaining_is_guarded_by_date_spread():
    # each day links to the next, but the cluster may not drift over a week
    ms = [_storm(article=f"d{i}", day=f"2016-08-{i:02d}") for i in range(1, 10)]
    events = _link(ms)
    assert len(events) > 1
    for e in events:
        days = [e2["value"]["start"] for e2 in e.versions["date"]]
        assert (max(map(_ord, days)) - min(map(_ord, days))) <= 2


def _ord(s):
    import datetime as dt
    return dt.date.fromisoformat(s).toordinal()


def test_claims_feed_versions_with_their_source():
    a = _storm()
    c = claim(a, "Jeish al-Sunna", kind="party", actor="jaish-al-fatah")
    events = Linker(fake_pack()).link([a], [], outlets=OUTLETS, claims=[c])
    entry = events[0].versions["occurred"][0]
    assert entry["source"] == "Jeish al-Sunna" and entry["outlet"] == "Enab Baladi"
    assert entry["claim"] == c.id
    cred = events[0].credibility
    assert any("party" in r for r in cred.reasons)


def test_an_event_denied_first_becomes_disputed_when_asserted_later():
    denied = mention("The army denied that rebels had taken the cement factory.",
                     article="a2", modality="denied")
    first = _link([denied])
    assert first[0].status == "denied_only"
    grown = _link([_storm()], existing=first)
    assert [e.id for e in grown] == [first[0].id]
    assert grown[0].status == "disputed"
    assert first[0].status == "denied_only"   # the input event is not mutated


def test_an_event_saved_without_versions_is_rebuilt_from_its_mentions():
    from marsad.model import Event
    old = _storm()
    bare = Event(id=stable_id("event", old.id), event_type=old.event_type,
                 sub_event_type=old.sub_event_type, mentions=[old.id], articles=["a1"],
                 place=old.place, geo_precision=1, date=old.date)
    new = _seized()
    events = Linker(fake_pack()).link([new], [bare], mentions_of=lambda eid: [old],
                                      outlets=OUTLETS)
    assert [e.id for e in events] == [bare.id]
    assert events[0].outlets == ["Enab Baladi", "SANA"]
    assert len(events[0].versions["occurred"]) == 2
