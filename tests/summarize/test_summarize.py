"""Summaries cite sources and drop duplicates and junk; stories and timeline ordering."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "link"))

from linkfixtures import fake_pack, mention  # noqa: E402

from marsad.link import Linker  # noqa: E402
from marsad.summarize import (find_stories, summarize_event, summarize_story,  # noqa: E402
                              timeline_rows)

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters", "a4": "Al-Masdar News",
           "a5": "Orient News"}


def _link(mentions):
    return Linker(fake_pack()).link(mentions, [], outlets=OUTLETS)


def _factory_event():
    return _link([
        mention("Opposition fighters stormed the cement factory south of Aleppo and took "
                "control of it.", article="a1"),
        mention("Opposition fighters stormed the cement factory south of Aleppo and took "
                "control of it on Saturday.", article="a5"),   # near-duplicate wording
        mention("Terrorist groups seized the cement factory area after heavy clashes with "
                "army units, a military source said.", article="a2"),
        mention("Click here to subscribe to our newsletter for more on the factory.",
                article="a3"),                                     # page junk
        mention("Rebels captured the Aleppo cement factory, a key government position, "
                "monitors said.", article="a3", sentence=2),
    ])[0]


def test_event_summary_cites_sources_and_drops_duplicates_and_junk():
    event = _factory_event()
    s = summarize_event(event)
    texts = [x.text for x in s.sentences]
    assert 2 <= len(texts) <= 5
    assert not any("subscribe" in t for t in texts)
    assert sum("stormed the cement factory" in t for t in texts) == 1
    cited = {c.n: c for c in s.citations}
    assert {x.cite for x in s.sentences} == set(cited)
    assert {c.outlet for c in s.citations} >= {"SANA", "Reuters"}
    out = s.to_text()
    assert "[1]" in out and "SANA" in out


def test_summary_includes_a_denial_of_a_disputed_event():
    events = _link([
        mention("Rebels announced they had taken control of the cement factory.", article="a1"),
        mention("A military source denied reports that the cement factory had fallen to "
                "the terrorists.", article="a2", modality="denied"),
    ])
    s = summarize_event(events[0])
    assert [x.stance for x in s.sentences] == ["asserts", "denies"]


def test_stories_chain_events_and_summaries_are_ordered_by_date():
    ms = [
        mention("Rebels launched an offensive on Ramouseh in southern Aleppo on Sunday.",
                article="a1", sub="Armed clash", place="ramouseh", day="2016-07-31"),
        mention("Warplanes struck rebel positions around Ramouseh in Aleppo, the army said.",
                article="a2", sub="Air/drone strike", place="ramouseh", day="2016-08-02",
                actor1="saa", actor2="jaish-al-fatah"),
        mention("Opposition fighters seized the cement factory south of Aleppo city.",
                article="a1", day="2016-08-04", sentence=4),
        mention("Rebels captured the village of Tal Sheikh in the Hama countryside.",
                article="a3", place="tal-sheikh", day="2016-08-02"),
    ]
    events = _link(ms)
    stories = find_stories(events)
    assert len(stories) == 1
    story = stories[0]
    assert len(story.events) == 3 and story.area == "Aleppo"
    s = summarize_story(story, {e.id: e for e in events})
    dates = [x.date for x in s.sentences]
    assert dates == sorted(dates) and len(s.sentences) == 3
    assert len({c.outlet for c in s.citations}) >= 2


def test_timeline_orders_by_date_and_shows_uncertainty():
    events = _link([
        mention("Rebels seized the cement factory.", article="a1", day="2016-08-06"),
        mention("Rebels captured Tal Sheikh village this week.", article="a2",
                place="tal-sheikh", day="2016-08-01", precision="week", relative=True),
        mention("Rebels took Idlib city.", article="a3", place="idlib", day=None),
    ])
    rows = timeline_rows(events)
    assert [r["start"] for r in rows] == ["2016-08-01", "2016-08-06", None]
    assert rows[0]["precision"] == "week" and rows[0]["window_days"] == 7
    assert "between 2016-08-01 and 2016-08-07" in rows[0]["when"]
    assert rows[1]["when"] == "2016-08-06"
    assert rows[2]["when"] == "date unknown"
