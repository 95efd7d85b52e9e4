"""Invariants of the committed gazetteer (src/marsad/theaters/syria/places.csv)."""

import csv
import re
from pathlib import Path

import pytest

from marsad.model import PLACE_LEVELS

PLACES = Path(__file__).resolve().parents[2] / "src/marsad/theaters/syria/places.csv"
UCDP = Path("/work/shared/data/ucdp_ged_syria/dev.csv")
ACLED_ADMIN1 = {"Aleppo", "Idleb", "Hama", "Homs", "Damascus", "Rural Damascus", "Lattakia",
                "Tartous", "Deir-ez-Zor", "Ar-Raqqa", "Al-Hasakeh", "Dar'a", "As-Sweida",
                "Quneitra"}


@pytest.fixture(scope="module")
def rows():
    with open(PLACES, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_lean_and_unique(rows):
    assert 1000 < len(rows) < 5000
    assert PLACES.stat().st_size < 2_000_000
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_levels_coordinates_and_admin1(rows):
    for r in rows:
        assert r["level"] in PLACE_LEVELS, r
        assert 32.0 < float(r["lat"]) < 37.6 and 35.4 < float(r["lon"]) < 42.6, r
        if r["level"] != "country":
            assert r["admin1"] in ACLED_ADMIN1, r


def test_governorates_use_acled_spellings(rows):
    govs = {r["name"] for r in rows if r["level"] == "governorate"}
    assert govs == ACLED_ADMIN1


def test_ids_name_their_source(rows):
    for r in rows:
        assert re.match(r"^(gn|gn1000|ocha|ucdp|ucdp-district|adm1|country|pack):\S+$", r["id"]), r


@pytest.mark.skipif(not UCDP.exists(), reason="shared evaluation data not present")
def test_no_place_learned_only_from_held_out_rows(rows):
    train, held = set(), set()
    with open(UCDP, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            where = " ".join((r["where_coordinates"] or "").split())
            (held if int(float(r["id"])) % 5 == 0 else train).add(where)
    only_held = {w for w in held - train}
    strip = re.compile(r"\s+(?:town|village|villge|city|suburb|district|neighbou?rhood|"
                       r"locality|hamlet|quarter|subdistrict|sub-district)$", re.I)
    only_held_names = {strip.sub("", w).split("/")[0] for w in only_held}
    train_names = {strip.sub("", w).split("/")[0] for w in train}
    leaked = [r["name"] for r in rows if r["source"] == "ucdp"
              and r["name"] in only_held_names and r["name"] not in train_names]
    assert leaked == []
