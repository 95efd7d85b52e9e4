import dataclasses

import pytest

from marsad.geo import Gazetteer, make_place_tagger
from marsad.model import Place
from geo_testkit import make_article



@pytest.fixture(scope="module")
def tagger(pack):
    return make_place_tagger(pack)


def places(tagger, text):
    article = tagger(make_article(text))
    return [m for m in article.mentions if m.kind == "place"]


def test_stage_contract(tagger):
    assert tagger.name == "places"
    assert tagger.requires == ("sentences",)
    assert tagger.assigns == ("mentions.place",)


def test_mention_fields(tagger):
    text = "Syrian rebels shelled Bashkoy. Then they attacked Manbij."
    ms = places(tagger, text)
    assert [(m.text, m.sentence) for m in ms] == [("Bashkoy", 0), ("Manbij", 1)]
    m = ms[1]
    assert text[m.start:m.end] == "Manbij"
    assert m.norm == "gn:167357"
    assert m.place_info.level == "city" and m.place_info.relation == "in"
    assert m.place_info.anchor is None
    assert abs(m.place_info.lat - 36.53) < 0.1 and abs(m.place_info.lon - 37.95) < 0.1


@pytest.mark.parametrize("name,pcode", [
    ("Ramousa", "ocha:N0226"), ("Hamdaniya", "ocha:N0216"),
    ("Khalidiya", "ocha:N0127"), ("Layramoun", "ocha:N0121"),
])
def test_aleppo_neighbourhoods_resolve_at_neighbourhood_level(tagger, name, pcode):
    ms = places(tagger, f"Government forces advanced in {name} in western Aleppo.")
    m = next(m for m in ms if m.text == name)
    assert m.norm == pcode
    assert m.place_info.level == "neighbourhood"


@pytest.mark.parametrize("text,name,relation,norm", [
    ("Rebels seized a factory south of Aleppo.", "Aleppo", "south of", "gn:170063"),
    ("Clashes near Manbij killed five.", "Manbij", "near", "gn:167357"),
    ("Jets bombed the outskirts of Hama.", "Hama", "outskirts", "gn:170017"),
    ("Shelling hit eastern Aleppo overnight.", "Aleppo", "part", "gn:170063"),
    ("Fighting raged in the northern Aleppo countryside.", "Aleppo", "countryside", "gn:170063"),
    ("Fighting raged in the countryside of Hama.", "Hama", "countryside", "gn:170017"),
    ("Airstrikes hit towns in Idlib province.", "Idlib", "province", "adm1:idleb"),
    ("Clashes continued in rural Damascus.", "Damascus", "countryside", "adm1:rural-damascus"),
])
def test_relations(tagger, text, name, relation, norm):
    m = next(m for m in places(tagger, text) if m.text == name)
    assert m.place_info.relation == relation
    assert m.norm == norm
    if relation != "in":
        assert m.place_info.anchor is not None


def test_countryside_keeps_the_named_place_as_anchor(tagger):
    m = places(tagger, "Clashes in Aleppo's southern countryside.")[0]
    assert (m.norm, m.place_info.anchor, m.place_info.level) == ("gn:170063", "gn:170063", "city")


@pytest.mark.parametrize("text,relation", [
    ("Jets struck Tabqa and the southern countryside of Daraa.", "countryside"),
    ("Clashes near Tabqa, while ten soldiers died in Daraa city.", "in"),
])
def test_a_governorate_name_is_its_capital_not_a_namesake(tagger, text, relation):
    # a village in Raqqa folds like "Daraa"; Tabqa (Raqqa) in the text must not pull it there
    m = next(m for m in places(tagger, text) if m.text == "Daraa")
    assert m.norm == "gn:170905" and m.place_info.relation == relation


def test_actor_names_make_no_place_mentions(tagger):
    text = ("Jabhat Fatah al-Sham and Ahrar al-Sham attacked Liwaa Al-Quds positions "
            "near the Quds Brigade headquarters.")
    assert places(tagger, text) == []


