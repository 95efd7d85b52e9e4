"""Issue 13: a text that names one of the theater's own armed groups is about the theater,
as one that names Syria or a governorate is, though its group fought across the country
(place_focus.json lists it with no governorate): a village only Who's On First knows is
read there after a locative word. Invented sentences; Dughaniyah is a village of Who's On
First in Raqqa governorate that no other source has."""

from marsad.geo import Gazetteer


def found(pack, text):
    return [m.text for m in Gazetteer.for_pack(pack).find(text)]


def test_a_group_of_the_theater_makes_the_text_about_it(pack):
    assert found(pack, "Fighters of Ahrar al-Sham clashed with a rival faction in Dughaniyah "
                       "on Monday.") == ["Dughaniyah"]
    assert found(pack, "Jund al-Aqsa fighters shelled a post in Dughaniyah overnight.") == ["Dughaniyah"]


def test_without_the_group_the_text_is_about_nowhere_in_particular(pack):
    assert found(pack, "Fighters of a local faction clashed with rivals in Dughaniyah on Monday.") == []
