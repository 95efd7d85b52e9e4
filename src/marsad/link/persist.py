"""Saving what a link run changed, and nothing else (an extra on top of the Store API).

A link run re-links the neighbourhood of its new mentions (:mod:`.neighbourhood`): only
those mentions are re-pointed, only the events they held are replaced, in one transaction
with the new mentions' index rows, so a kill leaves the run done or not done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import sqlalchemy as sa

from ..model import Event
from ..store import schema
from ..store.rows import event_row

_CHUNK = 500

#: a mention pointed at its event
_POINT = (schema.event_mentions.update()
          .where(schema.event_mentions.c.id == sa.bindparam("_mid"))
          .values(event_id=sa.bindparam("_ev")))


def replace_linked(store, events: Iterable[Event], mention_ids: Iterable[str], *,
                   old_events: Iterable[str] = (),
                   blocks: Mapping[str, Iterable[str]] | None = None,
                   checked: Iterable[str] = (),
                   mention_blocks: Mapping[str, Iterable[tuple[str, int | None, int | None]]]
                   | None = None) -> None:
    """In one transaction: the re-linked ``mention_ids`` leave the events they were in,
    ``old_events`` (those no longer made) are deleted, ``events`` upserted and pointed at
    by their mentions, their blocking keys replaced by ``blocks``, the ``checked``
    mentions (considered, left in no event) marked and the new mentions' index rows
    (``mention_blocks``) written. A kill at any point leaves the store as before or as
    after, never between."""
    with store.begin() as conn:
        write_linked(store, conn, events, mention_ids, old_events=old_events, blocks=blocks,
                     checked=checked, mention_blocks=mention_blocks)


def write_linked(store, conn: sa.Connection, events: Iterable[Event],
                 mention_ids: Iterable[str], *, old_events: Iterable[str] = (),
                 blocks: Mapping[str, Iterable[str]] | None = None,
                 checked: Iterable[str] = (),
                 mention_blocks: Mapping[str, Iterable[tuple[str, int | None, int | None]]]
                 | None = None) -> None:
    """What :func:`replace_linked` writes, in the caller's transaction ``conn`` (deleting
    an article writes its rows' removal in the same one)."""
    events = sorted(events, key=lambda e: e.id)
    ids = sorted(set(mention_ids))
    gone = sorted(set(old_events))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    t, em, eb = schema.events, schema.event_mentions, schema.event_blocks
    event_ids = [e.id for e in events]
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
    store.insert_rows(conn, t, inserts)   # as articles are stored: no per-row ORM work
    if updates:
        conn.execute(t.update().where(t.c.id == sa.bindparam("_eid")), updates)
    store.execute_tuples(conn, _POINT, ("_mid", "_ev"),
                         [(m, e.id) for e in events for m in e.mentions], key="point")
    if blocks:
        store.set_event_blocks(blocks, conn)
    if checked:
        store.mark_link_checked(checked, conn)
    if mention_blocks:
        store.set_mention_blocks(mention_blocks, conn, new=True)
