"""Theater packs: everything theater-specific is data, loaded from a folder.

A pack folder holds:

- ``pack.json``   — name, country, ISO numeric code, region, description, demonyms, and
  the theater's knowledge that code must not hold (each optional; a malformed one is a
  ``PackError`` naming the file and key):

  - ``"sides"``: ``{side: {"camp": str, "link_camp": str, "government": bool,
    "state": bool, "fighting": bool, "allies": [side, ...]}}`` for the ``side`` values of ``actors.json``.
    ``camp``: the camp the side fights in (default: itself; "pro-government" fights in
    "government"): sides of one camp are never each other's opponents in an event.
    ``government``: the side is the state or fights for it (its territorial gains are
    "Government regains territory"). ``state``: its actors are a state's forces, foreign
    ones included, whatever their inter code (never "Non-state actor overtakes
    territory"); an actor's own inter code 1 (state forces) or 8 (external forces) says so
    too. ``fighting: false``: no party to the fighting (beside the generic civilian,
    media, monitor, ...). ``allies``: sides fighting alongside (both ways): an ally "backing"
    an actor is not its opponent, and a side without a camp of its own links in its first
    ally's camp. ``link_camp``: the camp the side links in when it is not its ``camp``
    (Syria's US-led coalition links in the SDF's camp without being coded as its ally).
    The camps named "government" and "opposition" are the ones English words name
    ("broke through regime lines", "rebel positions"). Without "sides", "government" and "pro-government" are the government's
    camp and statehood comes from inter codes alone.
  - ``"alignments"``: outlet alignment (``outlets.json``) -> camp ("pro-government",
    "opposition", "independent"), for credibility across camps ("pro-government",
    "opposition", "independent" and "wire" need no entry).
  - ``"camp_words"``: ``{linking camp: regex}``: the words that name a camp in a sentence
    ("rebels?|opposition"), for who won a battle as the linker reads it.
  - ``"not_places"``: words that are never place names seen from this theater (foreign
    capitals named as governments, parties, leaders: Syria's "Tripoli" is Lebanon's
    city, Libya's is its capital). Language-generic ones ("Monday", "the") are in
    ``lang/<code>/place_stop_words.txt``.
  - ``"regions"``: ``{ACLED region: [country, ...]}`` for countries abroad that the
    theater's reporting names (the theater's own country takes ``"region"``).
  - ``"weapon_users"``: ``{weapon: actor id}``: a weapon (the norm of a ``weapon``
    mention) that only one actor uses in this theater, the attacker when the text names
    none (Syria's barrel bombs are dropped by the air force).
  - ``"capital"``: the place id of the theater's capital: "the Syrian capital" names it.
- ``actors.json`` — ``{"actors": [...], "generic": [...]}``: canonical actors with aliases,
  side, ACLED inter code, parent alliance, service arm (``"arm": "air"`` for an air force:
  its bare killings are air strikes), and the names a renamed group bore before
  (``"names": [{"until": "2016-07-27", "name": "Al Nusrah Front"}, ...]``, oldest first;
  ``name`` is the name after the last ``until``): the exports name an actor as it was
  called on the event's day, the actor's id stays the same; ``generic`` maps generic
  agent words ("rebels", "Russian warplanes") to actor ids.
- ``places.csv``  — gazetteer rows: id, name, aliases (``|``-separated), lat, lon, level,
  admin1, admin2, admin3, population, source.
- ``places_abroad.csv`` (optional) — the same columns plus ``country`` and ``iso``: places
  outside the theater that its reporting names (neighbouring countries' cities, capitals).
  They are matched by exact name only and never shadow a theater place, so an event
  reported abroad is placed abroad instead of at the article's place in the theater.
- ``outlets.json`` — outlet profiles: name, aliases/domains, country, alignment.
- ``ATTRIBUTION.md`` — where the facts come from.

Adding a theater means adding such a folder (``marsad run --theater PATH``), not code.
A user's reference data (``marsad reference import``) lands in an *overlay* folder with
the same file names; overlays are merged over the pack when it is loaded.

Loaded packs are cached (:data:`PACK_CACHE`) by folder, overlays and the size and
modification time of every pack and overlay file: an edited file is read again on the
next ``load_pack``, without a restart; ``PACK_CACHE.clear()`` drops them all.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import math
import os
import re
from dataclasses import dataclass, field
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.sides import SIDE_KEYS, SideTable
from ..errors import MarsadError
from ..model import Actor, Place


class PackError(MarsadError, ValueError):
    """A theater pack is missing or malformed."""


@dataclass(frozen=True)
class TheaterPack:
    name: str
    country: str
    iso: int | None
    region: str | None
    actors: tuple[Actor, ...]
    generic: tuple[dict[str, Any], ...]
    places: tuple[Place, ...]
    place_aliases: dict[str, tuple[str, ...]]   # place id -> alternate names
    place_population: dict[str, int]
    outlets: tuple[dict[str, Any], ...]
    path: str
    overlays: tuple[str, ...] = field(default=())
    places_abroad: tuple[Place, ...] = field(default=())
    abroad_aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: what the theater's people and state are called ("Syrian"): with the country's own
    #: names they tell an article is about the theater (``pack.json`` "demonyms")
    demonyms: tuple[str, ...] = field(default=())
    #: the theater's sides, camps, alliances and outlet camps (``pack.json`` "sides",
    #: "alignments"; see the module docstring)
    sides: SideTable = field(default_factory=lambda: _generic_sides())
    #: lower-cased words that are never place names seen from this theater ("not_places")
    not_places: frozenset[str] = field(default=frozenset())
    #: country abroad -> ACLED region ("regions", inverted)
    regions: Mapping[str, str] = field(default_factory=dict)
    #: place id -> how many training reports (UCDP GED rows) name it: a prior for namesakes
    place_reports: Mapping[str, int] = field(default_factory=dict)
    #: place id -> GeoNames feature code ("PPLA2" a district seat, "PPLQ" abandoned)
    place_features: Mapping[str, str] = field(default_factory=dict)
    #: place id -> variant spellings matched only in a locative phrase (Who's On First's:
    #: many are also people's names)
    place_variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: place id -> Arabic names (kept for Arabic-language input)
    place_names_ar: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: weapon (a ``weapon`` mention's norm) -> the actor id that alone uses it in this
    #: theater ("barrel bomb" -> the Syrian air force): the attacker when none is named
    weapon_users: Mapping[str, str] = field(default_factory=dict)
    #: the place id of the theater's capital ("the Syrian capital"; ``pack.json`` "capital")
    capital: str | None = None

    def is_abroad(self, place: Place) -> bool:
        """Whether ``place`` lies outside the theater's country."""
        return place.country is not None and place.country != self.country

    def actor(self, actor_id: str) -> Actor | None:
        return self._actor_index.get(actor_id)

    def place(self, place_id: str) -> Place | None:
        return self._place_index.get(place_id)

    # cached_property writes to the instance __dict__ directly, so it works on a frozen
    # dataclass; the pack is immutable, so the index never goes stale.
    @cached_property
    def _actor_index(self) -> dict[str, Actor]:
        return _index(self.actors)

    @cached_property
    def _place_index(self) -> dict[str, Place]:
        return _index(self.places + self.places_abroad)


