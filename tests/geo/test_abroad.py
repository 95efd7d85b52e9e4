"""Places abroad: named exactly, never shadowing the theater, used only where something is
put there (invented sentences)."""

import pytest

from marsad.export.acled import acled_row
from marsad.geo.abroad import AbroadMatcher
from marsad.pipeline import build_pipeline, process


@pytest.fixture(scope="module")
def matcher(pack):
    return AbroadMatcher(pack)


@pytest.fixture(scope="module")
def pipeline(pack):
    return build_pipeline("syria", pack=pack)


def found(matcher, text, taken=()):
    return [(m.text, m.place.country, m.locative, m.relation) for m in matcher.find(text, taken)]


def test_the_pack_carries_places_abroad(pack):
    assert len(pack.places_abroad) > 500
    mosul = next(p for p in pack.places_abroad if p.name == "Mosul")
    assert mosul.country == "Iraq" and mosul.iso == 368 and mosul.lat is not None
    assert pack.is_abroad(mosul) and not pack.is_abroad(pack.places[0])
    assert pack.place(mosul.id) == mosul
    # no foreign place takes a name the theater gazetteer has
    home = {p.name for p in pack.places}
    assert not home & {p.name for p in pack.places_abroad}


def test_exact_names_with_where_they_stand(matcher):
    assert found(matcher, "A car bomb exploded in Mosul, Iraq, on Friday.") == [
        ("Mosul", "Iraq", True, "in"), ("Iraq", "Iraq", False, "in")]
    assert found(matcher, "Shells fell west of Kirkuk.") == [("Kirkuk", "Iraq", True, "west of")]
    assert found(matcher, "mosul") == []                     # names are capitalised
    assert found(matcher, "Mosuls") == []                    # whole words only


def test_owners_and_organisation_names_are_not_places(matcher):
    assert found(matcher, "Lebanon's Hezbollah sent fighters.") == []
    assert found(matcher, "The Islamic State in Iraq claimed it.") == []
    assert found(matcher, "the Government of Turkey protested") == []


def test_the_foreign_names_inside_actor_names_are_each_actor_name_holding_them(matcher, pack):
    """``actor_names`` (searched in all the names at once first): each foreign name with
    the lower-case actor names containing it, in the pack's order, and no other name."""
    names = [n.lower() for a in pack.actors for n in (a.name, *a.aliases)]
    assert matcher.actor_names == {
        s: tuple(n for n in names if s.lower() in n) for s in matcher.by_surface
        if any(s.lower() in n for n in names)}
    assert "islamic state of iraq and syria" in matcher.actor_names["Iraq"]


def test_theater_spans_are_left_alone(matcher):
    text = "Fighting in Tripoli, Lebanon."
    start = text.index("Tripoli")
    assert [t for t, *_ in found(matcher, text, [(start, start + 7)])] == ["Lebanon"]


def test_an_event_abroad_is_placed_abroad_not_at_the_article_place(pipeline):
    article = process("Rebels shelled army positions in Aleppo on Monday.\n\n"
                      "Separately, a car bomb exploded in Mosul, Iraq, killing 10 people.",
                      pipeline=pipeline)
    places = {e.sub_event_type: e.place for e in article.events}
    assert places["Shelling/artillery/missile attack"].name == "Aleppo"
    bomb = next(e for e in article.events if e.sub_event_type == "Remote explosive/landmine/IED")
    assert bomb.place.name == "Mosul" and bomb.place.country == "Iraq" and bomb.geo_precision == 1


def test_a_theater_place_wins_over_a_place_abroad(pipeline):
    article = process("Rebels in Aleppo shelled army positions with rockets smuggled through "
                      "Gaziantep.", pipeline=pipeline)
    assert [e.place.name for e in article.events] == ["Aleppo"]


def test_country_level_abroad_and_the_export(pipeline, pack):
    article = process("Turkish warplanes struck Kurdish militants in northern Iraq on Tuesday.",
                      pipeline=pipeline)
    (event,) = article.events
    assert event.place.name == "Iraq" and event.place.level == "country"
    assert event.geo_precision == 3
    assert event.place.lat is None   # a country is not a point: no invented coordinates


def test_acled_row_names_the_country_abroad(pipeline, pack):
    from marsad.link.linker import Linker

    article = process("A suicide bomber killed 12 people in Baghdad on Friday.",
                      pipeline=pipeline, published="2016-08-07")
    (event,) = Linker(pack).link(article.events, [])
    row = acled_row(event, article.events, [article], article.claims, pack)
    assert row["country"] == "Iraq" and row["iso"] == 368 and row["location"] == "Baghdad"
    assert row["event_id_cnty"].startswith("IRQ")


def test_the_city_of_is_the_place_north_of_is_near_it(matcher):
    assert found(matcher, "in the city of Mosul") == [("Mosul", "Iraq", True, "in")]
    assert found(matcher, "on the outskirts of Baghdad") == [("Baghdad", "Iraq", True, "outskirts of")]


def test_region_follows_the_country(pack):
    from marsad.export.acled import region_of

    assert region_of("Syria", pack) == "Middle East" and region_of("Iraq", pack) == "Middle East"
    assert region_of("Russia", pack) == "" and region_of(None, pack) == "Middle East"


def test_words_after_a_name_that_put_it_in_a_country_abroad(matcher):
    assert matcher.in_country_after("Qarwash in northern Iraq", len("Qarwash"))
    assert matcher.in_country_after("Qarwash, Tunisia.", len("Qarwash"))
    assert not matcher.in_country_after("Qarwash in northern Syria", len("Qarwash"))
    # the clause goes on: Turkey is the speaker or one of a list, not where the place is
    assert not matcher.in_country_after("Qarwash, Turkey said", len("Qarwash"))
    assert not matcher.in_country_after("Qarwash, Turkey and Russia agreed", len("Qarwash"))
    assert not matcher.in_country_after("Qarwash in Turkey's south", len("Qarwash"))


def test_a_small_place_put_in_another_country_is_no_theater_place(pipeline, pack):
    from marsad.geo.gazetteer import Gazetteer

    gaz = Gazetteer.for_pack(pack)
    hamlet = next(p for p in pack.places if p.id in gaz.minor and len(p.name.split()) == 1
                  and len(p.name) >= 6 and p.name.isalpha() and len(gaz.lookup(p.name)) == 1)
    text = f"Syrian refugees protested on Monday in the village of {hamlet.name}"
    placed = [m.norm for m in process(text + ".", pipeline=pipeline).mentions if m.kind == "place"]
    assert hamlet.id in placed
    away = [m.norm for m in process(text + " in northern Iraq.", pipeline=pipeline).mentions
            if m.kind == "place"]
    assert hamlet.id not in away
    # a place of standing stays: "refugees from Homs in Lebanon" name Homs
    homs = [m.text for m in process("Refugees from Homs in Lebanon protested.", pipeline=pipeline).mentions
            if m.kind == "place"]
    assert "Homs" in homs
