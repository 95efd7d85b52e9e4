"""Reading the record the way an analyst browses it: filtered pages of events, one event's
dossier, an article with its mentions, actors, places, contradictions, timeline buckets,
search and counts. The HTTP API (:mod:`marsad.web`) is a thin layer over these calls, and
a notebook can use them directly::

    import marsad
    frame = marsad.read_events("war.db", admin1="Hama", min_outlets=2)   # DataFrame

    from marsad import query
    from marsad.api import open_store
    with open_store("war.db") as store:
        page = query.events_page(store, start="2017-03-01", has_contradiction=True)
        dossier = query.event_dossier(store, page["events"][0]["id"])

Filters (every call that selects events takes them as keyword arguments):
``start``/``end`` (ISO dates: the event's date window overlaps them), ``bbox``
(``"west,south,east,north"`` in degrees, or a 4-tuple), ``admin1`` (governorate, exact, any
case for the pack's names),
``place`` (name, id or admin names, substring), ``actor`` (actor name, alias or id,
substring), ``event_type`` and ``sub_event_type`` (ACLED's names, any case), ``outlet`` (substring of an
outlet reporting it), ``status`` (asserted, disputed, background_only, denied_only,
unasserted, none; a list or comma-separated), ``has_contradiction``, ``min_outlets``
(distinct outlets the linked event names) and ``include_held_back`` (the record, like the
ACLED CSV and the map, leaves out background-only, denied-only and unasserted events unless
this is true or ``status`` names them). Errors are :class:`~marsad.errors.InvalidArgument`
naming the parameter, or :class:`~marsad.store.NotFoundError`.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import json
import math
import os
import tempfile
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict
from json.encoder import encode_basestring as _encode_string
from pathlib import Path
from typing import Any, Protocol, TextIO

from .core.datelines import as_date
from .errors import InvalidArgument
from .export.acled import (ACLED_COLUMNS, acled_frame, acled_row, actor_name, default_pack,
                           event_id_prefix)
from .export.display import (event_summary, format_date, format_fatalities, place_label,
                             summary_fields)
from .export.geojson import geojson_feature
from .link.reconcile import version_sentence
from .model import (ACLED_TAXONOMY, SUB_EVENT_TO_TYPE, Article, Claim, Event, EventMention,
                    Fatalities, ResolvedDate)
from .store import NotFoundError, Store
from .store import query as sq
from .summarize import summarize_event
from .theaters import TheaterPack

#: the most events one page holds (``limit``)
MAX_PAGE = 1000
#: the page size when none is asked for
DEFAULT_PAGE = 100
#: event statuses a filter may name ("none": never reconciled, e.g. singleton events)
STATUSES = ("asserted", "disputed", "background_only", "denied_only", "unasserted", "none")
BUCKETS = ("day", "week", "month")
#: the shortest search text
MIN_SEARCH = 2

#: the keyword arguments every event-selecting call takes
FILTERS = ("start", "end", "bbox", "admin1", "place", "actor", "event_type", "sub_event_type",
           "outlet", "status", "has_contradiction", "min_outlets", "include_held_back")


# --- filters ---------------------------------------------------------------------------

def actor_needles(pack: TheaterPack | None, actor: str) -> tuple[str, ...]:
    """What an actor filter matches: the text itself and the ids of the pack's actors whose
    name or alias contains it (case-insensitive)."""
    needle = actor.lower()
    ids = [a.id for a in (pack.actors if pack else ())
           if needle in a.name.lower() or any(needle in al.lower() for al in a.aliases)]
    return (actor, *ids)


def _as_date(value: Any, param: str) -> dt.date | None:
    try:
        return as_date(value)
    except ValueError:
        raise InvalidArgument(f"{value!r} is not a date (YYYY-MM-DD)", param=param) from None


def _bbox(value: Any) -> tuple[float, float, float, float] | None:
    if value is None or value == "":
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise InvalidArgument(f"{value!r}: give four numbers west,south,east,north "
                              "(degrees)", param="bbox") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidArgument(f"{value!r}: need -180 <= west <= east <= 180 and "
                              "-90 <= south <= north <= 90", param="bbox")
    return west, south, east, north


def _statuses(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else list(value)
    out = tuple(s.strip().lower() for s in items if s.strip())
    unknown = [s for s in out if s not in STATUSES]
    if unknown:
        raise InvalidArgument(f"unknown status {', '.join(unknown)}; known: {', '.join(STATUSES)}",
                              param="status")
    return out


def _canonical(value: str | None, known: Iterable[str], param: str, *,
               strict: bool) -> str | None:
    """The stored spelling of ``value`` (any case); unknown values are an error when
    ``strict``, else kept as given."""
    if not value:
        return None
    for name in known:
        if name.casefold() == value.strip().casefold():
            return name
    if strict:
        raise InvalidArgument(f"unknown {param.replace('_', ' ')} {value!r}; known: "
                              f"{', '.join(sorted(set(known)))}", param=param)
    return value.strip()


#: id(pack) -> (pack, its admin1 names): packs are cached and immutable
_ADMIN1: dict[int, tuple[TheaterPack, list[str]]] = {}


def _admin1_names(pack: TheaterPack | None) -> list[str]:
    if pack is None:
        return []
    cached = _ADMIN1.get(id(pack))
    if cached is None or cached[0] is not pack:
        cached = _ADMIN1[id(pack)] = (pack, sorted(
            {p.admin1 for p in (*pack.places, *pack.places_abroad) if p.admin1}))
    return cached[1]


def event_filter(pack: TheaterPack | None = None, *, start=None, end=None, bbox=None,
                 admin1=None, place=None, actor=None, event_type=None, sub_event_type=None,
                 outlet=None, status=None, has_contradiction: bool | None = None,
                 min_outlets: int | None = None, include_held_back: bool = False,
                 ) -> sq.EventFilter:
    """Check the filters (see the module docstring) and build the store's filter."""
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if first and last and first > last:
        raise InvalidArgument(f"start {first} is after end {last}", param="start")
    if min_outlets is not None and min_outlets < 0:
        raise InvalidArgument(f"{min_outlets}: must be 0 or more", param="min_outlets")
    statuses = _statuses(status)
    return sq.EventFilter(
        start=first, end=last, bbox=_bbox(bbox),
        admin1=_canonical(admin1, _admin1_names(pack), "admin1", strict=False),
        place=place or None, actors=actor_needles(pack, actor) if actor else (),
        event_type=_canonical(event_type, ACLED_TAXONOMY, "event_type", strict=True),
        sub_event_type=_canonical(sub_event_type, SUB_EVENT_TO_TYPE, "sub_event_type", strict=True),
        outlet=outlet or None, statuses=statuses,
        record_only=not (include_held_back or statuses), has_contradiction=has_contradiction,
        min_outlets=min_outlets or None)


