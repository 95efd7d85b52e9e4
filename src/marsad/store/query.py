"""Filtered, sorted, paged reads of the events table (the HTTP API's and notebooks' queries).

Every filter is a SQLAlchemy Core expression with bound parameters: no SQL is built from
strings. Each is a test of a column: the linking fields that live in the events' ``attrs``
JSON (status, number of outlets and of contradictions) have stored copies (migration 0008),
and the common filters (governorate and/or type by date, with the record's status test)
are read from the page indexes (``schema.EVENT_PAGE_INDEXES``) without touching the rows.

Example::

    from marsad.store import Store
    from marsad.store.query import EventFilter, find_events
    with Store("war.db") as store:
        events, total = find_events(store, EventFilter(admin1="Hama", min_outlets=2), limit=100)
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..model import Event
from . import rows, schema
from .store import Store, shared_json

#: statuses of events that are not asserted occurrences (as ``export.acled.UNASSERTED_STATUSES``)
HELD_BACK_STATUSES = ("background_only", "denied_only", "unasserted")

#: sort keys: name -> columns (ascending); "-name" sorts descending; the id breaks ties
SORTS = ("date", "fatalities", "type", "place", "updated")


@dataclass(frozen=True)
class EventFilter:
    """What to select; every field is optional (None: no condition).

    ``start``/``end``: the event's date window overlaps them (undated events are dropped
    when either is given). ``bbox``: (west, south, east, north) in degrees. ``admin1``:
    the governorate, exact. ``place``: place name, id or admin names,
    substring. ``actors``: any of these actor ids or names (substring) as actor1 or actor2.
    ``event_type`` / ``sub_event_type``: exact (the exact filters use the columns' indexes;
    ``marsad.query`` maps what a user types to the stored spelling). ``outlet``: an article
    of the event comes from an outlet whose name contains it. ``statuses``: the
    reconciled status is one of these ("none" matches events never reconciled).
    ``record_only``: leave out background-only, denied-only and unasserted events (the
    analyst's record, as the ACLED CSV and the map). ``has_contradiction``: at least one
    (True) or none (False). ``min_outlets``: the reconciled event names at least this many
    distinct outlets.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None
    admin1: str | None = None
    place: str | None = None
    actors: tuple[str, ...] = ()
    event_type: str | None = None
    sub_event_type: str | None = None
    outlet: str | None = None
    statuses: tuple[str, ...] = ()
    record_only: bool = False
    has_contradiction: bool | None = None
    min_outlets: int | None = None
    ids: tuple[str, ...] | None = None


def _status_col() -> sa.ColumnElement[Any]:
    return schema.events.c.status


def _count_col(key: str) -> sa.ColumnElement[Any]:
    """The stored count of the event's outlets or contradictions (0008's columns, copies
    of the lengths of the lists in ``attrs``)."""
    return schema.events.c[f"{key}_count"]


def _contains(col: sa.ColumnElement[Any], needle: str) -> sa.ColumnElement[bool]:
    return sa.func.lower(col).contains(needle.lower(), autoescape=True)


def longest_span(conn: sa.Connection) -> int | None:
    """The most days any stored event spans (``events.date_span``, from its index), or
    None when no event is dated."""
    t = schema.events
    return conn.execute(sa.select(sa.func.max(t.c.date_span))).scalar()


def start_floor(start: dt.date, span: int | None) -> dt.date | None:
    """The earliest start of an event that ends on or after ``start`` when no event spans
    more than ``span`` days (None: no bound, as when an event has an end and no start)."""
    if span is None or span >= rows.OPEN_SPAN:
        return None
    try:
        return start - dt.timedelta(days=span)
    except OverflowError:
        return None


def conditions(f: EventFilter, *, span: int | None = None) -> list[sa.ColumnElement[bool]]:
    """The WHERE conditions of a filter (all must hold). ``span``: the store's
    :func:`longest_span`; given, a ``start`` also bounds the events' start date (the
    same events, found by a range of the date indexes rather than everything before)."""
    t = schema.events
    out: list[sa.ColumnElement[bool]] = []
    if f.start is not None:
        out.append(sa.func.coalesce(t.c.date_end, t.c.date_start) >= f.start)
        floor = start_floor(f.start, span)
        if floor is not None:
            out.append(t.c.date_start >= floor)
    if f.end is not None:
        out.append(t.c.date_start <= f.end)
    if f.bbox is not None:
        west, south, east, north = f.bbox
        out += [t.c.place_lon.between(west, east), t.c.place_lat.between(south, north)]
    if f.admin1:
        out.append(t.c.place_admin1 == f.admin1)
    if f.place:
        out.append(sa.or_(*(_contains(c, f.place) for c in (
            t.c.place_name, t.c.place_id, t.c.place_admin1, t.c.place_admin2, t.c.place_admin3))))
    if f.actors:
        out.append(sa.or_(*(_contains(c, a) for a in f.actors for c in (t.c.actor1, t.c.actor2))))
    if f.event_type:
        out.append(t.c.event_type == f.event_type)
    if f.sub_event_type:
        out.append(t.c.sub_event_type == f.sub_event_type)
    if f.outlet:
        em, a = schema.event_mentions, schema.articles
        out.append(sa.exists(sa.select(em.c.id).join(a, a.c.id == em.c.article_id).where(
            em.c.event_id == t.c.id, _contains(a.c.outlet, f.outlet))))
    status = _status_col()
    if f.statuses:
        named = [s for s in f.statuses if s != "none"]
        parts: list[sa.ColumnElement[bool]] = [status.in_(named)] if named else []
        if "none" in f.statuses:
            parts.append(status.is_(None))
        out.append(sa.or_(*parts))
    if f.record_only:
        out.append(sa.or_(status.is_(None), status.not_in(HELD_BACK_STATUSES)))
    if f.has_contradiction is not None:
        n = _count_col("contradictions")
        out.append(n > 0 if f.has_contradiction else n == 0)
    if f.min_outlets is not None:
        out.append(_count_col("outlets") >= f.min_outlets)
    if f.ids is not None:
        out.append(t.c.id.in_(sorted(set(f.ids))))
    return out


def store_conditions(conn: sa.Connection, f: EventFilter) -> list[sa.ColumnElement[bool]]:
    """:func:`conditions` with the store's longest span read when the filter has a start."""
    return conditions(f, span=longest_span(conn) if f.start is not None else None)


def _order(sort: str, f: EventFilter | None = None) -> list[sa.ColumnElement[Any]]:
    t = schema.events
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use {', '.join(SORTS)} (or -KEY for descending)")
    col: sa.ColumnElement[Any] = {
        "date": t.c.date_start, "fatalities": t.c.fatalities_best, "type": t.c.sub_event_type,
        "place": t.c.place_name, "updated": t.c.updated_at}[key]
    order: list[sa.ColumnElement[Any]] = [col.desc() if desc else col.asc(),
                                          t.c.id.desc() if desc else t.c.id]
    if key == "date" and f is not None and (f.start is not None or f.end is not None):
        return order   # no undated event is selected: the date index gives the order
    return [col.is_(None), *order]   # unknown values last whichever way it sorts


#: the column each sort orders by (then the id)
SORT_COLUMNS = {"date": "date_start", "fatalities": "fatalities_best", "type": "sub_event_type",
                "place": "place_name", "updated": "updated_at"}


def after_key(sort: str, value: Any, event_id: str,
              f: EventFilter | None = None) -> sa.ColumnElement[bool]:
    """The events that come after the one whose ``sort`` column holds ``value`` and whose id
    is ``event_id``, in :func:`_order`'s order (keyset pagination: the next page is a range
    of the index, however deep, where OFFSET reads and drops every row before it). Unknown
    values (NULL) come last whichever way it sorts, then by id."""
    t = schema.events
    desc = sort.startswith("-")
    col = t.c[SORT_COLUMNS[sort.lstrip("-")]]
    if value is None:
        return sa.and_(col.is_(None), t.c.id < event_id if desc else t.c.id > event_id)
    pair, last = sa.tuple_(col, t.c.id), sa.tuple_(sa.literal(value, col.type), sa.literal(event_id))
    later = pair < last if desc else pair > last
    if sort.lstrip("-") == "date" and f is not None and (f.start is not None or f.end is not None):
        return later   # no undated event is selected (as in _order)
    return sa.or_(later, col.is_(None))


def sort_value(store: Store, sort: str, event_id: str) -> Any:
    """The value of the ``sort`` column of this event (the key of a page's last row, from
    which :func:`after_key` starts the next one)."""
    t = schema.events
    col = t.c[SORT_COLUMNS[sort.lstrip("-")]]
    with store.connect() as conn:
        return conn.execute(sa.select(col).where(t.c.id == event_id)).scalar()


def count_events(store: Store, f: EventFilter) -> int:
    """How many events ``f`` selects (from the page indexes when the filter has one)."""
    t = schema.events
    with store.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(t)
                            .where(*store_conditions(conn, f))).scalar_one()


