"""Issue 13: where people came from ("a convoy carrying residents from the towns of A and
B", "civilians fleeing B") is no place of the event: relation "from", for every item of
the list, so the sentence's own place ("at a transit point in C") locates it and the list
is not split into events. Sentences written for the test."""

import pytest

from marsad.geo import make_event_geocoder, make_place_tagger
from marsad.geo.tagger import relations_of
from geo_testkit import add_event, make_article


@pytest.fixture(scope="module")
def stages(pack):
    return make_place_tagger(pack), make_event_geocoder(pack)


def _relations(gaz, text):
    matches = gaz.find(text)
    return {m.text: r for m, (r, _) in zip(matches, relations_of(text, matches))}


@pytest.fixture(scope="module")
def gaz(pack):
    from marsad.geo.gazetteer import Gazetteer
    return Gazetteer.for_pack(pack)


@pytest.mark.parametrize("text, origin, other", [
    ("A bomb hit buses carrying evacuees from the besieged towns of Madaya and Zabadani "
     "at a transit point in Manbij.", ["Madaya", "Zabadani"], "Manbij"),
    ("Shelling hit civilians fleeing Douma near Harasta.", ["Douma"], "Harasta"),
    ("A car bomb struck a convoy of residents from Madaya, Zabadani or Douma in Manbij.",
     ["Madaya", "Zabadani", "Douma"], "Manbij"),
])
def test_where_people_came_from(gaz, text, origin, other):
    rel = _relations(gaz, text)
    assert all(rel[name] == "from" for name in origin)
    assert rel[other] != "from"


@pytest.mark.parametrize("text, name", [
    ("Airstrikes hit Madaya and Zabadani on Monday.", "Zabadani"),
    ("Rebels from Idlib attacked army posts in Manbij.", "Manbij"),
    ("Fighters fired rockets from Douma at Damascus.", "Douma"),
])
def test_an_event_place_is_no_origin(gaz, text, name):
    assert _relations(gaz, text)[name] != "from"


def test_the_event_is_where_the_sentence_puts_it(stages):
    tagger, geocoder = stages
    a = make_article("A car bomb hit a convoy carrying residents from the towns of Madaya and "
                     "Zabadani while they stood at a bus stop in Manbij, killing 20 people.")
    ev = add_event(a, 0)
    geocoder(tagger(a))
    assert ev.place is not None and ev.place.name == "Manbij"


def test_where_people_came_from_does_not_make_the_article_s_place():
    from marsad.eval.fakes import dominant_admin1
    from marsad.pipeline import build_pipeline, process
    from marsad.theaters import load_pack
    pack = load_pack("syria", overlays=())
    pipeline = build_pipeline("syria", pack=pack)
    text = ("A bomb hit buses carrying evacuees from the towns of Fuaa and Kafraya at a transit "
            "point in Rashidin west of Aleppo on Saturday.\n\nResidents from al-Fouaa and Kafraya "
            "waited for hours, a monitor said.")
    article = process(text, pipeline=pipeline, published="2017-04-16")
    assert dominant_admin1(article, pack) == "Aleppo"
