import datetime as dt

import pytest

from marsad.model import Article
from marsad.nlp.dates import make_date_tagger
from marsad.nlp.entities import make_entity_tagger
from marsad.nlp.numbers import make_number_tagger
from marsad.nlp.sentences import make_sentencizer
from marsad.theaters import load_pack

from nlp_fixtures import ARTICLE  # noqa: F401  (re-exported for fixtures)


@pytest.fixture(scope="session")
def pack():
    return load_pack("syria", overlays=())


@pytest.fixture(scope="session")
def stages(pack):
    return [make_sentencizer(pack), make_entity_tagger(pack), make_date_tagger(pack),
            make_number_tagger(pack)]


@pytest.fixture
def run(stages):
    def _run(text, published=dt.date(2016, 8, 8)):
        article = Article(id=Article.make_id(text), text=text, published=published)
        for stage in stages:
            article = stage(article)
        return article
    return _run
