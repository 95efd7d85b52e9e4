"""A small cache of the map's and timeline's aggregates over a SQLite store.

Counting 100,000 events per grid cell or per week reads every row's linking attributes
(hundreds of milliseconds); the main map asks for the same counts each time it is opened.
An entry is kept with the store's *generation*: the size and modification time of the
SQLite file and of its write-ahead log, which any commit changes (from this server or from a
``marsad run`` in another process). A changed generation empties the cache. Stores on a
database server are not cached (no cheap generation to read).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: entries kept (most recently used)
SIZE = 64
#: :meth:`Memo.lookup`'s value when nothing is kept for the key
MISSING: Any = object()


class Memo:
    """``memo.get(key, compute)``: the cached value for ``key`` while the store at ``path``
    is unchanged, else ``compute()`` (stored for next time)."""

    def __init__(self, path: Path | None, size: int = SIZE):
        self.path = path
        # the files whose size and modification time make the generation (as text: a
        # Path built per look-up cost as much as the stat)
        self._files = (str(path), f"{path}-wal") if path is not None else ()
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._generation: tuple[int, ...] | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def generation(self) -> tuple[int, ...] | None:
        if self.path is None:
            return None
        out: list[int] = []
        for p in self._files:
            try:
                st = os.stat(p)
                out += [st.st_size, st.st_mtime_ns]
            except FileNotFoundError:
                out += [-1, -1]
        return tuple(out)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        generation, value = self.lookup(key)
        if value is not MISSING:
            return value
        value = compute()
        self.keep(key, value, generation)
        return value

    def lookup(self, key: Hashable) -> tuple[tuple[int, ...] | None, Any]:
        """(the store's generation now, the value kept for ``key`` or :data:`MISSING`): a
        caller that computes the value itself (with more than it keeps) hands it to
        :meth:`keep` with this generation."""
        before = self.generation()
        if before is None:
            return None, MISSING
        with self._lock:
            if before != self._generation:
                self._entries.clear()
                self._generation = before
            elif key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return before, self._entries[key]
        return before, MISSING

    def peek(self, key: Hashable) -> bool:
        """Whether a value is kept for ``key`` at the store's generation now (nothing is
        counted, nothing moves)."""
        generation = self.generation()
        with self._lock:
            return generation is not None and generation == self._generation \
                and key in self._entries

    def keep(self, key: Hashable, value: Any, generation: tuple[int, ...] | None) -> None:
        """Keep ``value`` for ``key`` if the store is still at ``generation`` (that of the
        :meth:`lookup` before computing it): nothing was written while it was computed."""
        if generation is None:
            return
        with self._lock:
            self.misses += 1
            if self.generation() == generation == self._generation:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation = None




#: list rows :class:`RowCache` keeps (JSON text, about 0.7 kB each)
ROWS = 100_000


class RowCache:
    """The JSON text of the event list's rows by event id, while the store (its
    :meth:`Memo.generation`) and the theater pack are unchanged: a new page (other filters,
    another window) whose events were on pages before reads only their ids and sort values
    from the page indexes. ``keeper(pack)`` gives one request's view
    (:class:`marsad.query.RowKeeper`): rows built while the store changed are not kept.
    The first built are the first dropped beyond ``size``. Each server process keeps its
    own: a row costs about 20 µs to read and write, and
    sharing rows between the workers of ``serve --workers N`` through their answers file
    cost more in writes than it saved in reads (issue 15, session 12)."""

    def __init__(self, memo: Memo, size: int = ROWS):
        self.memo = memo
        self.size = size
        self._rows: OrderedDict[str, str] = OrderedDict()
        self._state: tuple[tuple[int, ...] | None, int] = (None, 0)
        self._lock = threading.Lock()

    def keeper(self, pack: Any) -> _RowKeeper:
        return _RowKeeper(self, (self.memo.generation(), id(pack)))

    def __len__(self) -> int:
        return len(self._rows)


class _RowKeeper:
    def __init__(self, cache: RowCache, state: tuple[tuple[int, ...] | None, int]):
        self.cache = cache
        self.state = state

    def get_many(self, event_ids: Sequence[str]) -> dict[str, str]:
        cache = self.cache
        if self.state[0] is None:
            return {}
        with cache._lock:
            rows = cache._rows
            if cache._state != self.state:
                rows.clear()
                cache._state = self.state
                return {}
            # the oldest built go first (not the least recently read: moving each row read
            # to the end cost more than the look-ups)
            get = rows.get
            out = {}
            for i in event_ids:
                row = get(i)
                if row is not None:
                    out[i] = row
        return out

    def put_many(self, rows: dict[str, str]) -> None:
        cache = self.cache
        # kept only if nothing was written since this request began
        if self.state[0] is None or cache.memo.generation() != self.state[0]:
            return
        with cache._lock:
            if cache._state != self.state:
                return
            cache._rows.update(rows)
            while len(cache._rows) > cache.size:
                cache._rows.popitem(last=False)


class SharedAnswers:
    """Answers kept in a SQLite file that the worker processes of one ``marsad serve
    --workers N`` share, beside each one's own :class:`ResponseCache`: an answer one worker
    took long to compute (a timeline, the map's grid, the first count of a broad filter) is
    answered by the others from the file (each connection goes to one worker, so without
    it each would compute every such answer once, and a cache warmed over one connection
    served only one of them). Quick answers (:data:`SHARE_AFTER`) are not written: a new
    page of 100 events costs a worker about as much to compute again as to write 70 kB to
    the file. Each answer is kept with the store's generation and only read back at that
    generation; the first worker to see a new generation deletes the others'. Answers over
    ``max_entry`` bytes are not shared (the map's whole record: each worker keeps its
    own); beyond ``max_entries`` the oldest go (so the file holds at most about 1 GB). Any
    error of the file is a miss: the worker computes the answer itself."""

    def __init__(self, path: str | os.PathLike, *, max_entry: int = 500_000,
                 max_entries: int = 2048, busy_ms: int = 2):
        self.path = Path(path)
        self.max_entry = max_entry
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._puts = 0
        self._conn = sqlite3.connect(self.path, timeout=1.0, isolation_level=None,
                                     check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=OFF")   # a cache: lost with the server anyway
        self._conn.execute("CREATE TABLE IF NOT EXISTS answers (key BLOB PRIMARY KEY, "
                           "generation TEXT NOT NULL, status INTEGER NOT NULL, "
                           "headers TEXT NOT NULL, body BLOB NOT NULL)")
        # then a write that finds another worker writing gives up at once (an answer not
        # shared) rather than hold this worker's event loop in SQLite's sleeps
        self._conn.execute(f"PRAGMA busy_timeout={int(busy_ms)}")

    @staticmethod
    def _gen(generation: tuple[int, ...]) -> str:
        return ",".join(map(str, generation))

    def get(self, key: bytes, generation: tuple[int, ...]) -> tuple[int, list[Any], bytes] | None:
        try:
            with self._lock:
                row = self._conn.execute(
                    "SELECT status, headers, body FROM answers WHERE key = ? AND generation = ?",
                    (key, self._gen(generation))).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in json.loads(row[1])]
        return row[0], headers, row[2]

    def put(self, key: bytes, generation: tuple[int, ...], status: int, headers: list[Any],
            body: bytes) -> None:
        if len(body) > self.max_entry:
            return
        text = json.dumps([[bytes(k).decode("latin-1"), bytes(v).decode("latin-1")]
                           for k, v in headers])
        try:
            with self._lock:
                self._conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                                   (key, self._gen(generation), status, text, body))
                self._puts += 1
                if self._puts % 64 == 0:
                    self._conn.execute(
                        "DELETE FROM answers WHERE rowid <= (SELECT max(rowid) FROM answers) - ?",
                        (self.max_entries,))
        except sqlite3.Error:
            pass

    def forget_others(self, generation: tuple[int, ...]) -> None:
        """Delete the answers of any other generation than this one."""
        try:
            with self._lock:
                self._conn.execute("DELETE FROM answers WHERE generation != ?",
                                   (self._gen(generation),))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        with self._lock:
            self._conn.close()


#: the seconds an answer must have taken to compute for :class:`ResponseCache` to share it
#: with the other workers (:class:`SharedAnswers`): writing a page of 100 events (70 kB) to
#: the file cost about a sixth of computing it, for a page the other worker seldom asks for
SHARE_AFTER = 0.010

#: what :class:`ResponseCache` keeps in all (bytes of bodies) and at most per response
CACHE_BYTES = 256_000_000
CACHE_ENTRY = 96_000_000


@dataclass
class CacheStats:
    """How many reads :class:`ResponseCache` answered from its bytes, and computed."""

    hits: int = 0
    misses: int = 0


class ResponseCache:
    """An ASGI middleware that answers a repeated ``GET /api/...`` with the bytes of the
    first answer while the store is unchanged (:meth:`Memo.generation`).

    Every read the API serves is a function of its path, its query string and the store:
    kept whole (status, headers, body), a repeated request costs neither the route's
    parameter checks, nor its queries, nor its JSON, only a look-up. Only 200 answers are
    kept, only when the store did not change while they were computed, and the least
    recently used are dropped beyond ``max_bytes``; the first request after any commit (this
    server's ingest or another process's ``marsad run``) empties the cache. Stores on a
    database server (no generation) are never cached. ``stats`` counts hits and misses.
    ``shared``: the answers the workers of one server share (:class:`SharedAnswers`),
    asked after this cache and before computing; an answer is written there when it took
    :data:`SHARE_AFTER` seconds or more to compute."""

    def __init__(self, app: Any, memo: Memo, *, prefix: str = "/api/",
                 max_bytes: int = CACHE_BYTES, max_entry: int = CACHE_ENTRY,
                 stats: CacheStats | None = None, shared: SharedAnswers | None = None):
        self.app = app
        self.memo = memo
        self.shared = shared
        self.stats = stats if stats is not None else CacheStats()
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self._entries: OrderedDict[tuple[str, bytes], tuple[int, list[Any], bytes]] = OrderedDict()
        self._size = 0
        self._generation: tuple[int, ...] | None = None

    def clear(self) -> None:
        self._entries.clear()
        self._size = 0
        self._generation = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not scope["path"].startswith(self.prefix)):
            await self.app(scope, receive, send)
            return
        generation = self.memo.generation()
        if generation is None:
            await self.app(scope, receive, send)
            return
        if generation != self._generation:
            self.clear()
            self._generation = generation
            if self.shared is not None:
                self.shared.forget_others(generation)
        key = (scope["path"], scope.get("query_string", b""))
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
        elif self.shared is not None:
            hit = self.shared.get(self._shared_key(key), generation)
            if hit is not None:
                self._keep(key, generation, {"status": hit[0], "headers": hit[1]}, hit[2],
                           share=False)
        if hit is not None:
            self.stats.hits += 1
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        self.stats.misses += 1
        began = time.perf_counter()
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Any) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_entry:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(chunk)
                if not message.get("more_body", False) and keep:
                    self._keep(key, generation, start, b"".join(chunks),
                               share=time.perf_counter() - began >= SHARE_AFTER)
            await send(message)

        await self.app(scope, receive, capture)

    @staticmethod
    def _shared_key(key: tuple[str, bytes]) -> bytes:
        return key[0].encode("utf-8") + b"?" + key[1]

    def _keep(self, key: tuple[str, bytes], generation: tuple[int, ...],
              start: dict[str, Any], body: bytes, share: bool = True) -> None:
        # kept only if nothing was written while it was computed
        if self.memo.generation() != generation or self._generation != generation:
            return
        if share and self.shared is not None:
            self.shared.put(self._shared_key(key), generation, start["status"],
                            list(start.get("headers", ())), body)
        old = self._entries.pop(key, None)
        if old is not None:
            self._size -= len(old[2])
        self._entries[key] = (start["status"], list(start.get("headers", ())), body)
        self._size += len(body)
        while self._size > self.max_bytes and self._entries:
            _, (_, _, dropped) = self._entries.popitem(last=False)
            self._size -= len(dropped)


__all__ = ["CACHE_BYTES", "CACHE_ENTRY", "MISSING", "ROWS", "SIZE", "RowCache", "CacheStats", "Memo",
           "ResponseCache", "SharedAnswers"]
