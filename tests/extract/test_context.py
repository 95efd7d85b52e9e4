"""The article context the coder reads: which date a sentence without one takes."""

import datetime as dt

import pytest

from marsad.pipeline import build_pipeline, process
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))


BACKGROUND_THEN_NEWS = (
    "Rights groups called it the worst gas attack since Iraqi forces gassed Kurds in Halabja "
    "in 1988. Witnesses described scenes of panic. Doctors worked through the night. "
    "Syrian activists said rockets hit the Damascus suburb of Zamalka, killing 40 people.")


def test_a_background_year_dates_its_sentence_not_the_rest_of_the_paragraph(pipeline):
    article = process(BACKGROUND_THEN_NEWS, published="2013-08-22", pipeline=pipeline)
    (zamalka,) = [e for e in article.events if e.place and e.place.name == "Zamalka"]
    assert zamalka.date.end == dt.date(2013, 8, 22) and zamalka.date.precision == "week"
    assert zamalka.is_event


def test_the_next_sentence_still_goes_on_about_the_background(pipeline):
    article = process("Government troops shelled the city of Hama for weeks in 1982. Rebels "
                      "shelled the village of Kafr Zita, killing 40 people.",
                      published="2013-08-22", pipeline=pipeline)
    (kafr_zita,) = [e for e in article.events if e.place and e.place.name == "Kafr Zayta"]
    assert kafr_zita.date.start == dt.date(1982, 1, 1)


def test_the_day_a_running_count_starts_dates_no_event(pipeline):
    article = process("Since Sept. 19 shelling has killed at least 210 civilians in Syria's "
                      "Aleppo, medics said. Regime warplanes struck the Syrian town of Kafr "
                      "Zita, killing 40 people.", published="2016-09-24", pipeline=pipeline)
    (kafr_zita,) = [e for e in article.events if e.place and e.place.name == "Kafr Zayta"]
    assert kafr_zita.date.start != dt.date(2016, 9, 19)
    assert kafr_zita.date.end == dt.date(2016, 9, 24)


def test_a_village_of_another_governorate_than_the_one_named_is_a_namesake(pipeline):
    # the pack's only Rawabi lies in Lattakia; the clause puts its events in Quneitra
    article = process("Syrian troops shelled militant positions near a farm in Quneitra "
                      "countryside on Monday and hit two trucks in al-Rawabi village.",
                      published="2016-05-10", pipeline=pipeline)
    places = {e.place.admin1 for e in article.events if e.is_event and e.place}
    assert places == {"Quneitra"}


def test_a_section_heading_run_into_its_sentence_does_not_place_the_event():
    from marsad.pipeline import build_pipeline, process
    from marsad.theaters import load_pack
    pipeline = build_pipeline("syria", pack=load_pack("syria", overlays=()))
    text = ("Syrian army reports, Sunday.\n\nHoms The Syrian Air Force struck IS positions north of "
            "Palmyra on Sunday, state media said.")
    events = [e for e in process(text, published="2016-04-18", pipeline=pipeline).events if e.is_event]
    assert [e.place.name for e in events] == ["Tadmur"]


def test_a_place_in_the_trailing_source_phrase_is_the_sources(pipeline):
    # "according to witnesses who sheltered in X": X is the witnesses' place, not the fight's
    article = process("Rebels in Manbij have fought off army units for several nights, according "
                      "to witnesses who sheltered in the village of Tadif.", published="2016-04-18",
                      pipeline=pipeline)
    assert [e.place.name for e in article.events if e.place] == ["Manbij"]


def test_the_day_a_claim_was_made_is_not_the_days_of_the_deed_it_claims(pipeline):
    article = process("The group said on Monday its suicide bomber hit a checkpoint near Manbij "
                      "on Sunday, killing 15 fighters.", published="2016-08-02", pipeline=pipeline)
    assert [e.date.start.isoformat() for e in article.events] == ["2016-07-31"]


