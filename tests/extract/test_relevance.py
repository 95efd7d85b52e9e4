"""Article relevance (issue 12): is the article about the theater's conflict?"""

from collections import Counter

import pytest

from marsad.extract.relevance import judge
from marsad.lang import LanguageDataError, word_list, word_table


def test_named_theater_with_conflict_words_is_relevant():
    r = judge(theater="Syria", theater_names=3, theater_places=2, foreign=Counter(),
              conflict_words=4)
    assert r.relevant
    assert "about Syria" in r.reasons[0]


def test_article_without_the_theater_is_off_topic_with_reason():
    r = judge(theater="Syria", theater_names=0, theater_places=1, foreign=Counter({"Mexico": 4}),
              conflict_words=0)
    assert not r.relevant
    assert any("hardly named" in why for why in r.reasons)
    assert any("no conflict vocabulary" in why for why in r.reasons)


def test_one_passing_name_is_not_enough_but_a_big_city_is():
    passing = judge(theater="Syria", theater_names=1, theater_places=0, foreign=Counter(),
                    conflict_words=5)
    city = judge(theater="Syria", theater_names=0, theater_places=1, major_places=1,
                 foreign=Counter(), conflict_words=5)
    assert not passing.relevant
    assert city.relevant


def test_a_foreign_country_named_more_often_wins():
    r = judge(theater="Syria", theater_names=2, theater_places=0,
              foreign=Counter({"Libya": 9, "France": 2}), conflict_words=6)
    assert not r.relevant
    assert r.top_foreign == "Libya" and r.top_foreign_count == 9
    assert any("mostly about Libya" in why for why in r.reasons)


def test_demonyms_count_only_when_the_theater_is_not_named():
    # "Russian air raids over Raqqa": a foreign actor in a theater article
    named = judge(theater="Syria", theater_names=3, theater_places=2, foreign=Counter(),
                  foreign_people=Counter({"Russia": 9}), conflict_words=4)
    # a Libya page whose towns have Syrian namesakes: "Libyan" decides
    namesakes = judge(theater="Syria", theater_names=0, theater_places=3, foreign=Counter(),
                      foreign_people=Counter({"Libya": 7}), conflict_words=4)
    assert named.relevant
    assert not namesakes.relevant


def test_language_data_is_read_from_files():
    words = word_list("en", "conflict_words")
    assert "shelling" in words and "killed" not in words
    assert ("Libyan", "Libya") in word_table("en", "demonyms")
    with pytest.raises(LanguageDataError, match="no word list"):
        word_list("en", "no_such_list")


def test_a_short_report_needs_one_conflict_word():
    long = judge(theater="Syria", theater_names=2, theater_places=1, foreign=Counter(),
                 conflict_words=1)
    short = judge(theater="Syria", theater_names=2, theater_places=1, foreign=Counter(),
                  conflict_words=1, short=True)
    assert not long.relevant and short.relevant


def test_a_commentary_is_off_topic_with_its_marker():
    from marsad.pipeline import process
    text = ("Editor's note: Jane Doe is a professor of Middle East politics at a university in "
            "Ohio.\nThree weeks of air strikes on Misrata and Ajdabiya have not broken the "
            "regime, and the rebels' offensive on Brega has stalled since the fighting began. "
            "The opinions expressed in this column are solely those of Jane Doe.")
    article = process(text, theater="libya", published="2011-04-10")
    assert not article.relevance.relevant
    assert any(r.startswith("commentary") for r in article.relevance.reasons)
    # a report that quotes an editor's note of another kind stays a report
    report = process("Editor's note: CNN could not verify the footage.\nRebels captured Brega "
                     "on Sunday after heavy fighting with army units, a rebel spokesman in "
                     "Libya said.", theater="libya", published="2011-04-10")
    assert not any(r.startswith("commentary") for r in report.relevance.reasons)
