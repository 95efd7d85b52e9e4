"""Undated reports (articles without a publication date): what may link across articles.

Invented sentences in the style of war reporting; none has a resolved date.
"""

from __future__ import annotations

from linkfixtures import claim, fake_pack, mention

from marsad.core.names import loose_name_key
from marsad.link import Linker
from marsad.core.landmarks import landmark_link_keys
from marsad.link.keys import (outcome_winner, outcomes_conflict,
                              partial_date, partial_dates_conflict, phrase_keys)

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters", "a4": "Al-Masdar News",
           "a5": "Orient News"}


def _link(mentions, claims=None, **kw):
    return Linker(fake_pack(), **kw).link(list(mentions), [], outlets=OUTLETS, claims=claims)


def _clusters(events):
    return sorted(tuple(sorted(e.mentions)) for e in events)


def _together(events, *ms):
    return any({m.id for m in ms} <= set(e.mentions) for e in events)


# --- keys -----------------------------------------------------------------------------------

def test_transliterations_fold_to_one_key():
    assert loose_name_key("Ramousah") == loose_name_key("Ramousa") == loose_name_key("Ramouseh")
    assert loose_name_key("al-Hikmeh") == loose_name_key("Hikma") == loose_name_key("Al-Hikmah")
    assert loose_name_key("Ramousah") != loose_name_key("Hamdaniya")


def test_landmark_keys_need_a_name():
    assert landmark_link_keys("Fighters took the al-Hikmeh School at dawn.") == \
        landmark_link_keys("the army denied that the Hikma school had fallen")
    assert landmark_link_keys("Rebels stormed the school and the regime checkpoints.") == frozenset()
    # the coder's landmark key (EventMention.coding.landmark) is used as given
    assert landmark_link_keys("no landmark here", given="Tal Sheikh Hill") == \
        {loose_name_key("Tal Sheikh Hill")}


def test_phrase_keys_and_purpose():
    assert "break+siege" in phrase_keys("the rebels had broken the siege of the east")
    assert "break+siege" in phrase_keys("they managed to put an end to the three-week siege")
    assert "break+siege" in phrase_keys("celebrating the lift of the siege")
    # an aim is not an outcome
    assert "break+siege" not in phrase_keys("rebels launched a battle to break the siege")


def test_partial_dates_agree_within_a_day():
    assert partial_date("On March 4, fighters attacked") == (3, 4, None)
    assert not partial_dates_conflict(partial_date("on March 4"), partial_date("March 5"))
    assert partial_dates_conflict(partial_date("on March 4"), partial_date("on March 9"))
    assert partial_dates_conflict(partial_date("clashes on Monday"),
                                  partial_date("clashes on Thursday"))


# --- linking across articles without dates ---------------------------------------------------

def test_same_neighbourhood_same_type_and_words_link_across_articles():
    a = mention("Our units have seized full control of the Ramouseh area.", article="a1",
                place="ramouseh", day=None, actor1=None, actor2=None)
    b = mention("Fighters posted photos of them seizing army checkpoints in the Ramouseh "
                "district of the city.", article="a2", place="ramouseh", day=None)
    events = _link([a, b])
    assert len(events) == 1 and events[0].articles == ["a1", "a2"]


def test_city_level_place_alone_does_not_link_undated_reports():
    a = mention("Rebels seized army positions in Aleppo.", article="a1", place="aleppo",
                day=None)
    b = mention("Rebels seized army positions in Aleppo.", article="a2", place="aleppo",
                day=None)
    c = mention("Militants took a hill near Aleppo.", article="a3", place="aleppo", day=None)
    assert len(_link([a, c])) == 2
    assert len(_link([a, b])) == 2   # identical words, but nothing specific: may recur


def test_landmark_named_in_text_links_claim_and_denial_with_both_sources():
    capture = mention("Opposition fighters captured on Monday the al-Hikmeh School south of "
                      "Aleppo, according to activists.", article="a1", place="aleppo",
                      day=None, actor2=None)
    denial = mention("The army denied that the rebels had taken the Hikma school.",
                     article="a2", place="aleppo", day=None, modality="denied", actor2=None)
    other = mention("Opposition fighters captured the Tal Sheikh hill south of Aleppo.",
                    article="a3", place="aleppo", day=None, actor2=None)
    claims = [claim(capture, "activists", kind="anonymous"),
              claim(denial, "Syrian army", kind="party", stance="denies", actor="saa")]
    events = _link([capture, denial, other], claims=claims)
    assert _together(events, capture, denial) and not _together(events, capture, other)
    event = next(e for e in events if capture.id in e.mentions)
    found = [c for c in event.contradictions if c["field"] == "occurred"]
    assert found and {s["source"] for s in found[0]["sides"]} == {"activists", "Syrian army"}


