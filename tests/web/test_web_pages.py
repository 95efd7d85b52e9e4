"""The workbench's pages as the server sends them (no browser: tests/web/test_browser_*.py
drives one), the endpoints they read (/api/map/grid, /api/plots/camps, /api/config) and the
assets shipped in the package (npm libraries, basemap)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import marsad
from marsad.store import Store
from marsad.web import create_app
from marsad.web.pages import PAGES, STATIC, page_csp, tile_origin

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("pages") / "samples.db"
    assert marsad.run(samples=True, store=str(db)).ok
    return db


@pytest.fixture(scope="module")
def client(samples_db):
    with TestClient(create_app(str(samples_db))) as c:
        yield c


@pytest.mark.parametrize("path", ["/map", "/event/x", "/article/x", "/contradictions", "/search",
                                  "/plots", "/ingest"])
def test_pages_are_html_with_a_strict_policy_and_no_inline_script(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "unsafe-eval" not in csp
    assert "default-src 'none'" in csp
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", r.text, flags=re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=", r.text)          # no inline handlers
    assert "http://" not in r.text and "https://" not in r.text   # nothing from elsewhere


def test_root_opens_the_map_and_the_api_index_moved(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/map"
    assert client.get("/api").json()["openapi"] == "/openapi.json"


def test_every_asset_a_page_names_is_shipped():
    for file in PAGES.values():
        html = (STATIC / "pages" / file).read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
            assert (STATIC / ref).is_file(), (file, ref)


def test_vendor_files_are_the_locked_npm_versions():
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
    locked = {k.removeprefix("node_modules/"): v["version"] for k, v in lock["packages"].items() if k}
    assert json.loads((STATIC / "vendor" / "VERSIONS.json").read_text(encoding="utf-8")) == locked
    assert f"Leaflet {locked['leaflet']}" in (STATIC / "vendor" / "leaflet" / "leaflet.js").read_text(encoding="utf-8")[:300]
    for lib in ("leaflet", "leaflet.markercluster", "uplot"):
        assert any(p.name.upper().startswith(("LICENSE", "MIT-LICEN")) for p in (STATIC / "vendor" / lib).iterdir())


def test_static_files_are_served(client):
    r = client.get("/static/vendor/leaflet/leaflet.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404


def test_basemap_holds_governorates_districts_and_aleppo_neighbourhoods(client):
    cfg = client.get("/api/config").json()
    assert cfg["theater"] == "syria" and cfg["basemap"] == "/static/basemap/syria.json"
    assert cfg["tile_url"] is None
    bm = client.get(cfg["basemap"]).json()
    names = {f["properties"]["name"] for f in bm["governorates"]["features"]}
    assert {"Aleppo", "Idlib", "Damascus"} <= names and len(names) >= 14
    assert len(bm["districts"]["features"]) >= 60 and len(bm["neighbourhoods"]["features"]) >= 100
    assert "Who's On First" in bm["attribution"] and "OCHA" in bm["attribution"]
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in bm["districts"]["features"])


def test_another_theater_falls_back_to_a_plain_background(tmp_path):
    db = tmp_path / "libya.db"
    with Store(str(db)) as store:
        store.set_setting("theater", "libya")
    with TestClient(create_app(str(db))) as c:
        cfg = c.get("/api/config").json()
    assert cfg["basemap"] is None and "plain background" in cfg["basemap_note"]


def test_a_tile_server_is_optional_and_allowed_by_the_policy(samples_db):
    url = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    with TestClient(create_app(str(samples_db), tile_url=url)) as c:
        assert c.get("/api/config").json()["tile_url"] == url
        assert "img-src 'self' data: https://*.tiles.example.org;" in c.get("/map").headers["content-security-policy"]
    assert tile_origin("javascript:alert(1)") is None and tile_origin("https://a b/{z}") is None
    assert "img-src 'self' data:;" in page_csp(None)


# --- the endpoints the pages read -------------------------------------------------------

def test_map_grid_counts_every_point_once(client):
    points = client.get("/api/map").json()["features"]
    for cell in (0.01, 0.1, 1.0):
        grid = client.get("/api/map/grid", params={"cell": cell}).json()
        assert grid["events"] == len(points) == sum(f["properties"]["events"] for f in grid["features"])
        for f in grid["features"]:
            p = f["properties"]
            assert sum(p["by_type"].values()) == p["events"]
    coarse = client.get("/api/map/grid", params={"cell": 1.0}).json()["features"]
    fine = client.get("/api/map/grid", params={"cell": 0.01}).json()["features"]
    assert len(coarse) < len(fine)
    battles = client.get("/api/map/grid", params={"cell": 0.1, "event_type": "Battles"}).json()
    assert battles["events"] == len(client.get("/api/map", params={"event_type": "Battles"}).json()["features"])
    assert battles["events"] < len(points)


def test_map_grid_refuses_an_unknown_cell(client):
    r = client.get("/api/map/grid", params={"cell": 0.3})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "cell"


def test_camps_per_event_counts_each_outlet_once(client):
    r = client.get("/api/plots/camps").json()
    assert r["events"] and r["total"] == len(r["events"])
    assert all(e["outlets"] >= 2 and sum(e["camps"].values()) == e["outlets"] for e in r["events"])
    outlets = [e["outlets"] for e in r["events"]]
    assert outlets == sorted(outlets, reverse=True)
    assert client.get("/api/plots/camps", params={"min_outlets": 4}).json()["total"] < r["total"]


def test_dossier_names_each_outlets_camp(client):
    row = client.get("/api/events", params={"min_outlets": 2}).json()["events"][0]
    d = client.get(f"/api/events/{row['id']}").json()["event"]
    assert set(d["outlet_camps"]) == set(d["outlet_names"]) and len(d["outlet_camps"]) >= 2
    assert isinstance(d["denied"], bool)


def test_map_counts_are_cached_until_the_store_changes(samples_db, tmp_path):
    import shutil
    db = tmp_path / "copy.db"
    shutil.copy(samples_db, db)
    article = tmp_path / "new.txt"
    article.write_text("Clashes in Morek\n\nOpposition fighters clashed with government forces in the town "
                       "of Morek in northern Hama on Thursday, activists said.\n", encoding="utf-8")
    with TestClient(create_app(str(db))) as c:
        memo, responses = c.app.state.memo, c.app.state.response_cache
        first = c.get("/api/map/grid", params={"cell": 1.0}).json()
        again = c.get("/api/map/grid", params={"cell": 1.0}).json()
        assert again == first and responses.hits == 1   # the answer's bytes, kept whole
        other = c.get("/api/map/grid", params={"cell": 1.0, "sort": "x"}).json()   # another URL,
        assert other == first and memo.hits == 1        # the same counts: from the memo
        # another process writes to the store: the next request counts afresh
        assert marsad.run([article], store=str(db), outlet="Levant Wire", published="2017-03-30").ok
        after = c.get("/api/map/grid", params={"cell": 1.0}).json()
        assert after["events"] > first["events"] and memo.hits == 1 and responses.hits == 1
        timeline = c.get("/api/timeline", params={"bucket": "week"}).json()
        assert sum(b["events"] for b in timeline["buckets"]) + timeline["undated"] >= after["events"]


def test_package_data_globs_reach_every_static_file():
    # pyproject's package-data lists web/static/* down to four levels below static/
    deepest = max(len(p.relative_to(STATIC).parts) for p in STATIC.rglob("*") if p.is_file())
    assert deepest <= 4