def _index(items) -> dict[str, Any]:
    return {item.id: item for item in items}


#: what a pack's name may not hold: it names a folder (``$MARSAD_HOME/packs/<name>``, the
#: built-in packs), so one path component: no separator, no control character, not
#: starting with "." (a pack named ``../../x`` would have its overlay written outside)
_NOT_IN_PACK_NAME = re.compile(r"[/\\\x00-\x1f\x7f]|^\.|^$")


def is_pack_name(name: object) -> bool:
    return isinstance(name, str) and len(name) <= 100 and not _NOT_IN_PACK_NAME.search(name)


def check_pack_name(name: str, where: str = "") -> str:
    """``name`` if it can name a pack folder, else PackError (``where`` prefixes the message)."""
    if not is_pack_name(name):
        raise PackError(f"{where}pack name {name!r} cannot name a folder: no '/', '\\', control "
                        "characters or leading '.', at most 100 characters")
    return name


def builtin_pack_dir(name: str) -> Path:
    if not is_pack_name(name):
        raise PackError(f"no theater pack named {name!r}: not a folder holding pack.json, nor "
                        "the name of a built-in pack")
    root = resources.files(__name__)
    path = Path(str(root.joinpath(name)))
    if not (path / "pack.json").is_file():
        available = sorted(p.name for p in Path(str(root)).iterdir() if (p / "pack.json").is_file())
        raise PackError(f"no theater pack named {name!r} (available: {', '.join(available)})")
    return path


