"""ACLED-compatible CSV: one row per event, ACLED's columns in ACLED's order."""

from __future__ import annotations

import csv
from typing import TextIO

from .acled import ACLED_COLUMNS, acled_row, default_pack, iter_bundles


def write_acled_csv(store, fh: TextIO, *, pack=None, **filters) -> int:
    """Write the store's events as ACLED CSV to ``fh``; returns the number of rows."""
    pack = pack if pack is not None else default_pack(store)
    writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        writer.writerow(acled_row(event, mentions, articles, claims, pack))
        n += 1
    return n
