"""Store-level operations: link unlinked mentions, list contradictions, score articles."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from typing import Any

from ..model import Article, Claim, Event, EventMention, stable_id
from ..store import NotFoundError
from .credibility import ReferenceEvents, article_credibility
from .linker import Linker
from .neighbourhood import IndexRow, index_rows, neighbourhood
from .persist import replace_linked, write_linked

log = logging.getLogger(__name__)

_INDEX_BATCH = 5000   # mentions indexed per transaction


@dataclass
class LinkReport:
    mentions: int = 0            # unlinked mentions considered
    linked: int = 0              # of them, now part of an event
    events_created: int = 0
    events_updated: int = 0
    candidates: int = 0          # stored events re-linked (replaced) with the new mentions
    relinked: int = 0            # stored mentions re-linked with them (their neighbourhood)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return (f"{self.mentions} mentions: {self.linked} linked, {self.events_created} new "
                f"events, {self.events_updated} events grew ({self.seconds:.2f}s)")


@dataclass
class RecentArticles:
    """What linking reads of articles this process has just stored (their event mentions,
    claims and outlet), kept so :func:`link_store` need not read them back from the store.
    Only that is kept, not the articles' text."""

    mentions: dict[str, EventMention] = field(default_factory=dict)
    claims: dict[str, list[Claim]] = field(default_factory=dict)
    outlets: dict[str, str | None] = field(default_factory=dict)

    def add(self, article: Article) -> None:
        self.outlets[article.id] = article.outlet
        for m in article.events:
            if m.held_back is None:   # held-back mentions are never linked
                self.mentions[m.id] = m
        for c in article.claims:
            if c.event_mention:
                self.claims.setdefault(c.event_mention, []).append(c)

    def clear(self) -> None:
        self.mentions.clear()
        self.claims.clear()
        self.outlets.clear()

    def __len__(self) -> int:
        return len(self.outlets)


def _claims(store, mention_ids: Iterable[str], recent: RecentArticles | None) -> list[Claim]:
    wanted = set(mention_ids)
    known = recent.mentions.keys() if recent else set()
    out = [c for mid in sorted(wanted & known) for c in recent.claims.get(mid, ())] if recent else []
    rest = wanted - known
    return out + (store.claims_for(rest) if rest else [])


def _outlets(store, article_ids, recent: RecentArticles | None = None) -> dict[str, str | None]:
    known = recent.outlets if recent else {}
    out = {a: known[a] for a in article_ids if a in known}
    rest = sorted(set(article_ids) - set(out))
    if rest:
        out.update((a.id, a.outlet) for a in store.articles(rest, with_text=False))
    return out


def link_store(store, pack, *, rebuild: bool = False, recent: RecentArticles | None = None,
               **thresholds) -> LinkReport:
    """Link the store's unlinked mentions into new or existing events and save them.

    ``rebuild=True`` deletes every event first and links all mentions from scratch.
    ``recent``: what this process just stored, used instead of reading it back.

    The new mentions (those no link run has considered) are linked together with every
    stored mention they could cluster with (:func:`.neighbourhood.neighbourhood`), from
    scratch, and the events those held are replaced: the store's events are the ones a
    single batch over all its mentions gives, whatever the batches were. An event's id is
    ``stable_id("event", its smallest mention id)``, so a stored event keeps its id unless
    a new mention with a smaller id joins it.

    Under the store's ``"link"`` lock (several writers take turns; each links what is
    unlinked when its turn comes, so no mention is linked twice). Mentions a run left in no
    event are marked, and considered again only with mentions no run has seen: with
    nothing new, linking is a no-op (re-running on the same input changes nothing).
    """
    lock = getattr(store, "lock", None)

    def once() -> LinkReport:
        with lock("link") if lock is not None else nullcontext():
            return _link_store(store, pack, rebuild=rebuild, recent=recent, **thresholds)

    # a lost connection (or a SQLite file locked too long) mid-run: the run's writes are
    # whole transactions (an older store's index, then the events), so it runs again,
    # lock and all, after a pause; then one StoreError (``Store.retrying``)
    retrying = getattr(store, "retrying", None)
    return retrying(once) if retrying is not None else once()


