"""The HTTP API (marsad.web) over a store built from the bundled sample articles, driven
in-process with FastAPI's TestClient; and `marsad serve`'s refusal to bind wide without a
write token."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import marsad
from marsad import api
from marsad.cli import cli
from marsad.export import ACLED_COLUMNS
from marsad.errors import InvalidArgument
from marsad.web import check_bind, create_app, is_loopback, serve
from marsad.web.server import SETTINGS_ENV, app_from_env

TOKEN = "test-token-0123456789"


@pytest.fixture
def writable(samples_db, tmp_path):
    """A copy of the samples store (ingest changes it) served with a write token."""
    db = tmp_path / "copy.db"
    shutil.copy(samples_db, db)
    with TestClient(create_app(str(db), write_token=TOKEN)) as c:
        yield c


def events(client, **params):
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return r.json()


# --- the events list ---------------------------------------------------------------------

def test_events_page_has_total_and_rows(client):
    page = events(client)
    assert page["total"] == len(page["events"]) > 10
    row = page["events"][0]
    assert {"id", "date", "event_type", "sub_event_type", "place", "lat", "lon", "sources",
            "status", "outlets", "contradictions"} <= set(row)


def test_filters_narrow_the_list(client):
    everything = events(client, limit=1000)["total"]
    contradicted = events(client, has_contradiction="true")
    assert 0 < contradicted["total"] < everything
    assert all(r["contradictions"] > 0 for r in contradicted["events"])
    wide = events(client, min_outlets=3)
    assert 0 < wide["total"] < everything and all(r["outlets"] >= 3 for r in wide["events"])
    boxed = events(client, bbox="36.6,35.25,36.8,35.35")   # around Suran
    assert 0 < boxed["total"] < everything
    assert all(36.6 <= r["lon"] <= 36.8 and 35.25 <= r["lat"] <= 35.35 for r in boxed["events"])
    battles = events(client, event_type="Battles")
    assert 0 < battles["total"] < everything and {r["event_type"] for r in battles["events"]} == {"Battles"}
    assert events(client, admin1="hama")["total"] == everything   # all samples are in Hama
    assert events(client, admin1="Aleppo")["total"] == 0
    assert 0 < events(client, outlet="Orontes")["total"] < everything
    assert 0 < events(client, actor="Free Syrian Army")["total"] < everything
    assert events(client, start="2017-03-25", end="2017-03-26")["total"] < everything


def test_record_leaves_out_denied_only_events_unless_asked(client):
    record = events(client)["total"]
    with_all = events(client, all="true")["total"]
    denied = events(client, status="denied_only")
    assert with_all > record and denied["total"] == with_all - record
    assert {r["status"] for r in denied["events"]} == {"denied_only"}


def test_sort_and_pagination(client):
    by_fat = events(client, sort="-fatalities", limit=5)["events"]
    values = [r["fatalities_best"] for r in by_fat]
    assert values == sorted(values, reverse=True)
    first = events(client, limit=5, offset=0)["events"]
    second = events(client, limit=5, offset=5)["events"]
    assert len(first) == len(second) == 5
    assert not {r["id"] for r in first} & {r["id"] for r in second}


def test_page_size_is_limited(client):
    r = client.get("/api/events", params={"limit": 1001})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "limit"]


@pytest.mark.parametrize("params, field", [
    ({"start": "March 2017"}, "start"),
    ({"bbox": "36,35,37"}, "bbox"),
    ({"bbox": "37,35,36,36"}, "bbox"),          # west > east
    ({"status": "rumoured"}, "status"),
    ({"sort": "colour"}, "sort"),
    ({"start": "2017-04-01", "end": "2017-03-01"}, "start"),
    ({"min_outlets": "-1"}, "min_outlets"),
    ({"format": "xml"}, "format"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, params, field):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(d["loc"][-1] == field and d["msg"] for d in detail), detail


def test_geojson_is_a_valid_feature_collection(client):
    r = client.get("/api/events", params={"format": "geojson", "limit": 1000})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    doc = r.json()
    assert doc["type"] == "FeatureCollection" and doc["features"]
    ids = [f["id"] for f in doc["features"]]
    assert len(ids) == len(set(ids))
    for f in doc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["event_id"] == f["id"]


def test_csv_has_acleds_header_and_one_row_per_event(client):
    r = client.get("/api/events", params={"format": "csv", "limit": 7})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.splitlines()
    assert lines[0] == ",".join(ACLED_COLUMNS)
    assert len(lines) == 8


# --- one event, one article -------------------------------------------------------------

def _claim_and_denial(client):
    # the samples' one disagreement about one event: regime media says the army repelled
    # the attack on Souran, Levant Wire that rebels captured it (the government's "denies
    # using barrel bombs" is a standing position, no denial of a report: link.reconcile)
    page = client.get("/api/contradictions").json()
    for e in page["events"]:
        if e["items"]:
            return e["id"]
    raise AssertionError(f"no contradiction: {page}")


def test_dossier_has_claims_spread_and_contradictions(client):
    dossier = client.get(f"/api/events/{_claim_and_denial(client)}").json()
    stances = {c["stance"] for c in dossier["claims"]}
    assert len(stances) >= 2 and "asserts" in stances
    assert all(c["sentence"] for c in dossier["claims"])
    assert dossier["contradictions"] and dossier["contradictions"][0]["sides"]
    assert "occurred" in dossier["spread"] and dossier["spread"]["occurred"][0]["sentence"]
    assert dossier["mentions"] and dossier["articles"] and dossier["summary"]["sentences"]
    assert dossier["acled"]["event_id_cnty"].startswith("SYR")


def test_the_capture_of_suran_and_its_denial_are_side_by_side(client):
    page = client.get("/api/contradictions").json()
    capture = [e for e in page["events"]
               if e["sub_event_type"] == "Non-state actor overtakes territory" and "Suran" in e["place"]]
    assert capture, page
    items = capture[0]["items"]
    assert any(len(c["sides"]) == 2 for c in items)


def test_event_by_acled_id_and_unknown_id(client):
    row = events(client, limit=1)["events"][0]
    acled_id = client.get(f"/api/events/{row['id']}").json()["acled"]["event_id_cnty"]
    assert client.get(f"/api/events/{acled_id}").json()["event"]["id"] == row["id"]
    r = client.get("/api/events/no-such-event")
    assert r.status_code == 404 and "no-such-event" in r.json()["detail"]


def test_article_has_text_and_mention_offsets(client):
    dossier = client.get(f"/api/events/{_claim_and_denial(client)}").json()
    article = client.get(f"/api/articles/{dossier['articles'][0]['article_id']}").json()
    text = article["text"]
    assert article["mentions"] and article["events"] and article["relevance"]
    for m in article["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]
    assert client.get("/api/articles/nope").status_code == 404


# --- the other lists ----------------------------------------------------------------------

def test_actors_places_timeline_search_stats(client):
    actors = client.get("/api/actors").json()
    assert actors[0]["events"] >= actors[-1]["events"] and actors[0]["name"]
    places = client.get("/api/places").json()
    assert all(p["place_lat"] is not None for p in places)
    week = client.get("/api/timeline", params={"bucket": "week"}).json()
    assert week["bucket"] == "week" and week["buckets"]
    assert sum(b["events"] for b in week["buckets"]) + week["undated"] == events(client)["total"]
    assert client.get("/api/timeline", params={"bucket": "year"}).status_code == 422
    found = client.get("/api/search", params={"q": "Souran"}).json()
    assert found["events"] and found["articles"]
    assert client.get("/api/search", params={"q": "x"}).status_code == 422
    stats = client.get("/api/stats").json()
    assert stats["tables"]["articles"] == 6 and stats["ingest"] is False
    assert stats["contradicted_events"] > 0
    assert client.get("/api/stories").status_code == 200


def test_openapi_and_docs_work_offline(client):
    schema = client.get("/openapi.json").json()
    assert "/api/events" in schema["paths"] and "/api/events/{event_id}" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/events" in docs.text
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()
    assert client.get("/redoc").status_code == 404


def test_security_headers(client):
    r = client.get("/api/stats")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]


# --- ingest ---------------------------------------------------------------------------------

ARTICLE = ("Rebels shell Mhardeh\n\nRebel factions fired rockets at the town of Mhardeh in the "
           "northern Hama countryside on Monday, killing two civilians, a police source said. "
           "<script>alert('x')</script> <img src=x onerror=alert(1)>")


def test_ingest_is_refused_without_a_configured_token(client):
    r = client.post("/api/articles", content=ARTICLE.encode(), headers={"content-type": "text/plain"})
    assert r.status_code == 403 and "write token" in r.json()["detail"]


def test_ingest_is_refused_without_the_token(writable):
    for auth in (None, "Bearer wrong-token-0123456789", TOKEN):
        headers = {"content-type": "text/plain"} | ({"authorization": auth} if auth else {})
        r = writable.post("/api/articles", content=ARTICLE.encode(), headers=headers)
        assert r.status_code == 403, (auth, r.text)


def test_ingest_with_the_token_and_script_comes_back_as_data(writable):
    before = writable.get("/api/stats").json()["tables"]["articles"]
    r = writable.post("/api/articles", content=ARTICLE.encode(),
                      params={"outlet": "Test Outlet", "date": "2017-03-27"},
                      headers={"content-type": "text/plain", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["stored"] == 1 and len(body["articles"]) == 1
    assert writable.get("/api/stats").json()["tables"]["articles"] == before + 1
    got = writable.get(f"/api/articles/{body['articles'][0]}")
    assert got.json()["outlet"] == "Test Outlet"
    assert "<script>alert('x')</script>" in got.json()["text"]   # kept as data ...
    assert b"<script" not in got.content and b"\\u003cscript" in got.content   # ... never markup
    assert got.headers["content-type"].startswith("application/json")
    again = writable.post("/api/articles", content=ARTICLE.encode(),
                          params={"outlet": "Test Outlet", "date": "2017-03-27"},
                          headers={"content-type": "text/plain", "authorization": f"Bearer {TOKEN}"})
    assert again.status_code == 201 and again.json()["skipped"] == 1


def test_ingest_checks_type_and_size(writable, samples_db):
    auth = {"authorization": f"Bearer {TOKEN}"}
    r = writable.post("/api/articles", content=b"\x89PNG", headers={"content-type": "image/png", **auth})
    assert r.status_code == 415
    r = writable.post("/api/articles", content=b"  ", headers={"content-type": "text/plain", **auth})
    assert r.status_code == 400
    with TestClient(create_app(str(samples_db), write_token=TOKEN, max_upload=100)) as small:
        r = small.post("/api/articles", content=ARTICLE.encode(), headers={"content-type": "text/plain", **auth})
        assert r.status_code == 413


def test_ingest_json_record(writable):
    record = {"title": "Army shells Halfaya", "text": "Army artillery shelled rebel positions in "
              "Halfaya in the northern Hama countryside on Sunday, activists said.",
              "source": "JSON Outlet", "date": "2017-03-26"}
    r = writable.post("/api/articles", content=json.dumps(record).encode(),
                      headers={"content-type": "application/json", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    article = writable.get(f"/api/articles/{r.json()['articles'][0]}").json()
    assert article["outlet"] == "JSON Outlet" and article["published"] == "2017-03-26"


# --- notebooks ------------------------------------------------------------------------------

def test_read_events_takes_the_same_filters(samples_db):
    frame = marsad.read_events(str(samples_db))
    assert list(frame.columns[:len(ACLED_COLUMNS)]) == list(ACLED_COLUMNS)
    assert {"event_id", "status", "outlets", "contradictions"} <= set(frame.columns)
    contradicted = marsad.read_events(str(samples_db), has_contradiction=True)
    assert 0 < len(contradicted) < len(frame) and (contradicted["contradictions"] > 0).all()
    with pytest.raises(marsad.MarsadError):
        marsad.read_events(str(samples_db), bbox="nonsense")


# --- serve ----------------------------------------------------------------------------------

def test_loopback_hosts():
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.5", "::", "example.org"))


def test_serve_refuses_a_wide_host_without_a_token(samples_db, monkeypatch):
    monkeypatch.delenv("MARSAD_WRITE_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(samples_db), "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "refusing" in result.output + (result.stderr or "")
    short = CliRunner().invoke(cli, ["serve", "--db", str(samples_db), "--write-token", "short"])
    assert short.exit_code == 2
    check_bind("0.0.0.0", TOKEN)          # with a token it may bind wide
    check_bind("127.0.0.1", None)         # loopback needs none


def test_serve_refuses_a_tile_url_that_is_no_http_template(samples_db, monkeypatch):
    monkeypatch.delenv("MARSAD_TILE_URL", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--db", str(samples_db), "--tile-url",
                                      "javascript:alert(1)"])
    assert result.exit_code == 2 and "--tile-url" in result.output + (result.stderr or "")


def test_serve_refuses_no_workers(samples_db):
    result = CliRunner().invoke(cli, ["serve", "--db", str(samples_db), "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output + (result.stderr or "")
    with pytest.raises(InvalidArgument, match="at least 1 worker"):
        serve(str(samples_db), workers=0)


def test_a_worker_process_builds_the_app_from_its_environment(samples_db, monkeypatch):
    """...and then leaves what it holds out of the collector's full collections."""
    from marsad.web import server

    frozen = []
    monkeypatch.setattr(server.gc, "freeze", lambda: frozen.append(True))   # not this process
    monkeypatch.setenv(SETTINGS_ENV, json.dumps({"db": str(samples_db), "write_token": TOKEN,
                                                 "max_upload": 1234, "tile_url": None}))
    with TestClient(app_from_env()) as c:
        assert frozen == [True]
        assert c.get("/api/stats").json()["ingest"] is True
        assert c.app.state.settings.max_upload == 1234


