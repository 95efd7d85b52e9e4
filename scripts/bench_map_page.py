#!/usr/bin/env python
"""How long the workbench's map page takes to load in a real browser (not a test).

Builds (or reuses) the synthetic store of scripts/bench_api.py (N events, default 100,000),
starts `marsad serve`'s app, and loads /map in headless Chromium (Debian's chromium,
driven by Playwright: the [browser] extra) several times, each in a fresh browser context
(no cache). It times, from the start of navigation (the page's performance clock), until
the map has drawn its events (zoomed out: the server's grid counts) and until the timeline
has drawn, then the same for a view zoomed in on one city (every event drawn, in clusters).
The first load of each view finds the server's count cache cold (it is filled by that
load); the later ones are served from it. Prints the first load, and the median and the
worst of the later ones.

    .venv/bin/python scripts/bench_map_page.py [--n 100000] [--db /tmp/bench.db] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import _free_port, build_store, start_server  # noqa: E402  (a sibling script)

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
DRAWN = ("() => { const m = document.getElementById('map'); const t = document.getElementById('timeline');"
         " return m && m.dataset.shown !== undefined && t && t.dataset.events !== undefined"
         " && !/Loading/.test(document.getElementById('map-status').textContent); }")


def load_times(base: str, path: str, runs: int) -> tuple[list[float], list[float], str]:
    from playwright.sync_api import sync_playwright

    map_ms, all_ms, status = [], [], ""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.add_init_script("new MutationObserver(() => { const m = document.getElementById('map');"
                                 " if (m && m.dataset.shown !== undefined && !window.__mapDrawn)"
                                 " window.__mapDrawn = performance.now(); })"
                                 ".observe(document, {subtree: true, attributes: true, childList: true});")
            page.goto(base + path)
            page.wait_for_function(DRAWN, timeout=60_000)
            map_ms.append(page.evaluate("window.__mapDrawn"))
            all_ms.append(page.evaluate("performance.now()"))
            status = page.locator("#map-status").inner_text()
            context.close()
        browser.close()
    return map_ms, all_ms, status


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--db", type=Path, help="reuse (or build here) this store")
    ap.add_argument("--runs", type=int, default=6, help="loads of each view (at least 2)")
    args = ap.parse_args()
    args.runs = max(2, args.runs)
    db = args.db or Path(tempfile.mkdtemp()) / f"bench-{args.n}.db"
    if not db.exists():
        build_store(db, args.n)
    port = _free_port()
    server = start_server(db, port)
    try:
        base = f"http://127.0.0.1:{port}"
        for label, path in (("whole map", "/map"), ("Aleppo city (zoom 13)", "/map?view=13/36.2/37.15")):
            map_ms, all_ms, status = load_times(base, path, args.runs)
            print(f"{label}: {status}\n"
                  f"  first load (cold cache): map drawn {map_ms[0]:5.0f} ms, map and timeline {all_ms[0]:5.0f} ms\n"
                  f"  later loads ({len(map_ms) - 1}): map drawn median {statistics.median(map_ms[1:]):5.0f} ms,"
                  f" worst {max(map_ms[1:]):5.0f} ms; map and timeline median {statistics.median(all_ms[1:]):5.0f} ms,"
                  f" worst {max(all_ms[1:]):5.0f} ms", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