def _namesake_pack(pack):
    extra = (
        Place(id="t:tell-hamra-aleppo", name="Tell Hamra", lat=36.30, lon=37.30, level="city",
              admin1="Aleppo", source="test"),
        Place(id="t:tal-hamra-daraa", name="Tal Hamra", lat=32.70, lon=36.10, level="city",
              admin1="Dar'a", source="test"),
    )
    return dataclasses.replace(pack, places=pack.places + extra)


@pytest.mark.parametrize("text,expected", [
    ("Clashes erupted in Tell Hamra, east of Aleppo.", "t:tell-hamra-aleppo"),
    ("Rebels near al-Bab also shelled Tell Hamra.", "t:tell-hamra-aleppo"),
    ("Barrel bombs fell on Tell Hamra and Nawa in the Daraa countryside.", "t:tal-hamra-daraa"),
    ("Shelling on Tell Hamra, according to activists in Daraa.", "t:tal-hamra-daraa"),
])
def test_namesakes_are_chosen_by_context(pack, text, expected):
    p2 = _namesake_pack(pack)
    tagger = make_place_tagger(p2, gazetteer=Gazetteer(p2))
    m = next(m for m in places(tagger, text) if m.text == "Tell Hamra")
    assert m.norm == expected
    other = ({"t:tell-hamra-aleppo", "t:tal-hamra-daraa"} - {expected}).pop()
    assert other in m.place_info.candidates


def test_governorate_name_alone_is_the_city(tagger):
    m = places(tagger, "Warplanes struck Idlib on Monday.")[0]
    assert m.norm == "gn:169389" and m.place_info.level == "city"


def test_rerun_is_idempotent_and_deterministic(tagger):
    text = "Rebels seized the cement factory south of Aleppo near Ramousa."
    a = tagger(make_article(text))
    first = [m.to_dict() for m in a.mentions]
    tagger(a)
    assert [m.to_dict() for m in a.mentions] == first
    assert [m.to_dict() for m in tagger(make_article(text)).mentions] == first


@pytest.mark.parametrize("text,name,norm", [
    ("Airstrikes hit Jobar in Damascus.", "Jobar", "pack:damascus-jobar"),
    ("Shelling on the Midan district of Damascus.", "Midan", "pack:damascus-midan"),
    ("Shelling on the Midan district of Aleppo.", "Midan", "ocha:N0138"),
    ("Evacuations from al-Waer in Homs resumed.", "al-Waer", "pack:homs-waer"),
])
def test_city_quarters_by_city_context(tagger, text, name, norm):
    m = next(m for m in places(tagger, text) if m.text == name)
    assert m.norm == norm


def test_a_place_word_inside_the_outlets_own_name_is_no_place(pack):
    from marsad.geo import make_place_tagger
    from geo_testkit import make_article
    a = make_article("A commander told Manbij Free Radio that fighting went on in Manbij.")
    a.outlet = "Manbij Free Radio"
    a = make_place_tagger(pack)(a)
    places = [m for m in a.mentions if m.kind == "place"]
    assert len(places) == 1 and places[0].start == a.text.rindex("Manbij")


def test_the_provincial_capital_of_a_governorate_is_its_city(pack):
    from marsad.geo import make_place_tagger
    from geo_testkit import make_article
    a = make_place_tagger(pack)(make_article("They attacked the provincial capital of the Hama Governorate."))
    (m,) = [m for m in a.mentions if m.kind == "place"]
    assert m.place_info.level == "city" and m.place_info.relation == "in" and m.norm != "adm1:hama"


def test_a_distance_from_a_place_is_near_it(tagger):
    ms = places(tagger, "Syrian jets struck the town of Jayrud, 60 kilometres (35 miles) from Damascus.")
    assert [(m.text, m.place_info.relation) for m in ms] == [("Jayrud", "in"), ("Damascus", "near")]


def test_a_gate_name_is_not_the_town_of_its_second_word(tagger):
    # "Bab al-Nayrab" is an Aleppo quarter, not Al-Bab
    ms = places(tagger, "A barrel bomb hit the Bab al-Nayrab neighbourhood of Aleppo.")
    assert [m.text for m in ms] == ["Aleppo"]
