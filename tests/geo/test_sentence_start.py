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


def test_two_country_names_in_a_row_are_no_village(gazetteer):
    # a tag list keyed like the hamlet "Ash Sharikah"
    found = gazetteer.find("Tags Aleppo Syria UK Russia Russian jets bombed eastern Aleppo on Tuesday.")
    assert {m.text for m in found} == {"Aleppo"}


def test_the_quarters_a_city_s_neighbourhood_list_names_are_no_villages(gazetteer):
    # "Bab al-Hadid" is also a variant name of a far-off village; here it is an Aleppo quarter
    text = ("In Syria, regime guns on Monday pounded al-Kallaseh, Bab Qinnasrin, Bab al-Hadid "
            "and other quarters of old Aleppo.")
    assert "Bab al-Hadid" not in {m.text for m in gazetteer.find(text)}


def test_a_name_whose_last_word_is_written_in_lower_case(gazetteer):
    found = gazetteer.find("US strikes on the eastern Deir ezzor province killed 23 civilians.")
    assert [m.text for m in found] == ["Deir ezzor"]
    # a lower-case word that only keys like a name is not taken in
    found = gazetteer.find("Raids east of Deir Ezzor raise the toll, the monitor said.")
    assert [m.text for m in found] == ["Deir Ezzor"]
