"""`marsad serve`: the HTTP API over a store."""

from __future__ import annotations

import click

from .base import command, db_option


@command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs a write token.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--write-token", envvar="MARSAD_WRITE_TOKEN", default=None,
              help="Turn ingest (POST /api/articles) on for requests bearing this token "
                   "(env MARSAD_WRITE_TOKEN; at least 16 characters).")
@click.option("--max-upload", type=click.IntRange(min=1), default=5_000_000, show_default=True,
              help="Largest upload accepted, in bytes.")
@click.option("--tile-url", envvar="MARSAD_TILE_URL", default=None,
              help="A raster tile server for the map (https://host/{z}/{x}/{y}.png; env "
                   "MARSAD_TILE_URL); without one the map draws the offline boundaries.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes answering on the port (one per core serves many "
                   "clients at once faster: one process uses one core).")
def serve(db, host, port, write_token, max_upload, tile_url, workers):
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) over a store.

    Read-only unless a write token is given; on 127.0.0.1 unless --host says otherwise.

    \b
    Examples:
      marsad serve --db war.db
      marsad serve --db war.db --workers 2          # a process per core
      MARSAD_WRITE_TOKEN=... marsad serve --db war.db --host 0.0.0.0 --port 8080
    """
    from ..web import check_bind, serve as serve_api  # FastAPI loads only for this command

    check_bind(host, write_token)   # before the store is opened: a usage error first
    if tile_url:
        from ..web.pages import tile_origin
        if tile_origin(tile_url) is None:
            raise click.BadParameter(f"{tile_url!r} is not an http(s) tile URL template "
                                     "like https://tiles.example/{z}/{x}/{y}.png",
                                     param_hint="--tile-url")
    _check_store(db)   # before the line that says the API is on
    click.echo(f"marsad API on http://{host}:{port}/ (docs: /docs); ingest "
               f"{'on (write token set)' if write_token else 'off'}", err=True)
    serve_api(db, host=host, port=port, write_token=write_token, max_upload=max_upload,
              tile_url=tile_url, workers=workers)


def _check_store(db: str) -> None:
    """A missing store file is an error naming it, and naming the samples' store when
    ``marsad run --samples`` wrote one here (it never writes ./marsad.db)."""
    import os

    from ..runner import SAMPLES_DB
    from ..store import StoreError

    if "://" in db or os.path.exists(db):
        return
    hint = ""
    if os.path.abspath(db) != os.path.abspath(SAMPLES_DB) and os.path.exists(SAMPLES_DB):
        hint = f"; `marsad run --samples` wrote {SAMPLES_DB}: marsad serve --db {SAMPLES_DB}"
    raise StoreError(f"no store at {os.path.abspath(db)} (create one with `marsad run`{hint})")
