"""Trigger words: kinds and spans on invented sentences."""

import pytest

from marsad.extract.triggers import find_triggers


def kinds(text):
    return [(t.kind, t.text) for t in find_triggers(text)]


@pytest.mark.parametrize("text, found", [
    ("The rebels handed the town over to the army.", ("transfer", "handed the town over")),
    ("Troops pulled out of the base and the militia moved in.", ("transfer", "pulled out of")),
    ("Government forces entered the village unopposed.", ("transfer", "unopposed")),
    ("The army withdrew its forces from the district.", ("transfer", "withdrew its")),
    ("The fighters abandoned their positions overnight.", ("transfer", "abandoned their positions")),
    ("The town changed hands without a fight.", ("transfer", "without a fight")),
    ("The militia moved into the hamlet and met no resistance.", ("transfer", "met no resistance")),
    ("Troops reached the port and did not encounter any opposition.",
     ("transfer", "did not encounter any opposition")),
    ("A blast tore through the bus station.", ("remote", "blast")),
    ("Three pistols and a box of ammunition were seized at the border post.",
     ("disrupted", "pistols and a box of ammunition were seized")),
    ("A cache of rifles was discovered in an orchard.", ("disrupted", "rifles was discovered")),
    ("Militants detonated a device near the convoy.", ("remote", "detonated")),
    ("A wave of bombings hit the capital.", ("remote", "bombings")),
])
def test_transfer_and_explosion_words(text, found):
    assert found in kinds(text)


@pytest.mark.parametrize("text", [
    "The soldiers withdrew.",                      # no place or force named: not a handover cue
    "She handed in her resignation.",
    "Fighter jets bombarded the hills.",           # an air attack, not a planted bomb
    "The assault met fierce resistance at the bridge.",   # resistance met: fighting, no handover
    "Bombs were dropped on the market.",
    "Did the army face any resistance?",
])
def test_not_transfer_or_remote(text):
    assert not [k for k, _ in kinds(text) if k in ("transfer", "remote")]


def test_weapons_seized_in_the_passive_are_not_a_taking():
    found = kinds("Two rifles and 300 rounds of ammunition were seized during the search.")
    assert [k for k, _ in found] == ["disrupted"]
    # a place seized in the passive is still a taking
    assert ("territory", "seized") in kinds("The town was seized by the militia on Friday.")
