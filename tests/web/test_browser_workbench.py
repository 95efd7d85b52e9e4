"""The workbench in a real browser: headless Chromium (Debian's ``chromium`` package,
driven by Playwright for Python) against ``marsad serve`` on a store built from the
bundled samples plus two invented articles written here in the seeds' style (the Hikmah
school capture with the army's denial, and an article whose text carries markup).

Every page is screenshotted at laptop and phone widths into ``tmp/artifacts/`` (or
``$MARSAD_ARTIFACTS``). Without chromium or Playwright these tests are skipped with the
reason, unless ``MARSAD_REQUIRE_BROWSER=1`` (CI sets it): then they fail.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import marsad

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
TOKEN = "browser-test-token-0123456789"
ARTIFACTS = Path(os.environ.get("MARSAD_ARTIFACTS", Path(__file__).resolve().parents[2] / "tmp" / "artifacts"))
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

try:
    from playwright.sync_api import expect, sync_playwright
    # how long a check waits for the page to get there: an ingest runs the whole pipeline,
    # which takes seconds on a loaded 2-core machine (a wait limit, not a speed assertion)
    expect.set_options(timeout=60_000)
except ImportError:   # the [browser] extra is not installed
    sync_playwright = None

_missing = ("Playwright is not installed (pip install -e '.[browser]')" if sync_playwright is None
            else f"no chromium at {CHROMIUM} (apt-get install chromium)" if not os.path.exists(CHROMIUM)
            else None)
if _missing and os.environ.get("MARSAD_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"the browser tests are required here (MARSAD_REQUIRE_BROWSER=1): {_missing}")
pytestmark = pytest.mark.skipif(_missing is not None, reason=_missing or "")

HIKMAH = """Rebels launch offensive to break the siege of Aleppo

Rebel fighters said on Sunday they had captured the al-Hikmah school in south-western Aleppo, which regime forces had used as a military base, in the first hours of a new offensive.

The Syrian army denied that the rebels had captured the Hikmah school and said its troops had pushed the attackers back.
"""

MARKUP = """Shelling <script>window.__pwned = 1</script> hits Kafr Zayta <img src=x onerror="window.__pwned = 2">

Government forces shelled the town of Kafr Zayta in northern Hama on Monday, killing three civilians, local activists said. <b onmouseover="window.__pwned = 3">Bold</b>
"""

UPLOAD = """Clashes reported near Morek

Opposition fighters clashed with government forces near the town of Morek in northern Hama on Thursday, the Zephyrine Bulletin reported.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``marsad serve`` (with a write token) on the samples plus the two invented articles."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "workbench.db"
    assert marsad.run(samples=True, store=str(db)).ok
    (folder / "hikmah.txt").write_text(HIKMAH, encoding="utf-8")
    (folder / "markup.txt").write_text(MARKUP, encoding="utf-8")
    assert marsad.run([folder / "hikmah.txt"], store=str(db), outlet="Aleppo Today", published="2016-07-31").ok
    assert marsad.run([folder / "markup.txt"], store=str(db), outlet="Hama <i>Wire</i>", published="2017-03-27").ok
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-c", "from marsad.cli import cli; cli()", "serve", "--db", str(db),
                             "--port", str(port), "--write-token", TOKEN],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):   # wait until it answers (not a timing assertion: a start-up wait)
        try:
            _get(base, "/api/stats")
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stderr.read().decode(errors="replace")) from None
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def errors() -> list[str]:
    """Script errors and console errors of the test's page (a test removes those it expects)."""
    return []


@pytest.fixture
def page(browser, errors):
    """A laptop-sized page that fails the test on any script or console error in the page."""
    context = browser.new_context(viewport=LAPTOP)
    pg = context.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()
    assert not errors, errors


def hikmah_event(base: str) -> str:
    found = [e for e in _get(base, "/api/contradictions")["events"]
             if any(i["kind"] == "claim and denial" and any("Hikmah" in (s.get("text") or "") for s in i["sides"])
                    for i in e["items"])]
    assert len(found) == 1, found
    return found[0]["id"]


def article_titled(base: str, text: str) -> str:
    found = _get(base, "/api/search?q=" + urllib.request.quote(text))["articles"]
    assert found, text
    return found[0]["id"]


