"""ACLED-compatible CSV: one row per event, ACLED's columns in ACLED's order."""

from __future__ import annotations

import csv
from typing import TextIO

from .acled import ACLED_COLUMNS, NUMERIC_COLUMNS, acled_row, default_pack, in_record, iter_bundles

#: what makes a spreadsheet read a cell as a formula (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralized(row: dict) -> dict:
    """The row with each text cell that a spreadsheet would run as a formula prefixed with
    a single quote (OWASP's advice); numbers (a negative longitude) are left as they are."""
    for column, value in row.items():
        if isinstance(value, str) and value.startswith(FORMULA_STARTS) \
                and column not in NUMERIC_COLUMNS:
            row[column] = "'" + value
    return row


def write_acled_csv(store, fh: TextIO, *, pack=None, include_unasserted: bool = False,
                    **filters) -> int:
    """Write the store's events as ACLED CSV to ``fh``; returns the number of rows.

    Events made only of background, denied or unasserted mentions are left out unless
    ``include_unasserted`` (they are then tagged with their status). Text cells starting
    with ``= + - @``, a tab or a carriage return get a leading ``'`` (:func:`neutralized`)."""
    pack = pack if pack is not None else default_pack(store)
    writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    n = 0
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        if not (include_unasserted or in_record(event)):
            continue
        writer.writerow(neutralized(acled_row(event, mentions, articles, claims, pack)))
        n += 1
    return n
