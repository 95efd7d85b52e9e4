"""Parquet: the ACLED CSV's rows and columns, typed (pyarrow; the ``parquet`` extra)."""

from __future__ import annotations

import os
from typing import Any

from ..errors import import_extra
from .acled import (ACLED_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, NUMERIC_COLUMNS, acled_row,
                    default_pack, in_record, iter_bundles)
from .files import check_path, replaced

#: rows per Parquet row group
BATCH_ROWS = 10_000


def parquet_schema(pa: Any) -> Any:
    """ACLED's columns in ACLED's order: the numeric ones int64 / float64 (null where the
    CSV has an empty cell), every other one a UTF-8 string."""
    def kind(col: str) -> Any:
        if col in INT_COLUMNS:
            return pa.int64()
        return pa.float64() if col in FLOAT_COLUMNS else pa.string()
    return pa.schema([pa.field(col, kind(col)) for col in ACLED_COLUMNS])


def typed_row(row: dict[str, Any]) -> dict[str, Any]:
    """An ACLED row with the empty cells of its numeric columns as None (null)."""
    return {k: (None if v == "" and k in NUMERIC_COLUMNS else v) for k, v in row.items()}


def write_parquet(store, path: str | os.PathLike[str], *, pack=None,
                  include_unasserted: bool = False, **filters) -> int:
    """Write the ACLED CSV's rows (same events, same columns and order) as a Parquet file at
    ``path``; returns the number of rows.

    Numbers are typed (int64, float64, null for unknown); text is stored as it is (the
    CSV's leading ``'`` against spreadsheet formulas is a CSV matter, not added here)."""
    pa = import_extra("pyarrow", "parquet", "the Parquet export")
    pq = import_extra("pyarrow.parquet", "parquet", "the Parquet export")
    real = check_path("parquet", path)
    pack = pack if pack is not None else default_pack(store)
    schema = parquet_schema(pa)
    n = 0
    with replaced(real, ".parquet") as tmp, pq.ParquetWriter(tmp, schema) as writer:
        batch: list[dict[str, Any]] = []
        for event, mentions, articles, claims in iter_bundles(store, **filters):
            if not (include_unasserted or in_record(event)):
                continue
            batch.append(typed_row(acled_row(event, mentions, articles, claims, pack)))
            if len(batch) >= BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or not n:   # an empty export is still a file with the schema
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
