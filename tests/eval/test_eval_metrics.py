import math

import pytest

from marsad.eval.case2021 import (CASE_TO_ACLED, NOT_EVENT, CaseLabelError, case_to_acled,
                                  keyword_baseline, score, to_type)
from marsad.core.geometry import haversine_km
from marsad.core.names import fold
from marsad.eval.metrics import (PRF, classification_scores, find_folded, median,
                                 normalize_governorate, per_label, same_governorate)
from marsad.eval.rams import head_token
from marsad.eval.re3d import score_spans
from marsad.link.reference import clean_place_name, is_heldout
from marsad.model import SUB_EVENT_TO_TYPE


def test_prf_and_f1():
    c = PRF(tp=2, fp=1, fn=2)
    assert c.precision == pytest.approx(2 / 3)
    assert c.recall == pytest.approx(0.5)
    assert c.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))
    assert PRF(0, 0, 0).f1 == 0.0


def test_weighted_and_macro_f1_by_hand():
    gold = ["a", "a", "a", "b"]
    pred = ["a", "a", "b", "b"]
    s = classification_scores(gold, pred)
    # a: P=1 R=2/3 F=0.8 ; b: P=0.5 R=1 F=2/3
    assert s["macro_f1"] == pytest.approx((0.8 + 2 / 3) / 2)
    assert s["weighted_f1"] == pytest.approx((3 * 0.8 + 2 / 3) / 4)
    assert s["accuracy"] == pytest.approx(0.75)


def test_prediction_outside_label_set_still_costs_recall():
    s = classification_scores(["a", "a"], ["a", "zzz"], labels=["a"])
    assert s["macro_f1"] == pytest.approx(2 / 3)


def test_per_label_length_mismatch_is_an_error():
    with pytest.raises(ValueError, match="differ in length"):
        per_label(["a"], [])


def test_haversine_known_distances():
    assert haversine_km(36.2, 37.16, 36.2, 37.16) == 0.0
    # one degree of latitude is about 111.2 km
    assert haversine_km(35.0, 37.0, 36.0, 37.0) == pytest.approx(111.2, abs=0.3)
    # Aleppo to Damascus is about 310 km
    assert 300 < haversine_km(36.2021, 37.1343, 33.5138, 36.2765) < 320


def test_median():
    assert median([]) is None
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([1.0, 2.0, 3.0, 10.0]) == 2.5


def test_case_label_mapping():
    assert len(CASE_TO_ACLED) == 25
    assert set(CASE_TO_ACLED.values()) == set(SUB_EVENT_TO_TYPE)
    assert case_to_acled("ART_MISS_ATTACK") == "Shelling/artillery/missile attack"
    assert case_to_acled("ARREST") == "Arrests"
    for label in ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB"):
        assert case_to_acled(label) == NOT_EVENT
    with pytest.raises(CaseLabelError, match="unknown CASE 2021 label"):
        case_to_acled("ALIEN_INVASION")
    assert to_type("Grenade") == "Explosions/Remote violence"
    assert to_type(NOT_EVENT) == NOT_EVENT


def test_case_score_30_label_view_counts_not_event_for_the_five():
    gold = ["DIPLO", "ORG_CRIME", "AIR_STRIKE"]
    pred = [NOT_EVENT, NOT_EVENT, "Air/drone strike"]
    s = score(gold, pred)
    assert s["weighted_f1"] == pytest.approx(1.0)
    assert s["weighted_f1_30"] == pytest.approx(1.0)
    s2 = score(gold, [NOT_EVENT, "Attack", "Attack"])
    assert s2["type_macro_f1"] < 1.0 and s2["macro_f1"] < s2["type_macro_f1"] + 1e-9


def test_keyword_baseline_obvious_cases():
    assert keyword_baseline("Warplanes carried out an airstrike on the market.") == \
        "Air/drone strike"
    assert keyword_baseline("A suicide bomber blew himself up at a checkpoint.") == \
        "Suicide bomb"
    assert keyword_baseline("The minister opened a new library.") == NOT_EVENT


def test_fold_keeps_length_and_drops_diacritics():
    s = "Ma\u2019arrat al-Nu\u02bfm\u0101n"
    assert len(fold(s)) == len(s)
    assert fold("Ḥamāh") == "hamah"
    assert find_folded("Shelling on MAARRAT al-Numan today", "Ma’arrat") == (12, 19)
    assert find_folded("Tanabiya", "Tanab") is None
    assert find_folded("near Deir ez-Zor", "Deir ez Zor") == (5, 16)


@pytest.mark.parametrize("raw,key", [
    ("deir ezzor", "deir ez-zor"), ("Deir-ez-Zor", "deir ez-zor"),
    ("Deir ez Zor Governorate", "deir ez-zor"), ("lattakia", "lattakia"),
    ("Latakia Governorate", "lattakia"), ("hasakeh", "hasakeh"), ("Al-Hasakeh", "hasakeh"),
    ("Al Hasakah Governorate", "hasakeh"), ("raqqa", "raqqa"), ("Ar-Raqqa", "raqqa"),
    ("Ar Raqqah Governorate", "raqqa"), ("idlib", "idlib"), ("Idleb", "idlib"),
    ("daraa", "daraa"), ("Dar'a", "daraa"), ("Hamah Governorate", "hama"),
    ("Rif Dimashq Governorate", "rural damascus"), ("Northern Hamah Governorate", "hama"),
])
def test_governorate_normalization(raw, key):
    assert normalize_governorate(raw) == key


def test_governorate_comparison_lenient_damascus():
    assert not same_governorate("Rural Damascus", "damascus")
    assert same_governorate("Rural Damascus", "damascus", lenient=True)
    assert not same_governorate(None, "aleppo")
    assert not same_governorate("Atlantis", "Atlantis")


def test_ucdp_place_names_and_split():
    assert clean_place_name("Teir Maaleh village") == "Teir Maaleh"
    assert clean_place_name("Al Mayadin district") == "Al Mayadin"
    assert clean_place_name("Aleppo city (Al Sukkari neighbourhood)") == "Aleppo"
    assert is_heldout("214800.0") and not is_heldout(214797)


def test_rams_head_token():
    toks = ["the", "leader", "of", "the", "rebels", "in", "Aleppo", "."]
    assert head_token(toks, 0, 4) == 1
    assert head_token(toks, 3, 4) == 4
    assert head_token(toks, 6, 7) == 6


def test_re3d_exact_and_overlap():
    gold = {("Organisation", 0, 15), ("Location", 20, 25)}
    pred = {("Organisation", 4, 15), ("Location", 20, 25), ("Location", 30, 35)}
    s = score_spans(gold, pred)
    assert s["Organisation"].exact.tp == 0
    assert s["Organisation"].overlap_precision == 1.0
    assert s["Location"].exact == PRF(1, 1, 0)
    assert math.isclose(s["Location"].overlap_recall, 1.0)
    assert math.isclose(s["Location"].overlap_precision, 0.5)
