"""The workbench's browser pages, served by the same app as the API.

Each page is a static HTML shell (``static/pages/*.html``) with the app's own scripts
(``static/app/``) and the front-end libraries copied from npm (``static/vendor/``, see
``scripts/build_web_assets.sh``); the scripts read everything from the JSON API and put
every stored string into the page with ``textContent``, never as markup. The pages' own
Content-Security-Policy allows scripts, styles, images and requests from this server
only (and images from the optional tile server), so nothing is loaded from elsewhere and
no inline script runs.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

#: the package's static folder (pages, scripts, styles, vendor libraries, basemaps)
STATIC = Path(str(resources.files("marsad.web") / "static"))
#: page route -> shell file
PAGES = {"map": "map.html", "event": "event.html", "article": "article.html",
         "contradictions": "contradictions.html", "search": "search.html", "plots": "plots.html",
         "ingest": "ingest.html"}
#: theaters with an offline basemap (``static/basemap/<theater>.json``)
BASEMAPS = frozenset(p.stem for p in (STATIC / "basemap").glob("*.json"))


def tile_origin(tile_url: str | None) -> str | None:
    """The scheme://host[:port] of a tile URL template (for the CSP), or None."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url)
    netloc = parts.netloc.replace("{s}", "*")   # Leaflet's subdomain placeholder
    if parts.scheme not in ("http", "https") or not netloc or any(c in netloc for c in " ;'{}"):
        return None
    return f"{parts.scheme}://{netloc}"


def page_csp(tile_url: str | None) -> str:
    images = "'self' data:" + (f" {origin}" if (origin := tile_origin(tile_url)) else "")
    return ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            "frame-ancestors 'none'")


def install_pages(app: FastAPI, *, theater: str, tile_url: str | None = None) -> None:
    """Add the pages, ``/static`` and ``/api/config`` to ``app``."""
    tile_url = tile_url if tile_url is not None else (os.environ.get("MARSAD_TILE_URL") or None)
    if tile_url and tile_origin(tile_url) is None:
        tile_url = None   # only http(s) tile servers
    shells = {name: (STATIC / "pages" / file).read_text(encoding="utf-8")
              for name, file in PAGES.items()}
    headers = {"Content-Security-Policy": page_csp(tile_url), "Cache-Control": "no-cache"}
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def shell(name: str) -> Response:
        return HTMLResponse(shells[name], headers=headers)

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/map", status_code=307)

    @app.get("/map", include_in_schema=False)
    def map_page() -> Response:
        return shell("map")

    @app.get("/event/{event_id}", include_in_schema=False)
    def event_page(event_id: str) -> Response:
        return shell("event")

    @app.get("/article/{article_id}", include_in_schema=False)
    def article_page(article_id: str) -> Response:
        return shell("article")

    @app.get("/contradictions", include_in_schema=False)
    def contradictions_page() -> Response:
        return shell("contradictions")

    @app.get("/search", include_in_schema=False)
    def search_page() -> Response:
        return shell("search")

    @app.get("/plots", include_in_schema=False)
    def plots_page() -> Response:
        return shell("plots")

    @app.get("/ingest", include_in_schema=False)
    def ingest_page() -> Response:
        return shell("ingest")

    @app.get("/api/config", summary="What the pages need: theater, basemap, optional tile URL")
    def config() -> dict[str, Any]:
        has_basemap = theater in BASEMAPS
        return {"theater": theater, "tile_url": tile_url,
                "basemap": f"/static/basemap/{theater}.json" if has_basemap else None,
                "basemap_note": None if has_basemap else
                f"no offline basemap for the {theater} theater: events on a plain background"}


__all__ = ["BASEMAPS", "PAGES", "STATIC", "install_pages", "page_csp", "tile_origin"]
