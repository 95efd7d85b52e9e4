"""article_from_text: titles, ids, inferred outlet and date, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.ingest import EmptyArticle, IngestError, article_from_text, parse_date
from marsad.model import Article

OPPOSITION = """Share

Revolutionaries take Souran in northern Hama

Revolutionaries took full control of Souran on Tuesday, according to activists.

Regime warplanes struck Kafr Zita in response, killing at least three civilians.

This article was translated and edited by The Example Observer. Responsibility for the information and views set out in this article lies entirely with the author.

Recommend article
Sender's Name:
"""


def test_title_from_first_line_and_byline_outlet():
    a = article_from_text(OPPOSITION, title_from_first_line=True)
    assert a.title == "Revolutionaries take Souran in northern Hama"
    assert a.text.startswith(a.title + "\n\n")
    assert a.outlet == "The Example Observer"
    assert a.meta["outlet_from"] == "byline"
    assert "Responsibility" not in a.text and "Example Observer" not in a.text
    assert a.published is None  # nothing states it: never invented


def test_given_title_prepended_once():
    body = "Rebels took Halfaya on Wednesday, the operations room said."
    a = article_from_text(body, title="Rebels take Halfaya")
    assert a.text == "Rebels take Halfaya\n\n" + body
    b = article_from_text("Rebels take Halfaya\n\n" + body, title="Rebels take Halfaya")
    assert b.text == a.text and b.id == a.id


def test_title_not_prepended_when_body_opens_with_it_after_a_dateline():
    body = "Sun 26 Mar 2017 Army retakes Maan. Government forces recaptured Maan on Sunday."
    a = article_from_text(body, title="Army retakes Maan")
    assert a.text == body
    assert a.published == dt.date(2017, 3, 26)


def test_same_article_twice_same_id_and_id_is_make_id_of_text():
    a = article_from_text(OPPOSITION, title_from_first_line=True)
    b = article_from_text(OPPOSITION.replace("\n", "\r\n") + "\n\n", title_from_first_line=True)
    assert a.id == b.id == Article.make_id(a.text)
    c = article_from_text(OPPOSITION.replace("three", "four"), title_from_first_line=True)
    assert c.id != a.id


def test_by_staff_byline_and_wire_dateline():
    text = ("By Example Wire Staff\n\nBEIRUT, March 25 (Example Wire) - Government forces "
            "retook Maan on Saturday, a monitor said.")
    a = article_from_text(text)
    assert a.outlet == "Example Wire"
    assert a.published is None            # "March 25" has no year
    assert a.meta["dateline"].startswith("BEIRUT, March 25")
    assert "Staff" not in a.text
    b = article_from_text("By Reuters Staff\n\nRebels shelled Mhardeh on Friday, state media said.")
    assert b.outlet == "Reuters"


@pytest.mark.parametrize("opening, expected", [
    ("Wed 05 Apr 2017 ", dt.date(2017, 4, 5)),
    ("12 February 2015 ", dt.date(2015, 2, 12)),
    ("Published February 18 2015 ", dt.date(2015, 2, 18)),
    ("Posted on April 4, 2017 by Example News ", dt.date(2017, 4, 4)),
    ("Date of publication 10 July 2016 ", dt.date(2016, 7, 10)),
])
def test_leading_dateline_date(opening, expected):
    a = article_from_text(opening + "Air strikes hit Kafr Zita, killing at least five people.")
    assert a.published == expected
    assert a.meta["published_from"] == "text"


def test_date_later_in_text_is_not_a_publication_date():
    a = article_from_text("Rebels advanced on Halfaya.\n\nThe town fell on 22 March 2017, "
                          "activists said.\n\nMore fighting is expected.\n\nAnother line here.")
    assert a.published is None


def test_given_metadata_wins_over_text():
    a = article_from_text("By Reuters Staff\n\nWed 05 Apr 2017 Clashes in Morek.",
                          outlet="Example News", published="2017-04-06")
    assert a.outlet == "Example News" and a.published == dt.date(2017, 4, 6)


def test_published_accepts_date_datetime_and_rejects_garbage():
    assert article_from_text("Clashes in Morek.", published=dt.datetime(2017, 3, 1, 8)).published \
        == dt.date(2017, 3, 1)
    with pytest.raises(IngestError, match="cannot read published date"):
        article_from_text("Clashes in Morek.", published="sometime soon")


def test_empty_after_cleaning_raises():
    with pytest.raises(EmptyArticle, match="no article text left"):
        article_from_text("Share\n\nAdvertisement\n\nSender's Name:\n")
    with pytest.raises(EmptyArticle):
        article_from_text("   \n  ")
    with pytest.raises(EmptyArticle, match="headline alone"):
        article_from_text("Share\n", title="Army retakes Maan")
    # a one-paragraph snippet is an article (no title taken from it)
    snippet = article_from_text("Rebels shelled Mhardeh, killing two.", title_from_first_line=True)
    assert snippet.title is None and snippet.text == "Rebels shelled Mhardeh, killing two."
    assert issubclass(EmptyArticle, IngestError) and issubclass(IngestError, ValueError)


def test_bytes_rejected_with_hint():
    with pytest.raises(IngestError, match="decode the bytes"):
        article_from_text(b"Clashes in Morek.")  # type: ignore[arg-type]


@pytest.mark.parametrize("value, expected", [
    ("4/5/2017", dt.date(2017, 4, 5)),        # US month/day/year (FA-KES)
    ("25/3/2017", dt.date(2017, 3, 25)),      # first number > 12: day/month/year
    ("05.04.2017", dt.date(2017, 4, 5)),      # dots: day.month.year
    ("2017-03-27T09:30:00+03:00", dt.date(2017, 3, 27)),
    ("Wed 05 Apr 2017", dt.date(2017, 4, 5)),
    ("April 5, 2017", dt.date(2017, 4, 5)),
    ("20170405", dt.date(2017, 4, 5)), ("27 March, 2017 09:30", dt.date(2017, 3, 27)),
    ("", None), (None, None), ("yesterday", None), ("March 2017", None), ("13/13/2017", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("line", ["Thu 23 Mar 2017", "March 25, 2017 / 6:42 PM",
                                  "Monday, March 27, 2017", "Published: 27 March 2017 10:30 GMT"])
def test_date_only_line_becomes_metadata_not_text(line):
    a = article_from_text(f"Army retakes Maan\n\n{line}\n\nThe army retook Maan on Sunday.",
                          title_from_first_line=True)
    assert a.text == "Army retakes Maan\n\nThe army retook Maan on Sunday."
    assert a.meta["date_line"] == line and a.published is not None
    # a date opening a sentence stays in the text
    b = article_from_text("Thu 23 Mar 2017 The army retook Maan on Sunday.")
    assert b.text.startswith("Thu 23 Mar 2017") and b.published == dt.date(2017, 3, 23)


def test_date_line_first_is_not_taken_as_title():
    a = article_from_text("Wed 05 Apr 2017\n\nArmy retakes Maan\n\nThe army retook Maan.",
                          title_from_first_line=True)
    assert a.title == "Army retakes Maan" and a.published == dt.date(2017, 4, 5)


def test_numeric_dateline_after_the_headline_sets_the_publication_date():
    art = article_from_text("Shelling hits a market in Douma\n\n06.04.2017 Four people were "
                            "wounded when shells hit a market, activists said.")
    assert art.published == dt.date(2017, 4, 6)
    assert art.meta["published_from"] == "dateline"


def test_a_last_updated_stamp_is_not_the_publication_date():
    art = article_from_text("Clashes near Hama\n\nLast updated at Apr 152017 Fighting went on "
                            "north of Hama on Monday.")
    assert art.published is None
