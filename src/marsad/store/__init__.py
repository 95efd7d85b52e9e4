"""marsad.store: articles, event mentions, claims and linked events in one database.

Example::

    from marsad.store import Store
    with Store("marsad.db") as store:
        store.add_article(article)           # False when already stored
        store.save_events(singleton_events(store.event_mentions(unlinked=True)))
        frame = store.events_frame()         # ACLED-shaped pandas DataFrame
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from importlib import import_module

from ..model import Event, EventMention, stable_id
from .errors import MigrationError, NotFoundError, StoreError
from .migrations import MIGRATIONS, Migration
from .store import Store, resolve_url


def singleton_events(mentions: Iterable[EventMention]) -> list[Event]:
    """One event per asserted mention: the stand-in for cross-article linking.

    ``marsad run`` uses it only when ``marsad.link.link_store`` is not available.
    """
    events = []
    for m in mentions:
        if not m.is_event:
            continue
        events.append(Event(
            id=stable_id("event", m.id), event_type=m.event_type,
            sub_event_type=m.sub_event_type, mentions=[m.id], articles=[m.article_id],
            actor1=m.actor1, actor2=m.actor2, place=m.place, geo_precision=m.geo_precision,
            date=m.date, fatalities=m.fatalities, linking="singleton",
            background_only=True if m.background else None))
    return events


log = logging.getLogger(__name__)


def find_linker() -> Callable | None:
    """``marsad.link.link_store`` when the linking package provides it, else None."""
    try:
        module = import_module("marsad.link")
    except ModuleNotFoundError as exc:
        if exc.name != "marsad.link":
            raise
        return None
    return getattr(module, "link_store", None)


def recent_articles():
    """A ``marsad.link.RecentArticles`` to hand :func:`link_pending` what was just stored,
    or None when the link package is not installed."""
    try:
        from ..link import RecentArticles
    except ImportError:
        return None
    return RecentArticles()


def link_pending(store: Store, pack, recent=None) -> str:
    """Turn the store's unlinked event mentions into events; returns the method used.

    The choice is explicit: the cross-article linker ``marsad.link.link_store(store, pack)``
    when it is importable ("linker"), otherwise one event per asserted mention ("singleton").
    ``recent`` (a ``marsad.link.RecentArticles``): what was just stored, so the linker need
    not read it back.
    """
    link_store = find_linker()
    if link_store is not None:
        log.info("linking with marsad.link.link_store")
        link_store(store, pack, recent=recent)
        return "linker"
    log.info("marsad.link.link_store not available: one event per asserted mention")
    store.save_events(singleton_events(store.event_mentions(unlinked=True)))
    return "singleton"


__all__ = ["MIGRATIONS", "Migration", "MigrationError", "NotFoundError", "Store",
           "StoreError", "find_linker", "link_pending", "recent_articles", "resolve_url",
           "singleton_events"]
