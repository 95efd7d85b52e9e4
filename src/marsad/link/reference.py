"""Reference data: import an ACLED export or a UCDP GED CSV into a pack overlay folder, and
match article events against the imported reference events.

``import_reference`` writes/merges, in the overlay folder:

- ``places.csv`` (pack format) — places not already in the pack,
- ``actors.json`` — actors not already in the pack,
- ``reference_events.csv`` — date, date_end, place, lat, lon, admin1, fatalities
  low/best/high, source, ref_id: what ``load_reference(dir).match(...)`` checks against.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.geometry import haversine_km
from ..core.names import fold
from ..errors import MarsadError
from ..lang import CueData
from ..model import Fatalities, Place, ResolvedDate, stable_id
from ..theaters import PLACE_COLUMNS, TheaterPack

ACLED_COLUMNS = {"location", "latitude", "longitude", "admin1", "event_date"}
UCDP_COLUMNS = {"where_coordinates", "latitude", "longitude", "adm_1", "side_a", "side_b"}
EVENT_COLUMNS = ("ref_id", "date", "date_end", "place", "lat", "lon", "admin1",
                 "fatalities_low", "fatalities_best", "fatalities_high", "source")

#: place-type words a UCDP/ACLED location name may end with ("Teir Maaleh village")
_SUFFIX = re.compile(r"\s+(" + CueData("en", "link").alternatives("place_type_suffixes") + ")$", re.I)


def is_heldout(row_id: str | float | int) -> bool:
    """The UCDP split (docs/DESIGN.md): held-out rows are for evaluation, never learned from."""
    return int(float(row_id)) % 5 == 0


def clean_place_name(name: str) -> str:
    """'Teir Maaleh village' -> 'Teir Maaleh'; drops a parenthesised note too."""
    name = re.sub(r"\([^)]*\)", " ", name or "")
    name = " ".join(name.split())
    prev = None
    while prev != name:
        prev, name = name, _SUFFIX.sub("", name).strip()
    return name


class ReferenceFormatError(MarsadError, ValueError):
    """The file is neither an ACLED export nor a UCDP GED CSV, or a row is malformed."""


def detect_format(columns: Iterable[str]) -> str:
    cols = {c.strip().lower() for c in columns}
    if UCDP_COLUMNS <= cols:
        return "ucdp"
    if ACLED_COLUMNS <= cols:
        return "acled"
    raise ReferenceFormatError(
        "not an ACLED export (needs columns " + ", ".join(sorted(ACLED_COLUMNS)) +
        ") nor a UCDP GED CSV (needs " + ", ".join(sorted(UCDP_COLUMNS)) + "); got: " +
        ", ".join(sorted(cols))[:300])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise ReferenceFormatError(f"unreadable date {value!r}") from None


def _coord(row: dict[str, str], column: str) -> float | None:
    value = row.get(column)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ReferenceFormatError(f"unreadable {column} {value!r}") from None
    if not math.isfinite(number):   # NaN and Infinity would make every JSON export invalid
        raise ReferenceFormatError(f"{column} {value!r} is not a finite number")
    bound = 90 if column == "latitude" else 180
    if not -bound <= number <= bound:
        raise ReferenceFormatError(f"{column} {value!r} is out of range (-{bound} to {bound})")
    return number


def _numbered(reader: csv.DictReader, rows: Iterable[_Row]) -> Iterable[_Row]:
    """The rows, with the CSV line number put in front of a row's format error."""
    try:
        yield from rows
    except ReferenceFormatError as exc:
        raise ReferenceFormatError(f"line {reader.line_num}: {exc}") from None


def _int(value: str | None) -> int | None:
    try:
        return int(float(value)) if value not in (None, "") else None
    except (ValueError, OverflowError):   # "nan", "inf"
        return None


def _admin(value: str | None) -> str | None:
    value = (value or "").strip()
    return re.sub(r"\s+(governorate|district|province)$", "", value, flags=re.I) or None


@dataclass(frozen=True)
class _Row:
    """One reference row in a format-neutral form."""

    ref_id: str
    place: str
    lat: float | None
    lon: float | None
    level: str | None            # None: too vague to become a gazetteer place
    admin1: str | None
    admin2: str | None
    admin3: str | None
    actors: tuple[tuple[str, int], ...]
    date: dt.date | None
    date_end: dt.date | None
    low: int | None
    best: int | None
    high: int | None


