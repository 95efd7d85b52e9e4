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


# --- the lexicon is language data (lang/en/triggers.json) --------------------------------

def _lexicon_file(monkeypatch, tmp_path, text):
    """Point marsad.lang at a temporary lang/en/triggers.json holding text."""
    import marsad.lang
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "triggers.json").write_text(text, encoding="utf-8")
    monkeypatch.setattr(marsad.lang, "_file", lambda lang, filename: tmp_path / lang / filename)


def test_trigger_lexicon_loads_from_language_data():
    from marsad.extract import triggers
    from marsad.lang import json_data
    doc = json_data("en", "triggers")
    assert "_about" in doc
    pairs, stems = triggers.load_lexicon("en")
    assert [kind for kind, _ in pairs] == [e["kind"] for e in doc["triggers"]]
    assert set(stems) == {kind for kind, _ in pairs} <= set(triggers.KIND_SUBTYPE)
    patterns = dict(pairs)
    assert "{{" not in "".join(patterns.values())        # fragments substituted
    assert doc["fragments"]["seizable"] in patterns["territory"]
    assert doc["fragments"]["weapons_found"] in patterns["disrupted"]
    assert (pairs, stems) == (triggers._TRIGGERS, triggers._STEMS)


@pytest.mark.parametrize("text, says", [
    ('{"triggers": [', "not valid JSON"),
    ('["not", "an object"]', "JSON object"),
    ('{"fragments": {}, "triggers": [{"kind": "clash", "stems": ["clas"]}]}', "pattern"),
    ('{"fragments": {}, "triggers": [{"kind": "clash", "stems": ["clas"], "pattern": ["{{nope}}"]}]}',
     "no fragment"),
    ('{"fragments": {}, "triggers": [{"kind": "brawl", "stems": ["braw"], "pattern": ["brawl"]}]}',
     "unknown or repeated kind"),
    ('{"fragments": {}, "triggers": [{"kind": "clash", "stems": ["clas"], "pattern": ["clash(es"]}]}',
     "missing"),
])
def test_a_malformed_trigger_file_is_a_language_data_error_naming_it(monkeypatch, tmp_path, text, says):
    from marsad.extract.triggers import load_lexicon
    from marsad.lang import LanguageDataError
    _lexicon_file(monkeypatch, tmp_path, text)
    with pytest.raises(LanguageDataError, match=says) as info:
        load_lexicon("en")
    assert "triggers.json" in str(info.value)


def test_a_missing_trigger_file_is_a_language_data_error_naming_it():
    from marsad.extract.triggers import load_lexicon
    from marsad.lang import LanguageDataError
    with pytest.raises(LanguageDataError, match="triggers.*xx"):
        load_lexicon("xx")


def test_a_single_shell_is_shelling_but_the_oil_company_is_not():
    kinds = lambda text: [(t.kind, t.text) for t in find_triggers(text)]  # noqa: E731
    assert kinds("Two men died when a shell hit their house.") == [("shelling", "shell")]
    assert ("shelling", "tank shell") in kinds("A tank shell struck the school.")
    assert kinds("A Shell spokesman said output was steady.") == []
    assert kinds("He ran a shell company in Cyprus.") == []


def test_more_words_for_a_taking_of_ground():
    kinds = lambda text: [(t.kind, t.text) for t in find_triggers(text)]  # noqa: E731
    assert ("territory", "won back") in kinds("The army won back the village on Monday.")
    assert ("territory", "fell to rebels") in kinds("The town fell to rebels on Sunday.")
    assert ("territory", "established control") in kinds("Troops established control over the hill.")
    assert ("territory", "entered the towns of") in kinds("Rebel forces entered the towns of A and B.")
    assert kinds("Oil prices fell to a record low.") == []


def test_attack_helicopters_are_weapons_not_an_attack():
    assert find_triggers("Attack helicopters circled over the city.") == []
    assert [t.text for t in find_triggers("Rebels attacked the base.")] == ["attacked"]


def test_gathering_is_a_protest_only_where_people_gather_to_protest():
    assert find_triggers("Fighters gathered at the mosque for the evening meal.") == []
    assert [t.kind for t in find_triggers("Thousands gathered in the main square on Friday.")] == ["protest"]


def test_fighting_to_topple_describes_a_side_it_is_no_battle():
    assert find_triggers("Rebels fighting to end his rule hold the east.") == []
    assert [t.text for t in find_triggers("Heavy fighting erupted on Saturday.")] == ["fighting"]


