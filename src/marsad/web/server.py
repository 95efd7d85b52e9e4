"""``marsad serve``: the API on uvicorn, on loopback unless told otherwise.

Anything but a loopback address needs a write token (``--write-token`` or
``MARSAD_WRITE_TOKEN``), as issue 15 asks: a server others can reach is set up on purpose,
with ingest guarded. Reads stay open to whoever can reach it.
"""

from __future__ import annotations

import ipaddress
import json
import os

from fastapi import FastAPI

from ..errors import InvalidArgument
from .app import MAX_UPLOAD, create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: the shortest write token accepted
MIN_TOKEN = 16


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback name or address (localhost, 127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, write_token: str | None) -> None:
    """Refuse a non-loopback host without a write token, and a short token."""
    if write_token is not None and len(write_token) < MIN_TOKEN:
        raise InvalidArgument(f"a write token needs at least {MIN_TOKEN} characters",
                              param="--write-token")
    if not is_loopback(host) and not write_token:
        raise InvalidArgument(f"refusing to serve on {host}, which is not a loopback address, "
                              "without a write token (--write-token or MARSAD_WRITE_TOKEN)",
                              param="--host")


#: where ``serve`` hands its settings to worker processes (``app_from_env``)
SETTINGS_ENV = "MARSAD_SERVE_SETTINGS"


def serve(db: str, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          write_token: str | None = None, max_upload: int = MAX_UPLOAD,
          tile_url: str | None = None, log_level: str = "info", workers: int = 1) -> None:
    """Serve the API over the store at ``db`` until interrupted.

    ``workers`` > 1 runs that many server processes on the one port (uvicorn's
    supervisor), each with its own connections to the store: one Python process answers on
    one core at a time, however many threads it has."""
    import uvicorn

    check_bind(host, write_token)
    if workers < 1:
        raise InvalidArgument(f"{workers}: need at least 1 worker", param="--workers")
    app = create_app(db, write_token=write_token, max_upload=max_upload, tile_url=tile_url)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
        return
    # the app above checked the store (a missing one fails here, once); each worker
    # process builds its own from the settings in its environment
    app.state.store.close()
    os.environ[SETTINGS_ENV] = json.dumps({"db": db, "write_token": write_token,
                                           "max_upload": max_upload, "tile_url": tile_url})
    uvicorn.run(f"{__name__}:app_from_env", factory=True, host=host, port=port,
                log_level=log_level, workers=workers)


def app_from_env() -> FastAPI:
    """The app of a worker process started by :func:`serve` (its settings in
    ``$MARSAD_SERVE_SETTINGS``)."""
    settings = json.loads(os.environ[SETTINGS_ENV])
    return create_app(settings["db"], write_token=settings["write_token"],
                      max_upload=settings["max_upload"], tile_url=settings["tile_url"])