def _acled_rows(reader: csv.DictReader, source: str) -> Iterable[_Row]:
    for row in reader:
        prec = _int(row.get("geo_precision"))
        fat = _int(row.get("fatalities"))
        actors = tuple((row.get(a) or "").strip() for a in ("actor1", "actor2"))
        inters = (_int(row.get("inter1")) or 0, _int(row.get("inter2")) or 0)
        d = _date(row.get("event_date", ""))
        yield _Row(
            ref_id=row.get("event_id_cnty") or stable_id(source, *row.values()),
            place=(row.get("location") or "").strip(),
            lat=_coord(row, "latitude"), lon=_coord(row, "longitude"),
            level="city" if prec in (None, 1, 2) else None,
            admin1=_admin(row.get("admin1")), admin2=_admin(row.get("admin2")),
            admin3=_admin(row.get("admin3")),
            actors=tuple((a, i) for a, i in zip(actors, inters) if a),
            date=d, date_end=d, low=fat, best=fat, high=fat)


_UCDP_LEVEL = {1: "city", 2: "city", 3: "district", 4: "governorate"}


def _ucdp_inter(name: str) -> int:
    if name.lower().startswith("government of"):
        return 1 if "syria" in name.lower() else 8
    if name.lower() == "civilians":
        return 7
    return 2


def _ucdp_rows(reader: csv.DictReader, exclude_heldout: bool) -> Iterable[_Row]:
    for row in reader:
        if exclude_heldout and row.get("id") and is_heldout(row["id"]):
            continue
        prec = _int(row.get("where_prec"))
        raw = row.get("where_coordinates") or ""
        level = _UCDP_LEVEL.get(prec or 0)
        if level == "city" and re.search(r"neighbou?rhood|quarter", raw, re.I):
            level = "neighbourhood"
        actors = []
        for side in ("side_a", "side_b"):
            for name in (row.get(side) or "").split(","):
                if name.strip():
                    actors.append((name.strip(), _ucdp_inter(name.strip())))
        yield _Row(
            ref_id=f"ucdp:{_int(row.get('id'))}",
            place=clean_place_name(raw),
            lat=_coord(row, "latitude"), lon=_coord(row, "longitude"),
            level=level,
            admin1=_admin(row.get("adm_1")), admin2=_admin(row.get("adm_2")), admin3=None,
            actors=tuple(actors),
            date=_date(row.get("date_start", "")), date_end=_date(row.get("date_end", "")),
            low=_int(row.get("low")), best=_int(row.get("best")), high=_int(row.get("high")))