def _page_args(sort: str, limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidArgument(f"{limit}: must be 1 to {MAX_PAGE}", param="limit")
    if offset < 0:
        raise InvalidArgument(f"{offset}: must be 0 or more", param="offset")
    if sort.lstrip("-") not in sq.SORTS:
        raise InvalidArgument(f"{sort!r}; use {', '.join(sq.SORTS)} (-KEY: descending)",
                              param="sort")


#: how long display_pack keeps a store's pack before it looks again (seconds)
PACK_TTL = 1.0
_PACKS: weakref.WeakKeyDictionary[Store, tuple[float, TheaterPack | None]] = weakref.WeakKeyDictionary()


def display_pack(store: Store) -> TheaterPack | None:
    """The pack the store was made with (names for actor ids), or None. Kept for
    :data:`PACK_TTL` per store: reading the theater setting and checking the pack's files
    cost more than a small API answer, and a server asks on every request (a changed
    setting or pack file is seen a second later)."""
    now = time.monotonic()
    hit = _PACKS.get(store)
    if hit is not None and now - hit[0] < PACK_TTL:
        return hit[1]
    pack: TheaterPack | None = default_pack(store)
    _PACKS[store] = (now, pack)
    return pack


# --- events ----------------------------------------------------------------------------

def _after(sort: str, offset: int, cursor: str | None) -> tuple[Any, str] | None:
    if not cursor:
        return None
    if offset:
        raise InvalidArgument("give a cursor or an offset, not both", param="cursor")
    return decode_cursor(cursor, sort)


#: where a list row (``sq.LIST_COLUMNS``) holds each sort's value
_LIST_SORT_AT = {key: sq.LIST_COLUMNS.index(col) for key, col in sq.SORT_COLUMNS.items()
                 if col in sq.LIST_COLUMNS}


def _next_cursor(store: Store, sort: str, found: list[Any], limit: int) -> str | None:
    """The cursor after a page read with ``limit + 1`` rows (None: it is the last page)."""
    if len(found) <= limit:
        return None
    last = found[limit - 1]
    last_id = last.id if isinstance(last, Event) else last[0]
    at = None if isinstance(last, Event) else _LIST_SORT_AT.get(sort.lstrip("-"))
    value = last[at] if at is not None else sq.sort_value(store, sort, last_id)
    return encode_cursor(sort, value, last_id)


def _select(store: Store, pack, filters: dict[str, Any], sort: str, limit: int,
            offset: int, cursor: str | None = None) -> tuple[list[Event], int, str | None]:
    _page_args(sort, limit, offset)
    found, total = sq.find_events(store, event_filter(pack, **filters), sort=sort,
                                  limit=limit + 1, offset=offset,
                                  after=_after(sort, offset, cursor))
    return found[:limit], total or 0, _next_cursor(store, sort, found, limit)


def event_row(event: Event, articles: Sequence[Article], pack) -> dict[str, Any]:
    """One event of a list: ``marsad events --json``'s fields, the numbers behind them and
    its linking status."""
    return _event_row(event, articles, pack, outlets=len(event.outlets),
                      contradictions=len(event.contradictions))


def _event_row(event: Event, articles: Sequence[Article], pack, *, outlets: int,
               contradictions: int) -> dict[str, Any]:
    place, fat = event.place, event.fatalities
    return {**event_summary(event, articles, pack),
            "admin1": place.admin1 if place else None,
            "geo_precision": event.geo_precision,
            "fatalities_best": fat.best if fat.best is not None else fat.low,
            "fatalities_low": fat.low, "fatalities_high": fat.high,
            "status": event.status,
            "outlets": outlets or len({a.outlet for a in articles if a.outlet}),
            "contradictions": contradictions}


def _page_rows(found: Sequence[Any], pack) -> list[dict[str, Any]]:
    """:func:`event_row` of each narrow row of ``sq.event_list_page`` (``sq.LIST_COLUMNS``,
    the number of mentions, the articles' outlets): the fields come from their columns, so
    no event's linking record (``attrs``) is read or decoded, and no event record is built."""
    out = []
    for (event_id, event_type, sub_event_type, actor1, actor2, place_id, place_name,
         lat, lon, admin1, geo_precision, date_start, date_end, precision,
         fat_low, fat_best, fat_high, qualifier, status, n_outlets,
         n_contradictions, n_mentions, sources) in found:
        has_place = place_id is not None
        row = summary_fields(
            event_id, ResolvedDate(start=date_start, end=date_end, precision=precision),
            event_type, sub_event_type, place_name if has_place else None,
            admin1 if has_place else None, place_id, lat if has_place else None,
            lon if has_place else None, actor1, actor2,
            Fatalities(low=fat_low, high=fat_high, best=fat_best, qualifier=qualifier),
            sources, n_mentions, pack)
        row.update({"admin1": admin1 if has_place else None, "geo_precision": geo_precision,
                    "fatalities_best": fat_best if fat_best is not None else fat_low,
                    "fatalities_low": fat_low, "fatalities_high": fat_high, "status": status,
                    "outlets": n_outlets or len(sources), "contradictions": n_contradictions or 0})
        out.append(row)
    return out


class _RowWriter:
    """The JSON text of :func:`_page_rows`' rows written straight from the row tuples:
    ``page_json`` of each row (``escape`` applied), the same characters, without building
    the row's dict nor walking it in the encoder (a new page's rows cost a server more than
    their SQL did). The strings a list repeats (types, places, actors' names, outlets,
    statuses) are kept as their JSON literals, the actors' names by id where they do not
    depend on the day, a fatality figure's text by its values; anything but a string, an
    integer, a float or None is written by ``page_json`` itself (``tests/web/
    test_event_page_rows.py`` holds the texts equal)."""

    #: literals kept per writer (then the cache starts again)
    KEPT = 50_000

    def __init__(self, pack: TheaterPack | None, escape: Callable[[str], str] | None):
        self.pack = pack
        self.escape = escape
        self._strings: dict[str, str] = {}
        self._actors: dict[str, str | None] = {}   # id -> its name on any day, or None
        self._fatalities: dict[tuple[Any, ...], str] = {}

    def _string(self, value: str) -> str:
        lit = self._strings.get(value)
        if lit is None:
            lit = _encode_string(value)
            if self.escape is not None:
                lit = self.escape(lit)
            if len(self._strings) >= self.KEPT:
                self._strings.clear()
            self._strings[value] = lit
        return lit

    def _value(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return self._string(value)
        if value is None:
            return "null"
        if kind is int:
            return int.__repr__(value)
        if kind is float and math.isfinite(value):
            return float.__repr__(value)
        text = page_json(value)   # its error, or its text: what the row's dict gives
        return text if self.escape is None else self.escape(text)

    def _actor(self, actor_id: Any, day: Any) -> str:
        """:func:`actor_name` of ``actor_id`` on ``day``."""
        if not actor_id:
            return ""
        if type(actor_id) is not str:
            return actor_name(actor_id, self.pack, day)
        if actor_id not in self._actors:
            # the name does not depend on the day unless the actor it is read from (the
            # actor, or the force it is a branch of) was renamed
            fixed: str | None = actor_name(actor_id, self.pack, None)
            pack = self.pack
            actor = pack.actor(actor_id) if pack is not None else None
            if actor is not None:
                parent = pack.actor(actor.parent) if actor.parent else None   # type: ignore[union-attr]
                named = parent if parent is not None and actor.name.startswith(parent.name + " ") else actor
                if named.names:
                    fixed = None
            if len(self._actors) >= self.KEPT:
                self._actors.clear()
            self._actors[actor_id] = fixed
        fixed = self._actors[actor_id]
        return fixed if fixed is not None else actor_name(actor_id, self.pack, day)

    def _fatalities_text(self, low: Any, high: Any, best: Any, qualifier: Any) -> str:
        # the types too: 1 and 1.0 are equal keys, written "1" and "1.0"
        key = (low, high, best, qualifier, type(low), type(high), type(best), type(qualifier))
        try:
            lit = self._fatalities.get(key)
        except TypeError:   # an unhashable value: written afresh
            return self._value(format_fatalities(Fatalities(low=low, high=high, best=best,
                                                            qualifier=qualifier)))
        if lit is None:
            lit = self._value(format_fatalities(Fatalities(low=low, high=high, best=best,
                                                           qualifier=qualifier)))
            if len(self._fatalities) >= self.KEPT:
                self._fatalities.clear()
            self._fatalities[key] = lit
        return lit

    def row(self, values: Sequence[Any]) -> str:
        (event_id, event_type, sub_event_type, actor1, actor2, place_id, place_name,
         lat, lon, admin1, geo_precision, date_start, date_end, precision,
         fat_low, fat_best, fat_high, qualifier, status, n_outlets,
         n_contradictions, n_mentions, sources) = values
        v = self._value
        # a column's value (a str, int, float, None or bytes: hashable, never equal to
        # another type's str) as a kept literal, else written
        strings: dict[Any, str] = self._strings
        kept = strings.get
        if place_id is None:
            place_name = admin1 = lat = lon = None
        # as summary_fields and format_date
        start = date_start.isoformat() if date_start is not None else None
        end = date_end.isoformat() if date_end else None
        if start is None:
            date = "unknown"
        else:
            date = (start if date_end is None or date_end == date_start
                    else f"{start}..{date_end.isoformat()}")
            if precision != "day":
                date = f"{date} ({precision})"
        a1, a2 = self._actor(actor1, date_start), self._actor(actor2, date_start)
        where = place_label(place_name, admin1)
        actors = f"{a1} vs {a2}" if a1 and a2 else a1 or a2 or "?"
        if type(sources) is list:
            sources_text = "[" + ",".join([kept(o) or v(o) for o in sources]) + "]"
        else:
            sources_text = v(sources)
        return (
            f'{{"id":{v(event_id)},"date":{kept(date) or v(date)},'
            f'"date_start":{(kept(start) or v(start)) if date_start else "null"},'
            f'"date_end":{kept(end) or v(end)},'
            f'"precision":{kept(precision) or v(precision)},'
            f'"event_type":{kept(event_type) or v(event_type)},'
            f'"sub_event_type":{kept(sub_event_type) or v(sub_event_type)},'
            f'"place":{kept(where) or v(where)},"place_id":{kept(place_id) or v(place_id)},'
            f'"lat":{v(lat)},"lon":{v(lon)},"actor1":{(kept(a1) or v(a1)) if a1 else "null"},'
            f'"actor2":{(kept(a2) or v(a2)) if a2 else "null"},'
            f'"actors":{kept(actors) or v(actors)},'
            f'"fatalities":{self._fatalities_text(fat_low, fat_high, fat_best, qualifier)},'
            f'"sources":{sources_text},"mentions":{v(n_mentions)},'
            f'"admin1":{kept(admin1) or v(admin1)},"geo_precision":{v(geo_precision)},'
            f'"fatalities_best":{v(fat_best if fat_best is not None else fat_low)},'
            f'"fatalities_low":{v(fat_low)},"fatalities_high":{v(fat_high)},'
            f'"status":{kept(status) or v(status)},"outlets":{v(n_outlets or len(sources))},'
            f'"contradictions":{v(n_contradictions or 0)}}}')


#: the writers of recent (pack, escape) pairs (a server has one)
_ROW_WRITERS: dict[tuple[int, int], _RowWriter] = {}


def _row_writer(pack: TheaterPack | None, escape: Callable[[str], str] | None) -> _RowWriter:
    key = (id(pack), id(escape))
    writer = _ROW_WRITERS.get(key)
    if writer is None or writer.pack is not pack or writer.escape is not escape:
        if len(_ROW_WRITERS) >= 8:
            _ROW_WRITERS.clear()
        writer = _ROW_WRITERS[key] = _RowWriter(pack, escape)
    return writer


def _articles_of(store: Store, events: Sequence[Event]) -> dict[str, Article]:
    ids = {a for e in events for a in e.articles}
    return {a.id: a for a in store.articles(ids, with_text=False)} if ids else {}


def encode_cursor(sort: str, value: Any, event_id: str) -> str:
    """The opaque cursor of a page's last event (URL-safe): where the next page starts."""
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    raw = json.dumps([sort, value, event_id], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """(sort value, event id) of a cursor from :func:`encode_cursor`, made for ``sort``."""
    bad = InvalidArgument(f"{cursor[:40]!r} is not a cursor of this list (give the "
                          "next_cursor of the page before, with the same sort)", param="cursor")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, value, event_id = json.loads(raw.decode("utf-8"))
    except (ValueError, TypeError):
        raise bad from None
    if made_for != sort or not isinstance(event_id, str):
        raise bad
    key = sort.lstrip("-")
    try:
        if value is not None and key == "date":
            value = dt.date.fromisoformat(value)
        elif value is not None and key == "updated":
            value = dt.datetime.fromisoformat(value)
        elif value is not None and key == "fatalities" and not isinstance(value, int):
            raise bad
        elif value is not None and key in ("type", "place") and not isinstance(value, str):
            raise bad
    except (TypeError, ValueError):
        raise bad from None
    return value, event_id


def count_events(store: Store, **filters: Any) -> int:
    """How many events the filters select (a page's ``total``)."""
    return sq.count_events(store, event_filter(display_pack(store), **filters))


def events_page(store: Store, *, sort: str = "date", limit: int = DEFAULT_PAGE, offset: int = 0,
                cursor: str | None = None, total: int | None = None,
                **filters: Any) -> dict[str, Any]:
    """A page of events: ``{"total", "limit", "offset", "next_cursor", "events": [row,
    ...]}``. ``cursor``: a page's ``next_cursor``, for the page after it (keyset
    pagination: as fast on the ten-thousandth page as on the first, and no event is seen
    twice or skipped when events are added between pages); it takes the place of
    ``offset``. ``next_cursor`` is None on the last page. ``total``: the count when the
    caller has it (else counted)."""
    pack = display_pack(store)
    _page_args(sort, limit, offset)
    # one row more than the page: whether there is a next one
    found, counted = sq.event_list_page(store, event_filter(pack, **filters), sort=sort,
                                        limit=limit + 1, offset=offset, count=total is None,
                                        after=_after(sort, offset, cursor))
    return {"total": (counted if total is None else total) or 0, "limit": limit,
            "offset": offset, "next_cursor": _next_cursor(store, sort, found, limit),
            "events": _page_rows(found[:limit], pack)}


class RowKeeper(Protocol):
    """Where :func:`events_page_json` keeps the JSON text of list rows it built, by event
    id, for the pages after it (the web server's :class:`marsad.web.memo.RowCache`, which
    forgets them all when the store or the pack changes)."""

    def get_many(self, event_ids: Sequence[str]) -> dict[str, str]: ...

    def put_many(self, rows: dict[str, str]) -> None: ...


def page_json(value: Any) -> str:
    """JSON text as the API writes it (compact, UTF-8 characters as they are): what
    ``json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
    default=...)`` writes, by one encoder made once (``json.dumps`` with arguments makes
    a new one each call, a third of the time of a list row's text)."""
    return _PAGE_ENCODER.encode(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


_PAGE_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                                 default=_json_default)


def events_page_json(store: Store, rows: RowKeeper, *, sort: str = "date",
                     limit: int = DEFAULT_PAGE, offset: int = 0, cursor: str | None = None,
                     total: int | None = None, find_keys: Callable[..., Any] | None = None,
                     find_rows: Callable[..., Any] | None = None,
                     escape: Callable[[str], str] | None = None,
                     **filters: Any) -> tuple[str, int]:
    """:func:`events_page` as its JSON text (:func:`page_json` of it, the same
    characters) and its total. The page's events are found in the page indexes (ids and
    sort values only); the rows ``rows`` keeps are not read nor built again, the others
    are read by id, built and handed to it. An event that went between the two reads is
    left out. ``find_keys``: what finds the page's keys and total, with
    :func:`marsad.store.query.event_list_keys`'s arguments and answer (the web server's
    :class:`marsad.web.pagekeys.PageKeys`); that function itself by default.
    ``find_rows``: likewise for :func:`marsad.store.query.event_list_rows`. ``escape``:
    applied to each row's JSON text when it is built (and kept so by ``rows``) and to the
    page's head, so that the page comes out escaped without a pass over the whole of it
    (the web server's ``<``, ``>`` and ``&`` escapes; a character-for-character
    replacement, so the escaped parts joined are the whole escaped)."""
    pack = display_pack(store)
    _page_args(sort, limit, offset)
    find = find_keys or sq.event_list_keys
    keys, counted = find(store, event_filter(pack, **filters), sort=sort,
                         limit=limit + 1, offset=offset, count=total is None,
                         after=_after(sort, offset, cursor))
    ids = [k[0] for k in keys[:limit]]
    have = rows.get_many(ids)
    missing = [i for i in ids if i not in have]
    if missing:
        found = (find_rows or sq.event_list_rows)(store, missing)
        write = _row_writer(pack, escape).row
        built = {i: write(found[i]) for i in missing if i in found}
        rows.put_many(built)
        have.update(built)
    next_cursor = None
    if len(keys) > limit:
        next_cursor = encode_cursor(sort, keys[limit - 1][1], keys[limit - 1][0])
    total = (counted if total is None else total) or 0
    head = page_json({"total": total, "limit": limit, "offset": offset,
                      "next_cursor": next_cursor})
    if escape is not None:
        head = escape(head)
    events = ",".join(have[i] for i in ids if i in have)
    return f'{head[:-1]},"events":[{events}]}}', total


def events_geojson(store: Store, *, sort: str = "date", limit: int = DEFAULT_PAGE,
                   offset: int = 0, cursor: str | None = None, **filters: Any) -> dict[str, Any]:
    """A page of events as a GeoJSON FeatureCollection (the export's features; events
    without coordinates are left out) with ``total``, ``limit``, ``offset`` and
    ``next_cursor`` (as for :func:`events_page`)."""
    pack = display_pack(store)
    found, total, next_cursor = _select(store, pack, filters, sort, limit, offset, cursor)
    features = [f for bundle in store.event_bundles(found)
                if (f := geojson_feature(*bundle, pack)) is not None]
    return {"type": "FeatureCollection", "features": features,
            "total": total, "limit": limit, "offset": offset, "next_cursor": next_cursor}


def write_events_csv(store: Store, fh: TextIO, *, sort: str = "date", limit: int = DEFAULT_PAGE,
                     offset: int = 0, cursor: str | None = None, **filters: Any) -> int:
    """A page of events as ACLED CSV (the export's rows and columns); returns the rows."""
    pack = display_pack(store)
    found, _, _ = _select(store, pack, filters, sort, limit, offset, cursor)
    writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for bundle in store.event_bundles(found):
        writer.writerow(acled_row(*bundle, pack))
    return len(found)


class _Page:
    """A page of selected events seen as a store by the file exports (which read
    ``iter_events`` and ``event_bundles``): the API's filters, sort and page, written by
    the CLI's own Parquet and GeoPackage writers."""

    def __init__(self, store: Store, events: list[Event]):
        self._store, self._events = store, events

    def iter_events(self, **_filters: Any) -> Iterator[list[Event]]:
        yield self._events

    def event_bundles(self, events: Sequence[Event]):
        return self._store.event_bundles(events)


#: the file formats of a page of events: (media type, file suffix)
FILE_FORMATS = {"parquet": ("application/vnd.apache.parquet", ".parquet"),
                "gpkg": ("application/geopackage+sqlite3", ".gpkg")}


def events_file(store: Store, format: str, *, sort: str = "date", limit: int = DEFAULT_PAGE,
                offset: int = 0, cursor: str | None = None, **filters: Any) -> bytes:
    """A page of events as the bytes of a file of ``format``: ``parquet`` (the ACLED
    CSV's rows and columns, typed; :func:`marsad.export.write_parquet`) or ``gpkg`` (a
    GeoPackage layer ``events`` of the events with coordinates;
    :func:`marsad.export.write_gpkg`). Each needs its extra (``parquet``, ``gpkg``)."""
    from .export.gpkg import write_gpkg
    from .export.parquet import write_parquet
    if format not in FILE_FORMATS:
        raise InvalidArgument(f"{format!r}: use {', '.join(FILE_FORMATS)}", param="format")
    pack = display_pack(store)
    found, _, _ = _select(store, pack, filters, sort, limit, offset, cursor)
    writer = write_parquet if format == "parquet" else write_gpkg
    with tempfile.TemporaryDirectory(prefix="marsad-export-") as tmp:
        path = Path(tmp) / f"events{FILE_FORMATS[format][1]}"
        # the filters chose the page: every event of it is written
        writer(_Page(store, found), path, pack=pack, include_unasserted=True)
        return path.read_bytes()


#: the most points one map request returns
MAX_MAP = 200_000


def map_points(store: Store, *, limit: int = MAX_MAP, **filters: Any) -> dict[str, Any]:
    """The selected events with coordinates as a compact GeoJSON FeatureCollection for a
    map: per point only the id, type, sub-type, fatalities, geo precision, dates, status,
    the number of outlets and contradictions and the place name (the dossier has the rest); ``truncated``
    says when ``limit`` cut it."""
    if not 1 <= limit <= MAX_MAP:
        raise InvalidArgument(f"{limit}: must be 1 to {MAX_MAP}", param="limit")
    rows = sq.map_points(store, event_filter(display_pack(store), **filters), limit=limit + 1)
    features = [{"type": "Feature", "id": r[0],
                 "geometry": {"type": "Point", "coordinates": [r[1], r[2]]},
                 "properties": {"event_type": r[3], "sub_event_type": r[4], "fatalities": r[5],
                                "geo_precision": r[6],
                                "date_start": r[7].isoformat() if r[7] else None,
                                "date_end": r[8].isoformat() if r[8] else None,
                                "status": r[9], "outlets": r[10], "contradictions": r[11],
                                "place": r[12]}}
                for r in rows[:limit]]
    return {"type": "FeatureCollection", "features": features, "truncated": len(rows) > limit}


def _json_scalar(value: Any) -> str:
    """A JSON number, string, date (ISO string) or null, as ``json.dumps`` writes it."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "null"
        return float.__repr__(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return _encode_string(value.isoformat())
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def map_points_json(store: Store, *, limit: int = MAX_MAP, **filters: Any) -> str:
    """:func:`map_points` written as JSON text (the same document once parsed), row by row
    from the narrow rows: a map of 200,000 points never builds 200,000 nested dicts for
    ``json.dumps`` to walk, which cost most of such a request's time."""
    if not 1 <= limit <= MAX_MAP:
        raise InvalidArgument(f"{limit}: must be 1 to {MAX_MAP}", param="limit")
    rows = sq.map_points(store, event_filter(display_pack(store), **filters), limit=limit + 1)
    j = _json_scalar
    parts = ['{"type":"FeatureCollection","features":[']
    parts.append(",".join(
        f'{{"type":"Feature","id":{j(r[0])},"geometry":{{"type":"Point","coordinates":'
        f'[{j(r[1])},{j(r[2])}]}},"properties":{{"event_type":{j(r[3])},'
        f'"sub_event_type":{j(r[4])},"fatalities":{j(r[5])},"geo_precision":{j(r[6])},'
        f'"date_start":{j(r[7])},"date_end":{j(r[8])},"status":{j(r[9])},'
        f'"outlets":{j(r[10])},"contradictions":{j(r[11])},"place":{j(r[12])}}}}}'
        for r in rows[:limit]))
    parts.append(f'],"truncated":{"true" if len(rows) > limit else "false"}}}')
    return "".join(parts)


#: grid cells a map_grid request may ask for (degrees)
MAP_CELLS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)


def map_grid(store: Store, *, cell: float = 0.1, **filters: Any) -> dict[str, Any]:
    """The selected events with coordinates counted per grid cell of ``cell`` degrees (one
    of :data:`MAP_CELLS`), as GeoJSON points at the mean position of each cell's events:
    ``events``, ``by_type`` (events per type), ``fatalities``, ``disputed``. A zoomed-out
    map draws these instead of every event (100,000 events are a few hundred cells)."""
    if cell not in MAP_CELLS:
        raise InvalidArgument(f"{cell}: use one of {', '.join(map(str, MAP_CELLS))}", param="cell")
    cells: dict[tuple[Any, Any], dict[str, Any]] = {}
    for gx, gy, event_type, n, fat, lon, lat, disputed in sq.map_grid(
            store, event_filter(display_pack(store), **filters), cell):
        c = cells.setdefault((gx, gy), {"events": 0, "by_type": {}, "fatalities": 0,
                                        "disputed": 0, "lon": 0.0, "lat": 0.0})
        c["events"] += n
        c["by_type"][event_type or ""] = n
        c["fatalities"] += int(fat or 0)
        c["disputed"] += int(disputed or 0)
        c["lon"] += lon * n
        c["lat"] += lat * n
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [round(c["lon"] / c["events"], 5),
                                                               round(c["lat"] / c["events"], 5)]},
                 "properties": {"events": c["events"], "by_type": c["by_type"],
                                "fatalities": c["fatalities"], "disputed": c["disputed"]}}
                for _, c in sorted(cells.items())]
    return {"type": "FeatureCollection", "cell": cell, "features": features,
            "events": sum(c["events"] for c in cells.values())}


