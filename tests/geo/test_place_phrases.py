"""Issue 13, weak phrases: a part of a town ("a northern district of X"), a province named
one sentence earlier deciding between namesakes, and roads between towns. Sentences
written for these tests."""

import pytest

from marsad.geo import make_event_geocoder, make_place_tagger
from geo_testkit import add_event, make_article

MANBIJ = "gn:167357"            # the town
MANBIJ_DISTRICT = "ucdp-district:manbij-aleppo"   # its district's point, about 50 km south


@pytest.fixture(scope="module")
def stages(pack):
    return make_place_tagger(pack), make_event_geocoder(pack)


def locate(stages, text, sentence=0):
    tagger, geocoder = stages
    article = make_article(text)
    ev = add_event(article, sentence)
    geocoder(tagger(article))
    return ev


@pytest.mark.parametrize("text", [
    "Jets struck a northern district of Manbij on Monday, killing four.",
    "Shells landed in an eastern neighbourhood of Manbij overnight.",
    "Mortars hit one quarter of Manbij on Friday.",
    "Fighting reached the western districts of Manbij.",
])
def test_a_part_of_a_town_is_the_town_at_precision_2_not_its_district(stages, text):
    ev = locate(stages, text)
    assert ev.place.id == MANBIJ
    assert ev.geo_precision == 2
    assert ev.coding.place_relation == "part"


@pytest.mark.parametrize("text", [
    "Clashes spread across the district of Manbij.",
    "Clashes spread across Manbij district.",
])
def test_the_district_itself_is_still_the_district(stages, text):
    assert locate(stages, text).place.id == MANBIJ_DISTRICT
