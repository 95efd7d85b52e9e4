"""Helpers for the geo tests: tiny articles and event mentions we write ourselves."""

import json
import re
from pathlib import Path

from marsad.geo.gazetteer import Gazetteer
from marsad.geo.tagger import PlaceResolver
from marsad.model import Article, EventMention, Sentence
from marsad.theaters import load_pack

#: the columns of a pack's places.csv, for the small made-up packs of the tests
PLACES_HEADER = ("id,name,aliases,lat,lon,level,admin1,admin2,admin3,population,source,reports,"
                 "feature,variants,name_ar\n")


def make_article(text: str, title: str | None = None) -> Article:
    """An article split into sentences at '.', '!' or a newline (enough for these tests)."""
    sents = []
    for m in re.finditer(r"[^.!\n]+[.!]?", text):
        if m.group().strip():
            sents.append(Sentence(len(sents), m.start(), m.end(), m.group()))
    return Article(id=Article.make_id(text), text=text, title=title, sentences=sents)


def add_event(article: Article, sentence: int, place_text: str | None = None) -> EventMention:
    s = article.sentences[sentence]
    ev = EventMention(id=f"ev{len(article.events)}", article_id=article.id, sentence=sentence,
                      start=s.start, end=s.end, text=s.text, event_type="Battles",
                      sub_event_type="Armed clash", place_text=place_text)
    article.events.append(ev)
    return ev


def zedland_gazetteer(root: Path, name: str, iso: int, rows: list[str]) -> Gazetteer:
    """The gazetteer of a made-up pack ("Zedland") holding ``rows`` (places.csv lines)."""
    (root / "pack.json").write_text(json.dumps({
        "name": name, "country": "Zedland", "iso": iso, "region": "Nowhere",
        "demonyms": ["Zedlandic"]}), encoding="utf-8")
    (root / "places.csv").write_text(PLACES_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return Gazetteer(load_pack(str(root)))


def resolved_place_ids(gaz: Gazetteer, text: str) -> list[str]:
    """The ids of the places the resolver gives for the places found in ``text``."""
    article = make_article(text)
    return [r.place.id for r in PlaceResolver(gaz).resolve(article.text, gaz.find(article.text))]
