"""The event list's page keys on SQLite without building a statement per request.

:func:`marsad.store.query.event_list_keys` builds the page's SQLAlchemy statements afresh
for each request (the filter's conditions, the order, the count) and SQLAlchemy walks each
one to find its compiled form in its cache: on a new filtered page of 100 events that cost
about two thirds of the server's time, for queries SQLite answers from an index in a tenth
of a millisecond. :class:`PageKeys` builds those statements once per *shape* of request,
with the same functions (``marsad.store.query.conditions`` and its order), compiles them
once, and then runs the compiled SQL text on the driver's connection with the request's
values bound as parameters (never in the text).

How the values find their places: the shape's statements are built from a filter whose
templated fields (dates, governorate, types, bounding box, minimum outlets, page size and
offset) hold *sentinels*, values no request holds; each parameter of the compiled
statement whose value is a sentinel is bound, for a request, to that request's field (the
date floor of a ``start``, ``start`` minus the store's longest span, is recognised the same
way). Every other field (statuses, the record's test, contradictions) is part of the shape,
its parameters bound as compiled. What the shape cannot hold (substring filters, a list of
ids, cursor pages, other databases) goes to ``event_list_keys`` itself. The answers are
the same: ``tests/web/test_page_keys.py`` holds them equal over a grid of filters and sorts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from array import array
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

import sqlalchemy as sa

from ..store import Store, schema
from ..store import query as sq
from .memo import MISSING, Memo

#: shapes kept (most recently used)
SHAPES = 256

#: the templated fields' sentinels: values no request holds, each distinct
_SENTINELS: dict[str, Any] = {
    "start": dt.date(9001, 1, 1),
    "end": dt.date(9002, 2, 2),
    "admin1": "\x00marsad:admin1\x00",
    "event_type": "\x00marsad:event_type\x00",
    "sub_event_type": "\x00marsad:sub_event_type\x00",
    "min_outlets": 1_000_000_003,
    "west": 1_000_005.25, "south": 1_000_006.25, "east": 1_000_007.25, "north": 1_000_008.25,
    "limit": 1_000_000_009,
    "offset": 1_000_000_011,
    "limit_nulls": 1_000_000_013,
    "offset_nulls": 1_000_000_015,
}
#: fields of the filter a shape binds per request (the others are part of the shape)
_TEMPLATED = ("start", "end", "admin1", "event_type", "sub_event_type", "min_outlets", "bbox")
#: fields the shape cannot hold: their filters go to event_list_keys
_UNSUPPORTED = ("place", "actors", "outlet", "ids")


@dataclass
class _Compiled:
    """One statement compiled: its SQL text, and for each positional parameter either the
    name of the request value bound there or (None, the constant bound as compiled)."""

    sql: str
    params: list[tuple[str | None, Any, Callable[[Any], Any] | None]]
    result: Callable[[Any], Any] | None = None   # the sort value's result processor

    def args(self, values: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for name, const, proc in self.params:
            value = const if name is None else values[name]
            out.append(proc(value) if proc is not None and value is not None else value)
        return tuple(out)


@dataclass
class _Shape:
    pages: list[_Compiled]   # one statement, or the known values then the unknown ones
    known: _Compiled | None  # count of the known values (an offset past them all)
    count: _Compiled
    floor: bool              # whether the conditions bound the start by the floor


def _compile(stmt: sa.Select, dialect: sa.Dialect, floor: dt.date | None, *,
             sort_type: Any = None) -> _Compiled | None:
    """``stmt`` compiled, each parameter holding a sentinel (or ``floor``, the template's
    date floor) bound to that request value; None if it has no positional parameters."""
    compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
    names = compiled.positiontup
    if names is None:
        return None
    by_value: dict[tuple[type, Any], str] = {}
    if floor is not None:
        by_value[(type(floor), floor)] = "floor"
    # a floor equal to the start (the longest span 0 days) is bound as the start
    by_value.update(((type(value), value), key) for key, value in _SENTINELS.items())
    params: list[tuple[str | None, Any, Callable[[Any], Any] | None]] = []
    values = compiled.params
    for name in names:
        value = values[name]
        # an expanded IN's parameters (``name_1``, ``name_2``...) have their list's type
        bind = compiled.binds[name] if name in compiled.binds else compiled.binds[name.rsplit("_", 1)[0]]
        proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
        key = by_value.get((type(value), value))
        params.append((key, None if key is not None else value, proc))
    result = (sort_type.dialect_impl(dialect).result_processor(dialect, None)
              if sort_type is not None else None)
    return _Compiled(str(compiled), params, result)


#: the most dated events of one filter (its window set aside) whose days are kept to count
#: its windows in memory, the filters kept, and how many windows of a filter SQL counts
#: before its days are read (reading them costs about as much as SQL counting 80 windows)
WINDOW_ROWS = 200_000
WINDOW_SHAPES = 32
WINDOW_AFTER = 100
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Windows:
    """How many events a filter selects on each day, its window set aside, to count any
    window in a few binary searches instead of counting its range of the page index (0.2
    ms for a governorate's year of battles in a million events, the largest part of a
    new page whose rows are kept).

    The SQL selects an event when ``coalesce(date_end, date_start) >= start``,
    ``date_start <= end`` and ``date_start >= floor`` (``start`` minus the store's longest
    span). For an event that ends on or after its start (its *end* the coalesce), with
    ``start <= end``: the events with ``date_start <= end`` are those selected plus those
    ending before ``start`` (which start before it too), so the count is
    ``#(date_start <= end) - #(end < start)``; and ``floor`` drops none of them while none
    spans more days than the store's longest span (checked when the days are read).
    Events that end before they start are few and counted one by one. Kept only when every
    date is a ``YYYY-MM-DD`` text of a real day (whose order as text is the order of the
    days, as SQLite compares them) and there are at most :data:`WINDOW_ROWS` events; else
    :meth:`read` gives None and SQL counts."""

    def __init__(self, starts: array, start_sums: array, ends: array, end_sums: array,
                 odd: list[tuple[int, int]]):
        self.starts, self.start_sums = starts, start_sums   # days, events up to each
        self.ends, self.end_sums = ends, end_sums
        self.odd = odd

    def count(self, start: int, end: int, floor: int | None) -> int:
        n = (self.start_sums[bisect.bisect_right(self.starts, end)]
             - self.end_sums[bisect.bisect_left(self.ends, start)])
        return n + sum(1 for s, e in self.odd
                       if s <= end and e >= start and (floor is None or s >= floor))

    @staticmethod
    def read(conn: sa.Connection, base: sq.EventFilter, span: int | None) -> _Windows | None:
        t = schema.events
        # the dates as the stored text (no date processor) and how many events have each
        # pair, under the filter's conditions: one query, a few thousand rows
        first = sa.type_coerce(t.c.date_start, sa.String)
        last = sa.type_coerce(t.c.date_end, sa.String)
        pairs = _raw(conn, sa.select(first, last, sa.func.count())
                     .where(*sq.conditions(base), t.c.date_start.is_not(None))
                     .group_by(first, last))
        if sum(n for _, _, n in pairs) > WINDOW_ROWS:
            return None
        days: dict[Any, int | None] = {}

        def day(text: Any) -> int | None:   # the day of a YYYY-MM-DD text, else None
            if text not in days:
                value = None
                if type(text) is str and _ISO_DAY.fullmatch(text):
                    try:
                        value = dt.date.fromisoformat(text).toordinal()
                    except ValueError:
                        pass
                days[text] = value
            return days[text]

        starts: dict[int, int] = {}
        ends: dict[int, int] = {}
        odd: list[tuple[int, int]] = []
        longest = 0
        for text, end_text, n in pairs:
            a = day(text)
            b = a if end_text is None else day(end_text)   # coalesce(date_end, date_start)
            if a is None or b is None:
                return None
            if b >= a:
                starts[a] = starts.get(a, 0) + n
                ends[b] = ends.get(b, 0) + n
                longest = max(longest, b - a)
            else:
                odd += [(a, b)] * n
        if span is not None and longest > span:
            return None   # the floor would drop an event the sums count
        by_start, by_end = sorted(starts.items()), sorted(ends.items())
        return _Windows(array("i", [d for d, _ in by_start]), _sums(by_start),
                        array("i", [d for d, _ in by_end]), _sums(by_end), odd)


def _raw(conn: sa.Connection, stmt: sa.Select) -> list[tuple[Any, ...]]:
    """The rows of ``stmt`` as the SQLite driver gives them (thousands of grouped days:
    SQLAlchemy's rows cost more than the query)."""
    compiled = _compile(stmt, conn.dialect, None)
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    if compiled is None:
        return list(dbapi.execute(str(stmt.compile(dialect=conn.dialect))))
    return list(dbapi.execute(compiled.sql, compiled.args({})))


def _sums(counts: list[tuple[int, int]]) -> array:
    """0, then the running total of the counts."""
    out, total = array("q", [0]), 0
    for _, n in counts:
        total += n
        out.append(total)
    return out


class PageKeys:
    """``keys(store, f, sort=..., limit=..., offset=..., count=..., after=...)``: what
    :func:`marsad.store.query.event_list_keys` returns, from statements compiled once per
    shape of request on a SQLite store (else from it)."""

    def __init__(self, memo: Memo | None = None, size: int = SHAPES, *, background: bool = False):
        self.memo = memo
        self.size = size
        self._shapes: OrderedDict[Hashable, _Shape | None] = OrderedDict()
        self._lock = threading.Lock()
        self.fallbacks = 0
        # the dates of a filter's events, its window set aside, while the store is unchanged
        self._windows = Memo(memo.path, size=WINDOW_SHAPES) if memo is not None else None
        self._counted: dict[sq.EventFilter, int] = {}   # windows SQL counted, by filter
        # read a filter's days in a thread of its own (the server: its event loop is not
        # held while they are read), else in the request that reaches WINDOW_AFTER
        self.background = background
        self._reading: set[Hashable] = set()
        self.reader: threading.Thread | None = None

    def __call__(self, store: Store, f: sq.EventFilter, *, sort: str = "date", limit: int = 100,
                 offset: int = 0, count: bool = True, after: tuple[Any, str] | None = None,
                 ) -> tuple[list[tuple[str, Any]], int | None]:
        if (after is not None or sort.lstrip("-") not in sq.SORT_COLUMNS
                or any(getattr(f, k) for k in _UNSUPPORTED) or f.ids is not None):
            self.fallbacks += 1
            return sq.event_list_keys(store, f, sort=sort, limit=limit, offset=offset,
                                      count=count, after=after)
        with store.connect() as conn:
            if conn.dialect.name != "sqlite":
                self.fallbacks += 1
                return sq.event_list_keys(store, f, sort=sort, limit=limit, offset=offset,
                                          count=count, after=after)
            dbapi = conn.connection.driver_connection
            assert dbapi is not None
            span = None
            if f.start is not None:   # kept with the store's generation when there is a memo
                span = (sq.longest_span(conn) if self.memo is None else
                        self.memo.get(("longest span",), lambda: sq.longest_span(conn)))
            floor = sq.start_floor(f.start, span) if f.start is not None else None
            shape = self._shape(conn.dialect, f, sort, floor is not None, span)
            if shape is None:
                self.fallbacks += 1
                return sq.event_list_keys(store, f, sort=sort, limit=limit, offset=offset,
                                          count=count, after=after)
            values = self._values(f, floor, limit, offset)
            found = self._rows(dbapi, shape, values, limit, offset)
            total = None
            if count:
                total = self._window_count(store, conn, f, span, floor)
                if total is None:
                    total = dbapi.execute(shape.count.sql, shape.count.args(values)).fetchone()[0]
        proc = shape.pages[0].result
        if proc is not None:
            found = [(i, proc(v)) for i, v in found]
        return found, total

    def _window_count(self, store: Store, conn: sa.Connection, f: sq.EventFilter,
                      span: int | None, floor: dt.date | None) -> int | None:
        """The total of a filter with a date window (start and end, no box) from the
        kept dates of the filter's events (:class:`_Windows`), or None: count in SQL."""
        if (self._windows is None or f.start is None or f.end is None or f.bbox is not None
                or f.start > f.end):
            return None
        base = replace(f, start=None, end=None)
        key = ("windows", base, span)
        generation, windows = self._windows.lookup(key)
        if windows is MISSING:
            # read once SQL has counted this filter's windows a few times
            with self._lock:
                seen = self._counted[base] = self._counted.get(base, 0) + 1
                if len(self._counted) > 4 * SHAPES:
                    self._counted.clear()
            if seen <= WINDOW_AFTER:
                return None
            if self.background:   # SQL counts until a thread of its own has read them
                with self._lock:
                    if key in self._reading:
                        return None
                    self._reading.add(key)
                self.reader = threading.Thread(
                    target=self._read_windows, args=(store, key, base, span, generation),
                    name="marsad-window-days", daemon=True)
                self.reader.start()
                return None
            windows = _Windows.read(conn, base, span)
            self._windows.keep(key, windows, generation)
        if windows is None:
            return None
        return windows.count(f.start.toordinal(), f.end.toordinal(),
                             floor.toordinal() if floor is not None else None)

    def _read_windows(self, store: Store, key: Hashable, base: sq.EventFilter,
                      span: int | None, generation: Any) -> None:
        assert self._windows is not None
        try:
            with store.connect() as conn:
                self._windows.keep(key, _Windows.read(conn, base, span), generation)
        except Exception:   # noqa: BLE001 - a cache: SQL counts as before
            pass
        finally:
            with self._lock:
                self._reading.discard(key)

    @staticmethod
    def _values(f: sq.EventFilter, floor: dt.date | None, limit: int, offset: int) -> dict[str, Any]:
        values: dict[str, Any] = {"start": f.start, "end": f.end, "admin1": f.admin1,
                                  "event_type": f.event_type, "sub_event_type": f.sub_event_type,
                                  "min_outlets": f.min_outlets, "floor": floor,
                                  "limit": limit, "offset": offset}
        if f.bbox is not None:
            values.update(zip(("west", "south", "east", "north"), f.bbox))
        return values

    @staticmethod
    def _rows(dbapi: Any, shape: _Shape, values: dict[str, Any], limit: int,
              offset: int) -> list[tuple[str, Any]]:
        first = shape.pages[0]
        out = list(dbapi.execute(first.sql, first.args(values)))
        if len(shape.pages) == 1 or len(out) >= limit:
            return out
        # as marsad.store.query._ordered_rows: then the events whose sort value is unknown
        if offset and not out:   # the offset reaches past every known value
            assert shape.known is not None
            known = dbapi.execute(shape.known.sql, shape.known.args(values)).fetchone()[0]
            rest_offset = max(0, offset - known)
        else:
            rest_offset = 0
        nulls = shape.pages[1]
        return out + list(dbapi.execute(nulls.sql, nulls.args(
            {**values, "limit_nulls": limit - len(out), "offset_nulls": rest_offset})))

    def _shape(self, dialect: sa.Dialect, f: sq.EventFilter, sort: str, floor: bool,
               span: int | None) -> _Shape | None:
        key = (sort, floor, span if floor else None, *((k, getattr(f, k) is not None) for k in _TEMPLATED),
               *((fl.name, getattr(f, fl.name)) for fl in fields(f)
                 if fl.name not in _TEMPLATED and fl.name not in _UNSUPPORTED))
        with self._lock:
            if key in self._shapes:
                self._shapes.move_to_end(key)
                return self._shapes[key]
        shape = self._build(dialect, f, sort, floor, span)
        with self._lock:
            self._shapes[key] = shape
            while len(self._shapes) > self.size:
                self._shapes.popitem(last=False)
        return shape

    @staticmethod
    def _build(dialect: sa.Dialect, f: sq.EventFilter, sort: str, floor: bool,
               span: int | None) -> _Shape | None:
        s = _SENTINELS
        template = replace(
            f, **{k: s[k] for k in _TEMPLATED if k != "bbox" and getattr(f, k) is not None},
            bbox=(s["west"], s["south"], s["east"], s["north"]) if f.bbox is not None else None)
        t = schema.events
        where = sq.conditions(template, span=span if floor else None)
        tfloor = sq.start_floor(s["start"], span) if floor else None
        if floor and tfloor is None:
            return None   # the template's floor would not be there: leave it to event_list_keys
        col = t.c[sq.SORT_COLUMNS[sort.lstrip("-")]]
        order = sq._order(sort, template)
        pages: list[_Compiled | None]
        known = None
        if len(order) == 2:
            pages = [_compile(sa.select(t.c.id, col).where(*where).order_by(*order)
                              .limit(s["limit"]).offset(s["offset"]), dialect, tfloor, sort_type=col.type)]
        else:
            pages = [
                _compile(sa.select(t.c.id, col).where(*where, col.is_not(None))
                         .order_by(*order[1:]).limit(s["limit"]).offset(s["offset"]),
                         dialect, tfloor, sort_type=col.type),
                _compile(sa.select(t.c.id, col).where(*where, col.is_(None)).order_by(order[-1])
                         .limit(s["limit_nulls"]).offset(s["offset_nulls"]), dialect, tfloor)]
            known = _compile(sa.select(sa.func.count()).select_from(t)
                             .where(*where, col.is_not(None)), dialect, tfloor)
            if known is None:
                return None
        count = _compile(sa.select(sa.func.count()).select_from(t).where(*where), dialect, tfloor)
        if count is None or any(p is None for p in pages):
            return None
        compiled = [p for p in pages if p is not None]
        # every sentinel put in the template must have found its parameter
        bound = {name for c in (*compiled, count) for name, _, _ in c.params if name}
        wanted = {"limit", "offset"} | {k for k in ("start", "end", "admin1", "event_type",
                                                    "sub_event_type", "min_outlets")
                                         if getattr(f, k) is not None}
        if len(compiled) == 2:
            wanted |= {"limit_nulls", "offset_nulls"}
        if f.bbox is not None:
            wanted |= {"west", "south", "east", "north"}
        if floor and tfloor != s["start"]:
            wanted.add("floor")
        if not wanted <= bound:
            return None
        return _Shape(compiled, known, count, floor)


class ListRows:
    """``rows(store, event_ids)``: what :func:`marsad.store.query.event_list_rows` returns,
    from one statement compiled once on a SQLite store (the ids bound as one JSON array
    parameter, read back with ``json_each``; the same columns, the same outlets
    subquery); else from it. Building the ``IN`` list's statement afresh, a hundred bound
    values walked for SQLAlchemy's cache key, cost more than reading the rows."""

    def __init__(self) -> None:
        self._compiled: tuple[str, list[Any], list[Callable[[Any], Any] | None]] | None = None

    def __call__(self, store: Store, event_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
        with store.connect() as conn:
            if conn.dialect.name != "sqlite":   # where _list_extras has no SQL columns
                return sq.event_list_rows(store, event_ids)
            if self._compiled is None:   # (the extras' expressions built once, with it)
                extras = sq._list_extras(conn)
                assert extras is not None
                t = schema.events
                columns = [t.c[c] for c in sq.LIST_COLUMNS]
                each = sa.func.json_each(sa.bindparam("ids", type_=sa.String)).table_valued("value")
                stmt = sa.select(*columns, *extras).where(t.c.id.in_(sa.select(each.c.value)))
                dialect = conn.dialect
                compiled = stmt.compile(dialect=dialect)
                assert compiled.positiontup is not None
                # the other parameters (the outlets subquery's) are bound as compiled
                self._compiled = (str(compiled),
                                  [None if name == "ids" else compiled.params[name]
                                   for name in compiled.positiontup],
                                  [c.type.dialect_impl(dialect).result_processor(dialect, None)
                                   for c in columns])
            sql, params, procs = self._compiled
            dbapi = conn.connection.driver_connection
            assert dbapi is not None
            ids = json.dumps(sorted(set(event_ids)))
            found = dbapi.execute(sql, [ids if p is None else p for p in params]).fetchall()
        out: dict[str, tuple[Any, ...]] = {}
        # only the columns with a result processor (the dates) are converted
        convert = [(k, p) for k, p in enumerate(procs) if p is not None]
        loads = json.loads
        for r in found:
            values = list(r)
            for k, p in convert:
                v = values[k]
                if v is not None:
                    values[k] = p(v)
            outlets = values.pop()
            values.append(sorted(loads(outlets)) if outlets else [])
            out[r[0]] = tuple(values)
        return out


__all__ = ["ListRows", "PageKeys", "SHAPES"]
