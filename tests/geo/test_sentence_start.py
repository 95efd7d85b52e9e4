"""A sentence's capitalized first word is no part of the place name after it (issue 13)."""

import pytest

from marsad.geo.gazetteer import Gazetteer
from marsad.theaters import load_pack


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load_pack("syria", overlays=()))


def test_in_before_a_provincial_capital_is_the_preposition(gazetteer):
    # "In Deraa" is keyed like a hamlet named "'Ayn ad Dar"; the sentence means Deraa
    found = gazetteer.find("In Deraa, tanks fired on homes on Saturday, people there said.")
    assert [m.text for m in found] == ["Deraa"]


def test_an_article_that_begins_a_name_stays_in_it(gazetteer):
    found = gazetteer.find("At Tall Abyad, fighting went on through the night.")
    assert [m.text for m in found] == ["At Tall Abyad"]
