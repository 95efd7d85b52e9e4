"""A tiny stand-in for the pipeline: finds a few words, so eval code can be tested alone."""

from __future__ import annotations

import datetime as dt
import re

from marsad.model import (Article, DateInfo, EventMention, Mention, Place, PlaceInfo, ResolvedDate,
                          Sentence)

PLACES = {
    "Aleppo": Place("aleppo", "Aleppo", 36.2021, 37.1343, "city", admin1="Aleppo"),
    "Tanab": Place("tanab", "Tanab", 36.4961, 37.0033, "city", admin1="Aleppo"),
    "Douma": Place("douma", "Douma", 33.5711, 36.4022, "city", admin1="Rural Damascus"),
    "Idlib": Place("idlib", "Idlib", 35.9306, 36.6339, "city", admin1="Idlib"),
}
ACTORS = {"rebels": "rebels", "army": "syrian-army", "YPG": "ypg"}
WEAPONS = ("mortar", "barrel bomb")
PERSONS = ("Rami Abdulrahman",)
TRIGGERS = (
    (r"\bshell(ed|ing)\b", "Shelling/artillery/missile attack"),
    (r"\bair ?strikes?\b", "Air/drone strike"),
    (r"\bclash(ed|es)\b", "Armed clash"),
    (r"\bprotest(ed|ers)?\b", "Peaceful protest"),
)
DATE = re.compile(r"\bon (\d{1,2}) (April|August) (\d{4})\b")
MONTHS = {"April": 4, "August": 8}


def fake_run(text: str, *, title=None, outlet=None, published=None) -> Article:
    if title:
        text = f"{title}\n\n{text}"
    art = Article(id=Article.make_id(text), text=text, title=title, outlet=outlet,
                  published=published)
    art.sentences = [Sentence(0, 0, len(text), text)]
    for name, place in PLACES.items():
        for m in re.finditer(rf"\b{name}\b", text):
            art.mentions.append(Mention("place", name, m.start(), m.end(), 0, place.id,
                                        PlaceInfo(lat=place.lat, lon=place.lon,
                                                  admin1=place.admin1, level=place.level)))
    actors = []
    for word, aid in ACTORS.items():
        for m in re.finditer(rf"\b{word}\b", text):
            actors.append(Mention("actor", word, m.start(), m.end(), 0, aid))
    actors.sort(key=lambda m: m.start)
    art.mentions += actors
    for word in WEAPONS:
        for m in re.finditer(word, text):
            art.mentions.append(Mention("weapon", word, m.start(), m.end(), 0, word))
    for word in PERSONS:
        for m in re.finditer(word, text):
            art.mentions.append(Mention("person", word, m.start(), m.end(), 0))
    date = ResolvedDate()
    dm = DATE.search(text)
    if dm:
        d = dt.date(int(dm.group(3)), MONTHS[dm.group(2)], int(dm.group(1)))
        date = ResolvedDate(d, d, "day", dm.group(0))
        art.mentions.append(Mention("date", dm.group(0), dm.start(), dm.end(), 0, d.isoformat(),
                                    DateInfo(date=date)))
    places = [m for m in art.mentions if m.kind == "place"]
    for pattern, sub in TRIGGERS:
        tm = re.search(pattern, text, re.I)
        if not tm:
            continue
        modality = "hypothetical" if re.search(r"\b(may|could)\b", text) else "asserted"
        art.events.append(EventMention(
            id=f"e{len(art.events)}", article_id=art.id, sentence=0, start=0, end=len(text),
            text=text, event_type="x", sub_event_type=sub,
            actor1=actors[0].norm if actors else None,
            actor2=actors[1].norm if len(actors) > 1 else None,
            place=PLACES[places[0].text] if places else None,
            place_text=places[0].text if places else None,
            date=date, modality=modality, confidence=0.9 - 0.1 * len(art.events)))
    return art
