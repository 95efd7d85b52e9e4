"""Stories: chains of linked events (same area, overlapping windows, shared actors).

The Aleppo offensive of August 2016 is one story: dozens of battles and strikes in the
Aleppo governorate over weeks, fought by the same actors. Events chain into a story when
they are in the same area (governorate, or within ``radius_km``), their date windows are
at most ``max_gap_days`` apart, and they share an actor.

Events without any date (articles without a publication date) chain among themselves:
same area and the same two camps fighting (``side_of`` maps an actor to its camp); an
event naming one camp joins the area's largest story of that camp. Such an undated story
then joins the one dated story of its area fought by the same camps, if there is exactly
one; otherwise it stays a story of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..core.geometry import haversine_km
from ..core.sides import NOT_CAMPS
from ..link.keys import outcomes_conflict
from ..link.reconcile import version_sentence
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


def _start(e: Event) -> dt.date:
    """A dated event's start (find_stories keeps the undated apart)."""
    assert e.date.start is not None, f"event {e.id} has no date"
    return e.date.start


def _camps(e: Event, side_of) -> frozenset[str]:
    camps = {side_of(a) if side_of else a for a in (e.actor1, e.actor2) if a}
    return frozenset(c for c in camps if c and c not in NOT_CAMPS)


def _undated_stories(events: list[Event], side_of, min_events: int) -> list[Story]:
    groups: dict[tuple, list[Event]] = defaultdict(list)
    single: list[tuple[Event, frozenset]] = []
    for e in sorted(events, key=lambda e: e.id):
        camps = _camps(e, side_of)
        if len(camps) == 2:
            groups[(_area(e), camps)].append(e)
        elif len(camps) == 1:
            single.append((e, camps))
    for e, camps in single:
        fits = [k for k in groups if k[0] == _area(e) and camps <= k[1]]
        if fits:
            best = max(fits, key=lambda k: (len(groups[k]), sorted(k[1])))
            groups[best].append(e)
    stories = []
    for (area, camps), members in sorted(groups.items(), key=lambda t: (t[0][0], sorted(t[0][1]))):
        if len(members) < min_events:
            continue
        actors = Counter(a for e in members for a in _actors(e))
        story = Story(id=stable_id("story", min(e.id for e in members)),
                      events=sorted(e.id for e in members), start=None, end=None, area=area,
                      actors=[a for a, _ in sorted(actors.items(), key=lambda t: (-t[1], t[0]))])
        story.title = (f"{area}: {' vs '.join(sorted(camps))}, dates unknown: "
                       f"{len(members)} events")
        stories.append(story)
    return stories


def story_contradictions(story: Story, events_by_id: dict[str, Event]) -> list[dict[str, Any]]:
    """Accounts of how the whole offensive went that name different winners ("offensive
    stalls" vs "broke the siege"), one per pair of articles."""
    entries: list[dict[str, Any]] = []
    for eid in story.events:
        e = events_by_id.get(eid)
        if e is None:
            continue
        for v in (e.versions or {}).get("outcome", []):
            if isinstance(v.get("value"), dict) and v["value"].get("campaign"):
                entries.append({**v, "_event": eid,
                                "_sentence": version_sentence(e.version_sentences, v)})
    entries.sort(key=lambda v: (v["article_id"], v["mention_id"]))
    out, seen = [], set()
    for i, a in enumerate(entries):
        for b in entries[i + 1:]:
            pair = tuple(sorted((a["article_id"], b["article_id"])))
            if a["article_id"] == b["article_id"] or pair in seen:
                continue
            if not outcomes_conflict(a["value"], b["value"]):
                continue
            seen.add(pair)
            out.append({"story_id": story.id, "event_id": None, "field": "outcome",
                        "kind": "incompatible outcomes of the offensive",
                        "sides": [_story_side(x) for x in (a, b)]})
    return out


def _story_side(v: dict) -> dict[str, Any]:
    return {"claim": v.get("claim"), "text": v["_sentence"], "stance": v.get("stance"),
            "source": v.get("source"), "outlet": v.get("outlet"),
            "article_id": v.get("article_id"), "mention_id": v.get("mention_id"),
            "event_id": v["_event"], "value": v.get("value")}


def find_stories(events: Iterable[Event], *, max_gap_days: int = 3, radius_km: float = 60.0,
                 min_events: int = 2, side_of=None) -> list[Story]:
    """Group events into stories (deterministic; events in no story are left out)."""
    events = list(events)
    undated = [e for e in events if e.date.start is None and _area(e)]
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
        area = _area(e)
        assert area is not None  # dated holds only events with an area
        by_area[area].append(e)
    for area_events in by_area.values():
        active: list[Event] = []
        for e in area_events:
            day = _start(e).toordinal()
            active = [a for a in active
                      if (a.date.end or _start(a)).toordinal() + max_gap_days >= day]
            for a in active:
                if not (_actors(a) & _actors(e)):
                    continue
                pa, pe = a.place, e.place
                if pa and pe and pa.lat is not None and pa.lon is not None and pe.lat is not None \
                        and pe.lon is not None and haversine_km(pa.lat, pa.lon, pe.lat, pe.lon) > radius_km:
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
        start = min(_start(e) for e in members)
        end = max(e.date.end or _start(e) for e in members)
        story = Story(id=stable_id("story", min(e.id for e in members)),
                      events=[e.id for e in members], start=start, end=end, area=area,
                      actors=[a for a, _ in sorted(actors.items(), key=lambda t: (-t[1], t[0]))])
        story.title = f"{area}, {start.isoformat()} to {end.isoformat()}: {len(members)} events"
        stories.append(story)
    stories.sort(key=lambda s: (s.start, s.id))
    return _attach_undated(stories, _undated_stories(undated, side_of, min_events),
                           {e.id: e for e in events}, side_of)


def _attach_undated(dated: list[Story], undated: list[Story], by_id: dict[str, Event],
                    side_of) -> list[Story]:
    """An undated story joins the one dated story of its area fought by the same camps
    (a corpus where one outlet dates its report and the others do not); with none or
    several such dated stories it stays on its own rather than guess."""
    def camps_of(story: Story) -> frozenset[str]:
        return frozenset().union(*(_camps(by_id[e], side_of) for e in story.events))

    dated_camps = {st.id: camps_of(st) for st in dated}
    alone = []
    for story in undated:
        camps = camps_of(story)
        fits = [st for st in dated if st.area == story.area and camps <= dated_camps[st.id]]
        if len(fits) != 1:
            alone.append(story)
            continue
        host = fits[0]
        assert host.start is not None and host.end is not None  # a dated story
        host.events = host.events + story.events
        host.actors = list(dict.fromkeys(host.actors + story.actors))
        host.title = (f"{host.area}, {host.start.isoformat()} to {host.end.isoformat()}: "
                      f"{len(host.events)} events ({len(story.events)} undated)")
    return dated + alone
