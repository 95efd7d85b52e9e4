"""A small cache of the map's and timeline's aggregates over a SQLite store.

Counting 100,000 events per grid cell or per week reads every row's linking attributes
(hundreds of milliseconds); the main map asks for the same counts each time it is opened.
An entry is kept with the store's *generation*: the size and modification time of the
SQLite file and of its write-ahead log, which any commit changes (from this server or from a
``marsad run`` in another process). A changed generation empties the cache. Stores on a
database server are not cached (no cheap generation to read).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

#: entries kept (most recently used)
SIZE = 64


class Memo:
    """``memo.get(key, compute)``: the cached value for ``key`` while the store at ``path``
    is unchanged, else ``compute()`` (stored for next time)."""

    def __init__(self, path: Path | None, size: int = SIZE):
        self.path = path
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._generation: tuple[int, ...] | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def generation(self) -> tuple[int, ...] | None:
        if self.path is None:
            return None
        out: list[int] = []
        for p in (self.path, Path(f"{self.path}-wal")):
            try:
                st = os.stat(p)
                out += [st.st_size, st.st_mtime_ns]
            except FileNotFoundError:
                out += [-1, -1]
        return tuple(out)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        before = self.generation()
        if before is None:
            return compute()
        with self._lock:
            if before != self._generation:
                self._entries.clear()
                self._generation = before
            elif key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key]
        value = compute()
        with self._lock:
            self.misses += 1
            # kept only if nothing was written while it was computed
            if self.generation() == before == self._generation:
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation = None


__all__ = ["SIZE", "Memo"]