def marsad_home() -> Path:
    return Path(os.environ.get("MARSAD_HOME", Path.home() / ".marsad"))


def default_overlay_dir(pack_name: str) -> Path:
    """Where `marsad reference import` writes a user's extra places and actors: always a
    folder right inside ``$MARSAD_HOME/packs`` (PackError for a name that is not a name)."""
    return marsad_home() / "packs" / check_pack_name(pack_name)


def load_pack(name_or_path: str = "syria", overlays: tuple[str, ...] | None = None) -> TheaterPack:
    """Load a pack by built-in name or folder path, merged with its overlay folders.

    ``overlays=None`` uses the default overlay folder (``$MARSAD_HOME/packs/<name>``) when it
    exists; pass ``()`` for the bare pack.
    """
    path = Path(name_or_path)
    if not (path / "pack.json").is_file():
        path = builtin_pack_dir(name_or_path)
    meta = _read_json(path / "pack.json")
    check_pack_name(meta.get("name", path.name), f"{path / 'pack.json'}: ")
    if overlays is None:
        default = default_overlay_dir(meta.get("name", path.name))
        overlays = (str(default),) if default.is_dir() else ()
    return PACK_CACHE.get(str(path.resolve()), tuple(overlays))


#: the files of a pack or overlay folder whose edits a loaded pack must see
PACK_FILES = ("pack.json", "actors.json", "places.csv", "places_abroad.csv", "outlets.json")


class PackCache:
    """Loaded packs by folder, overlays and file stamps (size, mtime of each pack file):
    a pack whose files changed is loaded again; ``clear()`` forgets every pack."""

    def __init__(self, maxsize: int = 8):
        self.maxsize = maxsize
        self._packs: dict[tuple[str, tuple[str, ...]], tuple[tuple, TheaterPack]] = {}

    def get(self, path: str, overlays: tuple[str, ...]) -> TheaterPack:
        key = (path, overlays)
        stamps = _stamps((path, *overlays))
        hit = self._packs.get(key)
        if hit is not None and hit[0] == stamps:
            return hit[1]
        pack = _cached_pack_files(path, overlays)
        self._packs.pop(key, None)
        if len(self._packs) >= self.maxsize:
            self._packs.pop(next(iter(self._packs)))
        self._packs[key] = (stamps, pack)
        return pack

    def stamp_of(self, pack: TheaterPack) -> str | None:
        """The folder, overlays and file stamps ``pack`` was loaded with, as text (the
        same in every process that loaded the same files), or None if it is not kept."""
        for key, (stamps, kept) in list(self._packs.items()):
            if kept is pack:
                return repr((key, stamps))
        return None

    def clear(self) -> None:
        self._packs.clear()


def _stamps(folders) -> tuple:
    out: list[tuple[int, int] | None] = []
    for folder in folders:
        for name in PACK_FILES:
            try:
                st = os.stat(Path(folder) / name)
            except OSError:
                out.append(None)
            else:
                out.append((st.st_size, st.st_mtime_ns))
    return tuple(out)


PACK_CACHE = PackCache()


def _cached_pack_files(path: str, overlays: tuple[str, ...]) -> TheaterPack:
    """``_load_pack_files``, or what an earlier process saved of it in the build cache
    (:func:`marsad.core.cache.cached_build`), keyed by every file of the pack's and the
    overlays' folders and the package's code: a tenth of a second of each start."""
    from ..core.cache import build_key, cached_build

    def key() -> str:
        return build_key("pack", (path, *overlays), extra=(path, *overlays))

    first = key()
    pack = cached_build("pack", lambda: _load_pack_files(path, overlays), key=first,
                        unchanged=lambda: key() == first)
    if not isinstance(pack, TheaterPack):   # not what this code saves: read the files
        return _load_pack_files(path, overlays)
    # what the pack was read from, for what is built from it (``files_key``); a pack made
    # otherwise (``dataclasses.replace``, by hand) has none, and nothing built from it is
    # saved or read
    object.__setattr__(pack, "_files_key", first)
    return pack


