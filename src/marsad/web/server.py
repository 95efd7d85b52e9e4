"""``marsad serve``: the API on uvicorn, on loopback unless told otherwise.

Anything but a loopback address needs a write token (``--write-token`` or
``MARSAD_WRITE_TOKEN``), as issue 15 asks: a server others can reach is set up on purpose,
with ingest guarded. Reads stay open to whoever can reach it.
"""

from __future__ import annotations

import gc
import ipaddress
import json
import logging
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from ..errors import InvalidArgument, MarsadError
from .app import MAX_UPLOAD, create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: the shortest write token accepted
MIN_TOKEN = 16
#: uvicorn's event loop: Python's own. uvloop's libuv accepts one connection per turn of
#: its loop, and a busy server's turn answers a request on each connection it holds: of 50
#: clients connecting at once the last waited 2 to 3 s for its first answer (0.15 to 0.5 s
#: on asyncio, which accepts every waiting connection at once; the same CPU per request
#: and requests/s here: README, Web API)
LOOP = "asyncio"


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
        freeze_heap()
        uvicorn.run(app, host=host, port=port, log_level=log_level, loop=LOOP)
        return
    # the app above checked the store (a missing one fails here, once); each worker
    # process builds its own from the settings in its environment, and they share the
    # answers they computed through a file in a folder of this server's own
    app.state.store.close()
    with tempfile.TemporaryDirectory(prefix="marsad-serve-") as tmp:
        os.environ[SETTINGS_ENV] = json.dumps({
            "db": db, "write_token": write_token, "max_upload": max_upload,
            "tile_url": tile_url, "shared_cache": str(Path(tmp) / "answers.db")})
        config = uvicorn.Config(f"{__name__}:app_from_env", factory=True, host=host,
                                port=port, log_level=log_level, workers=workers, loop=LOOP)
        _run_workers(config, host, port, workers)


def _run_workers(config: Any, host: str, port: int, workers: int) -> None:
    if not hasattr(socket, "SO_REUSEPORT") or not sys.platform.startswith("linux"):
        from uvicorn.supervisors import Multiprocess   # one shared socket, as uvicorn.run
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    try:
        first = _port_socket(host, port)
    except OSError as exc:
        raise MarsadError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    logging.getLogger("uvicorn.error").info("Uvicorn running on http://%s:%d with %d worker "
                                            "processes", host, port, workers)
    try:
        _PortSharingWorkers(config, first).run()
    except KeyboardInterrupt:   # as uvicorn.run: the supervisor has stopped its workers
        pass


def _port_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` that other sockets of this user may bind
    too (SO_REUSEPORT): Linux then hands each new connection to one of them."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host.strip("[]"), port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _supervisor() -> type:
    from uvicorn.supervisors import Multiprocess

    return Multiprocess


class _PortSharingWorkers(_supervisor()):  # type: ignore[misc]
    """uvicorn's supervisor of worker processes (restarts, SIGHUP, SIGTTIN...), each
    worker listening on a socket of its own on the one port (SO_REUSEPORT), which Linux
    balances new connections across. With uvicorn's one shared socket, the worker whose
    event loop woke first accepted every waiting connection: 50 keep-alive clients that
    connected at once were all served by one process while the other idled."""

    def __init__(self, config: Any, first: socket.socket):
        self._first: socket.socket | None = first
        self._handed: list[socket.socket] = []
        super().__init__(config, sockets=[])

    @property   # each worker started (first, after a death, on SIGHUP or SIGTTIN) gets its own
    def sockets(self) -> list[socket.socket]:
        sock, self._first = self._first, None
        if sock is None:
            sock = _port_socket(self.config.host, self.config.port)
        self._handed.append(sock)
        return [sock]

    @sockets.setter
    def sockets(self, _value: list[socket.socket]) -> None:
        pass

    def keep_subprocess_alive(self) -> None:
        # the workers started since hold their sockets: this process's copies go, so that
        # a worker's socket closes with it (else connections would queue on it unread)
        for sock in self._handed:
            sock.close()
        self._handed.clear()
        super().keep_subprocess_alive()


def app_from_env() -> FastAPI:
    """The app of a worker process started by :func:`serve` (its settings in
    ``$MARSAD_SERVE_SETTINGS``)."""
    settings = json.loads(os.environ[SETTINGS_ENV])
    app = create_app(settings["db"], write_token=settings["write_token"],
                     max_upload=settings["max_upload"], tile_url=settings["tile_url"],
                     shared_cache=settings.get("shared_cache"))
    freeze_heap()
    return app


def freeze_heap() -> None:
    """Leave what the server holds once started (the libraries, the theater pack, the
    app) out of the garbage collector's full collections (``gc.freeze``, after collecting
    what is garbage already): a full collection walked it all, 180 ms with the event loop
    held, every request waiting, on a fresh server over a million events."""
    gc.collect()
    gc.freeze()
