"""marsad.export: the store's events in ACLED CSV, GeoJSON and JSON Lines.

Every exporter is ``write(store, fh, *, pack=None, **filters) -> int`` (the number of
records written; filters as in ``Store.events``). Add a format by adding a module and an
entry in :data:`EXPORTERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..errors import MarsadError
from .acled import ACLED_COLUMNS, acled_row, acled_rows, events_frame
from .csv_acled import write_acled_csv
from .geojson import geojson_feature, write_geojson
from .jsonl import write_jsonl

Exporter = Callable[..., int]

#: format name -> writer(store, fh, **filters) -> count
EXPORTERS: dict[str, Exporter] = {
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
}


class ExportError(MarsadError, ValueError):
    """Unknown export format."""


def export(store, fmt: str, fh: TextIO, **filters) -> int:
    try:
        writer = EXPORTERS[fmt]
    except KeyError:
        raise ExportError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}") from None
    return writer(store, fh, **filters)


__all__ = ["ACLED_COLUMNS", "EXPORTERS", "ExportError", "acled_row", "acled_rows",
           "events_frame", "export", "geojson_feature", "write_acled_csv", "write_geojson", "write_jsonl"]
