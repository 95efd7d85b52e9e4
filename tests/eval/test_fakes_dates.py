import datetime as dt

from marsad.eval.fakes import article_date, published_in_text
from marsad.model import Article


def test_published_read_from_dateline_only():
    assert published_in_text("Sun 10 Jul 2016 Rebels killed near a road.") == dt.date(2016, 7, 10)
    assert published_in_text("24.08.2013 Jets struck a town on Saturday.") == dt.date(2013, 8, 24)
    # an update stamp or a date inside a sentence is not a publication date
    assert published_in_text("Last updated at Aug 142016 Jets struck a town.") is None
    assert published_in_text("The army shelled the town on 4 April 2017.") is None


def test_article_date_is_the_publication_date_when_stated():
    art = Article(id="a", text="Jets struck the town on Saturday.", published=dt.date(2016, 7, 10))
    assert article_date(art) == dt.date(2016, 7, 10)
    assert article_date(Article(id="b", text="Nothing.")) is None
    stamp = Article(id="d", text="Last updated at Aug 142016 Jets struck a town.")
    assert article_date(stamp) == dt.date(2016, 8, 14)  # nothing else dates it


def _place(text, start, sentence, admin1):
    from marsad.model import Mention, PlaceInfo
    return Mention("place", text, start, start + len(text), sentence, None,
                   PlaceInfo(admin1=admin1))


def test_headline_and_lead_place_outvote_later_mentions():
    from marsad.eval.fakes import dominant_admin1
    from marsad.model import Sentence

    text = ("Jets kill 9 in Saraqeb. Jets struck Saraqeb on Friday. Rebels met in Aleppo. "
            "Aleppo talks went on. Aleppo was calm.")
    sents, pos = [], 0
    for i, part in enumerate(text.split(". ")):
        start = text.index(part, pos)
        sents.append(Sentence(i, start, start + len(part), part))
        pos = start + len(part)
    mentions = [_place("Saraqeb", text.index("Saraqeb"), 0, "Idlib"),
                _place("Aleppo", text.index("Aleppo"), 2, "Aleppo"),
                _place("Aleppo", text.index("Aleppo talks"), 3, "Aleppo"),
                _place("Aleppo", text.index("Aleppo was"), 4, "Aleppo")]
    art = Article(id="c", text=text, sentences=sents, mentions=mentions)
    assert dominant_admin1(art) == "Idlib"      # 3 lead votes vs 3 later: first named wins
    art.mentions.append(_place("Aleppo", text.index("Aleppo was") + 1, 4, "Aleppo"))
    assert dominant_admin1(art) == "Aleppo"


def test_a_place_abroad_votes_for_no_governorate():
    from marsad.eval.fakes import dominant_admin1
    from marsad.model import Mention, PlaceInfo

    def abroad(start, sentence):   # a place abroad: its admin1 is Turkey's
        return Mention("place", "Kilis", start, start + 5, sentence, None,
                       PlaceInfo(admin1="Kilis", abroad=True, country="Turkey"))

    text = "Shells from Kilis hit Azaz. Kilis was calm. Kilis reopened."
    mentions = [abroad(text.index("Kilis"), 0),
                _place("Azaz", text.index("Azaz"), 0, "Aleppo"),
                abroad(text.index("Kilis was"), 1),
                abroad(text.index("Kilis reopened"), 2)]
    art = Article(id="k", text=text, mentions=mentions)
    assert dominant_admin1(art) == "Aleppo"
