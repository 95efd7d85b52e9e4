"""The stored mentions a link run must re-link with its new ones, so that linking in
batches gives the events one batch over everything gives.

The linker clusters greedily (best pairs first, under complete-link guards), so a new
mention can change how mentions stored by an earlier run group: adding it to an event built
earlier is not what one batch would have done. But the union-find only ever merges along
pairs it accepted (a score over the threshold), a merge's guards read only the two clusters
merged, and the pairs' order is a total order on mention ids; a pair is scored only when
the two share a blocking bucket (a type group x week x grid cell, a named landmark or
phrase, the same article; identical reports share one node). So the one-batch clustering
of all mentions, restricted to a set closed under "may cluster" (an accepted pair, one
node, one crowded bucket: :func:`neighbourhood`), is the clustering of that set alone:
re-linking the closure of the new mentions from scratch and replacing the events it held
gives the one-batch events, in whatever batches the mentions came and however often it
re-runs.

Finding the closure scores only candidate pairs: a shared key and, when both are dated,
overlapping date windows (the score rejects any other pair). A bucket crowded past the
linker's ``max_neighbours`` pairs each mention with its nearest neighbours in the bucket
only, which depends on every member: such a bucket joins the set whole. Each mention's keys
and window are kept in ``mention_blocks`` (``Store.set_mention_blocks``), so the candidates
are read from the index; only they are loaded and scored.

In dense reporting (one town, every day) accepted pairs chain from day to day and the
closure follows the chain: the cost of a batch is then the length of that chain, not
the batch's own size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from ..model import EventMention, stable_id
from ..store import blockcells
from .linker import Linker
from .nodes import Node, same_report

#: keys of the index that are not time buckets: the same article, identical reports
ARTICLE_KEY = "~art|"
COPY_KEY = "~copy|"
_MAX_KEY = 200   # the index's column holds 255 characters: longer keys are hashed

IndexRow = tuple[str, int | None, int | None]


def _key(k: str) -> str:
    return k if len(k) <= _MAX_KEY else f"{k[:120]}#{stable_id(k)}"


def index_rows(linker: Linker, m: EventMention,
               cache: dict[tuple, list[IndexRow]] | None = None) -> list[IndexRow]:
    """What ``mention_blocks`` holds for ``m``: (key, lo, hi), the window only on the
    time-bucket keys of a dated mention. ``cache`` (one per run) keeps the rows of each
    dated report less its article's: identical reports (copies) have the same, as the
    keys and window are read from what :func:`.nodes.same_report` compares."""
    sig = same_report(m)
    shared = cache.get(sig) if cache is not None and sig is not None else None
    if shared is None:
        keys, lo, hi = linker.mention_window(m)
        shared = [(_key(k), lo, hi) for k in keys]
        if sig is not None:   # copies share one node, so one node's articles are all theirs
            shared.append((COPY_KEY + stable_id(repr(sig)), None, None))
            if cache is not None:
                cache[sig] = shared
    return sorted({*shared, (_key(ARTICLE_KEY + m.article_id), None, None)})


def _may_pair(lo: int | None, hi: int | None, lo2: int | None, hi2: int | None) -> bool:
    if lo is None or lo2 is None or hi is None or hi2 is None:
        return True
    return max(lo, lo2) <= min(hi, hi2)


def neighbourhood(store, seeds: Iterable[str], linker: Linker,
                  load: Callable[[Iterable[str]], list[EventMention]],
                  unwritten: Mapping[str, list[IndexRow]] | None = None) -> set[str]:
    """The smallest set of stored mention ids holding ``seeds`` and closed under "may
    cluster": a pair the linker would accept (a shared key, overlapping windows and a score
    over its threshold, on the nodes one batch builds), identical reports (one node), a
    bucket of more than ``max_neighbours`` + 1 members (whole), one stored event.

    ``load`` reads mentions by id; ``unwritten``: index rows of mentions not yet in the
    index (the new ones: written with the events), counted in their buckets.

    The grid-cell buckets of one week are read as the index keeps them, a rectangle of
    cells per mention (:mod:`marsad.store.blockcells`), and a pair is looked at once per
    week, not once per cell the two share (a dated mention has some twenty cells, so a
    busy week's rows were read and paired about twenty times over)."""
    crowded = linker.max_neighbours + 1
    members = set(seeds)
    unwritten = unwritten or {}
    # the unwritten mentions are (as a rule) seeds: then no bucket's unwritten rows are
    # ever outside the set, and only its stored rows need a look
    seeded = unwritten.keys() <= members
    # an index holding no row: no bucket has a stored row (a new store's first run); with
    # the unwritten mentions all seeds, no bucket holds a mention outside the set then, and
    # only the stored events can add to it
    empty = not store.has_mention_blocks()
    lone = empty and seeded
    rows_of: dict[str, list[IndexRow]] = {} if lone else {k: list(v) for k, v in
                                                          unwritten.items()}
    pending: defaultdict[str, list[tuple[str, int | None, int | None]]] = defaultdict(list)
    for mid in sorted(unwritten) if not lone else ():
        for k, lo, hi in unwritten[mid]:
            pending[k].append((mid, lo, hi))
    stored: dict[str, list[tuple[str, int | None, int | None]]] = {}   # keys not cells
    rects: dict[str, list[_Rect]] = {}    # a week's prefix -> its rectangle rows
    plain: dict[str, list[_Rect]] = {}    # a cell key -> its own rows (one cell each)
    copy_keys: dict[str, list[str]] = {}  # identical-report keys of mentions not in rows_of
    nodes: dict[str, Node] = {}

    def read_rows(ids: set[str]) -> None:
        missing = ids - rows_of.keys()
        for mid in missing:
            rows_of[mid] = []
        for k, mid, lo, hi in store.mention_block_rows(mention_ids=missing) \
                if missing and not empty else ():
            rows_of[mid].append((k, lo, hi))

    def read_buckets(keys: Iterable[str]) -> None:
        missing = sorted(k for k in keys if k not in stored)
        for k in missing:
            stored[k] = []
        for k, mid, lo, hi in store.mention_block_rows(blocks=missing) \
                if missing and not empty else ():
            stored[k].append((mid, lo, hi))

    def read_cells(keys: Iterable[tuple[str, str]]) -> None:
        """The stored rows of these (cell key, its week's prefix): each week's rectangles
        once, and the rows of cells kept one a row."""
        wanted = []
        for k, prefix in keys:
            if prefix not in rects:
                rects[prefix] = []
                wanted.append(prefix + blockcells.RECT)
            if k not in plain:
                plain[k] = []
                wanted.append(k)
        for k, mid, lo, hi, i0, i1, j0, j1 in store.mention_block_packed(wanted) \
                if wanted and not empty else ():
            if i0 is None:   # a cell of its own row
                c = blockcells.cell(k)
                if c is not None:
                    plain[k].append((mid, lo, hi, c[1], c[1], c[2], c[2]))
            elif i1 is not None and j0 is not None and j1 is not None:
                rects[k[:-len(blockcells.RECT)]].append((mid, lo, hi, i0, i1, j0, j1))

    def bucket(k: str) -> list[tuple[str, int | None, int | None]]:
        return pending.get(k, []) + stored[k]

    def copies(mid: str) -> list[str]:
        keys = [k for k, _, _ in rows_of[mid] if k.startswith(COPY_KEY)] if mid in rows_of \
            else copy_keys[mid]
        return sorted({mid} | {y for k in keys for y, _, _ in bucket(k)})

    def build(ids: set[str]) -> None:
        """The node of each mention: one per group of identical reports, as one batch."""
        ids = ids - nodes.keys()
        # only the identical-report key of a mention not in the set is needed here
        need = sorted(i for i in ids if i not in rows_of and i not in copy_keys)
        for mid in need:
            copy_keys[mid] = []
        for k, mid in store.mention_block_keys(need, COPY_KEY) if need and not empty else ():
            copy_keys[mid].append(k)
        read_buckets({k for mid in ids for k in (
            [k for k, _, _ in rows_of[mid] if k.startswith(COPY_KEY)] if mid in rows_of
            else copy_keys[mid])})
        groups = {tuple(copies(mid)) for mid in ids}
        loaded = {m.id: m for m in load({mid for g in groups for mid in g})}
        for group in sorted(groups):
            [node] = linker.report_nodes([loaded[mid] for mid in group if mid in loaded])
            nodes.update((mid, node) for mid in group)

    todo = set(members)
    while todo:
        if not lone:
            read_rows(todo)
        # bucket by bucket, each read once a round: a bucket all of whose mentions are
        # members already (most, when the batch is mostly new) costs one pass, not one
        # per member in it
        in_key: Mapping[str, list[tuple[str, int | None, int | None]]]
        if lone:
            in_key = {}
        elif todo == unwritten.keys():   # the first round, as a rule: their rows by key
            in_key = pending
        else:
            in_key = defaultdict(list)
            for x in todo:
                for k, lo, hi in rows_of[x]:
                    in_key[k].append((x, lo, hi))
        others: dict[str, list[tuple[str, int | None, int | None]]] = {}
        weeks: defaultdict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for k in in_key:
            c = blockcells.cell(k)
            if c is None:
                others[k] = in_key[k]
            else:
                weeks[c[0]].append((k, c[1], c[2]))
        read_buckets(others)
        read_cells((k, prefix) for prefix, cells in weeks.items() for k, _, _ in cells)
        added: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for k, xs in others.items():
            rows = stored[k] if seeded else bucket(k)
            outside = [r for r in rows if r[0] not in members]
            if not outside:
                continue
            if k.startswith(COPY_KEY) or len(pending.get(k, ())) + len(stored[k]) > crowded:
                added.update(y for y, _, _ in outside)
            else:
                for x, lo, hi in xs:
                    pairs.update((x, y) for y, lo2, hi2 in outside
                                 if _may_pair(lo, hi, lo2, hi2))
        for prefix, cells in weeks.items():
            _week_pairs(cells, in_key, rects[prefix], plain, pending, members,
                        seeded, crowded, added, pairs)
        pairs = {(x, y) for x, y in pairs if y not in added}
        if pairs:
            build({m for p in pairs for m in p})
            added.update(y for x, y in sorted(pairs)
                         if y not in added and linker.may_pair(nodes[x], nodes[y]))
        # an event's mentions are re-linked together (it is replaced whole)
        events = set(store.mention_event_ids(todo | added).values())
        if events:
            added.update(store.event_mention_ids(events))
        todo = added - members
        members |= todo
    return members


#: a stored row of a week's grid cells: mention id, window, cell rows i0..i1 x columns j0..j1
_Rect = tuple[str, int | None, int | None, int, int, int, int]


def _week_pairs(cells: list[tuple[str, int, int]],
                in_key: Mapping[str, list[tuple[str, int | None, int | None]]],
                rects: list[_Rect], plain: Mapping[str, list[_Rect]],
                pending: Mapping[str, list[tuple[str, int | None, int | None]]],
                members: set[str], seeded: bool, crowded: int,
                added: set[str], pairs: set[tuple[str, str]]) -> None:
    """What one week's grid cells (``cells``: key, row, column) add: every mention outside
    the set in a crowded cell, and the candidate pairs of a member and a mention outside
    that share a cell and whose windows overlap, as the cells one by one would give."""
    rows = list(rects)
    for k, _, _ in cells:
        rows += plain[k]
        if not seeded:   # unwritten rows of mentions not in the set: a cell each
            c = blockcells.cell(k)
            assert c is not None
            rows += [(y, lo, hi, c[1], c[1], c[2], c[2]) for y, lo, hi in pending.get(k, ())
                     if y not in members]
    outside = [r for r in rows if r[0] not in members]
    if not outside:
        return
    # a cell crowded past max_neighbours + 1 (its unwritten rows and its stored ones,
    # counted only where the week's rows could reach that)
    for k, i, j in cells:
        n_pending = len(pending.get(k, ()))
        if n_pending + len(rects) + len(plain[k]) <= crowded:
            continue
        n = n_pending + len(plain[k]) + sum(1 for r in rects
                                            if r[3] <= i <= r[4] and r[5] <= j <= r[6])
        if n > crowded:
            added.update(r[0] for r in outside if r[3] <= i <= r[4] and r[5] <= j <= r[6])
    # each member's cells in this week, by window (a dated mention's keys share one)
    own: dict[tuple[str, int | None, int | None], set[tuple[int, int]]] = defaultdict(set)
    for k, i, j in cells:
        for x, lo, hi in in_key[k]:
            own[x, lo, hi].add((i, j))
    for (x, lo, hi), xcells in own.items():
        i0 = min(i for i, _ in xcells)
        i1 = max(i for i, _ in xcells)
        j0 = min(j for _, j in xcells)
        j1 = max(j for _, j in xcells)
        full = len(xcells) == (i1 - i0 + 1) * (j1 - j0 + 1)   # a rectangle: one test
        for y, lo2, hi2, a0, a1, b0, b1 in outside:
            if a0 > i1 or a1 < i0 or b0 > j1 or b1 < j0 or not _may_pair(lo, hi, lo2, hi2):
                continue
            if full or any(a0 <= i <= a1 and b0 <= j <= b1 for i, j in xcells):
                pairs.add((x, y))