def _ordered_rows(conn: sa.Connection, columns: Any, where: list[sa.ColumnElement[bool]],
                  f: EventFilter, *, sort: str, limit: int | None, offset: int,
                  after: tuple[Any, str] | None) -> list[Any]:
    """The selected rows in :func:`_order`'s order, ``offset``/``limit`` or after the key
    ``after``: the events whose sort value is known, then (unknown last) the others by id,
    as two queries each in the order of an index on (sort column, id) where there is one
    (``ORDER BY col IS NULL, ...`` has none: one query sorted every selected row, 1.7 s on
    a million events for any page of the unfiltered list)."""
    t = schema.events
    order = _order(sort, f)
    if len(order) == 2:   # no unknown value is selected: one query (after_key as is)
        keyset = [after_key(sort, after[0], after[1], f)] if after is not None else []
        q = sa.select(*columns).where(*where, *keyset).order_by(*order).offset(offset)
        return list(conn.execute(q if limit is None else q.limit(limit)))
    desc = sort.startswith("-")
    col = t.c[SORT_COLUMNS[sort.lstrip("-")]]
    out: list[Any] = []
    after_id: str | None = None
    if after is not None and after[0] is None:
        after_id = after[1]   # already among the unknown ones
    else:
        keyset = []
        if after is not None:
            pair = sa.tuple_(col, t.c.id)
            last = sa.tuple_(sa.literal(after[0], col.type), sa.literal(after[1]))
            keyset = [pair < last if desc else pair > last]
        q = (sa.select(*columns).where(*where, col.is_not(None), *keyset)
             .order_by(*order[1:]).offset(offset))
        out = list(conn.execute(q if limit is None else q.limit(limit)))
        if limit is not None and len(out) >= limit:
            return out
        if offset and not out:   # the offset reaches past every known value
            known = conn.execute(sa.select(sa.func.count()).select_from(t)
                                 .where(*where, col.is_not(None))).scalar_one()
            offset = max(0, offset - known)
        else:
            offset = 0
    ids = [t.c.id < after_id if desc else t.c.id > after_id] if after_id is not None else []
    q = sa.select(*columns).where(*where, col.is_(None), *ids).order_by(order[-1]).offset(offset)
    return out + list(conn.execute(q if limit is None else q.limit(limit - len(out))))


