"""Migration 0014: on SQLite the event list reads its articles' outlets from an index of
``articles (id, outlet)``; on PostgreSQL it changes nothing. Rows read the same before
and after, on both."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from marsad.model import Event, Place, ResolvedDate
from marsad.store import Store, schema
from marsad.store import query as sq
from marsad.store.migrations import ARTICLE_OUTLET_INDEX, MIGRATIONS

from store_fixtures import TEXT, make_article

HAMA = Place(id="x-hama", name="Hama", lat=35.13, lon=36.75, level="admin1", country="Syria",
             admin1="Hama")


def _indexes(store: Store) -> set[str]:
    with store.connect() as conn:
        return {i["name"] for i in sa.inspect(conn).get_indexes("articles")}


def test_0014_indexes_the_outlets_of_an_older_store_on_sqlite(store_url, backend):
    articles = [make_article(TEXT + f" Report {k}.", outlet=outlet)
                for k, outlet in enumerate(["Hama Today", "SANA", "", "SANA"])]
    events = [Event(id=f"e{k}", event_type="Battles", sub_event_type="Armed clash",
                    place=HAMA, articles=[a.id for a in articles[k:k + 3]] + ["not-stored"],
                    date=ResolvedDate(dt.date(2017, 3, k + 1), None, "day"))
              for k in range(3)]
    before_0014 = [m.name for m in MIGRATIONS].index("0014_article_outlet_index")
    with Store(store_url, migrations=MIGRATIONS[:before_0014]) as store:
        for a in articles:
            store.add_article(a)
        store.save_events(events)
        before = sq.event_list_rows(store, [e.id for e in events])
        assert ARTICLE_OUTLET_INDEX not in _indexes(store)
    with Store(store_url) as store:
        assert "0014_article_outlet_index" in [n for n, _ in store.applied_migrations()]
        assert sq.event_list_rows(store, [e.id for e in events]) == before
        assert before["e0"][-1] == ["Hama Today", "SANA"]   # distinct, sorted, none empty
        if backend == "sqlite":
            assert ARTICLE_OUTLET_INDEX in _indexes(store)
            with store.connect() as conn:   # the list rows' outlets subquery
                extras = sq._list_extras(conn)
                assert extras is not None
                stmt = sa.select(*extras).select_from(schema.events)
                plan = " ".join(str(r) for r in conn.execute(sa.text(
                    "EXPLAIN QUERY PLAN " + str(stmt.compile(
                        conn, compile_kwargs={"literal_binds": True})))))
            assert f"COVERING INDEX {ARTICLE_OUTLET_INDEX}" in plan, plan
        else:
            assert ARTICLE_OUTLET_INDEX not in _indexes(store)


def test_a_new_sqlite_store_has_the_index(tmp_path):
    with Store(tmp_path / "new.db") as store:
        assert ARTICLE_OUTLET_INDEX in _indexes(store)
