"""marsad.web: the HTTP API (FastAPI) over a store, and ``marsad serve``.

    from marsad.web import create_app
    app = create_app("war.db", write_token=None)   # an ASGI app: uvicorn, TestClient

Routes are thin: each calls one :mod:`marsad.query` function (or
:func:`marsad.runner.run_upload` for ingest) and returns its data.
"""

from __future__ import annotations

from .app import MAX_UPLOAD, create_app
from .server import check_bind, is_loopback, serve

__all__ = ["MAX_UPLOAD", "check_bind", "create_app", "is_loopback", "serve"]
