from __future__ import annotations

import datetime as dt

import pytest

from marsad.model import Article
from store_fixtures import make_article


@pytest.fixture
def article() -> Article:
    return make_article()


@pytest.fixture
def other_article() -> Article:
    return make_article("Army shells rebel positions\n\nArmy artillery shelled rebel positions "
                        "in Ramouseh on Monday. Two civilians died. Nothing else happened.",
                        outlet="Other Agency", published=dt.date(2016, 8, 9))
