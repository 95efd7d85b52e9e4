"""Locks that serialize one kind of work on one store across processes (issue 14: several
writers). Migrations and linking read the store, decide, then write: two processes doing
that at once both decide on what the other is about to change (both create the same
tables, both turn the same unlinked mentions into events). Under the store's lock they
take turns; storing articles needs none (the database keys articles by content hash).

- SQLite file: ``flock`` on ``<db>.lock`` beside the database (created once, never
  removed: removing a lock file lets two processes lock different files). The lock is
  released by the kernel when the process dies, so a killed run never leaves it held.
  Where the file cannot be created (a read-only folder) the work goes on unlocked: nobody
  can write such a store anyway.
- PostgreSQL: a session advisory lock (``pg_advisory_lock``) on a connection held for the
  duration; the server releases it if the session ends.
- Anything else (in-memory SQLite, other servers): a lock within this process only.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: in-process lock only
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

#: in-process locks by (store, name), so threads of one process take turns too
_LOCAL: dict[tuple[str, str], threading.Lock] = {}
_LOCAL_GUARD = threading.Lock()


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_advisory_lock`` from a lock name."""
    digest = hashlib.sha256(f"marsad:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _local(key: str, name: str) -> threading.Lock:
    with _LOCAL_GUARD:
        return _LOCAL.setdefault((key, name), threading.Lock())


@contextmanager
def store_lock(engine: sa.Engine, name: str, db_file: Path | None) -> Iterator[None]:
    """Hold the store's lock called ``name`` (``"migrate"``, ``"link"``) for the block."""
    with _local(str(db_file or engine.url), name):
        if engine.dialect.name == "postgresql":
            with _advisory(engine, name):
                yield
        elif db_file is not None and fcntl is not None:
            with _flock(Path(f"{db_file}.lock"), name):
                yield
        else:
            yield


@contextmanager
def _flock(path: Path, name: str) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        log.debug("no %s lock (%s: %s); going on unlocked", name, path, exc)
        yield
        return
    try:
        # one lock file, byte ranges per lock name would need fcntl's per-process locks;
        # flock on the whole file is simple and the two locks are never nested
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextmanager
def _advisory(engine: sa.Engine, name: str) -> Iterator[None]:
    key = advisory_key(name)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": key})
        conn.commit()   # idle, not idle in transaction, while the lock is held
        try:
            yield
        finally:
            try:
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
            except sa.exc.DBAPIError:
                conn.invalidate()   # the session ends, and the server drops its locks