def find_events(store: Store, f: EventFilter, *, sort: str = "date", limit: int | None = 100,
                offset: int = 0, count: bool = True,
                after: tuple[Any, str] | None = None) -> tuple[list[Event], int | None]:
    """One page of the events ``f`` selects, and how many it selects in all (None unless
    ``count``); ``after`` as for :func:`event_page`."""
    t = schema.events
    with store.connect() as conn:
        where = store_conditions(conn, f)
        # the page's ids first, then their rows: the ids (and every filter's column) are in
        # the page indexes, so the wide rows read are the page's own, not every row of
        # the index range that a filter outside it (a bounding box) then drops
        ids = [r[0] for r in _ordered_rows(conn, [t.c.id], where, f, sort=sort, limit=limit,
                                           offset=offset, after=after)]
        found: dict[str, Any] = {}
        for i in range(0, len(ids), 500):
            found.update((r.id, r) for r in conn.execute(
                sa.select(*shared_json(t)).where(t.c.id.in_(ids[i:i + 500]))))
        events = [rows.to_event(found[i]) for i in ids if i in found]
        total = None
        if count:
            total = conn.execute(sa.select(sa.func.count()).select_from(t).where(*where)).scalar_one()
    return events, total


#: what a page of the event list shows (``marsad.query.events_page``): every column but
#: the wide JSON ones (``attrs`` with the linking versions, ``place``, ``date``,
#: ``fatalities``), whose fields the page needs are columns of their own
PAGE_COLUMNS = ("id", "event_type", "sub_event_type", "actor1", "actor2", "place_id",
                "place_name", "place_lat", "place_lon", "place_admin1", "geo_precision",
                "date_start", "date_end", "date_precision",
                "fatalities_low", "fatalities_best", "fatalities_high", "fatalities_qualifier",
                "mentions", "articles", "status", "outlets_count", "contradictions_count")


