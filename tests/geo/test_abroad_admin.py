"""Issue 13: an event placed abroad gets its admin1 (and admin2 where known) as the pack's
places_abroad.csv holds them, filled by scripts/build_abroad.py from a GeoNames cities1000
table with admin names. Invented table rows."""

import csv
import importlib.util
from pathlib import Path

import pytest

from marsad.theaters import load_pack

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build_abroad_admin", ROOT / "scripts/build_abroad.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_cities_take_the_admin_of_their_table_row(build, tmp_path):
    path = tmp_path / "rg.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["lat", "lon", "name", "admin1", "admin2", "cc"])
        w.writerow([36.3350, 43.1189, "Mosul", "Ninawa", "", "IQ"])
        w.writerow([36.3300, 43.1100, "Hamlet", "Wrong", "", "IQ"])       # nearby, another name
        w.writerow([30.5400, 47.8200, "Basra", "Basra", "", "IQ"])         # no match by name, too far
        w.writerow([37.0800, 37.3700, "Gaziantep", "Gaziantep", "Sahinbey", "TR"])  # moved 2 km
    table = build.read_admin_table(path)
    rows = [
        {"level": "city", "name": "Mosul", "lat": "36.335", "lon": "43.11889", "iso": "368", "admin1": ""},
        {"level": "city", "name": "Basrah", "lat": "30.50852", "lon": "47.7804", "iso": "368", "admin1": ""},
        {"level": "city", "name": "Gaziantep", "lat": "37.05944", "lon": "37.3825", "iso": "792", "admin1": ""},
        {"level": "country", "name": "Iraq", "lat": "", "lon": "", "iso": "368", "admin1": ""},
    ]
    assert build.add_admin(rows, table, {"368": "IQ", "792": "TR"}) == 2
    assert [(r["admin1"], r.get("admin2", "")) for r in rows] == [
        ("Ninawa", ""), ("", ""), ("Gaziantep", "Sahinbey"), ("", "")]


@pytest.mark.parametrize("theater", ["syria", "libya"])
def test_the_packs_cities_abroad_have_admin1(theater):
    pack = load_pack(theater, overlays=())
    cities = [p for p in pack.places_abroad if p.level == "city"]
    assert sum(bool(p.admin1) for p in cities) / len(cities) >= 0.85
    # a country is no point and has no admin1
    assert not any(p.admin1 for p in pack.places_abroad if p.level == "country")
