"""SQL plumbing the store sits on: the database URL, JSON columns, fast batched inserts,
id chunks for IN lists and dates in filters."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from ..model import _to_plain

DEFAULT_DB = "marsad.db"
_CHUNK = 500  # ids per IN (...) list; far below SQLite's variable limit
_VALUES_PAGE = 500  # rows per multi-row INSERT on PostgreSQL


def resolve_url(url_or_path: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL from a URL, a file path, ``:memory:`` or None ($MARSAD_DB / ./marsad.db)."""
    if url_or_path is None:
        url_or_path = os.environ.get("MARSAD_DB") or DEFAULT_DB
    text = str(url_or_path)
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return "sqlite:///" + str(Path(text).expanduser().resolve())


def json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _to_plain(value)
    raise TypeError(f"cannot store {type(value).__name__} as JSON: {value!r}")


# json.dumps builds an encoder per call; one shared (stateless) encoder is the same output
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"),
                           default=json_default).encode


def json_dumps(value: Any) -> str:
    if not value and (value == {} or value == []):  # most attrs, claims, assoc actors
        return "{}" if isinstance(value, dict) else "[]"
    return _ENCODE(value)


def _compile_insert(table: sa.Table, keys: tuple[str, ...], dialect):
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    names = list(compiled.positiontup or ()) if dialect.positional else list(keys)
    return str(compiled), names, [table.c[n].type.bind_processor(dialect) for n in names]


def _bound(conn: sa.Connection, table: sa.Table, table_rows: list[dict[str, Any]],
           cache: dict) -> tuple[str, list[Any]]:
    """The INSERT compiled for this dialect (cached in ``cache``, one per Store) and the
    rows' parameters, run through the column types' bind processors."""
    dialect = conn.dialect
    key = (table.name, tuple(table_rows[0]))
    if key not in cache:
        cache[key] = _compile_insert(table, key[1], dialect)
    sql, names, procs = cache[key]
    # column by column: one list comprehension per converted column instead of a
    # generator per row (values are the same)
    columns = []
    for name, f in zip(names, procs):
        values = [r[name] for r in table_rows]
        if f is not None:
            values = [v if v is None else f(v) for v in values]
        columns.append(values)
    if dialect.positional:
        params: list[Any] = list(zip(*columns))
    else:
        params = [dict(zip(names, row)) for row in zip(*columns)]
    return sql, params