def event_page(store: Store, f: EventFilter, *, sort: str = "date", limit: int = 100,
               offset: int = 0, count: bool = True,
               after: tuple[Any, str] | None = None) -> tuple[list[Any], int | None]:
    """:func:`find_events`' page as narrow rows (:data:`PAGE_COLUMNS`, no event decoded)
    and the total (None unless ``count``): the same events in the same order. ``after``:
    (sort value, id) of the last event of the page before, whose successors this page
    holds (:func:`after_key`; the total is still every selected event)."""
    t = schema.events
    with store.connect() as conn:
        where = store_conditions(conn, f)
        found = _ordered_rows(conn, [t.c[c] for c in PAGE_COLUMNS], where, f, sort=sort,
                              limit=limit, offset=offset, after=after)
        total = None
        if count:
            total = conn.execute(sa.select(sa.func.count()).select_from(t).where(*where)).scalar_one()
    return found, total


#: what a row of the event list reads (:func:`event_list_page`): :data:`PAGE_COLUMNS`
#: without the id lists, which the row needs only as the number of mentions and the
#: outlets of the articles (read in SQL with the row on SQLite)
LIST_COLUMNS = tuple(c for c in PAGE_COLUMNS if c not in ("mentions", "articles"))


def _list_extras(conn: sa.Connection) -> list[sa.ColumnElement[Any]] | None:
    """The number of the event's mentions and the JSON array of the distinct, non-empty
    outlets of its stored articles, as two SQL columns of the event's row (SQLite's JSON
    functions: a correlated subquery walks the row's ``articles`` and looks each up by its
    key); None on other databases (they read the lists and the outlets in Python)."""
    if conn.dialect.name != "sqlite":
        return None
    t, a = schema.events, schema.articles
    ids = sa.func.json_each(t.c.articles).table_valued("value")
    outlets = (sa.select(sa.func.json_group_array(sa.distinct(a.c.outlet)))
               .select_from(ids).join(a, a.c.id == ids.c.value)
               .where(a.c.outlet.is_not(None), a.c.outlet != "")
               .scalar_subquery())
    return [sa.func.coalesce(sa.func.json_array_length(t.c.mentions), 0), outlets]


def event_list_page(store: Store, f: EventFilter, *, sort: str = "date", limit: int = 100,
                    offset: int = 0, count: bool = True,
                    after: tuple[Any, str] | None = None) -> tuple[list[tuple[Any, ...]], int | None]:
    """:func:`event_page`'s events as the event list shows them, in one connection: each
    row the values of :data:`LIST_COLUMNS`, then the number of mentions and the sorted
    outlets of the event's stored articles (non-empty names, each once); and the total
    (None unless ``count``). On SQLite the whole page, outlets included, is one query
    (no id list goes back and forth); elsewhere the articles' outlets are a second one."""
    t = schema.events
    with store.connect() as conn:
        where = store_conditions(conn, f)
        out = _list_rows(conn, lambda columns: _ordered_rows(
            conn, columns, where, f, sort=sort, limit=limit, offset=offset, after=after))
        total = None
        if count:
            total = conn.execute(sa.select(sa.func.count()).select_from(t).where(*where)).scalar_one()
    return out, total