def _link_store(store, pack, *, rebuild: bool, recent: RecentArticles | None,
                **thresholds) -> LinkReport:
    t0 = time.perf_counter()
    if rebuild:
        store.delete_events([e.id for e in store.events()])
        seeds = store.linkable_mention_ids()
    else:
        seeds = store.unchecked_mention_ids()
    report = LinkReport(mentions=len(seeds))
    if not seeds:   # nothing new to link: a no-op (re-running changes nothing)
        report.seconds = time.perf_counter() - t0
        return report
    linker = Linker(pack, **thresholds)
    # mentions and events other than the new mentions can lack their index rows only where
    # the store says so (an older store, events saved outside a link run): only then is the
    # whole store searched for them; otherwise the run reads what it links, not every row
    check = _index_check(store)
    if check is not None:
        index_unblocked_events(store, linker)
    unwritten = _index_mentions(store, linker, recent, seeds, whole=check is not None)
    # the stored mentions the neighbourhood reads to score pairs are kept for the link
    read: dict[str, EventMention] = {}

    def load(some: Iterable[str]) -> list[EventMention]:
        some = sorted(some)
        read.update((m.id, m) for m in _mentions(store, [i for i in some if i not in read],
                                                  recent))
        return [read[i] for i in some if i in read]

    # the stored mentions the new ones could cluster with, and theirs, and so on: linked
    # again from scratch, they group as one batch over everything would group them
    ids = neighbourhood(store, seeds, linker, load, unwritten=unwritten)
    mentions = [read[i] for i in sorted(ids) if i in read] + \
        _mentions(store, [i for i in ids if i not in read], recent)
    old = set(store.mention_event_ids(ids).values())
    report.candidates = len(old)
    report.relinked = len(ids) - len(seeds)
    claims = _claims(store, ids, recent)
    outlets = _outlets(store, {m.article_id for m in mentions}, recent)
    events = linker.link(mentions, [], outlets=outlets, claims=claims)
    linked = {m for e in events for m in e.mentions}
    replace_linked(store, events, ids, old_events=old - {e.id for e in events},
                   blocks=_changed_blocks(linker, events), checked=ids - linked,
                   mention_blocks=unwritten)
    if check:
        store.clear_link_index_check(check)
    new = set(seeds)
    report.linked = len(new & linked)
    report.events_created = sum(1 for e in events if e.id not in old)
    report.events_updated = len(events) - report.events_created
    report.seconds = time.perf_counter() - t0
    log.info("link: %s (%d stored mentions re-linked with them)", report, report.relinked)
    return report


@dataclass
class DeleteReport:
    article: str                 # the article deleted
    mentions: int = 0            # its event mentions, deleted with it
    events_removed: int = 0      # stored events no longer made (all theirs were its own)
    events_created: int = 0      # events made anew (an event split, or a new smallest id)
    events_updated: int = 0      # stored events re-linked and kept
    relinked: int = 0            # other stored mentions linked again
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return (f"article {self.article} deleted with {self.mentions} event mentions: "
                f"{self.events_removed} events removed, {self.events_created} made anew, "
                f"{self.events_updated} updated "
                f"({self.seconds:.2f}s)")


def delete_article(store, pack, article_id: str, **thresholds) -> DeleteReport:
    """Delete the stored article ``article_id`` with everything that hangs off it (its
    sentences, mentions, event mentions, claims, index rows), and re-link the events its
    mentions were in: the record afterwards is the one a store into which it was never
    put holds (an event left with no mention is gone, the others are reconciled again from
    what they have left: fields, status, contradictions, outlets).

    As :func:`link_store` relinks the neighbourhood of new mentions, this relinks that of
    the deleted ones (:func:`.neighbourhood.neighbourhood`: every stored mention they could
    cluster with, and theirs, and the events holding them) without them, and replaces the
    events it held. The rows' removal and the new events are one transaction (a failure
    leaves the store as it was), under the store's ``"link"`` lock. Raises
    :class:`~marsad.store.NotFoundError` when no such article is stored."""
    lock = getattr(store, "lock", None)

    def once() -> DeleteReport:
        with lock("link") if lock is not None else nullcontext():
            return _delete_article(store, pack, article_id, **thresholds)

    retrying = getattr(store, "retrying", None)
    return retrying(once) if retrying is not None else once()


