"""``marsad serve``'s event loop takes every connection waiting on its socket at once.

uvloop's libuv accepts one connection per turn of its loop, and a turn of a busy server
answers a request on each connection it holds: of 50 clients connecting at once the last
waited 2 to 3 s for its first answer (issue 15, session 13). The loop ``serve`` gives
uvicorn, with one worker and with several, must accept them all in a few turns."""

from __future__ import annotations

import asyncio
import socket

import pytest
import uvicorn

from marsad.web import serve, server

WAITING = 20   # connections queued by the kernel before the loop looks
TURNS = 8      # turns of the loop given to accept them (uvloop: 10 of 20)


def _loop_options(samples_db, monkeypatch, workers: int) -> dict:
    """The keyword arguments ``serve`` passes uvicorn (not running it)."""
    seen: dict = {}
    monkeypatch.setattr(server.gc, "freeze", lambda: None)   # not this process's heap
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw))
    monkeypatch.setattr(server, "_run_workers", lambda config, *a: seen.update(loop=config.loop))
    monkeypatch.setenv(server.SETTINGS_ENV, "{}")   # serve sets it for its workers: undone after
    serve(str(samples_db), workers=workers)
    return {"loop": seen["loop"]} if "loop" in seen else {}


@pytest.mark.parametrize("workers", [1, 2])
def test_the_loop_accepts_every_waiting_connection(samples_db, monkeypatch, workers):
    options = _loop_options(samples_db, monkeypatch, workers)
    factory = uvicorn.Config("marsad.web:create_app", **options).get_loop_factory()
    loop = factory() if factory else asyncio.new_event_loop()
    made: list[asyncio.BaseTransport] = []

    class Counting(asyncio.Protocol):
        def connection_made(self, transport):
            made.append(transport)

    async def turns() -> None:
        await loop.create_server(Counting, sock=listener)
        for _ in range(TURNS):
            await asyncio.sleep(0)

    with socket.create_server(("127.0.0.1", 0), backlog=64) as listener:
        clients = [socket.create_connection(listener.getsockname()[:2]) for _ in range(WAITING)]
        try:
            loop.run_until_complete(turns())
            assert len(made) == WAITING, f"{len(made)} of {WAITING} accepted in {TURNS} turns ({type(loop)})"
        finally:
            for t in made:
                t.close()
            for c in clients:
                c.close()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()