def outlet_camps(event: Event, articles: Sequence[Article] = ()) -> dict[str, str]:
    """Each outlet reporting the event and its camp in the conflict (the outlet alignment's
    camp as the linker scored it: government, opposition, independent, ...; "unknown"
    for an outlet the theater pack does not profile)."""
    known = event.credibility.camps if event.credibility else {}
    outlets = list(event.outlets) or sorted({a.outlet for a in articles if a.outlet})
    return {o: known.get(o) or "unknown" for o in outlets}


def camps_per_event(store: Store, *, limit: int = 200, **filters: Any) -> dict[str, Any]:
    """For the selected events reported by at least ``min_outlets`` outlets (2 unless a
    filter says otherwise), most outlets first (among the first 5,000 by date): how many
    outlets of each camp report each."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidArgument(f"{limit}: must be 1 to {MAX_PAGE}", param="limit")
    filters.setdefault("min_outlets", 2)
    if filters["min_outlets"] is None:
        filters["min_outlets"] = 2
    pack = display_pack(store)
    ids = sq.iter_event_ids(store, event_filter(pack, **filters), sort="date")
    found = store.events_by_id(ids[:5000])
    arts = _articles_of(store, found)
    rows: list[dict[str, Any]] = []
    for e in found:
        camps = outlet_camps(e, [arts[a] for a in e.articles if a in arts])
        counts: dict[str, int] = defaultdict(int)
        for camp in camps.values():
            counts[camp] += 1
        rows.append({"id": e.id, "date": format_date(e.date), "event_type": e.event_type,
                     "place": e.place.name if e.place else None, "outlets": len(camps),
                     "camps": dict(sorted(counts.items())), "status": e.status})
    rows.sort(key=lambda r: (-r["outlets"], r["date"] or "", r["id"]))
    return {"total": len(rows), "events": rows[:limit]}


# --- one event -------------------------------------------------------------------------

def find_event(store: Store, event_id: str) -> Event:
    """The event with this id, its ACLED ``event_id_cnty`` ("SYR0868298808"), or the only
    one whose id starts with it."""
    event = store.get_event(event_id)
    if event is not None:
        return event
    prefix = event_id_prefix(event_id)
    matches = store.find_event_ids(prefix if prefix is not None else event_id)
    if len(matches) != 1:
        hint = f" (matches: {', '.join(matches)})" if matches else ""
        raise NotFoundError(f"no single event with id {event_id!r}{hint}")
    event = store.get_event(matches[0])
    if event is None:   # deleted since find_event_ids found it
        raise NotFoundError(f"no event with id {matches[0]!r}")
    return event


def _article_ref(a: Article | None) -> dict[str, Any]:
    if a is None:
        return {}
    return {"article_id": a.id, "outlet": a.outlet, "title": a.title,
            "published": a.published.isoformat() if a.published else None, "url": a.url}


def _mention_view(m: EventMention, article: Article | None) -> dict[str, Any]:
    place = m.place
    return {"id": m.id, **_article_ref(article), "article_id": m.article_id,
            "sentence": m.text, "sentence_index": m.sentence, "start": m.start, "end": m.end,
            "event_type": m.event_type, "sub_event_type": m.sub_event_type,
            "modality": m.modality, "background": m.background, "held_back": m.held_back,
            "place": place.name if place else None, "place_text": m.place_text,
            "lat": place.lat if place else None, "lon": place.lon if place else None,
            "geo_precision": m.geo_precision, "date": format_date(m.date),
            "fatalities": format_fatalities(m.fatalities), "actor1": m.actor1,
            "actor2": m.actor2, "claims": list(m.claims)}


def _claim_view(c: Claim, mention: EventMention | None, article: Article | None) -> dict[str, Any]:
    return {**c.to_dict(), "outlet": article.outlet if article else None,
            "sentence": mention.text if mention else None}


def _spread(event: Event) -> dict[str, list[dict[str, Any]]]:
    """Each field's versions: the value each source gives, with its stance and sentence."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, entries in (event.versions or {}).items():
        out[name] = [{
            "value": e.get("value"), "outlet": e.get("outlet"), "source": e.get("source"),
            "source_kind": e.get("source_kind"), "stance": e.get("stance"),
            "modality": e.get("modality"), "background": e.get("background"),
            "mention_id": e.get("mention_id"), "article_id": e.get("article_id"),
            "count": e.get("count", 1),
            "sentence": version_sentence(event.version_sentences, dict(e)),
        } for e in entries]
    return out