def event_list_keys(store: Store, f: EventFilter, *, sort: str = "date", limit: int = 100,
                    offset: int = 0, count: bool = True, after: tuple[Any, str] | None = None,
                    ) -> tuple[list[tuple[str, Any]], int | None]:
    """:func:`event_list_page`'s events as (id, sort value) only, read from the page
    indexes without touching the rows (the rows of those a caller has not kept come from
    :func:`event_list_rows`), and the total (None unless ``count``)."""
    t = schema.events
    col = t.c[SORT_COLUMNS[sort.lstrip("-")]]
    with store.connect() as conn:
        where = store_conditions(conn, f)
        found = _ordered_rows(conn, [t.c.id, col], where, f, sort=sort, limit=limit,
                              offset=offset, after=after)
        total = None
        if count:
            total = conn.execute(sa.select(sa.func.count()).select_from(t).where(*where)).scalar_one()
    return [(r[0], r[1]) for r in found], total


def event_list_rows(store: Store, event_ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """:func:`event_list_page`'s rows of these events (those stored), by id."""
    t = schema.events
    ids = sorted(set(event_ids))
    out: dict[str, tuple[Any, ...]] = {}
    with store.connect() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]

            def fetch(columns: list[Any], chunk: list[str] = chunk) -> list[Any]:
                return list(conn.execute(sa.select(*columns).where(t.c.id.in_(chunk))))

            out.update((r[0], r) for r in _list_rows(conn, fetch))
    return out


def _list_rows(conn: sa.Connection, fetch: Callable[[list[Any]], list[Any]]) -> list[tuple[Any, ...]]:
    """The list rows of what ``fetch(columns)`` reads (see :func:`event_list_page`)."""
    t = schema.events
    columns = [t.c[c] for c in LIST_COLUMNS]
    extras = _list_extras(conn)
    if extras is not None:
        return [(*r[:-1], sorted(json.loads(r[-1]) if r[-1] else ()))
                for r in fetch([*columns, *extras])]
    found = fetch([*columns, t.c.mentions, t.c.articles])
    names = _article_outlets(conn, {a for r in found for a in (r[-1] or ())})
    return [(*r[:-2], len(r[-2] or ()), sorted({o for a in r[-1] or () if (o := names.get(a))}))
            for r in found]


def _article_outlets(conn: sa.Connection, article_ids: set[str]) -> dict[str, str | None]:
    a = schema.articles
    ids = sorted(article_ids)
    out: dict[str, str | None] = {}
    for i in range(0, len(ids), 500):
        for article_id, outlet in conn.execute(sa.select(a.c.id, a.c.outlet)
                                               .where(a.c.id.in_(ids[i:i + 500]))):
            out[article_id] = outlet
    return out


def article_outlets(store: Store, article_ids: set[str]) -> dict[str, str | None]:
    """The outlet of each of these articles that is stored (two narrow columns, one query
    per few hundred ids)."""
    with store.connect() as conn:
        return _article_outlets(conn, article_ids)