def files_key(pack: TheaterPack) -> str | None:
    """The build-cache key of the files ``pack`` was read from, when it is exactly what
    ``load_pack`` read from them (None for a pack made or changed in memory)."""
    return pack.__dict__.get("_files_key")


def _load_pack_files(path_str: str, overlays: tuple[str, ...]) -> TheaterPack:
    path = Path(path_str)
    meta = _read_json(path / "pack.json")
    check_pack_name(meta.get("name", path.name), f"{path / 'pack.json'}: ")
    actors_doc = _read_json(path / "actors.json") if (path / "actors.json").exists() else {}
    actors = [_actor_from_json(a, path) for a in actors_doc.get("actors", [])]
    generic = list(actors_doc.get("generic", []))
    places, aliases, population, extra = _read_places(path / "places.csv")
    outlets = _read_json(path / "outlets.json").get("outlets", []) if (path / "outlets.json").exists() else []
    for overlay in overlays:
        o = Path(overlay)
        if (o / "actors.json").exists():
            doc = _read_json(o / "actors.json")
            known = {a.id for a in actors}
            actors += [_actor_from_json(a, o) for a in doc.get("actors", []) if a["id"] not in known]
            generic += doc.get("generic", [])
        if (o / "places.csv").exists():
            p2, a2, pop2, extra2 = _read_places(o / "places.csv")
            known = {p.id for p in places}
            places += [p for p in p2 if p.id not in known]
            for k, v in a2.items():
                aliases[k] = tuple(dict.fromkeys(aliases.get(k, ()) + v))
            population.update({k: v for k, v in pop2.items() if k not in population})
            for column, values in extra2.items():
                extra[column].update({k: v for k, v in values.items() if k not in extra[column]})
    country, iso = meta["country"], meta.get("iso")
    places = [p if p.country else dataclasses.replace(p, country=country, iso=iso) for p in places]
    abroad, abroad_aliases, _, _ = _read_places(path / "places_abroad.csv")
    if any(not p.country for p in abroad):
        raise PackError(f"{path / 'places_abroad.csv'}: every row needs a country")
    return TheaterPack(
        name=meta.get("name", path.name),
        country=meta["country"],
        iso=meta.get("iso"),
        region=meta.get("region"),
        actors=tuple(actors),
        generic=tuple(generic),
        places=tuple(places),
        place_aliases=aliases,
        place_population=population,
        outlets=tuple(outlets),
        path=str(path),
        overlays=overlays,
        places_abroad=tuple(abroad),
        abroad_aliases=abroad_aliases,
        demonyms=_strings(meta, "demonyms", path),
        sides=_side_table(meta, path),
        not_places=frozenset(w.lower() for w in _strings(meta, "not_places", path)),
        regions=_regions(meta, path),
        place_reports=extra["reports"],
        place_features=extra["feature"],
        place_variants=extra["variants"],
        place_names_ar=extra["name_ar"],
        weapon_users=_weapon_users(meta, path, {a.id for a in actors}),
        capital=_capital(meta, path, {p.id for p in places}),
    )


def _capital(meta: dict[str, Any], path: Path, place_ids: set[str]) -> str | None:
    capital = meta.get("capital")
    if capital is None:
        return None
    if not isinstance(capital, str) or capital not in place_ids:
        raise _bad(path, "capital", f"{capital!r} is no place id of the pack's gazetteer")
    return capital


def _weapon_users(meta: dict[str, Any], path: Path, actor_ids: set[str]) -> dict[str, str]:
    raw = meta.get("weapon_users", {})
    if not isinstance(raw, dict):
        raise _bad(path, "weapon_users", "must be an object of weapon -> actor id")
    for weapon, actor in raw.items():
        if actor not in actor_ids:
            raise _bad(path, "weapon_users", f"{weapon!r}: no actor {actor!r} in actors.json")
    return {str(k).lower(): str(v) for k, v in raw.items()}


