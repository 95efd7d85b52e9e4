import datetime as dt

import pytest

from marsad.model import ResolvedDate
from marsad.core.datelines import dateline_date
from marsad.nlp.dates import article_event_date, resolve_date

PUB = dt.date(2016, 8, 8)  # a Monday
D = dt.date


@pytest.mark.parametrize("phrase,start,end,precision", [
    ("on Sunday", D(2016, 8, 7), D(2016, 8, 7), "day"),
    ("Friday morning", D(2016, 8, 5), D(2016, 8, 5), "day"),
    ("last Monday", D(2016, 8, 1), D(2016, 8, 1), "day"),
    ("on Monday", D(2016, 8, 8), D(2016, 8, 8), "day"),
    ("yesterday", D(2016, 8, 7), D(2016, 8, 7), "day"),
    ("today", D(2016, 8, 8), D(2016, 8, 8), "day"),
    ("two days ago", D(2016, 8, 6), D(2016, 8, 6), "day"),
    ("August 6", D(2016, 8, 6), D(2016, 8, 6), "day"),
    ("Aug. 6", D(2016, 8, 6), D(2016, 8, 6), "day"),
    ("Sunday, August 7", D(2016, 8, 7), D(2016, 8, 7), "day"),
    ("last month", D(2016, 7, 1), D(2016, 7, 31), "month"),
    ("last week", D(2016, 8, 1), D(2016, 8, 7), "week"),
    ("at the end of last month", D(2016, 7, 21), D(2016, 7, 31), "week"),
    ("in early July", D(2016, 7, 1), D(2016, 7, 10), "week"),
    ("in July", D(2016, 7, 1), D(2016, 7, 31), "month"),
    ("last year", D(2015, 1, 1), D(2015, 12, 31), "year"),
])
def test_relative_phrases(phrase, start, end, precision):
    rd = resolve_date(phrase, PUB)
    assert (rd.start, rd.end, rd.precision, rd.relative) == (start, end, precision, True)


@pytest.mark.parametrize("phrase,day", [
    ("6 August 2016", D(2016, 8, 6)), ("July 31, 2016", D(2016, 7, 31)),
    ("2016-08-07", D(2016, 8, 7)), ("the 3rd of March 2017", D(2017, 3, 3)),
])
def test_absolute_dates_need_no_publication_date(phrase, day):
    rd = resolve_date(phrase, None)
    assert (rd.start, rd.precision, rd.relative) == (day, "day", False)


@pytest.mark.parametrize("phrase", ["on Sunday", "last month", "August 6", "yesterday",
                                    "earlier this week", "in early July"])
def test_no_publication_date_is_unknown_not_invented(phrase):
    rd = resolve_date(phrase, None)
    assert rd == ResolvedDate(precision="unknown", text=phrase, relative=True)


def test_earlier_this_week_and_year_rollover():
    rd = resolve_date("earlier this week", D(2016, 8, 11))  # Thursday
    assert (rd.start, rd.end, rd.precision) == (D(2016, 8, 8), D(2016, 8, 10), "week")
    assert resolve_date("December 28", D(2017, 1, 3)).start == D(2016, 12, 28)
    assert resolve_date("in December", D(2017, 1, 3)).start == D(2016, 12, 1)


def test_stage_tags_dates_with_sentence_and_future(run):
    text = ("Rebels seized the school on Sunday, August 7. "
            "On Monday, the Security Council is due to hold a meeting. "
            "Regime forces closed the road in early July.")
    a = run(text, published=D(2016, 8, 7))
    dates = [(m.text, m.sentence, m.norm) for m in a.mentions if m.kind == "date"]
    assert dates == [("on Sunday, August 7", 0, "2016-08-07"),
                     ("On Monday", 1, "2016-08-08"),        # future: the coming Monday
                     ("in early July", 2, "2016-07-01")]
    found = [m for m in a.mentions if m.kind == "date"]
    assert found[2].date_info.date.precision == "week"
    assert found[2].date_info.date.end == dt.date(2016, 7, 10)
    assert found[2].attrs_dict()["date"]["end"] == "2016-07-10"   # the stored shape


def test_words_that_look_like_months_are_not_dates(run):
    a = run("Protesters may march to the square; the March 15 anniversary is near.")
    assert [m.text for m in a.mentions if m.kind == "date"] == ["March 15"]


def test_article_event_date(run):
    a = run("Regime forces shelled the town on Friday. Rebels captured the hill on Saturday, "
            "and the army attacked again on Saturday night. The envoy spoke on Sunday.",
            published=D(2016, 8, 8))
    # the lead's date wins over a later, more repeated one
    assert article_event_date(a) == ResolvedDate(D(2016, 8, 5), D(2016, 8, 5), "day", None, True)
    late = run("The envoy arrived in Geneva. Talks opened in the morning. Delegates met again. "
               "Rebels captured the hill on Saturday, and the army attacked again on Saturday "
               "night. Jets struck the town on Friday.", published=D(2016, 8, 8))
    assert article_event_date(late).start == D(2016, 8, 6)  # no lead date: most frequent
    b = run("Rebels captured the hill.", published=D(2016, 8, 8))
    rd = article_event_date(b)
    assert (rd.start, rd.end, rd.precision) == (D(2016, 8, 1), D(2016, 8, 8), "week")
    assert article_event_date(run("Rebels captured the hill on Sunday.", published=None)) \
        == ResolvedDate()


