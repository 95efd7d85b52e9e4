"""The event list's keyset (cursor) pagination, the cache of repeated reads, and the
Parquet and GeoPackage pages of /api/events, over the bundled samples."""

from __future__ import annotations

import io
from typing import Any
import sqlite3

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad import api, query
from marsad.export import ACLED_COLUMNS
from marsad.web import create_app


def get(client, **params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# --- cursor pagination -------------------------------------------------------------------

@pytest.mark.parametrize("sort", ["date", "-date", "fatalities", "-fatalities", "type",
                                  "-place", "updated"])
@pytest.mark.parametrize("filters", [{"all": "true"}, {"start": "2015-01-01"}])
def test_cursor_pages_give_the_offset_list_in_order(client, sort, filters):
    everything = get(client, sort=sort, limit=1000, **filters)
    want = [r["id"] for r in everything["events"]]
    assert len(want) > 6   # several pages of 4
    seen, cursor, pages = [], None, 0
    while True:
        params = {"sort": sort, "limit": 4, **filters, **({"cursor": cursor} if cursor else {})}
        page = get(client, **params)
        assert page["total"] == everything["total"]
        seen += [r["id"] for r in page["events"]]
        cursor = page["next_cursor"]
        pages += 1
        if cursor is None:
            break
    assert seen == want
    assert pages == -(-len(want) // 4)   # no empty page at the end


def test_the_last_page_has_no_cursor(client):
    total = get(client)["total"]
    assert get(client, limit=1000)["next_cursor"] is None
    assert get(client, limit=total)["next_cursor"] is None
    assert get(client, limit=total - 1)["next_cursor"] is not None


def test_geojson_pages_by_cursor_too(client):
    first = client.get("/api/events", params={"format": "geojson", "limit": 3}).json()
    second = client.get("/api/events", params={"format": "geojson", "limit": 3,
                                               "cursor": first["next_cursor"]}).json()
    by_offset = client.get("/api/events", params={"format": "geojson", "limit": 3,
                                                  "offset": 3}).json()
    assert [f["id"] for f in second["features"]] == [f["id"] for f in by_offset["features"]]


@pytest.mark.parametrize("params", [
    {"cursor": "not-a-cursor"},
    {"cursor": query.encode_cursor("-date", "2017-01-01", "x"), "sort": "date"},   # another sort's
    {"cursor": query.encode_cursor("date", "yesterday", "x")},
    {"cursor": query.encode_cursor("date", "2017-01-01", "x"), "offset": 5},
])
def test_a_bad_cursor_is_422_naming_it(client, params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, r.text
    assert [d["loc"] for d in r.json()["detail"]] == [["query", "cursor"]]


def test_openapi_documents_the_cursor_and_the_file_formats(client):
    op = client.get("/openapi.json").json()["paths"]["/api/events"]["get"]
    params = {p["name"]: p for p in op["parameters"]}
    assert "next_cursor" in params["cursor"]["description"]
    assert "offset" in params
    content = op["responses"]["200"]["content"]
    assert {"application/vnd.apache.parquet", "application/geopackage+sqlite3"} <= set(content)
    assert set(params["format"]["schema"]["enum"]) == {"json", "geojson", "csv", "parquet", "gpkg"}


def test_the_store_pages_after_a_key_in_sql(samples_db):
    with api.open_store(str(samples_db)) as store:
        f = query.event_filter(include_held_back=True)
        rows, _ = marsad.store.query.event_page(store, f, sort="-fatalities", limit=1000)
        last = rows[4]
        after, _ = marsad.store.query.event_page(
            store, f, sort="-fatalities", limit=1000, count=False,
            after=(last.fatalities_best, last.id))
    assert [r.id for r in after] == [r.id for r in rows[5:]]


# --- the cache of repeated reads -------------------------------------------------------

def test_a_repeated_read_is_answered_from_the_cache_until_the_store_changes(samples_db, tmp_path,
                                                                            monkeypatch):
    import shutil
    db = tmp_path / "c.db"
    shutil.copy(samples_db, db)
    calls = []
    real = query.event_dossier
    monkeypatch.setattr(query, "event_dossier", lambda store, eid: calls.append(eid) or real(store, eid))
    with TestClient(create_app(str(db))) as c:
        eid = c.get("/api/events", params={"limit": 1}).json()["events"][0]["id"]
        first = c.get(f"/api/events/{eid}")
        second = c.get(f"/api/events/{eid}")
        assert first.status_code == second.status_code == 200
        assert second.content == first.content and len(calls) == 1
        assert second.headers["x-content-type-options"] == "nosniff"
        assert second.headers["content-type"] == first.headers["content-type"]
        # an error is never kept
        assert c.get("/api/events/nope").status_code == 404
        assert c.get("/api/events/nope").status_code == 404
        assert calls == [eid, "nope", "nope"]
        # another process writes: the next read is computed again, and sees it
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE events SET sub_event_type = 'Looting/property destruction' "
                         "WHERE id = ?", (eid,))
        third = c.get(f"/api/events/{eid}")
        assert len(calls) == 4 and b"Looting/property destruction" in third.content
        assert b"Looting/property destruction" not in first.content


# --- Parquet and GeoPackage ------------------------------------------------------------

def test_parquet_page_has_the_csv_rows_typed(client):
    pq = pytest.importorskip("pyarrow.parquet")
    params = {"limit": 9, "sort": "-fatalities", "all": "true"}
    r = client.get("/api/events", params={**params, "format": "parquet"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    assert 'filename="marsad-events.parquet"' in r.headers["content-disposition"]
    table = pq.read_table(io.BytesIO(r.content))
    assert table.column_names == list(ACLED_COLUMNS)
    csv_rows = client.get("/api/events", params={**params, "format": "csv"}).text.splitlines()[1:]
    assert table.num_rows == len(csv_rows) == 9
    assert [str(x) for x in table.column("event_id_cnty").to_pylist()] == \
        [line.split(",")[0] for line in csv_rows]
    assert str(table.schema.field("fatalities").type) == "int64"


def test_gpkg_page_has_the_geojson_features(client, tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    params = {"limit": 12, "all": "true"}
    r = client.get("/api/events", params={**params, "format": "gpkg"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/geopackage+sqlite3"
    path = tmp_path / "page.gpkg"
    path.write_bytes(r.content)
    info = pyogrio.read_info(path, layer="events")
    geo = client.get("/api/events", params={**params, "format": "geojson"}).json()
    assert info["features"] == len(geo["features"]) > 0
    _, _, _, values = pyogrio.raw.read(path, layer="events", columns=["event_id"])
    assert list(values[0]) == [f["id"] for f in geo["features"]]


# --- the map ---------------------------------------------------------------------------

@pytest.mark.parametrize("params", [{}, {"limit": 3}, {"all": "true"}, {"admin1": "Aleppo"}])
def test_map_json_text_is_the_map_document(samples_db, params):
    import json
    filters = {("include_held_back" if k == "all" else k): (v == "true" if k == "all" else v)
               for k, v in params.items()}
    with api.open_store(str(samples_db)) as store:
        text = query.map_points_json(store, **filters)
        doc = query.map_points(store, **filters)
    assert json.loads(text) == doc
    assert doc["features"] or params.get("admin1")


def test_migration_0010_gives_an_older_store_the_map_index(tmp_path):
    import sqlalchemy as sa

    from marsad.store import Store, schema
    from marsad.store.migrations import MIGRATIONS
    db = tmp_path / "old.db"
    with Store(db, migrations=MIGRATIONS[:9]) as store, store.begin() as conn:
        conn.execute(sa.text("DROP INDEX ix_events_map_date"))   # 0001 makes today's tables
    with Store(db) as store, store.connect() as conn:
        assert "0010_event_map_date_index" in [n for n, _ in store.applied_migrations()]
        names = {i["name"] for i in sa.inspect(conn).get_indexes("events")}
        assert schema.EVENT_MAP_DATE_INDEX.name in names
        # the map's dated points are read in the index's order, not sorted
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id, place_lon FROM events WHERE date_start IS NOT NULL "
            "AND place_lat IS NOT NULL ORDER BY date_start, id LIMIT 10"))
        assert "ix_events_map_date" in plan and "TEMP B-TREE" not in plan


def test_map_points_put_undated_events_last(samples_db, tmp_path):
    import shutil
    import sqlite3
    db = tmp_path / "u.db"
    shutil.copy(samples_db, db)
    with sqlite3.connect(db) as conn:
        undated = conn.execute("SELECT id FROM events WHERE place_lat IS NOT NULL "
                               "ORDER BY id LIMIT 2").fetchall()
        conn.executemany("UPDATE events SET date_start = NULL, date_end = NULL WHERE id = ?", undated)
    with api.open_store(str(db)) as store:
        doc = query.map_points(store, include_held_back=True)
        ids = [f["id"] for f in doc["features"]]
        dates = [f["properties"]["date_start"] for f in doc["features"]]
        assert ids[-2:] == sorted(i for (i,) in undated) and dates[-2:] == [None, None]
        assert all(dates[:-2]) and dates[:-2] == sorted(dates[:-2])
        three = query.map_points(store, include_held_back=True, limit=len(ids) - 1)
        assert [f["id"] for f in three["features"]] == ids[:-1] and three["truncated"]


@pytest.fixture(scope="module")
def gappy_db(samples_db, tmp_path_factory):
    """The samples with a few events' dates, fatalities and place names unknown."""
    import shutil
    db = tmp_path_factory.mktemp("gappy") / "g.db"
    shutil.copy(samples_db, db)
    with sqlite3.connect(db) as conn:
        ids = [i for (i,) in conn.execute("SELECT id FROM events ORDER BY id")]
        conn.executemany("UPDATE events SET date_start = NULL, date_end = NULL WHERE id = ?",
                         [(i,) for i in ids[1:8:3]])
        conn.executemany("UPDATE events SET fatalities_best = NULL WHERE id = ?",
                         [(i,) for i in ids[::4]])
        conn.executemany("UPDATE events SET place_name = NULL WHERE id = ?",
                         [(i,) for i in ids[2::5]])
    return db


@pytest.mark.parametrize("sort", ["date", "-date", "fatalities", "-fatalities", "place"])
def test_pages_put_unknown_values_last_by_offset_and_by_cursor(gappy_db, sort):
    import sqlalchemy as sa

    from marsad.store import query as sq
    from marsad.store import schema
    column = sq.SORT_COLUMNS[sort.lstrip("-")]
    with api.open_store(str(gappy_db)) as store:
        f = query.event_filter(include_held_back=True)
        with store.connect() as conn:
            t = schema.events
            values = {i: v for i, v in conn.execute(sa.select(t.c.id, t.c[column]))}
        known = sorted((i for i in values if values[i] is not None), key=lambda i: (values[i], i),
                       reverse=sort.startswith("-"))
        unknown = sorted((i for i in values if values[i] is None), reverse=sort.startswith("-"))
        want = known + unknown
        assert unknown and len(known) > 4
        by_offset = [r.id for off in range(0, len(want), 4)
                     for r in sq.event_page(store, f, sort=sort, limit=4, offset=off, count=False)[0]]
        assert by_offset == want
        events, _ = sq.find_events(store, f, sort=sort, limit=None, count=False)
        assert [e.id for e in events] == want
        # an offset past every known value (the count of the known ones is needed)
        tail, _ = sq.event_page(store, f, sort=sort, limit=1000, offset=len(known) + 1, count=False)
        assert [r.id for r in tail] == unknown[1:]
        seen, after = [], None
        while True:
            page, _ = sq.event_page(store, f, sort=sort, limit=3, count=False, after=after)
            if not page:
                break
            seen += [r.id for r in page]
            after = (sq.sort_value(store, sort, page[-1].id), page[-1].id)
        assert seen == want


def test_an_unfiltered_page_is_read_in_index_order_not_sorted(gappy_db):
    import sqlalchemy as sa

    from marsad.store import query as sq
    with api.open_store(str(gappy_db)) as store:
        statements: list[tuple[str, Any]] = []

        def keep(_conn, _cursor, statement, parameters, _context, _many):
            if statement.lstrip().upper().startswith("SELECT"):
                statements.append((statement, parameters))

        sa.event.listen(sa.engine.Engine, "before_cursor_execute", keep)
        try:
            sq.event_page(store, query.event_filter(), sort="date", limit=5, offset=3)
        finally:
            sa.event.remove(sa.engine.Engine, "before_cursor_execute", keep)
        with store.connect() as conn:
            plans = [" ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
                     for sql, params in statements if "ORDER BY" in sql]
    assert plans and not any("TEMP B-TREE" in p for p in plans), plans


def test_a_boxed_page_is_chosen_in_an_index_before_its_rows_are_read(samples_db):
    # the GeoJSON/CSV/Parquet/GeoPackage pages: the ids of a bounding box and a date window
    # come from an index alone; only the page's own wide rows are read after
    import sqlalchemy as sa

    from marsad.store import query as sq
    with api.open_store(str(samples_db)) as store:
        statements: list[tuple[str, Any]] = []

        def keep(_conn, _cursor, statement, parameters, _context, _many):
            if "ORDER BY" in statement:
                statements.append((statement, parameters))

        f = query.event_filter(bbox="35,32,42,37.5", start="2010-01-01", end="2030-01-01")
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", keep)
        try:
            events, total = sq.find_events(store, f, limit=5)
        finally:
            sa.event.remove(sa.engine.Engine, "before_cursor_execute", keep)
        with store.connect() as conn:
            plans = [" ".join(str(r) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
                     for sql, params in statements]
    assert len(events) == 5 and total > 5
    assert plans and all("COVERING INDEX" in p for p in plans), plans