def _read_csv(path: Path, fieldnames: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_csv(path: Path, fieldnames: Iterable[str], rows: Iterable[dict[str, Any]]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(fieldnames), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    tmp.replace(path)


def import_reference(file: str | Path, into: str | Path, *, pack: TheaterPack | None = None,
                     exclude_heldout: bool = False) -> dict[str, Any]:
    """Read an ACLED or UCDP file and merge its places, actors and events into ``into``."""
    file, into = Path(file), Path(into)
    if not file.is_file():
        raise ReferenceFormatError(f"{file}: no such file")
    try:  # read all of it before anything is written, so a bad file changes nothing
        with open(file, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            reader.fieldnames = [c.strip().lower() for c in (reader.fieldnames or ())]
            fmt = detect_format(reader.fieldnames)
            rows = list(_numbered(reader, _ucdp_rows(reader, exclude_heldout) if fmt == "ucdp"
                                  else _acled_rows(reader, file.name)))
    except UnicodeDecodeError as exc:
        raise ReferenceFormatError(
            f"{file}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
            "a binary file, or save the CSV as UTF-8") from None
    except csv.Error as exc:
        raise ReferenceFormatError(f"{file}: malformed CSV ({exc})") from None
    except ReferenceFormatError as exc:
        if str(file) in str(exc):
            raise
        raise ReferenceFormatError(f"{file}: {exc}") from None
    into.mkdir(parents=True, exist_ok=True)
    source = f"reference:{file.name}"

    # places: skip names the pack (or the overlay) already knows
    places = _read_csv(into / "places.csv", PLACE_COLUMNS)
    known_names: set[str] = {fold(p["name"]) for p in places}
    known_ids: set[str] = {p["id"] for p in places}
    if pack is not None:
        known_ids |= {p.id for p in pack.places}
        known_names |= {fold(p.name) for p in pack.places}
        known_names |= {fold(a) for al in pack.place_aliases.values() for a in al}
    added_places = 0
    for r in rows:
        if (not r.place or r.level is None or r.lat is None or r.lon is None  # both or none
                or fold(r.place) in known_names
                or fold(r.place.split("/")[0].strip()) in known_names):
            continue
        pid = slug(r.place.split("/")[0])
        if pid in known_ids:
            pid = f"{pid}-{slug(r.admin2 or r.admin1 or '')}".strip("-")
        if pid in known_ids:
            pid = f"{slug(r.place)}-{stable_id(r.place, r.lat, r.lon, length=6)}"
        known_ids.add(pid)
        known_names.add(fold(r.place))
        names = [n.strip() for n in r.place.split("/") if n.strip()]  # "Tadmur/Palmyra"
        places.append({"id": pid, "name": names[0], "aliases": "|".join(names[1:]),
                       "lat": f"{r.lat:.5f}",
                       "lon": f"{r.lon:.5f}", "level": r.level, "admin1": r.admin1 or "",
                       "admin2": r.admin2 or "", "admin3": r.admin3 or "", "population": "",
                       "source": source})
        added_places += 1
    _write_csv(into / "places.csv", PLACE_COLUMNS, places)

    # actors
    actors_path = into / "actors.json"
    doc = json.loads(actors_path.read_text(encoding="utf-8")) if actors_path.exists() else {}
    actors = list(doc.get("actors", []))
    known = {a["id"] for a in actors} | {fold(a["name"]) for a in actors}
    if pack is not None:
        known |= {a.id for a in pack.actors} | {fold(a.name) for a in pack.actors}
        known |= {fold(al) for a in pack.actors for al in a.aliases}
    added_actors = 0
    for r in rows:
        for name, inter in r.actors:
            aid = slug(name)
            if not aid or aid in known or fold(name) in known:
                continue
            known |= {aid, fold(name)}
            actors.append({"id": aid, "name": name, "side": "unknown", "inter": inter,
                           "aliases": [], "source": source})
            added_actors += 1
    doc["actors"] = actors
    doc.setdefault("generic", [])
    actors_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    # reference events, merged by ref_id
    events: dict[str, dict[str, Any]] = {e["ref_id"]: e for e in _read_csv(into / "reference_events.csv", EVENT_COLUMNS)}
    before = len(events)
    for r in rows:
        if r.date is None:
            continue
        events[r.ref_id] = {
            "ref_id": r.ref_id, "date": r.date.isoformat(),
            "date_end": (r.date_end or r.date).isoformat(), "place": r.place,
            "lat": "" if r.lat is None else f"{r.lat:.5f}",
            "lon": "" if r.lon is None else f"{r.lon:.5f}", "admin1": r.admin1 or "",
            "fatalities_low": "" if r.low is None else r.low,
            "fatalities_best": "" if r.best is None else r.best,
            "fatalities_high": "" if r.high is None else r.high, "source": source}
    _write_csv(into / "reference_events.csv", EVENT_COLUMNS,
               sorted(events.values(), key=lambda e: (e["date"], e["ref_id"])))
    return {"format": fmt, "rows": len(rows), "places_added": added_places,
            "actors_added": added_actors, "events_added": len(events) - before,
            "events_total": len(events), "into": str(into)}


# ---------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceEvent:
    ref_id: str
    date: dt.date
    date_end: dt.date
    place: str
    lat: float | None
    lon: float | None
    admin1: str | None
    fatalities: Fatalities
    source: str


@dataclass(frozen=True)
class ReferenceMatch:
    """One reference row near an article event (the ``marsad.link.credibility`` shape)."""

    event: ReferenceEvent
    distance_km: float
    days_apart: int
    fatalities: bool | None      # None: the article or the row gives no figure
    date: bool = True            # within max_days
    place: bool = True           # within max_km

    @property
    def reference_id(self) -> str:
        return self.event.ref_id


_MAX_SPAN_DAYS = 31  # a vaguer reference event is indexed only on its first month


class ReferenceEvents:
    """Reference events indexed by day; ``match`` finds those an article event agrees with."""

    def __init__(self, events: Iterable[ReferenceEvent], *, max_days: int = 1,
                 max_km: float = 25.0):
        self.max_days, self.max_km = max_days, max_km
        self._by_day: dict[int, list[ReferenceEvent]] = {}
        self._n = 0
        for e in events:
            self._n += 1
            last = min(e.date_end.toordinal(), e.date.toordinal() + _MAX_SPAN_DAYS)
            for o in range(e.date.toordinal(), last + 1):
                self._by_day.setdefault(o, []).append(e)

    def __len__(self) -> int:
        return self._n

    def candidates(self, date: Any, place: Any) -> list[ReferenceMatch]:
        """Events within ``max_days`` of the date (of any day of a week/month window, capped
        at 31 days) and within ``max_km``; nearest first, fatalities unchecked."""
        window = _as_window(date)
        latlon = _as_latlon(place)
        if window is None or latlon is None:
            return []
        first, last = window
        seen: dict[str, ReferenceMatch] = {}
        for o in range(first.toordinal() - self.max_days, last.toordinal() + self.max_days + 1):
            for e in self._by_day.get(o, ()):
                if e.ref_id in seen or e.lat is None or e.lon is None:
                    continue
                km = haversine_km(latlon[0], latlon[1], e.lat, e.lon)
                if km <= self.max_km:
                    apart = max(0, (e.date - last).days, (first - e.date_end).days)
                    seen[e.ref_id] = ReferenceMatch(e, km, apart, None)
        return sorted(seen.values(), key=lambda m: (m.days_apart, m.distance_km, m.event.ref_id))

    def matches(self, date: Any, place: Any, fatalities: Any = None) -> list[ReferenceMatch]:
        """Rows within ±max_days and max_km, with whether the article's fatality figure
        lies within each row's low..high bounds; best first."""
        fat = _as_fatalities(fatalities)
        out = [ReferenceMatch(m.event, m.distance_km, m.days_apart,
                              _fatalities_ok(fat, m.event.fatalities))
               for m in self.candidates(date, place)]
        return sorted(out, key=lambda m: (m.fatalities is False, m.days_apart, m.distance_km,
                                          m.event.ref_id))

    def match(self, date: Any, place: Any, fatalities: Any = None) -> ReferenceMatch | None:
        """The best row within ±1 day and 25 km (preferring one whose fatality bounds hold
        the article's figure), or None when no row is near in time and space."""
        found = self.matches(date, place, fatalities)
        return found[0] if found else None


def _as_window(value: Any) -> tuple[dt.date, dt.date] | None:
    if isinstance(value, ResolvedDate):
        if value.start is None:
            return None
        end = value.end or value.start
        return value.start, min(end, value.start + dt.timedelta(days=_MAX_SPAN_DAYS))
    if isinstance(value, dt.datetime):
        return value.date(), value.date()
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, str) and value:
        day = dt.date.fromisoformat(value[:10])
        return day, day
    return None


def _as_latlon(value: Any) -> tuple[float, float] | None:
    if isinstance(value, Place):
        return (value.lat, value.lon) if value.lat is not None and value.lon is not None else None
    if isinstance(value, (tuple, list)) and len(value) == 2 and None not in value:
        return float(value[0]), float(value[1])
    return None


def _as_fatalities(value: Any) -> tuple[int, int] | None:
    if isinstance(value, Fatalities):
        lo = value.low if value.low is not None else value.best
        hi = value.high if value.high is not None else value.best
        lo, hi = (lo if lo is not None else hi), (hi if hi is not None else lo)
        if lo is None or hi is None:   # neither given
            return None
        return lo, hi
    if isinstance(value, int):
        return value, value
    return None


def _fatalities_ok(article: tuple[int, int] | None, ref: Fatalities) -> bool | None:
    if article is None:
        return None
    lo = ref.low if ref.low is not None else ref.best
    hi = ref.high if ref.high is not None else ref.best
    if lo is None or hi is None:
        return None
    return article[0] <= hi and article[1] >= lo


def load_reference(directory: str | Path, **kwargs: Any) -> ReferenceEvents:
    """Reference events from ``reference_events.csv`` in an overlay folder (empty if none)."""
    path = Path(directory) / "reference_events.csv"
    events = []
    for i, r in enumerate(_read_csv(path, EVENT_COLUMNS), 2):
        try:
            d = dt.date.fromisoformat(r["date"])
            events.append(ReferenceEvent(
                ref_id=r["ref_id"], date=d,
                date_end=dt.date.fromisoformat(r["date_end"]) if r.get("date_end") else d,
                place=r.get("place", ""),
                lat=float(r["lat"]) if r.get("lat") else None,
                lon=float(r["lon"]) if r.get("lon") else None,
                admin1=r.get("admin1") or None,
                fatalities=Fatalities(low=_int(r.get("fatalities_low")),
                                      best=_int(r.get("fatalities_best")),
                                      high=_int(r.get("fatalities_high"))),
                source=r.get("source", "")))
        except (KeyError, ValueError) as exc:
            raise ReferenceFormatError(f"{path}:{i}: malformed reference event ({exc})") from exc
    return ReferenceEvents(events, **kwargs)
