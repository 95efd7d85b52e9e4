"""An undated sentence of a report takes the day its lead names (issue 12.5)."""

import datetime as dt

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))


def _capture(pipeline, lead_day: str):
    text = (f"Rebel fighters pushed south in Syria's Hama province {lead_day}, a Syrian monitoring "
            "group said.\n\n"
            "The group said the army had sent reinforcements to the area.\n\n"
            "Rebels also seized the village of Kafr Nabudah after heavy clashes with "
            "government troops.")
    events = [e for e in process(text, published="2016-08-08", pipeline=pipeline).events
              if e.is_event and e.place is not None and e.place.name == "Kafr Nabudah"]
    assert len(events) == 1
    return events[0].date


def test_an_undated_sentence_takes_the_lead_s_day(pipeline):
    date = _capture(pipeline, "on Sunday")
    assert (date.start, date.end, date.precision) == (dt.date(2016, 8, 7), dt.date(2016, 8, 7), "day")
    assert date.text is None   # inferred, no phrase of its own


def test_a_lead_day_long_before_publication_is_not_taken(pipeline):
    date = _capture(pipeline, "on July 20")
    assert date.precision == "week" and date.end == dt.date(2016, 8, 8)


def test_a_new_topic_takes_the_lead_s_day_not_the_sentence_before_s(pipeline):
    # the sentence before dates an older battle in a relative clause; "Meanwhile" moves on
    text = ("Warplanes struck rebel-held parts of Syria's Hama province on Sunday, a monitor said. "
            "The town lies near a hill that rebels seized on August 1 after days of fighting. "
            "Meanwhile in Idlib province two children were killed in shelling on Saraqib.")
    events = [e for e in process(text, published="2016-08-08", pipeline=pipeline).events
              if e.is_event and e.place is not None and e.place.name == "Saraqib"]
    assert len(events) == 1
    assert (events[0].date.start, events[0].date.precision) == (dt.date(2016, 8, 7), "day")
