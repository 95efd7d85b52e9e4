#!/usr/bin/env python
"""Build the Syria pack gazetteer (``src/marsad/theaters/syria/places.csv``).

Run by maintainers, output committed::

    .venv/bin/python scripts/build_gazetteer.py [--data /work/shared/data] [--out PATH]

Sources (see the pack's ATTRIBUTION.md): Who's On First Syria (every locality, with Arabic
names and variant spellings, and the governorate and district polygons), GeoNames (cities500 +
cities1000 subsets), UN OCHA Aleppo city neighbourhoods, UCDP GED place names (training rows
only: rows whose ``int(float(id)) % 5 == 0`` are held out for evaluation and never read into the
gazetteer), plus Syria's 14 governorates (ACLED spellings) and the country.
Rows that share a normalized name (or alias) within ~3 km, or a GeoNames id, are merged; so is
a UCDP village with a WOF locality within 2 km spelled nearly alike ("Kafarya", Kafraya).
Every place's admin1 (governorate, ACLED's spelling) and admin2 (district, the OCHA names ACLED
uses) come from the point-in-polygon of its coordinates in Who's On First's admin polygons, so
the pack has one naming scheme whatever the source of a row.
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from marsad.core.names import fold_ascii, place_name_key

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src/marsad/theaters/syria/places.csv"
COLUMNS = ("id", "name", "aliases", "lat", "lon", "level", "admin1", "admin2", "admin3",
           "population", "source", "reports", "feature", "variants", "name_ar")
MERGE_KM = 3.0
#: letters a name key needs to merge two records (the gazetteer indexes only keys of 3 or
#: more, but one of two letters within MERGE_KM is still one place: "Foah", Al Fu'ah)
MERGE_KEY_MIN = 2
#: a UCDP village and a WOF locality this close, spelled nearly alike, are one place
NEAR_SPELLING_KM = 2.0
NEAR_SPELLING_RATIO = 85.0
DISTRICT_MERGE_KM = 30.0   # a district's polygon centroid and another source's point for it
BORDER_KM = 5.0            # a point this close outside the simplified polygons is in the nearest one

# ACLED admin1 spelling -> (id slug, fallback centroid, aliases incl. other spellings)
GOVERNORATES = {
    "Aleppo": ("aleppo", 36.25, 37.55, ["Halab", "Aleppo Governorate", "Aleppo Province"]),
    "Idleb": ("idleb", 35.80, 36.60, ["Idlib"]),
    "Hama": ("hama", 35.25, 36.95, ["Hamah", "Hamā"]),
    "Homs": ("homs", 34.65, 37.90, ["Hims"]),
    "Damascus": ("damascus", 33.51, 36.29, ["Dimashq"]),
    "Rural Damascus": ("rural-damascus", 33.55, 36.75,
                       ["Rif Dimashq", "Reef Dimashq", "Damascus Countryside", "Rif Damascus",
                        "Rural Damascus", "Damascus Suburbs"]),
    "Lattakia": ("lattakia", 35.60, 35.95, ["Latakia", "Latakiya", "Al-Ladhiqiyah"]),
    "Tartous": ("tartous", 34.90, 36.05, ["Tartus", "Tartous", "Tartouss"]),
    "Deir-ez-Zor": ("deir-ez-zor", 35.00, 40.20,
                    ["Deir ez-Zor", "Deir Ezzor", "Dayr az-Zawr", "Deir al-Zor", "Deir ez Zor"]),
    "Ar-Raqqa": ("ar-raqqa", 35.90, 38.90, ["Raqqa", "Raqqah", "Al-Raqqa", "Ar Raqqah"]),
    "Al-Hasakeh": ("al-hasakeh", 36.55, 40.80,
                   ["Hasakah", "Hasaka", "Hassakeh", "Al-Hasakah", "Hasakeh", "Al Hasakah"]),
    "Dar'a": ("dara", 32.80, 36.20, ["Daraa", "Deraa", "Dara'a", "Dar'a"]),
    "As-Sweida": ("as-sweida", 32.70, 36.75,
                  ["Sweida", "Suwayda", "As-Suwayda", "Sweyda", "Suwaida", "As Suwayda"]),
    "Quneitra": ("quneitra", 33.05, 35.85, ["Qunaitra", "Al-Quneitra", "Kuneitra"]),
}
# other spellings of admin1 in the sources -> ACLED admin1
ADMIN1 = {fold_ascii(a).replace("-", " "): g for g, (_, _, _, al) in GOVERNORATES.items()
          for a in [g, *al]}
ADMIN1.update({"rif dimashq": "Rural Damascus", "rif-dimashq": "Rural Damascus",
               "dimashq": "Damascus", "ar-raqqah": "Ar-Raqqa", "al-hasakah": "Al-Hasakeh",
               "as-suwayda": "As-Sweida", "deir ez-zor": "Deir-ez-Zor",
               # Who's On First's governorate names
               "days az zawr": "Deir-ez-Zor", "hasaka (al haksa)": "Al-Hasakeh",
               "homs (hims)": "Homs", "dara": "Dar'a", "as suwayda": "As-Sweida",
               "united nations disengagement observer force": "Quneitra"})

# Common spellings in English-language reporting that the sources lack (general knowledge,
# not taken from evaluation text): OCHA pcode or GeoNames id -> aliases.
EXTRA_ALIASES = {
    "ocha:N0121": ["Layramoun", "Leramoun", "Al-Layramoun"],
    "ocha:N0216": ["Hamdaniyah", "Hamdaniya", "Hamdanieh"],
    "ocha:N0226": ["Ramouseh", "Ramousa", "Ramousah", "Ramouseh Industrial District"],
    "ocha:N0127": ["Khalidiyah", "Khalidiya", "Khaldiyeh"],
    "ocha:N0135": ["Jamiyat al-Zahraa", "Jamiat al-Zahraa", "Jameeat al-Zahara", "Zahraa"],
    "ocha:N0123": ["Sheikh Maqsoud", "Sheikh Maksoud", "Sheikh Maqsood"],
    "ocha:N0129": ["Masaken Hanano", "Hanano Housing"],
    "ocha:N0214": ["Salah al-Din", "Salaheddine", "Salah ad-Din"],
    "ocha:N0227": ["Handarat Camp", "Handarat"],
    "ocha:N0184": ["Halab al-Jadida", "New Aleppo"],
    "ocha:N0200": ["Bab Qinnasrin"],
    "ocha:N0225": ["Sheikh Saeed"],
    "gn:170063": ["Aleppo City", "Halab"],
    "gn:170654": ["Damascus City"],
    "gn:172955": ["Raqa", "Raqqa City"],
    "ucdp:eastern-ghouta-rural-damascus": ["Ghouta", "East Ghouta", "Eastern Ghouta"],
    "ucdp:al-rashidin-4-sector-aleppo": ["Rashidin", "Rashideen", "Al-Rashideen"],
    "gn:172256": ["Kobane", "Kobanê"],                        # 'Ayn al 'Arab
    "gn:170589": ["Dmeir", "Dumeir"],                         # Ad Dumayr
    "wof:1260001925": ["Otaiba", "Al-Otaiba", "Oteibah"],      # 'Utaybah
    "ocha:N0204": ["Bustan al-Qasr", "Bustan al-Qaser"],
    "wof:421190465": ["Tal Mardikh", "Tell Mardikh"],          # Tell-Mardikh-Ebla
}

# Well-known city quarters that neither OCHA's Aleppo list nor UCDP (which codes them as the
# city) provides. Approximate centroids (about 1 km) from general geographic knowledge.
CURATED = [
    # id, name, aliases, lat, lon, admin1, admin2
    ("pack:damascus-jobar", "Jobar", ["Jawbar", "Joubar"], 33.530, 36.330, "Damascus", "Damascus"),
    ("pack:damascus-qaboun", "Qaboun", ["Al-Qaboun", "Qabun"], 33.545, 36.335, "Damascus",
     "Damascus"),
    ("pack:damascus-barzeh", "Barzeh", ["Barzah", "Barza"], 33.555, 36.315, "Damascus",
     "Damascus"),
    ("pack:damascus-tadamon", "Tadamon", ["Al-Tadamon", "Tadamun"], 33.475, 36.305, "Damascus",
     "Damascus"),
    ("pack:damascus-qadam", "Qadam", ["Al-Qadam"], 33.470, 36.290, "Damascus", "Damascus"),
    ("pack:damascus-midan", "Midan", ["Al-Midan"], 33.495, 36.300, "Damascus", "Damascus"),
    ("pack:damascus-mezzeh", "Mezzeh", ["Mazzeh", "Al-Mazzeh", "Mezze"], 33.500, 36.250,
     "Damascus", "Damascus"),
    ("pack:damascus-kafr-sousa", "Kafr Sousa", ["Kafr Susah", "Kafarsouseh"], 33.495, 36.275,
     "Damascus", "Damascus"),
    ("pack:damascus-bab-touma", "Bab Touma", ["Bab Tuma"], 33.513, 36.316, "Damascus",
     "Damascus"),
    ("pack:damascus-abbasiyyin", "Abbasiyyin", ["Abbasiyin", "Abbasiyeen"], 33.522, 36.318,
     "Damascus", "Damascus"),
    ("pack:damascus-rukn-al-din", "Rukn al-Din", ["Rukneddine", "Rukn ad-Din"], 33.535, 36.300,
     "Damascus", "Damascus"),
    ("pack:damascus-baramkeh", "Baramkeh", ["Baramka", "Al-Baramkeh"], 33.507, 36.287,
     "Damascus", "Damascus"),
    ("pack:homs-waer", "Al-Waer", ["Waer", "Al-Wa'er", "Wa'er", "Al-Waar"], 34.745, 36.665,
     "Homs", "Homs"),
    ("pack:homs-baba-amr", "Baba Amr", ["Baba Amro", "Bab Amr"], 34.715, 36.690, "Homs", "Homs"),
    ("pack:homs-akrama", "Akrama", ["Akrameh", "Ikrima"], 34.715, 36.720, "Homs", "Homs"),
    ("pack:homs-zahraa", "Zahraa", ["Al-Zahraa", "Az-Zahra"], 34.720, 36.735, "Homs", "Homs"),
    ("pack:homs-karm-al-zeitoun", "Karm al-Zeitoun", ["Karm al-Zaytun"], 34.720, 36.725, "Homs",
     "Homs"),
    ("pack:homs-inshaat", "Inshaat", ["Al-Inshaat", "Inshaát"], 34.722, 36.700, "Homs", "Homs"),
]

LEVEL_BY_SUFFIX = {
    "town": "city", "village": "city", "villge": "city", "city": "city", "locality": "city",
    "hamlet": "city", "suburb": "neighbourhood", "neighbourhood": "neighbourhood",
    "neighborhood": "neighbourhood", "quarter": "neighbourhood", "district": "district",
    "subdistrict": "subdistrict", "sub-district": "subdistrict",
}
SKIP_WHERE = re.compile(r"governorates?$|^syria$", re.I)


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_ascii(text)).strip("-")


def acled_admin1(name: str | None) -> str:
    if not name:
        return ""
    key = fold_ascii(name).replace(" governorate", "").strip()
    return ADMIN1.get(key) or ADMIN1.get(key.replace("-", " ")) or ""


def ascii_name(name: str) -> str:
    """'Ma‘arrat an Nu‘mān' -> "Ma'arrat an Nu'man": a display name exports can carry."""
    name = re.sub("[‘’ʿʾ`´]", "'", name)
    return "".join(ch for ch in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(ch))


def latin_alias(alias: str) -> bool:
    if len(alias) < 4 or not alias[:1].isupper() or alias.isupper():
        return False
    if any(ch.isdigit() for ch in alias):
        return False
    return all(ord(ch) < 0x250 or ch in "ʿʾ’‘" for ch in alias)


#: first words of a locality's name that reports often leave out: "Bir az Zamlah" (the well
#: of az-Zamlah) and "Hawsh al X" (the farmstead of X) are called az-Zamlah and X
DROPPED_HEADS = re.compile(r"^(?:Bir|Bi'r|Hawsh|Mazra'at|Mazra`at|Mazraat)\s+(?=\S)")


def dropped_head(name: str) -> str | None:
    """The name without a head word reports drop, when what is left is a name (``None``
    otherwise): "Bir az Zamlah" -> "Az Zamlah"."""
    m = DROPPED_HEADS.match(name)
    if m is None:
        return None
    tail = name[m.end():]
    tail = tail[:1].upper() + tail[1:]
    return tail if len(place_name_key(tail)) >= 4 else None


#: generic first words of an Aleppo quarter's name that outlets leave out: "Karm al-Qaterji"
#: (the vineyard of al-Qaterji) is "Qaterji", "the Qaterji neighbourhood"
LEAD_WORDS = re.compile(r"^(?:Karm|Bustan|Bostan|Hay|Hayy|Harat|Haret)\s+(?=\S)", re.IGNORECASE)
#: letters the rest of the name needs (its key) to be a name of its own
LEAD_REST_MIN = 4


def lead_word_variants(rows: list[dict]) -> None:
    """A neighbourhood's name without a generic lead word (``LEAD_WORDS``) as a variant
    spelling (``short``, weak: matched after a locative word in a text about the theater),
    when what is left is no common word and names no other place in the gazetteer, in the
    city or elsewhere ("Karm Al-Qaterji" -> "Al-Qaterji"; not "Karm Al-Jabal": Jabal is a
    word; not "Bustan Al-Qaser": al-Qusayr is a town)."""
    from marsad.core.names import ARTICLES
    from marsad.geo.gazetteer import place_heads, place_stop_words

    common = place_stop_words("en") | place_heads("en")
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for n in (r["name"], *r["aliases"], *r.get("variants", ()), *r.get("short", ())):
            owners[place_name_key(n)].add(r["id"])
    for r in rows:
        if r["level"] != "neighbourhood":
            continue
        rest = []
        for n in (r["name"], *r["aliases"]):
            m = LEAD_WORDS.match(n)
            if m is None:
                continue
            tail = n[m.end():]
            words = [w for w in re.split(r"[^a-z]+", fold_ascii(tail)) if w and w not in ARTICLES]
            key = place_name_key(tail)
            if (len(key) >= LEAD_REST_MIN and owners.get(key, set()) <= {r["id"]}
                    and not any(w in common for w in words)):
                rest.append(tail[:1].upper() + tail[1:])
        if rest:
            r["short"] = list(dict.fromkeys([*r.get("short", ()), *rest]))


def row(pid, name, aliases, lat, lon, level, admin1="", admin2="", admin3="", population="",
        source=""):
    return {"id": pid, "name": name, "aliases": list(dict.fromkeys(a for a in aliases if a != name)),
            "lat": round(float(lat), 5), "lon": round(float(lon), 5), "level": level,
            "admin1": admin1, "admin2": admin2, "admin3": admin3,
            "population": population, "source": source}


# ---------------------------------------------------------------------------
# sources
# ---------------------------------------------------------------------------


WOF_LEVEL = {"locality": "city", "neighbourhood": "neighbourhood", "county": "district",
             "campus": "landmark"}


def arabic(name: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in name)


ABROAD = ROOT / "src/marsad/theaters/syria/places_abroad.csv"


#: a hamlet's name spelled this much like a place abroad with the same key is that place's
#: name ("Ar Rusiyah" / Russia); below it the key collides but the names differ
#: ("Sayda" / Chad, "Hurayrah" / Harare, "Qarah" / Cairo) and the hamlet keeps its name
ABROAD_LIKE = 80.0


def abroad_names() -> dict[str, set[str]]:
    """Name keys of the pack's places abroad ("Mosul", "Tripoli") with their spellings: a
    Syrian hamlet of the same name must not take them."""
    from marsad.geo.gazetteer import spelling

    keys: dict[str, set[str]] = defaultdict(set)
    with open(ABROAD, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            for n in [r["name"], *r["aliases"].split("|")]:
                if n:
                    keys[place_name_key(n)].add(spelling(n))
    return keys


def abroad_name(name: str, abroad: dict[str, set[str]]) -> bool:
    """``name`` is a place abroad's: the same key and spelled alike (the key alone folds
    too much: "Sayda" and "Chad" share one)."""
    from rapidfuzz import fuzz

    from marsad.geo.gazetteer import spelling

    spellings = abroad.get(place_name_key(name))
    if not spellings:
        return False
    own = spelling(name)
    return any(fuzz.ratio(own, s) >= ABROAD_LIKE for s in spellings)


def read_wof(data: Path) -> list[dict]:
    """Who's On First's localities, neighbourhoods and districts (not its governorates: the
    pack writes those in ACLED's spelling). Places outside every governorate are left out
    (places across the border), and so are a hamlet's names that a place abroad has.
    Localities WOF marks as not current are kept when they lie in a governorate: most are
    villages GeoNames calls abandoned (PPLQ) that reports of the war still name; a superseded
    record of a current place merges with it by name."""
    abroad = abroad_names()
    out = []
    with open(data / "whosonfirst_sy/places.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            level = WOF_LEVEL.get(r["placetype"])
            if level is None or not r["governorate"] or (
                    r["is_current"] == "0" and r["placetype"] != "locality"):
                continue
            names = [r["name"], *[v for v in r["variants"].split("|") if v]]
            latin = [n for n in names if not arabic(n) and not abroad_name(n, abroad)]
            latin = [ascii_name(n) if n == latin[0] else n for n in latin] if latin else []
            if not latin:
                continue
            # WOF's variant spellings are kept apart: many are names of people or English
            # words ("Hussein", "Eden"), so the gazetteer matches them only in a locative
            # phrase of a text about the theater (geo.gazetteer.Gazetteer.weak)
            variants = [n for n in latin[1:] if latin_alias(n)]
            short = dropped_head(latin[0])
            # a variant spelling, but no reason to merge with the X nearby ("Bir X" is a well
            # outside the village X: two places)
            rec_short = [short] if short is not None and level == "city" else []
            aliases = [f"{latin[0]} District"] if level == "district" else []
            ar = list(dict.fromkeys(n for n in [r["name_ar"], *names] if n and arabic(n)))
            rec = row(f"wof:{r['wof_id']}", latin[0], aliases, r["lat"], r["lon"], level,
                      source="wof")
            rec["variants"] = variants
            rec["short"] = rec_short
            rec["name_ar"] = ar
            rec["gnid"] = r["geonames_id"]
            rec["feature"] = r["gn_feature_code"]
            rec["superseded"] = r["is_current"] == "0"
            out.append(rec)
    return out


class AdminAreas:
    """Who's On First's governorate and district polygons: the admin1/admin2 of a point."""

    def __init__(self, data: Path):
        import json

        from shapely.geometry import Point, shape  # the build's only use of shapely
        from shapely.strtree import STRtree

        self._point = Point
        with open(data / "whosonfirst_sy/admin.geojson", encoding="utf-8") as fh:
            features = json.load(fh)["features"]
        self.areas: dict[str, list] = {"governorate": [], "district": []}
        for f in features:
            props = f["properties"]
            name = (acled_admin1(props["governorate"]) if props["level"] == "governorate"
                    else props["name"])
            self.areas[props["level"]].append((shape(f["geometry"]), name,
                                               acled_admin1(props["governorate"])))
        self.trees = {lvl: STRtree([a[0] for a in areas]) for lvl, areas in self.areas.items()}
        self.districts = [(a[1], a[2], a[0].centroid) for a in self.areas["district"]]

    def _find(self, level: str, lat: float, lon: float):
        pt = self._point(lon, lat)
        areas, tree = self.areas[level], self.trees[level]
        inside = [areas[i] for i in tree.query(pt, predicate="within")]
        if inside:
            return min(inside, key=lambda a: a[0].area)
        i = tree.nearest(pt)
        near = areas[int(i)]
        # degrees to km at Syria's latitude, roughly: only a guard for simplified borders
        return near if near[0].distance(pt) * 100 <= BORDER_KM else None

    def admin(self, lat: float, lon: float) -> tuple[str, str]:
        """(admin1 in ACLED's spelling, admin2) of a point; "" where it is outside Syria."""
        gov = self._find("governorate", lat, lon)
        dist = self._find("district", lat, lon)
        admin1 = gov[1] if gov else (dist[2] if dist else "")
        admin2 = dist[1] if dist and (not admin1 or dist[2] == admin1) else ""
        return admin1, admin2


def read_ocha(data: Path) -> list[dict]:
    out = []
    with open(data / "aleppo_neighbourhoods/aleppo_neighbourhoods_centroids.csv",
              encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            names = [n.strip() for n in r["name_en"].split("/")]
            pid = f"ocha:{r['pcode']}"
            name = names[0].replace("Indusrtial", "Industrial")
            out.append(row(pid, name, names[1:], r["lat"], r["lon"],
                           "neighbourhood", "Aleppo", "Jebel Saman", "Jebel Saman",
                           source="ocha"))
    return out


def read_geonames(data: Path) -> list[dict]:
    rg = []
    with open(data / "geonames_sy/rg_cities1000_SY.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rg.append((float(r["lat"]), float(r["lon"]), r["name"], acled_admin1(r["admin1"]),
                       r["admin2"]))
    out = []
    codes: dict[str, Counter] = defaultdict(Counter)
    gn = []
    with open(data / "geonames_sy/geonames_cities500_SY.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lat, lon = float(r["latitude"]), float(r["longitude"])
            near = min(rg, key=lambda g: haversine_km(lat, lon, g[0], g[1]))
            if haversine_km(lat, lon, near[0], near[1]) < 1.0 and near[3]:
                codes[r["admin1code"]][near[3]] += 1
            gn.append((r, lat, lon))
    # GeoNames admin1 codes -> ACLED names, by majority of co-located cities1000 rows
    code_name = {c: cnt.most_common(1)[0][0] for c, cnt in codes.items()}
    seen = []
    for r, lat, lon in gn:
        aliases = [r["name"]] + [a for a in r["alternatenames"].split("|") if latin_alias(a)]
        out.append(row(f"gn:{r['geonameid']}", ascii_name(r["name"]), aliases, lat, lon, "city",
                       code_name.get(r["admin1code"], ""), population=int(r["population"] or 0),
                       source="geonames"))
        seen.append((lat, lon, place_name_key(r["name"])))
    for lat, lon, name, adm1, adm2 in rg:
        k = place_name_key(name)
        if not k:
            continue
        if any(k == s[2] and haversine_km(lat, lon, s[0], s[1]) < MERGE_KM for s in seen):
            continue
        out.append(row(f"gn1000:{slug(name)}", name, [], lat, lon, "city", adm1, adm2,
                       source="geonames"))
    return out


def split_where(where: str) -> tuple[str, str, list[str]]:
    """'Teir Maaleh village' -> ('Teir Maaleh', 'city', []); 'Tadmur/Palmyra town' -> aliases."""
    where = " ".join(where.replace("(", " ").replace(")", " ").split())
    level = "landmark"
    parts = where.rsplit(" ", 1)
    if len(parts) == 2 and parts[1].lower() in LEVEL_BY_SUFFIX:
        where, level = parts[0], LEVEL_BY_SUFFIX[parts[1].lower()]
    names = [n.strip() for n in where.split("/") if n.strip()]
    if level == "landmark":   # "Wadi Barada area": also the name without the generic word
        for n in list(names):
            bare = re.sub(r"\s+(?:area|region|pocket|enclave|sector|mountains?|plains?|hills?|"
                          r"fields?|farms?|valley)$", "", n, flags=re.I)
            if bare != n and len(bare) >= 4:
                names.append(bare)
    return names[0], level, names[1:]


def read_ucdp(data: Path) -> list[dict]:
    groups: dict[tuple, list] = defaultdict(list)
    with open(data / "ucdp_ged_syria/dev.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if int(float(r["id"])) % 5 == 0:
                continue  # held out for evaluation: never learned
            where = (r["where_coordinates"] or "").strip()
            if not where or SKIP_WHERE.search(where) or not r["latitude"]:
                continue
            prec = int(float(r["where_prec"] or 9))
            if prec > 3:
                continue
            name, level, aliases = split_where(where)
            adm2 = re.sub(r"\s*district$", "", r["adm_2"] or "", flags=re.I)
            if level == "district" and place_name_key(name) != place_name_key(adm2):
                level = "neighbourhood"  # "Al-Rashideen District" in a city
            groups[(name, level, acled_admin1(r["adm_1"]))].append(
                (float(r["latitude"]), float(r["longitude"]), adm2, aliases))
    out = []
    used: Counter = Counter()
    for (name, level, adm1), pts in sorted(groups.items()):
        lat = statistics.median(p[0] for p in pts)
        lon = statistics.median(p[1] for p in pts)
        adm2 = Counter(p[2] for p in pts).most_common(1)[0][0]
        aliases = list(dict.fromkeys(a for p in pts for a in p[3]))
        prefix = "ucdp" if level != "district" else "ucdp-district"
        pid = f"{prefix}:{slug(name)}" + (f"-{slug(adm1)}" if adm1 else "")
        used[pid] += 1
        if used[pid] > 1:  # "Ayn al-Bayda" and "Ayn al Bayda": two UCDP spellings
            pid = f"{pid}-{used[pid]}"
        rec = row(pid, name, aliases, lat, lon, level, adm1, adm2, source="ucdp")
        rec["reports"] = len(pts)   # a prior for namesakes: where the training rows fought
        out.append(rec)
    return out


def governorate_rows(data: Path) -> list[dict]:
    # UCDP's own point for "X Governorate" rows (training rows only) beats our fallback
    pts: dict[str, list] = defaultdict(list)
    with open(data / "ucdp_ged_syria/dev.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if int(float(r["id"])) % 5 == 0 or not r["latitude"]:
                continue
            where = r["where_coordinates"] or ""
            if where.lower().endswith(" governorate") and int(float(r["where_prec"] or 9)) == 4:
                g = acled_admin1(where)
                if g:
                    pts[g].append((float(r["latitude"]), float(r["longitude"])))
    out = [row("country:sy", "Syria", ["Syrian Arab Republic"], 35.0, 38.5, "country",
               source="pack")]
    for g, (sid, lat, lon, aliases) in GOVERNORATES.items():
        if pts[g]:
            lat = statistics.median(p[0] for p in pts[g])
            lon = statistics.median(p[1] for p in pts[g])
        out.append(row(f"adm1:{sid}", g, aliases, lat, lon, "governorate", g, source="pack"))
    return out


# ---------------------------------------------------------------------------
# merge
# ---------------------------------------------------------------------------

PRIORITY = {"pack": 0, "ocha": 1, "geonames": 2, "ucdp": 3, "wof": 4}


def near_spellings(rows: list[dict]) -> list[tuple[int, int]]:
    """(UCDP row, WOF row) pairs of towns and villages within NEAR_SPELLING_KM whose names
    are spelled nearly alike though their keys differ: word for word (articles aside), each
    word one transliteration of the other, or the same first letter and a rapidfuzz ratio of
    at least NEAR_SPELLING_RATIO ("Kafarya" and Kafraya; not "Tall al Ward ash Sharqi" and
    "... Gharbi", nor "Kafr Dayyan" and "Kafr Daryan"). A UCDP row goes with its nearest
    such WOF row only."""
    from rapidfuzz import fuzz

    from marsad.core.names import ARTICLES
    from marsad.geo.gazetteer import transliteration

    def forms(r: dict, variants: bool) -> set[tuple[str, ...]]:
        names = [r["name"], *r["aliases"], *(r.get("variants", ()) if variants else ())]
        return {tuple(w for w in re.split(r"[^a-z]+", fold_ascii(n).replace("'", "").replace("`", ""))
                      if w and w not in ARTICLES)
                for n in names if not arabic(n)}

    def alike(a: str, b: str) -> bool:
        return a == b or transliteration(a) == transliteration(b) or (
            a[0] == b[0] and fuzz.ratio(a, b) >= NEAR_SPELLING_RATIO)

    def same_name(mine: set[tuple[str, ...]], theirs: set[tuple[str, ...]]) -> bool:
        return any(len(a) == len(b) and a and sum(map(len, a)) >= 4
                   and all(alike(x, y) for x, y in zip(a, b)) for a in mine for b in theirs)

    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j, r in enumerate(rows):
        if r["source"] == "wof" and r["level"] == "city":
            grid[(int(r["lat"] * 20), int(r["lon"] * 20))].append(j)
    pairs = []
    for i, r in enumerate(rows):
        if r["source"] != "ucdp" or r["level"] != "city":
            continue
        mine = forms(r, False)
        keys = {place_name_key(n) for n in [r["name"], *r["aliases"]]}
        ci, cj = int(r["lat"] * 20), int(r["lon"] * 20)
        best = None
        for j in (j for di in (-1, 0, 1) for dj in (-1, 0, 1) for j in grid.get((ci + di, cj + dj), ())):
            w = rows[j]
            km = haversine_km(r["lat"], r["lon"], w["lat"], w["lon"])
            if keys & {place_name_key(n) for n in [w["name"], *w["aliases"], *w.get("variants", ())]}:
                continue   # one key: merged as any two records of a name are
            if km < NEAR_SPELLING_KM and (best is None or km < best[0]) and same_name(mine, forms(w, True)):
                best = (km, j)
        if best is not None:
            pairs.append((i, best[1]))
    return pairs


def merge(rows: list[dict]) -> list[dict]:
    """Union rows of the same level family that share a name key within MERGE_KM."""
    parent = list(range(len(rows)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r["level"] in ("country", "governorate"):
            continue
        for k in {place_name_key(n) for n in [r["name"], *r["aliases"], *r.get("variants", ())]}:
            # a short key too ("Foah" and Al Fu'ah, both "fa"): the merge is within MERGE_KM
            if len(k) >= MERGE_KEY_MIN:
                by_key[k].append(i)
    for idx in by_key.values():
        for a in range(len(idx)):
            for b in range(a + 1, len(idx)):
                i, j = idx[a], idx[b]
                ri, rj = rows[i], rows[j]
                if (ri["level"] == "district") != (rj["level"] == "district"):
                    continue
                limit = DISTRICT_MERGE_KM if ri["level"] == "district" else MERGE_KM
                if haversine_km(ri["lat"], ri["lon"], rj["lat"], rj["lon"]) < limit:
                    parent[find(i)] = find(j)
    # a place UCDP names in a spelling Who's On First lacks, on WOF's point of a locality
    # spelled nearly so ("Kafarya" and Kafraya, 0.3 km apart): one village, not two namesakes
    for i, j in near_spellings(rows):
        parent[find(i)] = find(j)
        rows[j]["own_spelling"] = True   # its name is the village's other spelling, not French
    # one GeoNames place in two sources (WOF and the cities500 subset), whatever the spelling
    by_gnid: dict[str, int] = {}
    for i, r in enumerate(rows):
        gnid = r.get("gnid") or (r["id"][3:] if r["id"].startswith("gn:") else "")
        if gnid:
            if gnid in by_gnid:
                parent[find(i)] = find(by_gnid[gnid])
            else:
                by_gnid[gnid] = i
    clusters: dict[int, list[dict]] = defaultdict(list)
    for i, r in enumerate(rows):
        clusters[find(i)].append(r)
    out = []
    for members in clusters.values():
        # a current record before a superseded one of the same place (its id stays the id)
        members.sort(key=lambda r: (PRIORITY[r["source"]], r.get("superseded", False),
                                    -(r["population"] or 0), r["id"]))
        best = dict(members[0])
        # Who's On First's names of a place another source has are its variant spellings; a
        # place only WOF knows, in two records of one key ("Qursan" and "Kirsan" 1 km apart),
        # has each record's name as its own
        wof_only = members[0]["source"] == "wof"
        strong = [m for m in members if m is members[0] or m["source"] != "wof" or wof_only
                  or m.get("own_spelling")]
        names = [m["name"] for m in strong] + [a for m in strong for a in m["aliases"]]
        best["aliases"] = [n for n in dict.fromkeys(names) if n != best["name"]]
        for col in ("admin1", "admin2", "admin3", "population"):
            if not best[col]:
                best[col] = next((m[col] for m in members if m[col]), "")
        best["source"] = "+".join(dict.fromkeys(m["source"] for m in members))
        best["name_ar"] = list(dict.fromkeys(a for m in members for a in m.get("name_ar", ())))
        weak = [m["name"] for m in members if m not in strong]
        weak += [v for m in members for v in (*m.get("variants", ()), *m.get("short", ()))]
        best["variants"] = [v for v in dict.fromkeys(weak)
                            if v != best["name"] and v not in best["aliases"]]
        best["reports"] = sum(m.get("reports", 0) for m in members) or ""
        best["feature"] = next((m["feature"] for m in members if m.get("feature")), "")
        out.append(best)
    return out


def prune_aliases(rows: list[dict]) -> None:
    """Drop an alias that is another place's name and looks nothing like its own place's
    name: "Berea" (Aleppo's ancient name) would take every report of the village Barah."""
    from rapidfuzz import fuzz

    from marsad.geo.gazetteer import surface

    names: dict[str, set[int]] = defaultdict(set)
    for i, r in enumerate(rows):
        names[place_name_key(r["name"])].add(i)
    curated = {a for aliases in EXTRA_ALIASES.values() for a in aliases}
    curated |= {a for _, _, _, aliases in GOVERNORATES.values() for a in aliases}
    for i, r in enumerate(rows):
        own = surface(r["name"])
        r["aliases"] = [a for a in r["aliases"]
                        if a in curated or not (names.get(place_name_key(a), set()) - {i})
                        or fuzz.ratio(surface(a), own) >= 60]


def fill_admin(rows: list[dict], ucdp: list[dict]) -> None:
    """Fill missing admin1/admin2 from the nearest UCDP town (< 15 km)."""
    towns = [u for u in ucdp if u["level"] == "city" and u["admin1"]]
    for r in rows:
        if r["level"] in ("country", "governorate") or (r["admin1"] and r["admin2"]):
            continue
        near = min(towns, key=lambda u: haversine_km(r["lat"], r["lon"], u["lat"], u["lon"]))
        if haversine_km(r["lat"], r["lon"], near["lat"], near["lon"]) < 15:
            r["admin1"] = r["admin1"] or near["admin1"]
            r["admin2"] = r["admin2"] or near["admin2"]


def set_admin(rows: list[dict], areas: AdminAreas) -> None:
    """admin1/admin2 of every place from the polygons (one naming scheme); a point outside
    them keeps what its source said; a governorate keeps its name as admin1."""
    for r in rows:
        if r["level"] == "country":
            continue
        admin1, admin2 = areas.admin(r["lat"], r["lon"])
        if r["level"] == "governorate":
            # as ACLED codes a province-level event: the district of the province's point
            r["admin2"] = admin2 if admin1 == r["admin1"] else ""
            continue
        if admin1:
            if admin1 != r["admin1"] or admin2:
                r["admin3"] = r["admin3"] if admin1 == r["admin1"] else ""
            r["admin1"], r["admin2"] = admin1, admin2


def build(data: Path) -> list[dict]:
    ucdp = read_ucdp(data)
    curated = [row(pid, name, aliases, lat, lon, "neighbourhood", adm1, adm2, source="pack")
               for pid, name, aliases, lat, lon, adm1, adm2 in CURATED]
    rows = (governorate_rows(data) + curated + read_ocha(data) + read_geonames(data) + ucdp
            + read_wof(data))
    for r in rows:
        r["aliases"] = list(dict.fromkeys(r["aliases"] + EXTRA_ALIASES.get(r["id"], [])))
    lead_word_variants(rows)
    merged = merge(rows)
    prune_aliases(merged)
    fill_admin(merged, ucdp)
    set_admin(merged, AdminAreas(data))
    return in_pack_order(merged)


def in_pack_order(rows: list[dict]) -> list[dict]:
    """The country, the governorates, then every place by id; an id given twice is an error."""
    order = {"country": 0, "governorate": 1}
    rows.sort(key=lambda r: (order.get(r["level"], 2), r["id"]))
    ids = Counter(r["id"] for r in rows)
    dup = [i for i, c in ids.items() if c > 1]
    if dup:
        raise SystemExit(f"duplicate ids: {dup[:10]}")
    return rows


def write(rows: list[dict], out: Path, columns: tuple[str, ...] = COLUMNS) -> None:
    """``places.csv`` with ``columns`` (a pack may leave the optional ones out)."""
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({**r, "aliases": "|".join(r["aliases"]),
                        "variants": "|".join(r.get("variants", ())),
                        "name_ar": "|".join(r.get("name_ar", ()))})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    rows = build(args.data)
    write(rows, args.out)
    levels = Counter(r["level"] for r in rows)
    print(f"wrote {len(rows)} places to {args.out} ({args.out.stat().st_size // 1024} KiB): "
          f"{dict(levels)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