def map_points(store: Store, f: EventFilter, *, limit: int | None = None) -> list[tuple[Any, ...]]:
    """The selected events that have coordinates, narrow: (id, lon, lat, event_type,
    sub_event_type, fatalities_best, geo_precision, date_start, date_end, status, outlets,
    contradictions, place_name), by date (undated last, by id); the counts are read in
    SQL, no row is decoded in Python.

    The dated events and the undated ones are two queries, each in the order of an index
    (``ix_events_map_date``: date, id, then every column a point shows), so that the
    first ``limit`` points are read from the index alone rather than by sorting every
    selected row (``ORDER BY date IS NULL, ...`` has no index)."""
    t = schema.events
    cols = (t.c.id, t.c.place_lon, t.c.place_lat, t.c.event_type, t.c.sub_event_type,
            t.c.fatalities_best, t.c.geo_precision, t.c.date_start, t.c.date_end,
            _status_col(), _count_col("outlets"), _count_col("contradictions"), t.c.place_name)
    with store.connect() as conn:
        where = [t.c.place_lat.is_not(None), t.c.place_lon.is_not(None),
                 *store_conditions(conn, f)]
        q = (sa.select(*cols).where(*where, t.c.date_start.is_not(None))
             .order_by(t.c.date_start, t.c.id))
        out = [tuple(r) for r in conn.execute(q if limit is None else q.limit(limit))]
        if f.start is None and f.end is None and (limit is None or len(out) < limit):
            q = sa.select(*cols).where(*where, t.c.date_start.is_(None)).order_by(t.c.id)
            left = None if limit is None else limit - len(out)
            out += [tuple(r) for r in conn.execute(q if left is None else q.limit(left))]
        return out


def map_grid(store: Store, f: EventFilter, cell: float) -> list[tuple[Any, ...]]:
    """The selected events with coordinates counted per grid cell of ``cell`` degrees and
    event type: (cell_x, cell_y, event_type, events, fatalities, mean lon, mean lat,
    disputed events), for a zoomed-out map (one marker per cell instead of every event)."""
    t = schema.events
    gx = sa.func.round((t.c.place_lon + 180.0) / cell).label("gx")
    gy = sa.func.round((t.c.place_lat + 90.0) / cell).label("gy")
    disputed = sa.func.sum(sa.case((_status_col() == "disputed", 1), else_=0))
    with store.connect() as conn:
        q = (sa.select(gx, gy, t.c.event_type, sa.func.count(), sa.func.sum(t.c.fatalities_best),
                       sa.func.avg(t.c.place_lon), sa.func.avg(t.c.place_lat), disputed)
             .where(t.c.place_lat.is_not(None), t.c.place_lon.is_not(None),
                    *store_conditions(conn, f))
             .group_by(gx, gy, t.c.event_type).order_by(gx, gy, t.c.event_type))
        return [tuple(r) for r in conn.execute(q)]


def iter_event_ids(store: Store, f: EventFilter, *, sort: str = "date") -> list[str]:
    """The ids of every event ``f`` selects, in ``sort`` order (for exports of all pages)."""
    t = schema.events
    with store.connect() as conn:
        return list(conn.scalars(sa.select(t.c.id).where(*store_conditions(conn, f))
                                 .order_by(*_order(sort, f))))


def count_by(store: Store, f: EventFilter, *columns: str) -> list[tuple[Any, ...]]:
    """(value..., count) of the selected events grouped by these ``events`` columns
    (or "status"), most frequent first."""
    t = schema.events
    cols = [_status_col().label("status") if c == "status" else t.c[c] for c in columns]
    with store.connect() as conn:
        q = (sa.select(*cols, sa.func.count().label("n")).where(*store_conditions(conn, f))
             .group_by(*cols).order_by(sa.func.count().desc(), *cols))
        return [tuple(r) for r in conn.execute(q)]


def actor_counts(store: Store, f: EventFilter) -> Counter[str]:
    """How many selected events each actor id takes part in (as actor1 or actor2)."""
    t = schema.events
    out: Counter[str] = Counter()
    with store.connect() as conn:
        where = store_conditions(conn, f)
        for col in (t.c.actor1, t.c.actor2):
            q = (sa.select(col, sa.func.count()).where(col.is_not(None), *where)
                 .group_by(col))
            for actor, n in conn.execute(q):
                out[actor] += n
    return out


