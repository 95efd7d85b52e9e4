import pytest

from marsad.geo import geocode_name, make_event_geocoder, make_place_tagger
from geo_testkit import add_event, make_article



@pytest.fixture(scope="module")
def stages(pack):
    return make_place_tagger(pack), make_event_geocoder(pack)


def run(stages, article):
    tagger, geocoder = stages
    return geocoder(tagger(article))


def test_stage_contract(stages):
    geocoder = stages[1]
    assert geocoder.name == "geocode"
    assert set(geocoder.requires) == {"sentences", "events", "mentions.place"}
    assert geocoder.assigns == ("events.place",)


def test_place_in_sentence_precision_1(stages):
    a = make_article("Regime jets bombed Manbij on Sunday.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.id == "gn:167357" and ev.geo_precision == 1
    assert ev.place.admin1 == "Aleppo" and ev.place.country == "Syria"


def test_south_of_aleppo_is_precision_2_at_aleppo(stages):
    a = make_article("Rebels seized a factory south of Aleppo on Saturday.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.id == "gn:170063"
    assert ev.geo_precision == 2


def test_neighbourhood_beats_its_city(stages):
    a = make_article("Shells hit the Ramousa district of Aleppo, killing three.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.id == "ocha:N0226"
    assert ev.place.level == "neighbourhood" and ev.place.admin1 == "Aleppo"
    assert ev.geo_precision == 1


def test_town_in_relation_to_a_city_is_the_town(stages):
    a = make_article("The army recaptured Bashkoy, north of Aleppo.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.id == "ucdp:bashkuy-aleppo" and ev.geo_precision == 1


def test_countryside_of_a_provincial_capital_is_the_capital_precision_3(stages):
    # ACLED codes a province-wide report at the provincial capital with precision 3
    a = make_article("Airstrikes killed ten people in the western Aleppo countryside.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.id == "gn:170063" and ev.geo_precision == 3


def test_countryside_of_a_town_is_near_the_town_precision_2(stages):
    a = make_article("Turkish artillery shelled villages in the countryside of Afrin.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.id == "gn:174186" and ev.geo_precision == 2


def test_unknown_landmark_falls_back_to_the_enclosing_place(stages):
    a = make_article("Troops took the Sponge Factory in Khalidiya, in Aleppo city.")
    ev = add_event(a, 0, place_text="Sponge Factory")
    run(stages, a)
    assert ev.place.id == "ocha:N0127"
    assert ev.geo_precision == 2


def test_place_text_names_a_place(stages):
    a = make_article("Rebels shelled Hamdaniya and Layramoun in Aleppo.")
    ev = add_event(a, 0, place_text="Layramoun")
    run(stages, a)
    assert ev.place.id == "ocha:N0121" and ev.geo_precision == 1


def test_earlier_sentence_of_the_paragraph(stages):
    a = make_article("Syrian troops fought in Bashkoy. Five soldiers were killed.\n\nOther news.")
    ev = add_event(a, 1)
    run(stages, a)
    assert ev.place.id == "ucdp:bashkuy-aleppo" and ev.geo_precision == 2


def test_article_dominant_place_gives_only_its_governorate(stages):
    # the text does not tie the event to Manbij, only to the article's province (issue 12)
    a = make_article("Rebels advance in Manbij\n\nThe battle for Manbij goes on.\n\n"
                     "Two fighters were killed.", title="Rebels advance in Manbij")
    ev = add_event(a, 2)
    run(stages, a)
    assert ev.place.level == "governorate" and ev.place.admin1 == "Aleppo"
    assert ev.geo_precision == 3 and ev.coding.geo_step == "article"


def test_nothing_leaves_place_none(stages):
    a = make_article("Two fighters were killed on Sunday. The group denied it.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place is None and ev.geo_precision is None


def test_country_alone_is_not_a_place(stages):
    a = make_article("Violence continued across Syria.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place is None


def test_far_away_place_text_is_not_trusted(stages):
    # a near-miss spelling that only resolves far from the article's places
    a = make_article("A car bomb exploded near a checkpoint in Qamishli.")
    ev = add_event(a, 0, place_text="Kfarnabel")
    run(stages, a)
    assert ev.place.id != "gn:168661"


@pytest.mark.parametrize("name,context,expected", [
    ("Teir Maaleh village", None, "ucdp:teir-maaleh-homs"),
    ("Aleppo Governorate", None, "adm1:aleppo"),
    ("Idlib province", None, "adm1:idleb"),
    ("Khalidiyah", "Shelling on Aleppo city", "ocha:N0127"),
    ("Khalidiyah", ["gn:169577"], "ucdp:al-khalidiyah-homs"),  # context: Homs
    ("Tadmur/Palmyra town", None, "gn:163808"),
])
def test_geocode_name(pack, name, context, expected):
    assert geocode_name(name, pack, context=context).id == expected


def test_geocode_name_unknown(pack):
    assert geocode_name("Nowhereville", pack) is None


def test_quarter_inside_the_coders_city_is_preferred(stages):
    a = make_article("Barrel bombs hit Hamdaniya in Aleppo, killing four.")
    ev = add_event(a, 0, place_text="Aleppo")
    run(stages, a)
    assert ev.place.id == "ocha:N0216" and ev.geo_precision == 1


def test_coders_place_is_kept_when_the_other_is_far(stages):
    a = make_article("Fighters from Manbij were killed in Hama.")
    ev = add_event(a, 0, place_text="Hama")
    run(stages, a)
    assert ev.place.id == "gn:170017" and ev.geo_precision == 1


def test_region_landmark_is_precision_2(pack, stages):
    a = make_article("Government jets pounded the Eastern Ghouta on Monday.")
    ev = add_event(a, 0)
    run(stages, a)
    assert ev.place.name == "Eastern Ghouta" and ev.geo_precision == 2


@pytest.mark.parametrize("name,expected", [
    ("Western countryside of Raqqa", "gn:172955"),  # the provincial capital
    ("Raqqa province", "adm1:ar-raqqa"),
    ("Khanasir-Aleppo road", "gn:168351"),   # the first place the phrase names
])
def test_geocode_name_phrases(pack, name, expected):
    assert geocode_name(name, pack).id == expected


def test_the_theater_alone_places_no_event(stages):
    # "Syria" names the theater, not a province: ACLED needs admin1, so no place
    a = make_article("Syrian jets struck targets across Syria on Monday.")
    ev = add_event(a, 0, place_text="Syria")
    run(stages, a)
    assert ev.place is None and ev.geo_precision is None


def test_a_clause_naming_the_theaters_country_borrows_no_place_abroad():
    from marsad.pipeline import process
    text = ("Government warplanes struck Khan Sheikhoun in Idlib province on Tuesday, killing "
            "dozens with a nerve agent.\nThe Kremlin defended its ally at a news conference in "
            "Moscow on Tuesday. On Tuesday the president split the blame between Syria's leader "
            "and his predecessor for the country's worst chemical weapons attack in years.")
    article = process(text, theater="syria", published="2017-04-05")
    assert [e.place.name for e in article.events if e.sentence == 2 and e.place] != ["Moscow"]
    assert all(e.coding.geo_step != "paragraph" for e in article.events if e.sentence == 2)
