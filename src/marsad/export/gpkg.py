"""GeoPackage: one Point feature per event that has coordinates, the GeoJSON export's
features as a layer a GIS opens directly (GDAL through pyogrio; the ``gpkg`` extra)."""

from __future__ import annotations

import os
import struct
from typing import Any

from ..errors import MarsadError, import_extra
from .acled import (ACLED_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, default_pack, in_record,
                    iter_bundles)
from .files import check_path, replaced
from .geojson import geojson_feature

#: the layer (table) the events are written to
LAYER = "events"
#: the GeoJSON feature's properties beyond ACLED's columns; the id lists "; "-joined, as
#: ACLED joins its own lists (a GeoPackage column holds no list)
EXTRA_COLUMNS = ("event_id", "place_id", "place_level", "mention_ids", "article_ids")
COLUMNS = (*ACLED_COLUMNS, *EXTRA_COLUMNS)


def point_wkb(lon: float, lat: float) -> bytes:
    """An ISO WKB Point (little-endian), x = longitude, y = latitude."""
    return struct.pack("<BIdd", 1, 1, lon, lat)


def write_gpkg(store, path: str | os.PathLike[str], *, pack=None,
               include_unasserted: bool = False, **filters) -> int:
    """Write the events that have coordinates as Point features of the layer ``events``
    (EPSG:4326) in a GeoPackage at ``path``; returns the number of features.

    The same features as the GeoJSON export: events without coordinates are left out, as
    a map layer has nowhere to put them (the ACLED CSV and Parquet keep them). Attributes
    are the ACLED columns, typed (int64, real, text; null where the CSV has an empty cell),
    then ``event_id``, ``place_id``, ``place_level``, ``mention_ids`` and ``article_ids``."""
    import numpy as np  # pandas' own dependency: always there
    raw = import_extra("pyogrio.raw", "gpkg", "the GeoPackage export")
    errors = import_extra("pyogrio.errors", "gpkg", "the GeoPackage export")
    real = check_path("gpkg", path)
    pack = pack if pack is not None else default_pack(store)
    geometry: list[bytes] = []
    values: dict[str, list[Any]] = {col: [] for col in COLUMNS}
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        if not (include_unasserted or in_record(event)):
            continue
        feature = geojson_feature(event, mentions, articles, claims, pack)
        if feature is None:
            continue   # no coordinates: not on the map, as in the GeoJSON
        geometry.append(point_wkb(*feature["geometry"]["coordinates"]))
        props = feature["properties"]
        for col in COLUMNS:
            value = props[col]
            values[col].append("; ".join(value) if isinstance(value, list) else value)
    fields, masks = [], []
    for col in COLUMNS:
        column = values[col]
        nulls = np.array([v == "" or v is None for v in column], dtype=bool)
        if col in INT_COLUMNS:
            fields.append(np.array([0 if null else v for v, null in zip(column, nulls)],
                                   dtype=np.int64))
        elif col in FLOAT_COLUMNS:
            fields.append(np.array([np.nan if null else v for v, null in zip(column, nulls)],
                                   dtype=np.float64))
        else:
            fields.append(np.array([v if v is not None else "" for v in column], dtype=object))
            nulls = np.zeros(len(column), dtype=bool)   # text: '' as in the CSV
        masks.append(nulls)
    try:
        with replaced(real, ".gpkg") as tmp:
            raw.write(tmp, np.array(geometry, dtype=object), fields, list(COLUMNS),
                      field_mask=masks, layer=LAYER, driver="GPKG", geometry_type="Point",
                      crs="EPSG:4326", encoding="UTF-8")
    except (errors.DataSourceError, errors.DataLayerError) as exc:   # GDAL's: a full disk, ...
        raise MarsadError(f"cannot write {os.fsdecode(path)}: {exc}") from exc
    return len(geometry)
