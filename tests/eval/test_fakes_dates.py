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
