"""The mention blocking index's grid cells, stored as rectangles.

A dated, placed mention's time-bucket keys are a week times every grid cell its radius
reaches: ``<group>|<week>|c<i>,<j>`` for each cell of a rectangle of rows ``i0..i1`` and
columns ``j0..j1`` (``Linker._block_keys``), some twenty keys a mention, all with the
mention's date window. ``mention_blocks`` keeps such a rectangle as one row (the prefix
``<group>|<week>|`` plus :data:`RECT`, and the rectangle's bounds) instead of a row per
cell; reading expands it back, so what the store returns is the keys it was given, row
for row. Keys that are not cells, or cells that do not fill a rectangle, stay a row each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from operator import itemgetter

#: the block of a rectangle's row: its cells' prefix and this
RECT = "c*"

_CELL = re.compile(r"(.*\|)c(-?\d+),(-?\d+)")

Window = tuple[int | None, int | None]
#: (block, lo, hi, i0, i1, j0, j1): the bounds None on a plain row
PackedRow = tuple[str, int | None, int | None, int | None, int | None, int | None, int | None]


@lru_cache(maxsize=1 << 16)   # a store's keys repeat: a week's cells, copies of a report
def cell(key: str) -> tuple[str, int, int] | None:
    """(prefix, i, j) of a grid-cell key written as the linker writes them, else None."""
    m = _CELL.fullmatch(key)
    if m is None:
        return None
    prefix, i, j = m.group(1), int(m.group(2)), int(m.group(3))
    return (prefix, i, j) if f"{prefix}c{i},{j}" == key else None   # no "c01,2"


def pack(keyed: Mapping[str, Window]) -> list[PackedRow]:
    """One mention's rows: each prefix whose cells (two or more, one window) fill a
    rectangle as one row, every other key as a row of its own; sorted by block."""
    packed: list[PackedRow] = []
    # prefix -> [its keys, i0, i1, j0, j1, the first window, all windows the same]
    boxes: dict[str, list] = {}
    for k, w in keyed.items():
        c = cell(k)
        if c is None:
            packed.append((k, w[0], w[1], None, None, None, None))
            continue
        prefix, i, j = c
        box = boxes.get(prefix)
        if box is None:
            boxes[prefix] = [[k], i, i, j, j, w, True]
            continue
        box[0].append(k)
        if i < box[1]:
            box[1] = i
        elif i > box[2]:
            box[2] = i
        if j < box[3]:
            box[3] = j
        elif j > box[4]:
            box[4] = j
        if w != box[5]:
            box[6] = False
    for prefix, (keys, i0, i1, j0, j1, w, same) in boxes.items():
        # (the keys are distinct: as many as the box holds is all of it)
        if same and len(keys) >= 2 and len(keys) == (i1 - i0 + 1) * (j1 - j0 + 1) \
                and prefix + RECT not in keyed:
            packed.append((prefix + RECT, w[0], w[1], i0, i1, j0, j1))
        else:
            packed += [(k, keyed[k][0], keyed[k][1], None, None, None, None) for k in keys]
    return sorted(packed, key=itemgetter(0))


def rect_blocks(keys: Iterable[str]) -> dict[str, list[tuple[str, int, int]]]:
    """The rectangle block each cell key among ``keys`` may be stored under, with the
    cells asked for in it: {prefix + RECT: [(key, i, j), ...]}."""
    out: dict[str, list[tuple[str, int, int]]] = {}
    for k in keys:
        c = cell(k)
        if c is not None:
            out.setdefault(c[0] + RECT, []).append((k, c[1], c[2]))
    return out


def expand(block: str, i0: int, i1: int, j0: int, j1: int) -> Iterator[str]:
    """Every cell key of a rectangle row."""
    prefix = block[:-len(RECT)]
    for i in range(i0, i1 + 1):
        for j in range(j0, j1 + 1):
            yield f"{prefix}c{i},{j}"