def _values_pages(sql: str, params: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """One pyformat INSERT as multi-row ``VALUES`` statements of up to ``_VALUES_PAGE``
    rows each, with their flattened parameters."""
    head, _, template = sql.partition(" VALUES ")
    for start in range(0, len(params), _VALUES_PAGE):
        values, flat = [], {}
        for i, row in enumerate(params[start:start + _VALUES_PAGE]):
            values.append(template.replace("%(", f"%(r{i}_"))
            flat.update({f"r{i}_{k}": v for k, v in row.items()})
        yield f"{head} VALUES {', '.join(values)}", flat


def _multirow(conn: sa.Connection) -> bool:
    return conn.dialect.name == "postgresql" and conn.dialect.paramstyle == "pyformat"


def insert_many(conn: sa.Connection, table: sa.Table, table_rows: list[dict[str, Any]],
                cache: dict) -> None:
    """executemany of one INSERT compiled for this dialect, values run through the column
    types' bind processors: what ``conn.execute(table.insert(), rows)`` does, at a fraction
    of its per-row cost (that path dominated add_article's time). All rows share keys;
    ``cache`` (one per Store) keeps the compiled statements."""
    sql, params = _bound(conn, table, table_rows, cache)
    if _multirow(conn) and len(params) > 1:
        # psycopg2's executemany is one round trip per row (add_article ran 6x slower than
        # on SQLite): send the rows as multi-row VALUES lists instead
        for page, flat in _values_pages(sql, params):
            conn.exec_driver_sql(page, flat)
        return
    conn.exec_driver_sql(sql, params)


def insert_tuples(conn: sa.Connection, table: sa.Table, names: tuple[str, ...],
                  table_rows: list[tuple[Any, ...]], cache: dict) -> None:
    """:func:`insert_many` of rows given as tuples of the columns ``names``: on a
    positional driver (SQLite) whose columns need no bind processing the tuples go to
    executemany as they are, with no dict made per row (the mention index writes some
    five rows per mention)."""
    if not table_rows:
        return
    dialect = conn.dialect
    key = (table.name, names)
    if key not in cache:
        cache[key] = _compile_insert(table, names, dialect)
    sql, order, procs = cache[key]
    if dialect.positional and tuple(order) == names and all(f is None for f in procs) \
            and not _multirow(conn):
        conn.exec_driver_sql(sql, table_rows)
        return
    insert_many(conn, table, [dict(zip(names, r)) for r in table_rows], cache)


def execute_tuples(conn: sa.Connection, stmt: sa.Update, names: tuple[str, ...],
                   params: list[tuple[Any, ...]], cache: dict, key: Any) -> None:
    """``conn.execute(stmt, [dict(zip(names, p)) for p in params])`` (an UPDATE with bound
    parameters ``names``), sent as tuples to the driver's executemany on a positional
    driver (SQLite) when no parameter needs bind processing: a link run re-points some ten
    thousand mentions, and SQLAlchemy's per-row work was most of that. ``cache`` keeps the
    compiled statement under ``key``."""
    if not params:
        return
    dialect = conn.dialect
    if (key, dialect.name) not in cache:
        compiled = stmt.compile(dialect=dialect)
        order = list(compiled.positiontup or ()) if dialect.positional else []
        procs = compiled._bind_processors if dialect.positional else {}
        cache[key, dialect.name] = (str(compiled), order, bool(procs))
    sql, order, processed = cache[key, dialect.name]
    if dialect.positional and not processed and sorted(order) == sorted(names) \
            and len(order) == len(names):
        index = [names.index(n) for n in order]
        rows = params if index == list(range(len(names))) else \
            [tuple(p[i] for i in index) for p in params]
        conn.exec_driver_sql(sql, rows)
        return
    conn.execute(stmt, [dict(zip(names, p)) for p in params])


def insert_new(conn: sa.Connection, table: sa.Table, table_rows: list[dict[str, Any]],
               cache: dict, *, key: str) -> set[Any]:
    """Insert the rows whose ``key`` is not in ``table`` yet, skip the others, in one
    statement per page of rows (PostgreSQL, psycopg2: ``INSERT ... VALUES ..., ... ON
    CONFLICT (key) DO NOTHING RETURNING key``); returns the keys inserted now. A row
    another writer inserts meanwhile is skipped, not an error."""
    if not _multirow(conn):
        raise NotImplementedError("insert_new needs PostgreSQL with psycopg2")
    sql, params = _bound(conn, table, table_rows, cache)
    column = table.c[key].name
    stored: set[Any] = set()
    for page, flat in _values_pages(sql, params):
        stored.update(conn.exec_driver_sql(
            f"{page} ON CONFLICT ({column}) DO NOTHING RETURNING {column}", flat).scalars())
    return stored


def sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # several writers: wait for another's write transaction instead of failing at once
    # (set first: switching a new file to WAL takes a lock another writer may hold)
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    for attempt in range(WAL_ATTEMPTS):   # one fsync-free commit per article
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            # writers creating one new store together: SQLite may refuse the switch at
            # once ("database is locked") instead of waiting; the next try finds WAL on
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


WAL_ATTEMPTS = 20


#: how long a SQLite writer waits for another's transaction (they last well under a second)
BUSY_TIMEOUT_MS = 120_000


@contextmanager
def write_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """``engine.begin()`` for a transaction that writes. On SQLite it starts with ``BEGIN
    IMMEDIATE``, taking the write lock first: a deferred transaction that reads and then
    writes fails at once (SQLITE_BUSY, no waiting) when another process wrote in between;
    an immediate one waits its turn (``busy_timeout``) and then sees that write."""
    if engine.dialect.name != "sqlite":
        with engine.begin() as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn
        conn.commit()   # an exception leaves the block uncommitted: closing rolls it back


def chunks(items: Sequence[str], size: int = _CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
