"""Issue 13, item 5: a facility named after a place ("X oil well", "X gas field") locates
near that place, even where no locative word comes before the name: in a text about Syria a
village only Who's On First knows is matched there as after "in". Invented sentences;
Dughaniyah is a village of Who's On First in Raqqa governorate that no other source has."""

from marsad.geo import Gazetteer


def found(pack, text):
    return [m.text for m in Gazetteer.for_pack(pack).find(text)
            if pack.place(m.candidates[0]).level != "country"]


def test_a_facility_named_after_a_village_puts_the_village_in_the_text(pack):
    assert found(pack, "Syria, overnight: Dughaniyah oil well burned for hours, guards said.") == [
        "Dughaniyah"]
    assert found(pack, "Drones reached Dughaniyah gas field before dawn, Syria's army said.") == [
        "Dughaniyah"]


def test_without_the_facility_words_the_bare_village_name_is_no_place(pack):
    assert found(pack, "Syria, overnight: Dughaniyah burned for hours, guards said.") == []
    assert found(pack, "Syria, overnight: Dughaniyah oil prices rose, traders said.") == []