def place_counts(store: Store, f: EventFilter, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The places of the selected events with their coordinates and event counts."""
    t = schema.events
    cols = (t.c.place_id, t.c.place_name, t.c.place_level, t.c.place_admin1, t.c.place_admin2,
            t.c.place_lat, t.c.place_lon)
    with store.connect() as conn:
        q = (sa.select(*cols, sa.func.count().label("events"))
             .where(t.c.place_id.is_not(None), *store_conditions(conn, f)).group_by(*cols)
             .order_by(sa.func.count().desc(), t.c.place_id))
        if limit is not None:
            q = q.limit(limit)
        return [dict(r._mapping) for r in conn.execute(q)]


def day_counts(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    """Selected events per start day and type: events, those dated only to a window
    (start before end), and fatalities (best estimate; low and high bounds summed)."""
    t = schema.events
    ranged = sa.case((sa.and_(t.c.date_end.is_not(None), t.c.date_end > t.c.date_start), 1), else_=0)
    low = sa.func.coalesce(t.c.fatalities_low, t.c.fatalities_best)
    high = sa.func.coalesce(t.c.fatalities_high, t.c.fatalities_best)
    with store.connect() as conn:
        q = (sa.select(t.c.date_start.label("day"), t.c.event_type,
                       sa.func.count().label("events"), sa.func.sum(ranged).label("ranged"),
                       sa.func.sum(t.c.fatalities_best).label("fatalities"),
                       sa.func.sum(low).label("fatalities_low"),
                       sa.func.sum(high).label("fatalities_high"),
                       sa.func.max(t.c.date_end).label("last_end"))
             .where(*store_conditions(conn, f)).group_by(t.c.date_start, t.c.event_type)
             .order_by(t.c.date_start.is_(None), t.c.date_start, t.c.event_type))
        return [dict(r._mapping) for r in conn.execute(q)]


def date_span(store: Store, f: EventFilter) -> tuple[dt.date | None, dt.date | None]:
    t = schema.events
    q = sa.select(sa.func.min(t.c.date_start), sa.func.max(sa.func.coalesce(t.c.date_end, t.c.date_start)))
    with store.connect() as conn:
        first, last = conn.execute(q.where(*store_conditions(conn, f))).one()
    return first, last


def search_event_ids(store: Store, text: str, *, limit: int = 50) -> list[str]:
    """Events whose place, admin names, actors, type or any mention's sentence contain
    ``text`` (case-insensitive), by date."""
    t, em = schema.events, schema.event_mentions
    in_mentions = sa.select(em.c.event_id).where(em.c.event_id.is_not(None), _contains(em.c.text, text))
    q = (sa.select(t.c.id).where(sa.or_(
        *(_contains(c, text) for c in (t.c.place_name, t.c.place_admin1, t.c.place_admin2,
                                        t.c.actor1, t.c.actor2, t.c.sub_event_type)),
        t.c.id.in_(in_mentions)))
        .order_by(*_order("date")).limit(limit))
    with store.connect() as conn:
        return list(conn.scalars(q))


def search_articles(store: Store, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Articles whose title, outlet or text contains ``text`` (case-insensitive), newest
    first, without their text."""
    a = schema.articles
    q = (sa.select(a.c.id, a.c.title, a.c.outlet, a.c.published, a.c.url)
         .where(sa.or_(_contains(a.c.title, text), _contains(a.c.outlet, text),
                       _contains(a.c.text, text)))
         .order_by(a.c.published.is_(None), a.c.published.desc(), a.c.id).limit(limit))
    with store.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(q)]


def outlet_counts(store: Store) -> list[tuple[str | None, int]]:
    """(outlet, articles) over the whole store, most articles first."""
    a = schema.articles
    q = sa.select(a.c.outlet, sa.func.count()).group_by(a.c.outlet).order_by(
        sa.func.count().desc(), a.c.outlet)
    with store.connect() as conn:
        return [(o, n) for o, n in conn.execute(q)]


__all__ = ["HELD_BACK_STATUSES", "LIST_COLUMNS", "PAGE_COLUMNS", "SORTS", "SORT_COLUMNS", "EventFilter",
           "actor_counts", "after_key", "article_outlets", "conditions", "count_by", "count_events", "date_span", "day_counts",
           "event_list_keys", "event_list_page", "event_list_rows", "event_page", "find_events",
           "iter_event_ids", "longest_span", "map_grid", "map_points", "outlet_counts", "place_counts", "search_articles",
           "search_event_ids", "sort_value", "start_floor", "store_conditions"]