def test_serve_freezes_the_started_servers_heap(samples_db, monkeypatch):
    """``marsad serve`` (one process) builds the app, then freezes the heap, then runs."""
    import uvicorn

    from marsad.web import server

    calls = []
    monkeypatch.setattr(server.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append("run"))
    serve(str(samples_db))
    assert calls == ["freeze", "run"]


def test_serve_with_two_workers_answers_on_one_port(samples_db, tmp_path):
    """``marsad serve --workers 2``: two server processes behind one port, each answering."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", "from marsad.cli import cli; cli()", "serve",
                             "--db", str(samples_db), "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        pids, stats = set(), None
        for _ in range(600):   # a start-up wait, not a timing assertion
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=30) as r:
                    stats = json.load(r)
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode(errors="replace")
                time.sleep(0.1)
        assert stats is not None and stats["tables"]["events"] > 10
        children = subprocess.run(["ps", "--ppid", str(proc.pid), "-o", "pid="], capture_output=True,
                                  text=True).stdout.split()
        pids = {int(p) for p in children}
        assert len(pids) >= 2    # the supervisor's worker processes (multiprocessing adds one more)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_store_optimize_gives_the_planner_statistics(samples_db, tmp_path):
    db = tmp_path / "o.db"
    shutil.copy(samples_db, db)
    with api.open_store(str(db)) as store:
        store.optimize()
        with store.connect() as conn:
            tables = {r[0] for r in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    assert "events" in tables


def test_map_points_are_compact_geojson_of_the_record(client):
    doc = client.get("/api/map").json()
    assert doc["type"] == "FeatureCollection" and doc["truncated"] is False
    full = client.get("/api/events", params={"format": "geojson", "limit": 1000}).json()
    assert {f["id"] for f in doc["features"]} == {f["id"] for f in full["features"]}
    props = doc["features"][0]["properties"]
    assert {"event_type", "fatalities", "geo_precision", "status", "outlets", "contradictions"} <= set(props)
    two = client.get("/api/map", params={"limit": 2}).json()
    assert len(two["features"]) == 2 and two["truncated"] is True
    assert client.get("/api/map", params={"has_contradiction": "true"}).json()["features"]
    assert client.get("/api/map", params={"limit": 10**7}).status_code == 422


def test_workers_share_the_answers_they_computed(samples_db, tmp_path, monkeypatch):
    """Two apps over one store with one shared answer file (as ``serve --workers 2``
    gives its workers): a page one computed, the other answers from the file, byte for
    byte; after a write to the store neither answer is given again."""
    from marsad.web import memo

    monkeypatch.setattr(memo, "SHARE_AFTER", 0.0)   # every answer took long enough
    db = tmp_path / "shared.db"
    shutil.copy(samples_db, db)
    shared = str(tmp_path / "answers.db")
    path = "/api/events?admin1=aleppo&limit=5"
    with TestClient(create_app(str(db), shared_cache=shared)) as a, \
            TestClient(create_app(str(db), shared_cache=shared)) as b:
        first = a.get(path)
        assert first.status_code == 200 and a.app.state.response_cache.misses == 1
        again = b.get(path)
        assert b.app.state.response_cache.hits == 1 and b.app.state.response_cache.misses == 0
        assert again.content == first.content and again.headers == first.headers
        assert b.get("/api/events?limit=0").status_code == 422   # errors are not shared
        assert a.get("/api/events?limit=0").status_code == 422
        assert a.app.state.response_cache.hits == 0
        with api.open_store(str(db)) as store:   # a write: a new generation of the store
            store.set_setting("touched", "yes")
        b.get(path)
        assert b.app.state.response_cache.misses == 2


def test_workers_share_only_the_answers_that_took_long(samples_db, tmp_path, monkeypatch):
    """An answer computed quicker than SHARE_AFTER is not written to the shared file (the
    other worker computes it again, the same bytes); one that took longer is."""
    from marsad.web import memo

    monkeypatch.setattr(memo, "SHARE_AFTER", 3600.0)   # no answer takes an hour
    db = tmp_path / "quick.db"
    shutil.copy(samples_db, db)
    shared = str(tmp_path / "answers.db")
    path = "/api/events?admin1=aleppo&limit=5"
    with TestClient(create_app(str(db), shared_cache=shared)) as a, \
            TestClient(create_app(str(db), shared_cache=shared)) as b:
        first = a.get(path)
        again = b.get(path)
        assert b.app.state.response_cache.hits == 0 and b.app.state.response_cache.misses == 1
        assert again.content == first.content
        monkeypatch.setattr(memo, "SHARE_AFTER", 0.0)
        a.get(path + "&sort=-date")
        b.get(path + "&sort=-date")
        assert b.app.state.response_cache.hits == 1


def test_the_event_list_is_escaped_row_by_row(samples_db, tmp_path):
    """The list's rows are escaped when built and kept so: markup in a stored field is
    ``\\u`` escapes on every page that shows it, first built or kept, and reads back as
    the same text."""
    from marsad.model import Event, Place, ResolvedDate

    db = tmp_path / "markup.db"
    shutil.copy(samples_db, db)
    odd = Place(id="x-markup", name="<b>Kafr</b> & <script>", lat=35.9, lon=36.6,
                level="town", country="Syria", admin1="Idlib")
    with api.open_store(str(db)) as store:
        store.save_events([Event(id="ev-markup", event_type="Battles", sub_event_type="Armed clash",
                                 place=odd, date=ResolvedDate(dt.date(2017, 3, 1), dt.date(2017, 3, 1), "day"))])
    with TestClient(create_app(str(db))) as c:
        day = {"start": "2017-03-01", "end": "2017-03-01"}
        for params in ({"limit": 50, **day}, {"limit": 49, "sort": "-date", **day},
                       {"limit": 1000, "all": "true"}):
            r = c.get("/api/events", params=params)
            assert r.status_code == 200
            assert b"<" not in r.content and b">" not in r.content and b"&" not in r.content
            rows = {e["id"]: e for e in r.json()["events"]}
            assert rows["ev-markup"]["place"].startswith("<b>Kafr</b> & <script>")


def test_a_json_page_takes_a_thread_only_for_a_first_broad_count(samples_db, monkeypatch):
    """The event list's JSON page runs on the event loop when its count is kept or its
    date window is a year at most; a first count of a broader filter takes a thread."""
    import marsad.web.app as app_module

    calls = []
    real = app_module.run_in_threadpool

    async def counting(fn, *args, **kwargs):
        calls.append(fn.__name__)
        return await real(fn, *args, **kwargs)

    monkeypatch.setattr(app_module, "run_in_threadpool", counting)
    with TestClient(create_app(str(samples_db))) as c:
        assert c.get("/api/events?start=2017-01-01&end=2017-06-30").status_code == 200
        assert calls == []
        assert c.get("/api/events?limit=5").status_code == 200
        assert calls == ["events_export"]
        assert c.get("/api/events?limit=6").json()["total"] > 0   # its count is kept now
        assert c.get("/api/events?start=2016-01-01&end=2017-06-30").status_code == 200
        assert c.get("/api/events?format=csv&start=2017-01-01&end=2017-06-30").status_code == 200
        assert calls == ["events_export"] * 3
