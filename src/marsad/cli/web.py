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
def serve(db, host, port, write_token, max_upload):
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) over a store.

    Read-only unless a write token is given; on 127.0.0.1 unless --host says otherwise.

    \b
    Examples:
      marsad serve --db war.db
      MARSAD_WRITE_TOKEN=... marsad serve --db war.db --host 0.0.0.0 --port 8080
    """
    from ..web import check_bind, serve as serve_api  # FastAPI loads only for this command

    check_bind(host, write_token)   # before the store is opened: a usage error first
    click.echo(f"marsad API on http://{host}:{port}/ (docs: /docs); ingest "
               f"{'on (write token set)' if write_token else 'off'}", err=True)
    serve_api(db, host=host, port=port, write_token=write_token, max_upload=max_upload)
