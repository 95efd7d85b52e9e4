import datetime as dt

from marsad.model import (
    ACLED_TAXONOMY, SUB_EVENT_TO_TYPE, Article, EventMention, Fatalities, Place,
    ResolvedDate, Sentence, stable_id,
)


def test_taxonomy_has_6_types_and_25_subtypes():
    assert len(ACLED_TAXONOMY) == 6
    assert len(SUB_EVENT_TO_TYPE) == 25


def test_stable_id_depends_only_on_content():
    assert stable_id("a", 1) == stable_id("a", 1)
    assert stable_id("a", 1) != stable_id("a", 2)


def test_article_round_trips_through_dict():
    art = Article(id="x", text="Rebels took the factory.", published=dt.date(2016, 8, 7),
                  sentences=[Sentence(0, 0, 24, "Rebels took the factory.")])
    art.events.append(EventMention(
        id="e1", article_id="x", sentence=0, start=0, end=24, text=art.text,
        event_type="Battles", sub_event_type="Non-state actor overtakes territory",
        place=Place(id="p", name="Aleppo", lat=36.2, lon=37.16, level="city"),
        date=ResolvedDate(dt.date(2016, 8, 7), dt.date(2016, 8, 7), "day"),
        fatalities=Fatalities(low=12, best=12, qualifier="at least"),
        assoc_actor1=("a", "b")))
    back = Article.from_dict(art.to_dict())
    assert back == art


def test_an_actor_with_dated_names_survives_a_plain_dict_round_trip():
    import json
    from marsad.model import Actor
    actor = Actor("front", "New Name", names=(("2016-07-27", "Old Name"),))
    back = Actor.from_dict(json.loads(json.dumps(actor.to_dict())))
    assert back == actor and back.names == (("2016-07-27", "Old Name"),)
    assert hash(back) == hash(actor)