def wait_for_map(pg, mode: str = "points") -> int:
    pg.wait_for_function("() => { const m = document.getElementById('map'); "
                         "return m && m.dataset.shown !== undefined && !/Loading/.test(document.getElementById('map-status').textContent); }")
    expect(pg.locator("#map")).to_have_attribute("data-mode", mode)
    return int(pg.locator("#map").get_attribute("data-shown"))


# --- the map and the timeline ---------------------------------------------------------

def test_map_shows_the_expected_points(server, page):
    expected = _get(server, "/api/map")["features"]
    assert len(expected) >= 20
    page.goto(server + "/map")
    assert wait_for_map(page) == len(expected)
    # every event is on the map, alone or inside a cluster whose label counts it
    page.wait_for_function("() => document.querySelectorAll('.ev-marker, .marker-cluster').length > 0")
    alone = page.locator("path.ev-marker").count()
    clustered = sum(int(t) for t in page.locator(".marker-cluster span").all_inner_texts())
    assert alone + clustered == len(expected)
    # the basemap's governorates, with attribution
    expect(page.locator(".gov-label", has_text="Aleppo")).to_have_count(1)
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Who's On First")
    assert page.locator(".leaflet-neighbourhoods-pane path").count() == 0   # not at country scale
    # from the keyboard: the same events as a list of links to their dossiers
    page.locator("#in-view summary").focus()
    page.keyboard.press("Enter")
    links = page.locator("#in-view-list a")
    expect(links).to_have_count(len(expected))
    assert {h.rsplit("/", 1)[1] for h in links.evaluate_all("els => els.map(a => a.getAttribute('href'))")} == \
        {f["id"] for f in expected}


def test_aleppo_neighbourhoods_when_zoomed_in(server, page):
    page.goto(server + "/map?view=13/36.2/37.15")
    wait_for_map(page)
    assert page.locator(".leaflet-neighbourhoods-pane path").count() > 50


def test_clicking_a_point_opens_its_dossier(server, page):
    event_id = hikmah_event(server)
    page.goto(server + "/map?view=12/36.2/37.15")   # Aleppo: the Hikmah event is alone there
    wait_for_map(page)
    page.locator(f"path.ev-{event_id}").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Contested")
    expect(popup).to_contain_text("independent outlet")   # camps arrive from the dossier
    popup.get_by_role("link", name="Open the dossier").click()
    page.wait_for_url(f"**/event/{event_id}")
    expect(page.locator("h1")).to_contain_text("Aleppo")


def test_hikmah_capture_and_the_armys_denial_side_by_side(server, page):
    page.goto(server + f"/event/{hikmah_event(server)}")
    sides = page.locator("#contradictions .side")
    expect(sides).to_have_count(2)
    claim = page.locator("#contradictions .side.stance-asserts")
    denial = page.locator("#contradictions .side.stance-denies")
    expect(claim).to_contain_text("captured the al-Hikmah school")
    expect(denial).to_contain_text("The Syrian army denied")
    a, b = claim.bounding_box(), denial.bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and a["x"] + a["width"] <= b["x"]   # one row, two columns
    # every claim with its source and stance, and the cited summary
    expect(page.locator("table.claims tr.stance-denies")).to_contain_text("Syrian army")
    expect(page.locator(".summary sup").first).to_be_visible()


def test_a_filter_changes_map_timeline_and_url(server, page):
    everything = _get(server, "/api/map")["features"]
    battles = _get(server, "/api/map?event_type=Battles")["features"]
    battle_days = sum(b["events"] for b in _get(server, "/api/timeline?event_type=Battles&bucket=week")["buckets"])
    assert 0 < len(battles) < len(everything)
    page.goto(server + "/map")
    wait_for_map(page)
    page.wait_for_function("() => document.getElementById('timeline').dataset.events !== undefined")
    before = int(page.locator("#timeline").get_attribute("data-events"))
    assert before > battle_days
    page.select_option("select[name=event_type]", "Battles")
    page.wait_for_url("**event_type=Battles**")
    page.wait_for_function(f"() => document.getElementById('map').dataset.shown === '{len(battles)}'")
    page.wait_for_function(f"() => document.getElementById('timeline').dataset.events === '{battle_days}'")
    # the URL is the view: opened afresh it shows the same selection
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)
    assert wait_for_map(page) == len(battles)
    expect(page.locator("select[name=event_type]")).to_have_value("Battles")
    # a timeline bar is a date filter too, reachable from the keyboard
    page.locator("#timeline g.bucket").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**start=**")
    assert "end=" in page.url and "event_type=Battles" in page.url


