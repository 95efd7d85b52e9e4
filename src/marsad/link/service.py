"""Store-level operations: link unlinked mentions, list contradictions, score articles."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from ..model import Event
from .credibility import ReferenceEvents, article_credibility
from .linker import Linker
from .persist import open_undated_events, save_linked

log = logging.getLogger(__name__)


@dataclass
class LinkReport:
    mentions: int = 0            # unlinked mentions considered
    linked: int = 0              # of them, now part of an event
    events_created: int = 0
    events_updated: int = 0
    candidates: int = 0          # existing events loaded as candidates
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return (f"{self.mentions} mentions: {self.linked} linked, {self.events_created} new "
                f"events, {self.events_updated} events grew ({self.seconds:.2f}s)")


#: how far before a mention an event it can join may lie: background references look back
#: 30 days, plus a day's slack each side
_REACH = dt.timedelta(days=35)
_MAX_WINDOWS = 32   # date-range queries per batch at most (the closest windows merge)


def date_windows(mentions, reach: dt.timedelta = _REACH,
                 max_windows: int = _MAX_WINDOWS) -> list[tuple[dt.date, dt.date]]:
    """The date ranges that hold every event the dated mentions can be linked to: each
    mention's window widened by ``reach``, overlapping ones merged; past ``max_windows``
    the windows with the smallest gaps between them merge (a superset, never less)."""
    spans = sorted((m.date.start - reach, (m.date.end or m.date.start) + reach)
                   for m in mentions if m.date.start)
    merged: list[list[dt.date]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    if len(merged) > max_windows:
        gaps = sorted(range(len(merged) - 1),
                      key=lambda i: (merged[i + 1][0] - merged[i][1], i))
        splits = set(gaps[len(gaps) - (max_windows - 1):]) if max_windows > 1 else set()
        out = [merged[0]]
        for i in range(1, len(merged)):
            if i - 1 in splits:
                out.append(merged[i])
            else:
                out[-1] = [out[-1][0], max(out[-1][1], merged[i][1])]
        merged = out
    return [(lo, hi) for lo, hi in merged]


def _outlets(store, article_ids) -> dict[str, str | None]:
    return {a.id: a.outlet for a in store.articles(sorted(set(article_ids)), with_text=False)}


def link_store(store, pack, *, rebuild: bool = False, **thresholds) -> LinkReport:
    """Link the store's unlinked mentions into new or existing events and save them.

    ``rebuild=True`` deletes every event first and links all mentions from scratch.
    """
    t0 = time.perf_counter()
    if rebuild:
        store.delete_events([e.id for e in store.events()])
    mentions = store.event_mentions(unlinked=True)
    report = LinkReport(mentions=len(mentions))
    if not mentions:
        report.seconds = time.perf_counter() - t0
        return report
    existing: dict[str, Event] = {}
    for lo, hi in date_windows(mentions):
        for e in store.events_overlapping(lo, hi):
            existing[e.id] = e
    linker = Linker(pack, **thresholds)
    if any(m.date.start is None for m in mentions):
        for e in open_undated_events(store, linker.max_undated_articles):
            existing[e.id] = e
    report.candidates = len(existing)
    unversioned = [e for e in existing.values() if not e.attrs.get("versions")]
    old_mentions: dict[str, list] = defaultdict(list)
    if unversioned:
        for m in store.event_mentions(event_ids=[e.id for e in unversioned]):
            old_mentions[m.event_id].append(m)
    all_mentions = mentions + [m for ms in old_mentions.values() for m in ms]
    claims = store.claims_for([m.id for m in all_mentions])
    outlets = _outlets(store, {m.article_id for m in all_mentions})
    events = linker.link(mentions, list(existing.values()),
                         mentions_of=lambda eid: old_mentions.get(eid, []),
                         outlets=outlets, claims=claims)
    wanted = {m.id for m in mentions}
    save_linked(store, events, wanted)
    report.linked = sum(1 for e in events for m in e.mentions if m in wanted)
    report.events_created = sum(1 for e in events if e.id not in existing)
    report.events_updated = len(events) - report.events_created
    report.seconds = time.perf_counter() - t0
    log.info("link: %s", report)
    return report


def contradictions(store, **filters) -> list[dict]:
    """Every contradiction recorded on the store's events, ordered by event date."""
    out = []
    for e in store.events(**filters):
        for c in e.attrs.get("contradictions", []):
            out.append({**c, "event_id": e.id, "sub_event_type": e.sub_event_type,
                        "date": e.date.start.isoformat() if e.date.start else None,
                        "place": e.place.name if e.place else None})
    return out


def store_article_credibility(store, article_ids=None, *,
                              reference: ReferenceEvents | None = None) -> list[dict]:
    """Credibility of stored articles (all when ``article_ids`` is None)."""
    articles = store.articles(article_ids, with_text=False) if article_ids is not None \
        else store.articles(with_text=False)
    ids = [a.id for a in articles]
    mentions = store.event_mentions(article_ids=ids) if ids else []
    by_article = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    event_ids = sorted({m.event_id for m in mentions if m.event_id})
    events = {eid: e for eid in event_ids if (e := store.get_event(eid)) is not None}
    return [{**article_credibility(a.id, by_article[a.id], events, outlet=a.outlet,
                                   reference=reference),
             "outlet": a.outlet, "title": a.title}
            for a in articles]
