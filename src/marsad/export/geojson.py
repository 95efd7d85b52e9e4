"""GeoJSON FeatureCollection: one Point feature per event that has coordinates."""

from __future__ import annotations

from typing import TextIO

from .acled import acled_row, default_pack, finite, finite_json, in_record, iter_bundles


def write_geojson(store, fh: TextIO, *, pack=None, include_unasserted: bool = False,
                  **filters) -> int:
    """Write events with coordinates as a FeatureCollection; returns the number of features.

    Properties are the ACLED fields plus ``event_id``, ``mention_ids`` and ``article_ids``.
    """
    pack = pack if pack is not None else default_pack(store)
    features = []
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        place = event.place
        if not (include_unasserted or in_record(event)):
            continue   # background-only, denied-only: not on the map unless asked
        if place is None or not (finite(place.lat) and finite(place.lon)):
            continue   # no point to put on the map (NaN would make the file invalid JSON)
        props = acled_row(event, mentions, articles, claims, pack)
        props.update(event_id=event.id, place_id=place.id, place_level=place.level,
                     mention_ids=[m.id for m in mentions], article_ids=[a.id for a in articles])
        features.append({"type": "Feature", "id": event.id,
                         "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                         "properties": props})
    fh.write(finite_json({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                         indent=1))
    fh.write("\n")
    return len(features)