#: sides of a pack that declares none: the government's camp by name, statehood by inter
_GENERIC_SIDE_DATA = {"government": {"camp": "government", "government": True},
                      "pro-government": {"camp": "government", "government": True}}
GENERIC_SIDES: SideTable = SideTable.from_data(_GENERIC_SIDE_DATA)


def _generic_sides() -> SideTable:
    """The side table of a pack that declares none (defined after the table it returns)."""
    return GENERIC_SIDES


def _bad(path: Path, key: str, why: str) -> PackError:
    return PackError(f"{path / 'pack.json'}: {key!r}: {why}")


def _strings(meta: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
    value = meta.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(path, key, "expected a list of words")
    return tuple(value)


def _side_table(meta: dict[str, Any], path: Path) -> SideTable:
    sides, alignments = meta.get("sides"), meta.get("alignments", {})
    words = meta.get("camp_words", {})
    if not isinstance(alignments, dict) or not all(
            isinstance(v, str) for v in alignments.values()):
        raise _bad(path, "alignments", "expected {alignment: camp}")
    if not isinstance(words, dict) or not all(isinstance(v, str) and v for v in words.values()):
        raise _bad(path, "camp_words", "expected {camp: regex}")
    for camp, pattern in words.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _bad(path, f"camp_words.{camp}", f"not a regular expression ({exc})") from None
    if sides is None:
        return SideTable.from_data(_GENERIC_SIDE_DATA, alignments, words)
    if not isinstance(sides, dict):
        raise _bad(path, "sides", "expected {side: {camp, government, state, fighting, allies}}")
    for side, doc in sides.items():
        key = f"sides.{side}"
        if not isinstance(doc, dict):
            raise _bad(path, key, "expected an object")
        unknown = set(doc) - SIDE_KEYS
        if unknown:
            raise _bad(path, key, f"unknown keys {sorted(unknown)} (known: {sorted(SIDE_KEYS)})")
        for name in ("camp", "link_camp"):
            if name in doc and not (isinstance(doc[name], str) and doc[name]):
                raise _bad(path, f"{key}.{name}", "expected a camp name")
        for flag in ("government", "state", "fighting"):
            if flag in doc and not isinstance(doc[flag], bool):
                raise _bad(path, f"{key}.{flag}", "expected true or false")
        allies = doc.get("allies", [])
        if not isinstance(allies, list) or not all(isinstance(a, str) for a in allies):
            raise _bad(path, f"{key}.allies", "expected a list of sides")
    return SideTable.from_data(sides, alignments, words)


def _regions(meta: dict[str, Any], path: Path) -> dict[str, str]:
    regions = meta.get("regions", {})
    if not isinstance(regions, dict):
        raise _bad(path, "regions", "expected {region: [country, ...]}")
    out: dict[str, str] = {}
    for region, countries in regions.items():
        if not isinstance(countries, list) or not all(isinstance(c, str) for c in countries):
            raise _bad(path, f"regions.{region}", "expected a list of countries")
        for country in countries:
            out.setdefault(country, region)
    return out


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError as exc:
        raise PackError(f"{path}: missing pack file") from exc
    except json.JSONDecodeError as exc:
        raise PackError(f"{path}: not valid JSON ({exc})") from exc


def _actor_from_json(doc: dict[str, Any], where: Path) -> Actor:
    try:
        return Actor(
            id=doc["id"],
            name=doc["name"],
            side=doc.get("side", "unknown"),
            inter=int(doc.get("inter", 0)),
            aliases=tuple(doc.get("aliases", ())),
            country=doc.get("country"),
            parent=doc.get("parent"),
            arm=doc.get("arm"),
            names=_dated_names(doc, where),
        )
    except KeyError as exc:
        raise PackError(f"{where}/actors.json: actor without {exc}: {doc}") from exc


def _dated_names(doc: dict[str, Any], where: Path) -> tuple[tuple[str, str], ...]:
    """An actor's ``"names"``: ``[{"until": "YYYY-MM-DD", "name": str}, ...]``, oldest
    first, each ``until`` the last day the group bore that name (its ``name`` is the one
    after). PackError naming the file and the actor for anything else."""
    raw = doc.get("names", [])

    def bad(why: str) -> PackError:
        return PackError(f"{where / 'actors.json'}: actor {doc.get('id')!r}: 'names': {why}")

    if not isinstance(raw, list):
        raise bad('expected a list of {"until": "YYYY-MM-DD", "name": ...}')
    out: list[tuple[str, str]] = []
    for entry in raw:
        if not isinstance(entry, dict) or set(entry) != {"until", "name"}:
            raise bad(f'{entry!r}: expected exactly {{"until": "YYYY-MM-DD", "name": ...}}')
        until, name = entry["until"], entry["name"]
        if not isinstance(name, str) or not name.strip():
            raise bad(f"{entry!r}: the name is empty")
        try:
            day = dt.date.fromisoformat(until) if isinstance(until, str) else None
        except ValueError:
            day = None
        if day is None or day.isoformat() != until:
            raise bad(f"{entry!r}: 'until' is not a YYYY-MM-DD date")
        if out and until <= out[-1][0]:
            raise bad(f"{entry!r}: dates must rise, oldest name first")
        out.append((until, name))
    return tuple(out)


PLACE_COLUMNS = ("id", "name", "aliases", "lat", "lon", "level", "admin1", "admin2",
                 "admin3", "population", "source")
#: optional columns: training reports naming the place, GeoNames feature code, variant
#: spellings matched only in a locative phrase, Arabic names
PLACE_EXTRA_COLUMNS = ("reports", "feature", "variants", "name_ar")


def _read_places(path: Path):
    places: list[Place] = []
    aliases: dict[str, tuple[str, ...]] = {}
    population: dict[str, int] = {}
    extra: dict[str, dict[str, Any]] = {c: {} for c in PLACE_EXTRA_COLUMNS}
    if not path.exists():
        return places, aliases, population, extra
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"id", "name", "lat", "lon", "level"} - set(reader.fieldnames or ())
        if missing:
            raise PackError(f"{path}: missing columns {sorted(missing)}")
        for row in reader:
            pid = row["id"]
            try:
                lat = float(row["lat"]) if row["lat"] else None
                lon = float(row["lon"]) if row["lon"] else None
            except ValueError:
                raise PackError(f"{path}: line {reader.line_num}: unreadable lat/lon "
                                f"{row['lat']!r}, {row['lon']!r}") from None
            if not all(math.isfinite(v) for v in (lat, lon) if v is not None):
                raise PackError(f"{path}: line {reader.line_num}: lat/lon {row['lat']!r}, "
                                f"{row['lon']!r} is not a finite number")
            if (lat is None) != (lon is None):
                raise PackError(f"{path}: line {reader.line_num}: a place needs both lat and lon "
                                f"or neither, got {row['lat']!r}, {row['lon']!r}")
            if lat is not None and lon is not None and (abs(lat) > 90 or abs(lon) > 180):
                raise PackError(f"{path}: line {reader.line_num}: lat/lon {row['lat']!r}, "
                                f"{row['lon']!r} is outside -90..90, -180..180")
            places.append(Place(
                id=pid,
                name=row["name"],
                lat=lat,
                lon=lon,
                level=row["level"],
                country=row.get("country") or None,
                iso=int(row["iso"]) if (row.get("iso") or "").isdigit() else None,
                admin1=row.get("admin1") or None,
                admin2=row.get("admin2") or None,
                admin3=row.get("admin3") or None,
                source=row.get("source") or None,
            ))
            if row.get("aliases"):
                aliases[pid] = tuple(a for a in row["aliases"].split("|") if a)
            if row.get("population"):
                try:
                    population[pid] = int(float(row["population"]))
                except ValueError:
                    pass
            if (row.get("reports") or "").isdigit():
                extra["reports"][pid] = int(row["reports"])
            if row.get("feature"):
                extra["feature"][pid] = row["feature"]
            for column in ("variants", "name_ar"):
                if row.get(column):
                    extra[column][pid] = tuple(a for a in row[column].split("|") if a)
    return places, aliases, population, extra