@pytest.mark.parametrize("text, place", [
    ("Warplanes struck the rebel-held Idlib town of Saraqeb on Friday, killing five people.",
     "Saraqib"),
    ("A car bomb killed four people in the Aleppo town of Azaz on Friday.", "I'zaz"),
    # a quarter before the city's name is the quarter itself
    ("Mortar rounds killed two people in the Sukkari neighbourhood of Aleppo on Friday.",
     "As-Sukkari"),
])
def test_a_town_named_with_the_place_it_lies_in_is_that_town(pipeline, text, place):
    article = process(text, published="2016-07-31", pipeline=pipeline)
    assert [e.place.name for e in article.events if e.is_event] == [place]


def test_a_relative_clause_after_the_event_word_dates_its_own_deed(pipeline):
    # "had retaken the town, which rebels seized on Sunday": Sunday is the seizure's day;
    # the retaking is dated by the report (Wednesday)
    article = process("The Syrian army said on Wednesday it had retaken the town of Morek in "
                      "Syria, which rebels seized on Sunday.", published="2016-05-12",
                      pipeline=pipeline)
    (retaken,) = [e for e in article.events if e.sub_event_type == "Government regains territory"]
    assert retaken.date.start == dt.date(2016, 5, 11)


def test_the_date_nearest_the_event_word_dates_it(pipeline):
    # a page's own date before the lead is no event's day when the clause names one
    article = process("Published March 5 2016 Eleven people died on Friday when an air raid hit "
                      "the Tareeq al-Bab district of Aleppo in Syria.",
                      published="2016-03-05", pipeline=pipeline)
    (strike,) = [e for e in article.events if e.sub_event_type == "Air/drone strike"]
    assert strike.date.start == dt.date(2016, 3, 4)


def test_the_day_a_campaign_began_dates_no_incident(pipeline):
    article = process("US-backed forces on Sunday engaged IS militants near Manbij in Syria in an "
                      "offensive that began last Tuesday.", published="2016-06-06",
                      pipeline=pipeline)
    dates = {e.date.start for e in article.events if e.is_event}
    assert dt.date(2016, 5, 31) not in dates


@pytest.mark.parametrize("text, place", [
    # a title between the relation word and the name: Damascus only locates Madaya
    ("Two men from Madaya west of the Syrian capital Damascus died in sniper fire on Thursday "
     "evening.", "Madaya"),
    # the place the event is told relative to beats a coarser one, not a finer one
    ("Troops shelled militant positions near the ancient city of Palmyra in eastern Homs on "
     "Wednesday, killing dozens.", "Tadmur"),
    ("Soldiers ambushed a rebel unit on Wednesday southwest of the old industrial town of Adra "
     "in Damascus countryside, killing dozens.", "Adra"),
    ("Gunmen attacked a checkpoint in Douma near Damascus on Monday.", "Duma"),
])
def test_a_place_the_event_is_told_relative_to(pipeline, text, place):
    article = process(text, published="2016-12-29", pipeline=pipeline)
    assert [e.place.name for e in article.events if e.is_event] == [place]


def test_a_place_that_only_locates_another_or_is_a_goal_yields(pipeline):
    libya = build_pipeline("libya", pack=load_pack("libya", overlays=()))
    located = process("Rebels and Gaddafi troops fought in Misrata. State television said on "
                      "Friday that coalition forces had shelled targets in Al Jufrah, 450 km "
                      "(300 miles) southeast of Tripoli.", published="2011-07-17", pipeline=libya)
    assert [e.place.name for e in located.events if e.is_event and e.sentence == 1] == ["Al Jufrah"]
    goal = process("Rebels and Gaddafi troops fought in Misrata. In the Western Mountains, where "
                   "insurgents hope to push toward Tripoli, fierce fighting broke out on "
                   "Saturday.", published="2011-07-17", pipeline=libya)
    assert [e.place.name for e in goal.events if e.is_event and e.sentence == 1] == [
        "Nafusa Mountains"]
