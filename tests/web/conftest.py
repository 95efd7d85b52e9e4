"""Fixtures of the web API tests: a store of the bundled samples (one per test module) and
a client of the read-only app over it."""

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad.web import create_app


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("web") / "samples.db"
    result = marsad.run(samples=True, store=str(db))
    assert result.ok and result.events > 10
    return db


@pytest.fixture(scope="module")
def client(samples_db):
    with TestClient(create_app(str(samples_db))) as c:
        yield c
