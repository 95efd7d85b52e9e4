"""Stories of undated events: same area and the same camps fighting; disagreeing accounts."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "link"))

from linkfixtures import fake_pack, mention  # noqa: E402

from marsad.link import Linker  # noqa: E402
from marsad.summarize import find_stories, story_contradictions, summarize_story  # noqa: E402

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters", "a4": "Al-Masdar News"}


def _events():
    ms = [
        mention("Rebels said they had broken the siege of eastern Aleppo after days of "
                "fighting.", article="a1", sub="Armed clash", place="aleppo", day=None),
        mention("Opposition fighters seized army checkpoints in the Ramouseh district.",
                article="a3", place="ramouseh", day=None),
        mention("The militant offensive in Aleppo stalls as the army recaptures more "
                "territory.", article="a4", sub="Government regains territory",
                place="aleppo", day=None, actor1="saa", actor2="jfs"),
        mention("Kurdish-led fighters seized the town from the jihadists.", article="a2",
                place="aleppo", day=None, actor1="sdf", actor2="isis"),
    ]
    linker = Linker(fake_pack())
    return linker, linker.link(ms, [], outlets=OUTLETS)


def test_undated_events_chain_by_area_and_camps():
    linker, events = _events()
    stories = find_stories(events, side_of=linker.side_group)
    assert len(stories) == 1
    story = stories[0]
    assert story.start is None and len(story.events) == 3
    sdf = next(e for e in events if e.actor1 == "sdf")
    assert sdf.id not in story.events
    assert find_stories(events) == [] or all(sdf.id not in s.events for s in find_stories(events))


def test_story_contradiction_names_both_accounts_and_summary_quotes_them():
    linker, events = _events()
    story = find_stories(events, side_of=linker.side_group)[0]
    by_id = {e.id: e for e in events}
    found = story_contradictions(story, by_id)
    assert found and found[0]["field"] == "outcome"
    assert {s["outlet"] for s in found[0]["sides"]} == {"Enab Baladi", "Al-Masdar News"}
    summary = summarize_story(story, by_id)
    assert 2 <= len(summary.sentences) <= 5
    outlets = {c.outlet for c in summary.citations}
    assert {"Enab Baladi", "Al-Masdar News"} <= outlets



def _dated_pair(article, day1, day2):
    return [
        mention("Rebels captured a school south of Aleppo.", article=article,
                place="aleppo", day=day1, sentence=1),
        mention("Army artillery shelled rebel positions in the southwest of the city.",
                article=article, place="aleppo", day=day2, sentence=2,
                sub="Shelling/artillery/missile attack"),
    ]


def test_an_undated_story_joins_the_one_dated_story_of_its_area_and_camps():
    linker = Linker(fake_pack())
    _, undated = _events()
    dated = linker.link(_dated_pair("a5", "2016-07-31", "2016-08-01"), [],
                        outlets={"a5": "Orient News"})
    stories = find_stories(undated + dated, side_of=linker.side_group)
    assert len(stories) == 1
    story = stories[0]
    assert story.start is not None
    assert {e.id for e in dated} <= set(story.events)
    assert len(story.events) == len(dated) + 3   # the three undated Aleppo-offensive events


def test_an_undated_story_stays_alone_when_two_dated_stories_could_host_it():
    linker = Linker(fake_pack())
    _, undated = _events()
    dated = linker.link(_dated_pair("a5", "2016-07-01", "2016-07-02")
                        + _dated_pair("a6", "2016-07-20", "2016-07-21"), [],
                        outlets={"a5": "Orient News", "a6": "SANA"})
    stories = find_stories(undated + dated, side_of=linker.side_group)
    assert len([s for s in stories if s.start is not None]) == 2
    assert any(s.start is None and len(s.events) == 3 for s in stories)
