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


def test_every_locality_and_still_lean(rows):
    # Who's On First's ~10,600 localities beside OCHA's quarters and UCDP's names (issue 13)
    assert 10_000 < len(rows) < 13_000
    assert PLACES.stat().st_size < 2_500_000
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
        assert re.match(r"^(gn|gn1000|ocha|ucdp|ucdp-district|adm1|country|pack|wof):\S+$", r["id"]), r


def test_admin2_filled_with_one_spelling_per_district(rows):
    """Every place has its district (WOF's polygons, the OCHA names ACLED uses), and a
    district name belongs to one governorate: no two spellings, no district in two places."""
    governorate_of: dict[str, set[str]] = {}
    for r in rows:
        if r["level"] == "country":
            continue
        assert r["admin2"], r
        governorate_of.setdefault(r["admin2"], set()).add(r["admin1"])
    assert 55 <= len(governorate_of) <= 65
    assert all(len(g) == 1 for g in governorate_of.values()), governorate_of
    keys = {re.sub(r"[^a-z]", "", d.lower()) for d in governorate_of}
    assert len(keys) == len(governorate_of)


def test_arabic_names_and_variants_kept(rows):
    with_arabic = [r for r in rows if r["name_ar"]]
    assert len(with_arabic) > 9000
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in r["name_ar"]) for r in with_arabic)
    # variant spellings stay apart from aliases (they are matched only in a locative phrase)
    assert sum(1 for r in rows if r["variants"]) > 5000
    for r in rows[:2000]:
        assert not set(r["variants"].split("|")) & set(r["aliases"].split("|")) - {""}, r


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


def test_common_press_spellings_are_aliases(rows):
    """English-language press spellings the sources lack (build_gazetteer.EXTRA_ALIASES)."""
    by_id = {r["id"]: r for r in rows}
    assert "Kobane" in by_id["gn:172256"]["aliases"].split("|")
    assert "Dmeir" in by_id["gn:170589"]["aliases"].split("|")
