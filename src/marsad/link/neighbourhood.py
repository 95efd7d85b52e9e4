"""The stored mentions a link run must re-link with its new ones, so that linking in
batches gives the events one batch over everything gives.

The linker clusters greedily (best pairs first, under complete-link guards), so a new
mention can change how mentions stored by an earlier run group: adding it to an event built
earlier is not what one batch would have done. But two mentions can only be clustered
together through a chain of pairs the linker scores, and it scores a pair only when the two
share a blocking bucket (a type group x week x grid cell, a named landmark or phrase, the
same article; identical reports share one node) and, when both are dated, their date
windows overlap. So the one-batch clustering of all mentions, restricted to a set closed
under "may pair" (:func:`neighbourhood`), is the clustering of that set alone: re-linking
the closure of the new mentions from scratch and replacing the events it held gives the
one-batch events, in whatever batches the mentions came and however often it re-runs.

A bucket crowded past the linker's ``max_neighbours`` pairs each mention with its nearest
neighbours in the bucket only, which depends on every member: such a bucket joins the set
whole. Each mention's keys and window are kept in ``mention_blocks`` (``Store.
set_mention_blocks``), so finding the set reads the index, not the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..model import EventMention, stable_id
from .linker import Linker
from .nodes import same_report

#: keys of the index that are not time buckets: the same article, identical reports
ARTICLE_KEY = "~art|"
COPY_KEY = "~copy|"
_MAX_KEY = 200   # the index's column holds 255 characters: longer keys are hashed

IndexRow = tuple[str, int | None, int | None]


def _key(k: str) -> str:
    return k if len(k) <= _MAX_KEY else f"{k[:120]}#{stable_id(k)}"


def index_rows(linker: Linker, m: EventMention) -> list[IndexRow]:
    """What ``mention_blocks`` holds for ``m``: (key, lo, hi), the window only on the
    time-bucket keys of a dated mention."""
    keys, lo, hi = linker.mention_window(m)
    out: list[IndexRow] = [(_key(k), lo, hi) for k in keys]
    out.append((_key(ARTICLE_KEY + m.article_id), None, None))
    sig = same_report(m)
    if sig is not None:   # copies share one node, so one node's articles are all theirs
        out.append((COPY_KEY + stable_id(repr(sig)), None, None))
    return sorted(set(out))


def _may_pair(lo: int | None, hi: int | None, lo2: int | None, hi2: int | None) -> bool:
    if lo is None or lo2 is None or hi is None or hi2 is None:
        return True
    return max(lo, lo2) <= min(hi, hi2)


def neighbourhood(store, seeds: Iterable[str], crowded: int,
                  known: Mapping[str, list[IndexRow]] | None = None) -> set[str]:
    """The smallest set of stored mention ids holding ``seeds`` and closed under "may
    pair" (a shared key and overlapping windows, a bucket of more than ``crowded`` members)
    and under "in one stored event". ``known``: index rows of some mentions (those just
    indexed), not read back."""
    members = set(seeds)
    known = known or {}
    by_key: dict[str, list[tuple[str, int | None, int | None]]] = {}
    todo = set(members)
    while todo:
        rest = todo - known.keys()
        rows = [(k, mid, lo, hi) for mid in sorted(todo & known.keys())
                for k, lo, hi in known[mid]]
        rows += store.mention_block_rows(mention_ids=rest) if rest else []
        missing = sorted({k for k, *_ in rows} - by_key.keys())
        fetched: dict[str, list] = defaultdict(list)
        for k, mid, lo, hi in store.mention_block_rows(blocks=missing) if missing else ():
            fetched[k].append((mid, lo, hi))
        by_key.update((k, fetched.get(k, [])) for k in missing)
        added: set[str] = set()
        for k, _mid, lo, hi in rows:
            bucket = by_key[k]
            whole = len(bucket) > crowded
            added.update(other for other, lo2, hi2 in bucket
                         if other not in members and (whole or _may_pair(lo, hi, lo2, hi2)))
        # an event's mentions are re-linked together (it is replaced whole)
        events = set(store.mention_event_ids(todo | added).values())
        if events:
            added.update(store.event_mention_ids(events))
        todo = added - members
        members |= todo
    return members
