"""marsad.export: the store's events in ACLED CSV, GeoJSON, JSON Lines, Parquet and
GeoPackage.

Every exporter is ``write(store, target, *, pack=None, **filters) -> int`` (the number of
records written; filters as in ``Store.events``): ``target`` is an open text file for the
text formats, a file path for the binary ones (:data:`BINARY_FORMATS`). Add a format by
adding a module and an entry in :data:`EXPORTERS`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TextIO

from ..errors import MarsadError
from .acled import ACLED_COLUMNS, acled_row, acled_rows, events_frame
from .csv_acled import write_acled_csv
from .files import check_path
from .geojson import geojson_feature, write_geojson
from .gpkg import write_gpkg
from .jsonl import write_jsonl
from .parquet import write_parquet

Exporter = Callable[..., int]

#: format name -> writer(store, fh or path, **filters) -> count
EXPORTERS: dict[str, Exporter] = {
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "parquet": write_parquet,   # the [parquet] extra
    "gpkg": write_gpkg,         # the [gpkg] extra
}

#: the formats written to a file path, not to a text file (never to stdout)
BINARY_FORMATS = frozenset({"parquet", "gpkg"})


class ExportError(MarsadError, ValueError):
    """Unknown export format."""


def check_target(fmt: str, target: str | os.PathLike[str] | TextIO | None) -> None:
    """An :class:`~marsad.errors.InvalidArgument` on ``-o/--output`` when a binary format
    is to go to stdout (``target`` None or "-"), an open stream, a device or a folder."""
    if fmt in BINARY_FORMATS:
        check_path(fmt, target)


def export(store, fmt: str, target: str | os.PathLike[str] | TextIO, **filters) -> int:
    try:
        writer = EXPORTERS[fmt]
    except KeyError:
        raise ExportError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}") from None
    check_target(fmt, target)
    return writer(store, target, **filters)


__all__ = ["ACLED_COLUMNS", "BINARY_FORMATS", "EXPORTERS", "ExportError", "acled_row", "acled_rows",
           "check_target", "events_frame", "export", "geojson_feature", "write_acled_csv",
           "write_geojson", "write_gpkg", "write_jsonl", "write_parquet"]
