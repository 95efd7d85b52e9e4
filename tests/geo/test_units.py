"""Issue 13: numbered military units, coded bases and named facilities. A unit the gazetteer has a base of
(a landmark learned from training reports: "Division 17 Army Base") is that base where the
text puts something at it; a unit that acts, or one without a known base, is no place.
An invented pack (names made up, coordinates invented)."""


import pytest

from marsad.geo.gazetteer import unit_keys

from geo_testkit import zedland_gazetteer, resolved_place_ids as _places

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    "gn:1,Harran,,36.1,37.1,city,Harran,Upper,,250000,geonames,30,PPLA,,",
    "ucdp:2,Division 17 Army Base,,36.30,37.30,landmark,Harran,Upper,,,ucdp,2,,,",
    "ucdp:3,Kafr Sabt military base 93rd Brigade,,36.50,37.50,landmark,Harran,Upper,,,ucdp,1,,,",
    "ucdp:4,113th Air Defense Brigade,,36.70,37.70,landmark,Harran,Upper,,,ucdp,1,,,",
    "ucdp:5,Tiyas Military Airbase T4,,36.80,37.80,landmark,Harran,Upper,,,ucdp,9,,,",
    "ucdp:6,Abu Zahr Military Airbase,,36.90,37.90,landmark,Harran,Upper,,,ucdp,1,,,",
    "wof:7,Abu Zahr,,36.91,37.91,city,Harran,Upper,,,wof,,PPL,,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedland_units"), "zedland_units", 995, ROWS)


def test_a_landmark_name_gives_its_unit():
    assert unit_keys("Division 17 Army Base") == [("division", 17)]
    assert unit_keys("Kafr Sabt military base 93rd Brigade") == [("brigade", 93)]
    assert unit_keys("113th Air Defense Brigade") == [("brigade", 113)]
    assert unit_keys("Tiyas Military Airbase T4") == [("T", 4)]
    assert unit_keys("Kafr Sabt") == []


@pytest.mark.parametrize("text,pid", [
    ("Zedlandic rebels stormed the 17th Division base on Thursday.", "ucdp:2"),
    ("Zedlandic rebels shelled Division 17 on Thursday.", "ucdp:2"),
    ("Clashes broke out near the 93rd Brigade, Zedlandic activists said.", "ucdp:3"),
    ("Zedlandic rebels attacked positions in Brigade 93 on Monday.", "ucdp:3"),
    ("Zedlandic rebels shelled the 113th Air Defense Brigade on Monday.", "ucdp:4"),
    ("Jets struck the T4 airbase, Zedlandic media said.", "ucdp:5"),
])
def test_a_unit_with_a_known_base_is_that_base(gaz, text, pid):
    assert _places(gaz, text) == [pid]


@pytest.mark.parametrize("text", [
    "Zedlandic troops of the 17th Division attacked rebels on Monday.",   # the unit acts
    "Zedlandic rebels shelled the 4th Division on Monday.",               # no base known
    "Zedlandic rebels shelled the 93rd Regiment on Monday.",              # another kind
    "Troops of the 82nd Airborne Division stormed the 17th Division base.",  # not about the theater
])
def test_no_place_from_a_unit_that_acts_or_has_no_base(gaz, text):
    assert _places(gaz, text) == []


def test_a_facility_named_in_full_is_a_place_in_any_text(gaz):
    # no word of the theater and no locative word: the name's own facility word says it
    assert _places(gaz, "Rebels hold their control on Abu Zahr Military Airbase.") == ["ucdp:6"]
    # the hamlet alone, or the facility words alone, are not enough there
    assert _places(gaz, "Rebels hold their control on Abu Zahr.") == []
    assert _places(gaz, "Rebels hold their control on Military Airbase.") == []
