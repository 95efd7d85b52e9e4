"""A timeline of events ordered by date, with the uncertainty of each date visible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from ..model import Event

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


def when(event: Event) -> str:
    """The date as a reader should see it: exact, a window, or unknown."""
    d = event.date
    if d.start is None:
        return "date unknown"
    end = d.end or d.start
    approx = " (approx., relative to publication)" if d.relative else ""
    if d.precision == "day" and end == d.start:
        return d.start.isoformat() + approx
    if d.precision == "month":
        return d.start.strftime("%B %Y") + approx
    if d.precision == "year":
        return d.start.strftime("%Y") + approx
    return f"between {d.start.isoformat()} and {end.isoformat()}{approx}"


def timeline_rows(events: Iterable[Event], *, start: dt.date | None = None,
                  end: dt.date | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for e in events:
        d = e.date
        if start and (d.start is None or (d.end or d.start) < start):
            continue
        if end and (d.start is None or d.start > end):
            continue
        rows.append({
            "event_id": e.id,
            "start": d.start.isoformat() if d.start else None,
            "end": (d.end or d.start).isoformat() if d.start else None,
            "precision": d.precision,
            "window_days": ((d.end or d.start) - d.start).days + 1 if d.start else None,
            "when": when(e),
            "sources_date_range": ([e.date_range.start, e.date_range.end]
                                   if e.date_range else None),
            "event_type": e.event_type,
            "sub_event_type": e.sub_event_type,
            "place": e.place.name if e.place else None,
            "actor1": e.actor1, "actor2": e.actor2,
            "fatalities": e.fatalities.best,
            "fatalities_range": [e.fatalities.low, e.fatalities.high],
            "outlets": len(e.outlets),
            "articles": len(e.articles),
            "status": e.status,
            "contradictions": len(e.contradictions),
        })
    rows.sort(key=lambda r: (r["start"] is None, r["start"] or "",
                             _PRECISION_RANK.get(r["precision"], 4), r["event_id"]))
    return rows


def timeline(store_or_events, *, start: dt.date | None = None,
             end: dt.date | None = None) -> list[dict[str, Any]]:
    """Rows ordered by date (unknown dates last); accepts a Store or a list of events."""
    events = store_or_events.events() if hasattr(store_or_events, "events_overlapping") \
        else store_or_events
    return timeline_rows(events, start=start, end=end)
