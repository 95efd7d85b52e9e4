"""ACLED-compatible CSV: one row per event, ACLED's columns in ACLED's order."""

from __future__ import annotations

import csv
from typing import TextIO

from .acled import ACLED_COLUMNS, acled_row, default_pack, in_record, iter_bundles


def write_acled_csv(store, fh: TextIO, *, pack=None, include_unasserted: bool = False,
                    **filters) -> int:
    """Write the store's events as ACLED CSV to ``fh``; returns the number of rows.

    Events made only of background, denied or unasserted mentions are left out unless
    ``include_unasserted`` (they are then tagged with their status)."""
    pack = pack if pack is not None else default_pack(store)
    writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        if not (include_unasserted or in_record(event)):
            continue
        writer.writerow(acled_row(event, mentions, articles, claims, pack))
        n += 1
    return n
