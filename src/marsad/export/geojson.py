"""GeoJSON FeatureCollection: one Point feature per event that has coordinates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from ..model import Article, Claim, Event, EventMention
from .acled import acled_row, default_pack, finite, finite_json, in_record, iter_bundles


def geojson_feature(event: Event, mentions: Sequence[EventMention], articles: Sequence[Article],
                    claims: Sequence[Claim], pack) -> dict[str, Any] | None:
    """One Point feature for an event (None when it has no coordinates): the ACLED fields
    plus ``event_id``, ``place_id``, ``place_level``, ``mention_ids`` and ``article_ids``."""
    place = event.place
    if place is None or not (finite(place.lat) and finite(place.lon)):
        return None   # no point to put on the map (NaN would make the file invalid JSON)
    props = acled_row(event, mentions, articles, claims, pack)
    props.update(event_id=event.id, place_id=place.id, place_level=place.level,
                 mention_ids=[m.id for m in mentions], article_ids=[a.id for a in articles])
    return {"type": "Feature", "id": event.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": props}


def write_geojson(store, fh: TextIO, *, pack=None, include_unasserted: bool = False,
                  **filters) -> int:
    """Write events with coordinates as a FeatureCollection; returns the number of features.

    Properties are the ACLED fields plus ``event_id``, ``mention_ids`` and ``article_ids``.
    """
    pack = pack if pack is not None else default_pack(store)
    features = []
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        if not (include_unasserted or in_record(event)):
            continue   # background-only, denied-only: not on the map unless asked
        feature = geojson_feature(event, mentions, articles, claims, pack)
        if feature is not None:
            features.append(feature)
    fh.write(finite_json({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                         indent=1))
    fh.write("\n")
    return len(features)
