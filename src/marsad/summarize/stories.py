"""Stories: chains of linked events (same area, overlapping windows, shared actors).

The Aleppo offensive of August 2016 is one story: dozens of battles and strikes in the
Aleppo governorate over weeks, fought by the same actors. Events chain into a story when
they are in the same area (governorate, or within ``radius_km``), their date windows are
at most ``max_gap_days`` apart, and they share an actor.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..link.textutil import haversine_km
from ..model import Event, stable_id


@dataclass
class Story:
    id: str
    events: list[str]
    start: dt.date | None
    end: dt.date | None
    area: str | None
    actors: list[str] = field(default_factory=list)
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = self.start.isoformat() if self.start else None
        d["end"] = self.end.isoformat() if self.end else None
        return d


def _area(e: Event) -> str | None:
    if e.place is None:
        return None
    return e.place.admin1 or e.place.name


def _actors(e: Event) -> set[str]:
    return {a for a in (e.actor1, e.actor2) if a and not a.startswith("civilian")}


def find_stories(events: Iterable[Event], *, max_gap_days: int = 3, radius_km: float = 60.0,
                 min_events: int = 2) -> list[Story]:
    """Group dated events into stories (deterministic; events in no story are left out)."""
    dated = sorted((e for e in events if e.date.start and _area(e)),
                   key=lambda e: (e.date.start, e.id))
    parent = {e.id: e.id for e in dated}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_area: dict[str, list[Event]] = defaultdict(list)
    for e in dated:
        by_area[_area(e)].append(e)
    for area_events in by_area.values():
        active: list[Event] = []
        for e in area_events:
            start = e.date.start.toordinal()
            active = [a for a in active
                      if (a.date.end or a.date.start).toordinal() + max_gap_days >= start]
            for a in active:
                if not (_actors(a) & _actors(e)):
                    continue
                if a.place and e.place and None not in (a.place.lat, e.place.lat) and \
                        haversine_km(a.place.lat, a.place.lon, e.place.lat, e.place.lon) > radius_km:
                    continue
                ra, re_ = find(a.id), find(e.id)
                if ra != re_:
                    parent[max(ra, re_)] = min(ra, re_)
            active.append(e)
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in dated:
        groups[find(e.id)].append(e)
    stories = []
    for members in groups.values():
        if len(members) < min_events:
            continue
        actors = Counter(a for e in members for a in _actors(e))
        area = Counter(_area(e) for e in members).most_common(1)[0][0]
        start = min(e.date.start for e in members)
        end = max(e.date.end or e.date.start for e in members)
        story = Story(id=stable_id("story", min(e.id for e in members)),
                      events=[e.id for e in members], start=start, end=end, area=area,
                      actors=[a for a, _ in sorted(actors.items(), key=lambda t: (-t[1], t[0]))])
        story.title = f"{area}, {start.isoformat()} to {end.isoformat()}: {len(members)} events"
        stories.append(story)
    stories.sort(key=lambda s: (s.start, s.id))
    return stories