def _delete_article(store, pack, article_id: str, **thresholds) -> DeleteReport:
    t0 = time.perf_counter()
    if not store.has_article(article_id):
        raise NotFoundError(f"no article {article_id!r} in {store}")
    linker = Linker(pack, **thresholds)
    # mentions no link run has seen are in no event and in no index: the next run links
    # them (so they stay out of this one, whose index search they would otherwise join)
    unchecked = set(store.unchecked_mention_ids())
    check = _index_check(store)
    if check is not None:   # an older store's mentions and events missing from the index
        index_unblocked_events(store, linker)
        _index_mentions(store, linker, None, unchecked, whole=True)
    gone = {m.id: m for m in store.event_mentions(article_ids=[article_id])}
    seeds = sorted(i for i, m in gone.items() if m.held_back is None and i not in unchecked)
    read: dict[str, EventMention] = {}

    def load(some: Iterable[str]) -> list[EventMention]:
        some = sorted(some)
        read.update((m.id, m) for m in _mentions(store, [i for i in some if i not in read],
                                                  None))
        return [read[i] for i in some if i in read]

    # the closure of the deleted mentions, found while they are stored: without them it
    # is still closed under "may cluster" (they only ever add pairs), so linking what is
    # left of it from scratch gives the events one batch without them would give
    ids = neighbourhood(store, seeds, linker, load) if seeds else set()
    old = set(store.mention_event_ids(ids).values())
    keep = ids - gone.keys()
    mentions = [read[i] for i in sorted(keep) if i in read] + \
        _mentions(store, [i for i in keep if i not in read], None)
    claims = _claims(store, keep, None)
    outlets = _outlets(store, {m.article_id for m in mentions})
    events = linker.link(mentions, [], outlets=outlets, claims=claims) if mentions else []
    linked = {m for e in events for m in e.mentions}
    made = {e.id for e in events}
    with store.begin() as conn:
        removed = store.delete_article_rows(conn, article_id)
        write_linked(store, conn, events, keep, old_events=old - made,
                     blocks=_changed_blocks(linker, events), checked=keep - linked)
    if check:
        store.clear_link_index_check(check)
    report = DeleteReport(article=article_id, mentions=len(removed),
                          events_removed=len(old - made), events_created=len(made - old),
                          events_updated=len(made & old), relinked=len(keep))
    report.seconds = time.perf_counter() - t0
    log.info("delete: %s", report)
    return report


def _index_check(store) -> str | None:
    """The store's mark asking for a search of the whole store (``""`` for a store object
    that keeps none: always searched)."""
    check = getattr(store, "link_index_check", None)
    return check() if check is not None else ""


def _index_mentions(store, linker: Linker, recent: RecentArticles | None,
                    seeds: Iterable[str], *, whole: bool = True) -> dict[str, list[IndexRow]]:
    """The index rows of the ``seeds`` not yet in the mention blocking index (returned, to
    be written with the events); with ``whole``, other mentions missing from it (stored
    before it existed, linked outside a link run) are put into it now."""
    new = set(seeds)
    ids = store.unindexed_mention_ids() if whole else store.unindexed_mention_ids(among=new)
    older = [i for i in ids if i not in new]
    cache: dict[tuple, list[IndexRow]] = {}   # copies of a report share their rows
    for i in range(0, len(older), _INDEX_BATCH):
        store.set_mention_blocks({m.id: index_rows(linker, m, cache) for m in _mentions(
            store, set(older[i:i + _INDEX_BATCH]), recent)})
    fresh = {i for i in ids if i in new}
    return {m.id: index_rows(linker, m, cache) for m in _mentions(store, fresh, recent)}


def _mentions(store, ids: Iterable[str], recent: RecentArticles | None) -> list[EventMention]:
    known = recent.mentions if recent else {}
    ids = sorted(ids)
    rest = [i for i in ids if i not in known]
    return [known[i] for i in ids if i in known] + (store.event_mentions(ids=rest) if rest else [])


def _changed_blocks(linker: Linker, events: list[Event]) -> dict[str, list[str]]:
    """Blocking keys of the events whose keys changed (a grown event mostly keeps its
    week and place); each event keeps a hash of its keys in ``Event.block_sig``."""
    out = {}
    for e in events:
        keys = linker.block_keys(e)
        sig = stable_id(*keys) if keys else "none"
        if e.block_sig != sig:
            e.block_sig = sig
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
        for c in e.contradictions:
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
