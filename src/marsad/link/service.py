"""Store-level operations: link unlinked mentions, list contradictions, score articles."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from ..model import Event, stable_id
from .credibility import ReferenceEvents, article_credibility
from .linker import Linker
from .persist import save_linked

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
    linker = Linker(pack, **thresholds)
    index_unblocked_events(store, linker)
    # only events sharing a blocking key with a new mention can pair with it (the
    # linker's buckets): look them up by key, so a batch costs what it touches, not the
    # size of the store
    blocks = {k for m in mentions for k in linker.block_keys(m)}
    # an undated event that gathered ``max_undated_articles`` articles takes no more
    existing = {e.id: e for e in store.events_by_id(store.event_ids_in_blocks(blocks))
                if e.date.start is not None or len(e.articles) < linker.max_undated_articles}
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
    save_linked(store, events, wanted, blocks=_changed_blocks(linker, events))
    report.linked = sum(1 for e in events for m in e.mentions if m in wanted)
    report.events_created = sum(1 for e in events if e.id not in existing)
    report.events_updated = len(events) - report.events_created
    report.seconds = time.perf_counter() - t0
    log.info("link: %s", report)
    return report


def _changed_blocks(linker: Linker, events: list[Event]) -> dict[str, list[str]]:
    """Blocking keys of the events whose keys changed (a grown event mostly keeps its
    week and place); each event keeps a hash of its keys in ``attrs["block_sig"]``."""
    out = {}
    for e in events:
        keys = linker.block_keys(e)
        sig = stable_id(*keys) if keys else "none"
        if e.attrs.get("block_sig") != sig:
            e.attrs["block_sig"] = sig
            out[e.id] = keys
    return out


def index_unblocked_events(store, linker: Linker) -> int:
    """Index the blocking keys of events that have none (stored before the index existed,
    or re-saved outside the linker); returns how many."""
    events = store.unblocked_events()
    if events:
        store.set_event_blocks({e.id: linker.block_keys(e) for e in events})
    return len(events)


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
