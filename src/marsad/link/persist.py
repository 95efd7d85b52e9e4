"""Saving what a link run changed, and nothing else (an extra on top of the Store API).

``Store.save_events`` re-points every mention of every saved event (it unlinks the old
membership first), which costs the events' whole size on each incremental batch. The
linker only ever adds mentions to events, so here only the batch's mentions are pointed
at their events; event rows are inserted or updated as ``save_events`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from ..model import Event
from ..store import schema
from ..store.rows import event_row

_CHUNK = 500


def save_linked(store, events: Iterable[Event], new_mentions: Iterable[str],
                blocks: Mapping[str, Iterable[str]] | None = None,
                checked: Iterable[str] = ()) -> None:
    """Upsert ``events``, set ``event_id`` on those of ``new_mentions`` they now hold and
    replace the events' blocking keys with ``blocks`` (event id -> keys), and mark the
    ``checked`` mentions (considered, left in no event: ``Store.mark_link_checked``), in one
    transaction.

    Falls back to ``store.save_events`` for stores that are not the SQLAlchemy one."""
    events = sorted(events, key=lambda e: e.id)
    checked = sorted(set(checked))
    engine = getattr(store, "_engine", None)
    if engine is None:
        store.save_events(events)
        if checked and hasattr(store, "mark_link_checked"):
            store.mark_link_checked(checked)
        return
    if not events and not checked:
        return
    wanted = set(new_mentions)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    t, em = schema.events, schema.event_mentions
    ids = [e.id for e in events]
    begin = getattr(store, "begin", engine.begin)   # a write transaction (BEGIN IMMEDIATE)
    with begin() as conn:
        existing = {r for i in range(0, len(ids), _CHUNK)
                    for r in conn.scalars(sa.select(t.c.id).where(t.c.id.in_(ids[i:i + _CHUNK])))}
        inserts = [event_row(e, now) for e in events if e.id not in existing]
        updates = [{**event_row(e, now), "_eid": e.id} for e in events if e.id in existing]
        if inserts:
            conn.execute(t.insert(), inserts)
        if updates:
            conn.execute(t.update().where(t.c.id == sa.bindparam("_eid")), updates)
        links = [{"_mid": m, "_ev": e.id} for e in events for m in e.mentions if m in wanted]
        if links:
            conn.execute(em.update().where(em.c.id == sa.bindparam("_mid"))
                         .values(event_id=sa.bindparam("_ev")), links)
        if blocks:
            store.set_event_blocks(blocks, conn)
        if checked:
            store.mark_link_checked(checked, conn)


def replace_linked(store, events: Iterable[Event], mention_ids: Iterable[str], *,
                   old_events: Iterable[str] = (),
                   blocks: Mapping[str, Iterable[str]] | None = None,
                   checked: Iterable[str] = ()) -> None:
    """In one transaction: the re-linked ``mention_ids`` leave the events they were in,
    ``old_events`` (those no longer made) are deleted, ``events`` upserted and pointed at
    by their mentions, their blocking keys replaced by ``blocks`` and the ``checked``
    mentions (considered, left in no event) marked. A kill at any point leaves the store
    as before or as after, never between."""
    events = sorted(events, key=lambda e: e.id)
    ids = sorted(set(mention_ids))
    gone = sorted(set(old_events))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    t, em, eb = schema.events, schema.event_mentions, schema.event_blocks
    event_ids = [e.id for e in events]
    with store.begin() as conn:
        for i in range(0, len(ids), _CHUNK):
            conn.execute(em.update().where(em.c.id.in_(ids[i:i + _CHUNK]),
                                           em.c.event_id.is_not(None)).values(event_id=None))
        for i in range(0, len(gone), _CHUNK):
            chunk = gone[i:i + _CHUNK]
            conn.execute(eb.delete().where(eb.c.event_id.in_(chunk)))
            conn.execute(t.delete().where(t.c.id.in_(chunk)))
        existing = {r for i in range(0, len(event_ids), _CHUNK) for r in conn.scalars(
            sa.select(t.c.id).where(t.c.id.in_(event_ids[i:i + _CHUNK])))}
        inserts = [event_row(e, now) for e in events if e.id not in existing]
        updates = [{**event_row(e, now), "_eid": e.id} for e in events if e.id in existing]
        if inserts:
            conn.execute(t.insert(), inserts)
        if updates:
            conn.execute(t.update().where(t.c.id == sa.bindparam("_eid")), updates)
        links = [{"_mid": m, "_ev": e.id} for e in events for m in e.mentions]
        if links:
            conn.execute(em.update().where(em.c.id == sa.bindparam("_mid"))
                         .values(event_id=sa.bindparam("_ev")), links)
        if blocks:
            store.set_event_blocks(blocks, conn)
        if checked:
            store.mark_link_checked(checked, conn)