def test_siege_broken_links_across_articles_even_as_background():
    bg = mention("The rebels had broken the siege of eastern Aleppo days earlier.",
                 article="a1", sub="Armed clash", place="aleppo", day=None, background=True)
    fresh = mention("Government forces were on the defensive after rebels said they broke "
                    "the three-week siege of the city.", article="a2", sub="Armed clash",
                    place="aleppo", day=None, actor1="saa", actor2="jaish-al-fatah")
    other = mention("Once rebel brigades managed to break the siege of Aleppo, they "
                    "declared a second phase.", article="a3", sub="Armed clash",
                    place="aleppo", day=None, background=True)
    aim = mention("Rebels launched a battle to break the siege of Aleppo.", article="a4",
                  sub="Armed clash", place="aleppo", day=None)
    events = _link([bg, fresh, other, aim])
    assert _together(events, bg, fresh, other)
    assert not _together(events, bg, aim)


def test_different_landmarks_in_one_article_are_different_events():
    a = mention("Rebels captured the al-Hikmeh School.", article="a1", place="aleppo",
                day=None)
    b = mention("Rebels also captured the Sponge Factory.", article="a1", place="aleppo",
                day=None, sentence=2)
    assert len(_link([a, b])) == 2


def test_background_and_fresh_news_in_one_article_stay_apart():
    fresh = mention("Opposition fighters stormed positions in Aleppo and took control.",
                    article="a1", place="aleppo", day=None)
    bg = mention("Last month the rebels had broken the siege of Aleppo.", article="a1",
                 sub="Armed clash", place="aleppo", day=None, background=True, sentence=4)
    assert len(_link([fresh, bg])) == 2


def test_conflicting_partial_dates_or_figures_keep_undated_reports_apart():
    a = mention("On March 4 rebels seized the Ramouseh checkpoints.", article="a1",
                place="ramouseh", day=None)
    b = mention("On March 9 rebels seized the Ramouseh checkpoints.", article="a2",
                place="ramouseh", day=None)
    assert len(_link([a, b])) == 2
    c = mention("Shelling of Ramouseh killed 4 people.", article="a1", place="ramouseh",
                day=None, sub="Shelling/artillery/missile attack", killed=(None, 4, None, None))
    d = mention("Shelling of Ramouseh killed 60 people.", article="a2", place="ramouseh",
                day=None, sub="Shelling/artillery/missile attack", killed=(None, 60, None, None))
    assert len(_link([c, d])) == 2


def test_undated_events_gather_only_a_few_articles():
    ms = [mention(f"Clashes erupted again in the Ramouseh district, report {i}.",
                  article=f"x{i}", place="ramouseh", day=None, sub="Armed clash")
          for i in range(6)]
    events = _link(ms, max_undated_articles=3)
    assert max(len(e.articles) for e in events) == 3


# --- outcomes, side-aware ------------------------------------------------------------------

def test_outcome_winner_reads_the_side_named_before_the_outcome():
    assert outcome_winner("Rebels broke the siege of the city.")["winner"] == "opposition"
    assert outcome_winner("The army pushed back the rebel attack.")["winner"] == "government"
    assert outcome_winner("The militant offensive on the city stalls.")["loser"] == "opposition"
    assert outcome_winner("The militant offensive on the city stalls.")["campaign"] is True


def test_outcomes_conflict_only_when_winners_differ():
    army_won = outcome_winner("The army recaptured the hill.")
    army_repelled = outcome_winner("The army repelled the militants.")
    rebels_won = outcome_winner("Rebels seized the hill.")
    assert not outcomes_conflict(army_won, army_repelled)
    assert outcomes_conflict(army_won, rebels_won)


def test_same_winner_told_two_ways_is_no_contradiction():
    a = mention("The army recaptured the cement factory.", article="a2",
                sub="Government regains territory", actor1="saa", actor2="jaish-al-fatah")
    b = mention("Regime forces repelled the militants at the cement factory.", article="a4",
                sub="Armed clash", actor1="saa", actor2="jaish-al-fatah")
    events = _link([a, b])
    assert len(events) == 1
    assert not [c for c in events[0].contradictions if c["field"] == "outcome"]


# --- publication-week dates ------------------------------------------------------------------

def test_publication_week_windows_far_apart_are_two_events():
    def shelled(article, day):
        return mention("Shelling hit the Ramouseh district, killing civilians.", article=article,
                       place="ramouseh", sub="Shelling/artillery/missile attack", day=day,
                       precision="week", relative=True)
    near = _link([shelled("a1", "2016-08-01"), shelled("a2", "2016-08-02")])
    assert len(near) == 1
    far = _link([shelled("a1", "2016-08-01"), shelled("a2", "2016-08-06")])
    assert len(far) == 2   # windows overlap, but one event is not reported five days apart
    chain = _link([shelled("a1", "2016-08-01"), shelled("a2", "2016-08-03"),
                   shelled("a3", "2016-08-05")])
    assert max(len(e.articles) for e in chain) == 2   # no drifting chain