@pytest.mark.parametrize("text, found", [
    ("Two bombs dropped from a helicopter hit the bakery.", ("air", "bombs dropped from a helicopter")),
    ("Warplanes dropped two bombs on the market.", ("air", "Warplanes")),
    ("Planes dropped barrel bombs over the old city.", ("air", "Planes dropped barrel bombs")),
    ("Army depots near the port were bombed overnight.", ("air", "bombed")),
])
def test_bombs_dropped_are_air_strikes(text, found):
    assert found in kinds(text)


def test_dropping_demands_is_no_strike():
    assert kinds("The group dropped its demands after the talks.") == []
    # a bomb planted is no air strike, nor is a bombing told as a noun
    assert ("air", "bombing") not in kinds("A car bomb exploded and the bombing was condemned.")


@pytest.mark.parametrize("text, kind", [
    ("The rebels handed over control of the town to the army.", "transfer"),
    ("The base was handed over to Kurdish forces on Monday.", "transfer"),
    ("Lists handed over to the ministry named the missing.", None),
])
def test_handing_over_territory_not_information(text, kind):
    assert (kinds(text)[0][0] if kinds(text) else None) == kind


@pytest.mark.parametrize("text, protest", [
    ("Thousands marched through the city centre demanding reforms.", True),
    ("Hundreds staged a protest outside the ministry.", True),
    ("Thousands demonstrated in the capital on Friday.", True),
    # fighters marching advance; a note between governments and 'showed' are no crowd
    ("Its fighters marched two kilometres from the eastern side of the town.", False),
    ("Government troops marched into the village at dawn.", False),
    ("The embassy sent a firm protest to the foreign ministry.", False),
    ("The government lodged a protest with the envoy.", False),
    ("The weapons on display demonstrated close ties between the two governments.", False),
])
def test_protest_words_name_a_crowd(text, protest):
    assert any(t.kind == "protest" for t in find_triggers(text)) is protest


def test_rooms_occupied_by_patients_are_no_taking():
    assert kinds("Every bed in the ward was occupied by sick children.") == []
    assert ("territory", "occupied") in kinds("The town was occupied by rebel fighters.")


def test_an_intercepted_call_is_no_disrupted_weapon():
    assert kinds("The call was intercepted by the security services.") == []
    assert kinds("Agents intercepted a phone call from the commander.") == []
    assert ("disrupted", "intercepted") in kinds("Air defences intercepted two rockets over the base.")


def test_people_captured_alive_and_a_nation_declared_liberated_are_no_taking_of_ground():
    assert ("territory", "captured") not in kinds("The two men were captured alive near the coast.")
    assert ("territory", "liberated") not in kinds('The new rulers declared the nation "liberated".')
    assert ("territory", "captured") in kinds("Rebels captured the town on Monday.")


def test_helicopters_dropping_barrels_strike_from_the_air_not_leaflets():
    assert [t.kind for t in find_triggers("A helicopter dropped two barrels on the market.")] == ["air"]
    assert [t.kind for t in find_triggers("Aircraft dropped leaflets over the town.")] == []


@pytest.mark.parametrize("text", [
    "Regime raids on Aleppo kill 16 civilians",
    "Nine people dead in Syrian raid on an IS-held town",
    "US-led raids on the town killed 14 jihadists",
    "Eleven died in raids on the town",
])
def test_raids_a_state_flies_or_deaths_in_raids_on_a_place_are_air_raids(text):
    assert "air" in [t.kind for t in find_triggers(text)]


@pytest.mark.parametrize("text", ["Police raids on homes in the city", "Rebels mounted a raid on army posts"])
def test_other_raids_are_no_air_raids(text):
    assert "air" not in [t.kind for t in find_triggers(text)]


def test_sniper_fire_is_small_arms_not_artillery():
    # ACLED: snipers fight (or attack civilians) with small arms; shelling is artillery
    assert ("clash", "sniper fire") in kinds("Two guards were hit by sniper fire near the gate.")
    assert not [k for k, _ in kinds("Two guards were hit by sniper fire.") if k == "shelling"]


def test_people_marched_out_by_others_are_no_march():
    assert not [k for k, _ in kinds("Some prisoners were marched out of the building.") if k == "protest"]
    assert ("protest", "marched") in kinds("Thousands marched through the town.")
