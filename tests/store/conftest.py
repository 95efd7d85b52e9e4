from __future__ import annotations

import datetime as dt

import pytest

from marsad.model import Article
from store_fixtures import BACKENDS, backend_url, make_article


@pytest.fixture
def article() -> Article:
    return make_article()


@pytest.fixture
def other_article() -> Article:
    return make_article("Army shells rebel positions\n\nArmy artillery shelled rebel positions "
                        "in Ramouseh on Monday. Two civilians died. Nothing else happened.",
                        outlet="Other Agency", published=dt.date(2016, 8, 9))


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """"sqlite" or "postgresql" (skipped without MARSAD_TEST_PG_URL): a test that takes
    it, or ``store_url``, runs once per backend."""
    return request.param


@pytest.fixture
def store_url(backend, tmp_path):
    """A new, empty store's URL or path on each backend (PostgreSQL: a schema of its own)."""
    with backend_url(backend, tmp_path) as url:
        yield url
