"""scratch_store: a fresh store for one measurement (``marsad benchmark --db``), gone after."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marsad.store import StoreError
from marsad.store.scratch import backend_name, scratch_store
from store_fixtures import PG_URL, needs_pg


def test_a_scratch_sqlite_store_lives_in_the_folder_given_and_is_removed(tmp_path, article):
    with scratch_store(tmp_path) as store:
        assert store.add_article(article)
        assert store.stats()["articles"] == 1
        assert store.path is not None and store.path.parent.parent == tmp_path
    assert list(tmp_path.iterdir()) == []
    with scratch_store() as store:          # a temporary folder of its own
        assert store.stats()["articles"] == 0


def test_a_path_that_is_no_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="not a folder"):
        with scratch_store(tmp_path / "missing"):
            pass


def test_backend_names():
    assert backend_name(None) == backend_name("sqlite") == backend_name("/tmp") == "sqlite"
    assert backend_name("postgresql+psycopg2://u:p@localhost/db") == "postgresql"


@needs_pg
def test_a_scratch_postgresql_store_is_a_schema_of_its_own_dropped_after(article):
    def schemas() -> set[str]:
        engine = sa.create_engine(PG_URL)
        try:
            with engine.connect() as conn:
                return set(conn.scalars(sa.text(
                    "select schema_name from information_schema.schemata "
                    "where schema_name like 'marsad_scratch_%'")))
        finally:
            engine.dispose()

    before = schemas()
    with scratch_store(PG_URL) as store:
        assert store.add_article(article) and store.stats()["articles"] == 1
        [name] = schemas() - before
    with scratch_store(PG_URL) as other:     # a new one is empty
        assert other.stats()["articles"] == 0
    assert name not in schemas() and schemas() == before