def event_dossier(store: Store, event_id: str) -> dict[str, Any]:
    """One event with everything behind it: the consensus fields, the spread of each field
    across sources, contradictions, every claim (source, stance, sentence), each mention's
    sentence and coding, the articles, and a cited summary."""
    event = find_event(store, event_id)
    ((_, mentions, articles, claims),) = store.event_bundles([event])
    pack = display_pack(store)
    by_article = {a.id: a for a in articles}
    by_mention = {m.id: m for m in mentions}
    place = event.place
    return {
        "event": {**event_row(event, articles, pack),
                  "date_range": event.date_range.to_dict() if event.date_range else None,
                  "outlet_names": list(event.outlets), "sub_event_types": event.sub_event_types,
                  "fatalities_qualifier": event.fatalities.qualifier,
                  "place_level": place.level if place else None,
                  "admin2": place.admin2 if place else None,
                  "linking": event.linking,
                  "credibility_reasons": event.credibility.reasons if event.credibility else [],
                  "outlet_camps": outlet_camps(event, articles),
                  "denied": bool(event.credibility and event.credibility.denied),
                  "versions_dropped": event.versions_dropped},
        "acled": acled_row(event, mentions, articles, claims, pack),
        "spread": _spread(event),
        "contradictions": list(event.contradictions),
        "claims": [_claim_view(c, by_mention.get(c.event_mention or ""), by_article.get(c.article_id))
                   for c in claims],
        "mentions": [_mention_view(m, by_article.get(m.article_id)) for m in mentions],
        "articles": [_article_ref(a) for a in articles],
        "summary": asdict(summarize_event(event)),
    }