def test_numeric_dates_are_day_first():
    assert resolve_date("24.08.2013", None).start == D(2013, 8, 24)
    assert resolve_date("6-09-2013", None).start == D(2013, 9, 6)
    assert resolve_date("08/24/2013", None).start == D(2013, 8, 24)


def test_period_edges_are_flagged(run):
    a = run("The war has killed thousands since March 2011. Fighting raged from Sunday "
            "until Tuesday.")
    got = {m.text: m.date_info.bound for m in a.mentions if m.kind == "date"}
    assert got == {"since March 2011": "since", "Sunday": "from", "Tuesday": "until"}


@pytest.mark.parametrize("text,day,kind", [
    ("Wed 05 Apr 2017 Jets strike a town. Jets struck the town on Tuesday.", D(2017, 4, 5),
     "dateline"),
    ("06.04.2017(updated 1121 06.04.2017) Get short URL A strike hit the base.",
     D(2017, 4, 6), "dateline"),
    ("29-07-2015 Shelling kills five in a village. Five were killed.", D(2015, 7, 29),
     "dateline"),
    ("Car bomb kills ten in a town Monitor AFP Friday 22 Jul 2016 A car bomb killed ten.",
     D(2016, 7, 22), "dateline"),
    ("Published February 18 2015 The army captured three villages.", D(2015, 2, 18),
     "dateline"),
    ("Last updated at Apr 152017 A car bomb killed 40 on Saturday.", D(2017, 4, 15),
     "updated"),
])
def test_datelines(text, day, kind):
    assert dateline_date(text) == (day, kind)


@pytest.mark.parametrize("text", [
    "The army shelled the town on 4 April 2017, killing four.",
    "Jets struck the town. The ceasefire began in March 2016.",
    "Nothing happened.",
])
def test_dates_inside_sentences_are_not_datelines(text):
    assert dateline_date(text) is None


def test_dateline_is_the_reference_but_not_the_event(run):
    # no publication date given: the text's own dateline resolves "on Saturday"
    a = run("Sun 10 Jul 2016 Rebels killed in fighting for a road. At least 29 rebels were "
            "killed in clashes on Saturday, a monitor said on Sunday.", published=None)
    norms = [m.norm for m in a.mentions if m.kind == "date"]
    assert "2016-07-09" in norms
    assert article_event_date(a).start == D(2016, 7, 9)  # not the dateline, not "said on"


def test_reporting_day_is_not_the_event_day(run):
    a = run("Jets struck a market, killing 12 people, the monitor said on Sunday.",
            published=D(2016, 8, 8))
    rd = article_event_date(a)
    assert rd.precision == "week" and rd.end == D(2016, 8, 8)


def test_a_decade_is_a_span_of_years():
    from marsad.nlp.dates import resolve_date
    got = resolve_date("in the 1990s", dt.date(2011, 3, 16))
    assert (got.start, got.end) == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    late = resolve_date("during the late 1980s", dt.date(2011, 3, 16))
    assert (late.start, late.end) == (dt.date(1987, 1, 1), dt.date(1989, 12, 31))


@pytest.mark.parametrize("phrase, published, start, end, future", [
    # told on a Wednesday: the Saturday and Sunday just gone
    ("over the weekend", "2012-03-07", "2012-03-03", "2012-03-04", False),
    ("At the weekend", "2012-03-05", "2012-03-03", "2012-03-04", False),
    # told on the Sunday: the weekend up to that day; "last weekend" is the one before
    ("this weekend", "2012-03-11", "2012-03-10", "2012-03-11", False),
    ("last weekend", "2012-03-11", "2012-03-03", "2012-03-04", False),
    # what is to come: the coming weekend
    ("this weekend", "2012-03-07", "2012-03-10", "2012-03-11", True),
])
def test_weekend_phrases_are_a_saturday_and_sunday(phrase, published, start, end, future):
    got = resolve_date(phrase, dt.date.fromisoformat(published), future=future)
    assert (got.start, got.end) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert got.precision == "week" and got.relative


def test_a_pages_own_dateline_wins_over_a_feed_date_weeks_off():
    from marsad.model import Article
    from marsad.nlp.dates import reference_date
    text = "Published April 15 2017 At least 20 people were killed on Saturday in a blast."
    off = Article(id="a", text=text, published=dt.date(2017, 3, 25))
    assert reference_date(off) == dt.date(2017, 4, 15)
    # a day apart (time zones, a page updated overnight): the feed's date stands
    near = Article(id="b", text=text, published=dt.date(2017, 4, 16))
    assert reference_date(near) == dt.date(2017, 4, 16)


def test_a_picture_captions_date_is_not_the_pages_dateline():
    text = ("The leader speaks in Sirte in this September 12, 2009 file photo.\nTRIPOLI | Fri Jun 3, "
            "2011 4:48 pm EDT TRIPOLI (Reuters) - Envoys met the rebels.")
    assert dateline_date(text) == (dt.date(2011, 6, 3), "dateline")
    assert dateline_date("Rebels on patrol, March 20, 2011 photo. Fighting went on.") is None