def test_plots_draw_types_fatalities_and_camps(server, page):
    camps = _get(server, "/api/plots/camps?limit=200")
    page.goto(server + "/plots?event_type=Battles")
    page.wait_for_function("() => document.body.dataset.loaded === 'true'")
    expect(page.locator(".uplot")).to_have_count(2)
    battles = _get(server, "/api/plots/camps?limit=200&event_type=Battles")
    assert 0 < battles["total"] < camps["total"]
    expect(page.locator("ol.bars > li")).to_have_count(min(60, battles["total"]))
    expect(page.locator("#plot-types")).to_contain_text("Battles")
    expect(page.locator("#plot-types")).not_to_contain_text("Strategic developments")


# --- ingest and escaping --------------------------------------------------------------

def test_upload_needs_the_token_and_then_appears(server, page, errors):
    page.goto(server + "/ingest")
    page.fill("input[name=title]", "Clashes reported near Morek")
    page.fill("input[name=outlet]", "Zephyrine Bulletin")
    page.fill("input[name=date]", "2017-03-30")
    page.fill("textarea[name=text]", UPLOAD)
    page.click("button[type=submit]")
    expect(page.locator("#ingest-result .refused")).to_contain_text("403")
    assert errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
    errors.clear()   # the refusal is the expected answer
    assert not _get(server, "/api/search?q=Zephyrine")["articles"]
    page.fill("input[name=token]", TOKEN)
    page.click("button[type=submit]")
    expect(page.locator("#ingest-result .ok")).to_contain_text("Stored 1 article")
    page.locator("#ingest-result a").first.click()
    expect(page.locator("h1")).to_have_text("Clashes reported near Morek")
    expect(page.locator(".article-text")).to_contain_text("near the town of Morek")
    page.goto(server + "/search?q=Zephyrine")
    expect(page.locator("#results .articles li")).to_contain_text("Clashes reported near Morek")


def test_an_article_with_markup_renders_as_text(server, page):
    page.goto(server + "/article/" + article_titled(server, "Kafr Zayta <img"))
    text = page.locator(".article-text")
    expect(text).to_contain_text("<script>window.__pwned = 1</script>")
    expect(page.locator("h1")).to_contain_text('<img src=x onerror="window.__pwned = 2">')
    expect(page.locator("main")).to_contain_text("Hama <i>Wire</i>")
    assert page.locator("main img, main script, main b, main i").count() == 0
    page.locator(".article-text").hover()
    assert page.evaluate("window.__pwned") is None
    # the dossier and search lists carry the same strings as text
    page.goto(server + "/search?q=pwned")
    expect(page.locator("#results")).to_contain_text("<script>")
    assert page.evaluate("window.__pwned") is None


# --- every page, laptop and phone -------------------------------------------------------

def test_screenshots_of_every_page(server, browser):
    event_id, article_id = hikmah_event(server), article_titled(server, "siege of Aleppo")
    pages = {"map": "/map", "event": f"/event/{event_id}", "article": f"/article/{article_id}",
             "contradictions": "/contradictions", "search": "/search?q=Hama", "plots": "/plots",
             "ingest": "/ingest", "map-aleppo": "/map?view=12/36.2/37.15",
             "map-hama": "/map?view=10/35.26/36.62"}
    for size, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        for name, path in pages.items():
            pg.goto(server + path)
            pg.wait_for_load_state("networkidle")
            if name.startswith("map"):
                wait_for_map(pg)
            expect(pg.locator("main")).not_to_contain_text("Loading…")
            expect(pg.locator("main .error")).to_have_count(0)
            # readable at this width: nothing wider than the screen but the tables' own scroll
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} at {size} is {overflow}px too wide"
            pg.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
        # keyboard: the first Tab reaches the skip link, which leads to the content
        pg.goto(server + "/contradictions")
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "skip"
        context.close()
        assert not errors, errors