# --- articles --------------------------------------------------------------------------

def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """An article's text with the character offsets of its sentences, mentions (actors,
    places, dates, ...), event mentions and claims, and its relevance decision."""
    a = store.get_article(article_id)
    return {
        "id": a.id, "title": a.title, "outlet": a.outlet,
        "published": a.published.isoformat() if a.published else None, "url": a.url,
        "language": a.language, "text": a.text,
        "relevance": a.relevance.to_dict() if a.relevance else None,
        "sentences": [{"index": s.index, "start": s.start, "end": s.end} for s in a.sentences],
        "mentions": [{"kind": m.kind, "text": m.text, "start": m.start, "end": m.end,
                      "sentence": m.sentence, "norm": m.norm} for m in a.mentions],
        "events": [{"id": m.id, "event_id": m.event_id, "start": m.start, "end": m.end,
                    "sentence": m.sentence, "sub_event_type": m.sub_event_type,
                    "modality": m.modality, "background": m.background,
                    "held_back": m.held_back, "place": m.place.name if m.place else None,
                    "date": format_date(m.date)} for m in a.events],
        "claims": [c.to_dict() for c in a.claims],
    }


# --- lists and aggregates --------------------------------------------------------------

def actors(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Actors of the selected events with their side, ACLED inter code and event count."""
    pack = display_pack(store)
    counts = sq.actor_counts(store, event_filter(pack, **filters))
    out = []
    for actor_id, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        known = pack.actor(actor_id) if pack is not None else None
        out.append({"id": actor_id, "name": actor_name(actor_id, pack),
                    "side": known.side if known else None, "inter": known.inter if known else None,
                    "known": known is not None, "events": n})
    return out


def places(store: Store, *, limit: int | None = None, **filters: Any) -> list[dict[str, Any]]:
    """Places of the selected events with coordinates and event counts, most events first."""
    return sq.place_counts(store, event_filter(display_pack(store), **filters), limit=limit)


def contradictions(store: Store, *, limit: int = DEFAULT_PAGE, offset: int = 0,
                   **filters: Any) -> dict[str, Any]:
    """The selected events where sources contradict each other, each with its
    contradictions (field, kind, the sides with source, stance and sentence)."""
    filters["has_contradiction"] = True
    filters.setdefault("include_held_back", True)
    pack = display_pack(store)
    found, total, _ = _select(store, pack, filters, "date", limit, offset)
    arts = _articles_of(store, found)
    return {"total": total, "limit": limit, "offset": offset, "events": [
        {**event_row(e, [arts[a] for a in e.articles if a in arts], pack),
         "items": list(e.contradictions)} for e in found]}


def _bucket_start(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _bucket_end(start: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return start + dt.timedelta(days=6)
    if bucket == "month":
        nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return nxt - dt.timedelta(days=1)
    return start


def timeline(store: Store, *, bucket: str = "day", **filters: Any) -> dict[str, Any]:
    """Selected events per day, week (Monday first) or month, by start date: events by
    type, how many are dated only to a window (``ranged``), fatalities with the low/high
    band, and the latest end date of the bucket's events; undated events are counted apart."""
    if bucket not in BUCKETS:
        raise InvalidArgument(f"{bucket!r}; use {', '.join(BUCKETS)}", param="bucket")
    rows = sq.day_counts(store, event_filter(display_pack(store), **filters))
    buckets: dict[dt.date, dict[str, Any]] = {}
    latest: dict[dt.date, dt.date] = {}   # bucket -> latest end date (ISO text at the end)
    undated = 0
    for r in rows:
        day, n = r["day"], r["events"]
        if day is None:
            undated += n
            continue
        start = _bucket_start(day, bucket)
        b = buckets.get(start)
        if b is None:   # one day per row, many rows per week or month: build each once
            b = buckets[start] = {
                "start": start.isoformat(), "end": _bucket_end(start, bucket).isoformat(),
                "events": 0, "by_type": defaultdict(int), "ranged": 0, "fatalities": 0,
                "fatalities_low": 0, "fatalities_high": 0, "latest_end": None}
        b["events"] += n
        b["by_type"][r["event_type"]] += n
        b["ranged"] += int(r["ranged"] or 0)
        b["fatalities"] += int(r["fatalities"] or 0)
        b["fatalities_low"] += int(r["fatalities_low"] or 0)
        b["fatalities_high"] += int(r["fatalities_high"] or 0)
        last = r["last_end"]
        if last is not None and (start not in latest or last > latest[start]):
            latest[start] = last
    for start, last in latest.items():
        buckets[start]["latest_end"] = last.isoformat()
    out = [{**b, "by_type": dict(sorted(b["by_type"].items()))}
           for _, b in sorted(buckets.items())]
    return {"bucket": bucket, "buckets": out, "undated": undated}


def search(store: Store, q: str, *, limit: int = 50) -> dict[str, Any]:
    """Events (place, actor, type or any of their sentences) and articles (title, outlet,
    text) containing ``q``, case-insensitive."""
    text = (q or "").strip()
    if len(text) < MIN_SEARCH:
        raise InvalidArgument(f"give at least {MIN_SEARCH} characters to search for", param="q")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidArgument(f"{limit}: must be 1 to {MAX_PAGE}", param="limit")
    pack = display_pack(store)
    needles = actor_needles(pack, text)
    ids = list(dict.fromkeys(
        sq.search_event_ids(store, text, limit=limit)
        + [e.id for e in sq.find_events(store, sq.EventFilter(actors=needles[1:]), limit=limit,
                                        count=False)[0] if len(needles) > 1]))[:limit]
    found, _ = sq.find_events(store, sq.EventFilter(ids=tuple(ids)), limit=None, count=False)
    arts = _articles_of(store, found)
    articles = [{**r, "published": r["published"].isoformat() if r["published"] else None}
                for r in sq.search_articles(store, text, limit=limit)]
    return {"q": text,
            "events": [event_row(e, [arts[a] for a in e.articles if a in arts], pack) for e in found],
            "articles": articles}


def stats(store: Store) -> dict[str, Any]:
    """What the store holds: rows per table, events by type and status, the date span,
    contradicted events, articles per outlet, the theater."""
    everything = sq.EventFilter()
    first, last = sq.date_span(store, everything)
    return {
        "theater": store.get_setting("theater") or "syria",
        "tables": store.stats(),
        "events_by_type": {t or "": n for t, n in sq.count_by(store, everything, "event_type")},
        "events_by_status": {s or "none": n for s, n in sq.count_by(store, everything, "status")},
        "record_events": sq.find_events(store, sq.EventFilter(record_only=True), limit=0)[1],
        "contradicted_events": sq.find_events(store, sq.EventFilter(has_contradiction=True),
                                              limit=0)[1],
        "first_date": first.isoformat() if first else None,
        "last_date": last.isoformat() if last else None,
        "outlets": [{"outlet": o, "articles": n} for o, n in sq.outlet_counts(store)],
    }


# --- notebooks -------------------------------------------------------------------------

def _bundles(store: Store, ids: list[str], batch: int = 500) -> Iterator[tuple]:
    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        by_id = {e.id: e for e in store.events_by_id(chunk)}
        yield from store.event_bundles([by_id[x] for x in chunk if x in by_id])


def read_events(db: str | os.PathLike | Store = "marsad.db", *, sort: str = "date",
                **filters: Any):
    """The selected events as an ACLED-shaped pandas DataFrame (ACLED's columns, then
    ``event_id``, ``status``, ``outlets``, ``contradictions``), or a geopandas
    GeoDataFrame (points, EPSG:4326; an event without coordinates has no geometry: None)
    when geopandas is installed. ``db``: a SQLite path, a SQLAlchemy URL or an open store.
    Filters as in :func:`events_page`."""
    if isinstance(db, Store):
        return _read_events(db, sort, filters)
    if "://" not in str(db) and not os.path.exists(db):
        raise NotFoundError(f"no store at {db}")
    with Store(db, create=False) as store:
        return _read_events(store, sort, filters)


def _read_events(store: Store, sort: str, filters: dict[str, Any]):
    pack = display_pack(store)
    _page_args(sort, 1, 0)
    ids = sq.iter_event_ids(store, event_filter(pack, **filters), sort=sort)
    rows = []
    for event, mentions, articles, claims in _bundles(store, ids):
        rows.append({**acled_row(event, mentions, articles, claims, pack), "event_id": event.id,
                     "status": event.status,
                     "outlets": len(event.outlets) or len({a.outlet for a in articles if a.outlet}),
                     "contradictions": len(event.contradictions)})
    frame = acled_frame(rows, extra=("event_id", "status", "outlets", "contradictions"))
    try:
        import geopandas as gpd  # optional: not a marsad dependency
    except ImportError:
        return frame
    lon, lat = frame["longitude"], frame["latitude"]
    placed = (lon.notna() & lat.notna()).to_numpy()
    points = gpd.points_from_xy(lon.to_numpy(float, na_value=math.nan),
                                lat.to_numpy(float, na_value=math.nan))
    points[~placed] = None   # an unknown place is a missing geometry, not POINT (NaN NaN)
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


__all__ = ["BUCKETS", "DEFAULT_PAGE", "FILTERS", "MAP_CELLS", "MAX_MAP", "MAX_PAGE", "STATUSES",
           "actor_needles", "actors", "article_view", "camps_per_event", "count_events",
           "decode_cursor", "encode_cursor", "events_file", "FILE_FORMATS", "map_grid", "outlet_camps", "contradictions", "event_dossier", "event_filter",
           "event_row", "events_geojson", "events_page", "find_event", "map_points", "map_points_json", "places",
           "read_events",
           "search", "stats", "timeline", "write_events_csv"]
