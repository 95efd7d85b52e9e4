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
        w.writerow([30.5400, 47.8200, "Basra", "Basra", "", "IQ"])         # another name, 4 km off
        w.writerow([37.0800, 37.3700, "Gaziantep", "Gaziantep", "Sahinbey", "TR"])  # moved 2 km
    table = build.read_admin_table(path)
    rows = [
        {"level": "city", "name": "Mosul", "lat": "36.335", "lon": "43.11889", "iso": "368", "admin1": ""},
        {"level": "city", "name": "Basrah", "lat": "30.50852", "lon": "47.7804", "iso": "368", "admin1": ""},
        {"level": "city", "name": "Gaziantep", "lat": "37.05944", "lon": "37.3825", "iso": "792", "admin1": ""},
        {"level": "country", "name": "Iraq", "lat": "", "lon": "", "iso": "368", "admin1": ""},
    ]
    assert build.add_admin(rows, table, {"368": "IQ", "792": "TR"}) == 3
    # Basrah is no row of the table, but every row near it is in Basra: its admin1, not
    # an admin2 (a district is smaller than the distance)
    assert [(r["admin1"], r.get("admin2", "")) for r in rows] == [
        ("Ninawa", ""), ("Basra", ""), ("Gaziantep", "Sahinbey"), ("", "")]


def test_a_city_between_two_provinces_takes_no_admin_from_its_neighbours(build, tmp_path):
    path = tmp_path / "rg.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["lat", "lon", "name", "admin1", "admin2", "cc"])
        w.writerow([30.10, 31.28, "Northtown", "Province A", "", "EG"])
        w.writerow([30.16, 31.22, "Southtown", "Province B", "", "EG"])
        w.writerow([29.00, 31.00, "Farville", "Province C", "", "EG"])   # too far to count
    rows = [{"level": "city", "name": "Bordertown", "lat": "30.125", "lon": "31.25",
             "iso": "818", "admin1": ""},
            {"level": "city", "name": "Farside", "lat": "29.05", "lon": "31.02",
             "iso": "818", "admin1": ""}]
    assert build.add_admin(rows, build.read_admin_table(path), {"818": "EG"}) == 1
    assert [r["admin1"] for r in rows] == ["", "Province C"]


def test_a_city_of_a_country_with_a_pack_takes_that_packs_names(build, tmp_path):
    pack = tmp_path / "theaters" / "testland"
    pack.mkdir(parents=True)
    (pack / "pack.json").write_text('{"name": "testland", "iso": 999}', encoding="utf-8")
    with open(pack / "places.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "name", "lat", "lon", "level", "admin1", "admin2"])
        w.writerow(["t:1", "Capital City", 10.0, 20.0, "city", "Capital Province", "Capital District"])
        w.writerow(["t:2", "Far Town", 12.0, 22.0, "city", "North Province", "North District"])
    towns = build.read_pack_admin(tmp_path / "theaters")
    rows = [{"level": "city", "name": "Capital", "lat": "10.01", "lon": "20.02", "iso": "999",
             "admin1": "Al Capitalia", "admin2": ""},               # the table's own spelling
            {"level": "city", "name": "Elsewhere", "lat": "11.0", "lon": "21.0", "iso": "999",
             "admin1": "Middle", "admin2": ""},                     # no pack town near it
            {"level": "city", "name": "Abroad", "lat": "10.0", "lon": "20.0", "iso": "111",
             "admin1": "Other", "admin2": ""}]                      # another country
    assert build.pack_admin(rows, towns) == 1
    assert [(r["admin1"], r["admin2"]) for r in rows] == [
        ("Capital Province", "Capital District"), ("Middle", ""), ("Other", "")]


@pytest.mark.parametrize("theater,other", [("libya", "syria"), ("syria", "libya")])
def test_cities_abroad_in_a_country_with_a_pack_use_its_admin_names(theater, other):
    """One naming scheme per country: Damascus in the Libya pack's places abroad is in
    the Syria pack's 'Damascus', not GeoNames' 'Dimashq'."""
    own = load_pack(other, overlays=())
    names = {p.admin1 for p in own.places if p.admin1}
    abroad = [p for p in load_pack(theater, overlays=()).places_abroad
              if p.level == "city" and p.country == own.country and p.admin1]
    assert all(p.admin1 in names for p in abroad), [(p.name, p.admin1) for p in abroad]


@pytest.mark.parametrize("theater", ["syria", "libya"])
def test_the_packs_cities_abroad_have_admin1(theater):
    pack = load_pack(theater, overlays=())
    cities = [p for p in pack.places_abroad if p.level == "city"]
    assert sum(bool(p.admin1) for p in cities) / len(cities) >= 0.85
    # a country is no point and has no admin1
    assert not any(p.admin1 for p in pack.places_abroad if p.level == "country")
