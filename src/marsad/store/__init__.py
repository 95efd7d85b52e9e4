"""marsad.store: articles, event mentions, claims and linked events in one database.

Example::

    from marsad.export import events_frame
    from marsad.store import Store
    with Store("marsad.db") as store:
        store.add_article(article)           # False when already stored
        store.save_events(singleton_events(store.event_mentions(unlinked=True)))
        frame = events_frame(store)          # ACLED-shaped pandas DataFrame (export builds it)
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Event, EventMention, stable_id
from .errors import MigrationError, NotFoundError, StoreError
from .migrations import MIGRATIONS, Migration
from .sql import resolve_url
from .store import Store


def singleton_events(mentions: Iterable[EventMention]) -> list[Event]:
    """One event per asserted mention: the stand-in for cross-article linking.

    ``marsad.runner`` uses it only when no linker is given (``runner.find_linker``).
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


__all__ = ["MIGRATIONS", "Migration", "MigrationError", "NotFoundError", "Store",
           "StoreError", "resolve_url",
           "singleton_events"]
