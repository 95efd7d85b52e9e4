import datetime as dt

import pytest

from marsad.model import Article
from marsad.nlp.dates import make_date_tagger
from marsad.nlp.entities import make_entity_tagger
from marsad.nlp.numbers import make_number_tagger
from marsad.nlp.sentences import make_sentencizer
from marsad.theaters import load_pack

# An invented article in the style of the seed reports (headline, body, page junk).
ARTICLE = """Rebels break siege in the south of Idlib… And a Hezbollah commander killed

Opposition fighters stormed the grain silos on Sunday and captivated 9 pro-regime fighters, according to activists.

Jeish al-Fatah said its fighters had used a car bomb against regime forces near the silos. At least 14 soldiers were killed and dozens wounded.

“We took the hill.We are holding it”, said Abu Omar al-Halabi, a field commander with Ahrar al-Sham.

The Syrian Arab Army (SAA) and Liwaa Al-Quds regained two positions on Friday morning, state media said, despite more than 300 Turkish shells.

Last month, Russian warplanes carried out strikes on the town.

Share this article
"""


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
