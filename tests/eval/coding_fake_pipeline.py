"""A stand-in pipeline (``Article -> Article``) that codes invented sentences from a tiny
lexicon, so the stream and gold evaluations can be tested without the real models.

One event per sentence with a trigger word; "may" makes it hypothetical, "Earlier" a
background reference, "unconfirmed" held back (with ``held_back=True``, which marks
every mention held back or not). An article
holding "football" gets the relevance verdict off-topic (only when ``judge=True``).
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from marsad.model import (SUB_EVENT_TO_TYPE, Actor, Article, EventMention, Fatalities, Place, Relevance,
                          ResolvedDate, Sentence)

PLACES = {
    "Alphatown": Place("alphatown", "Alphatown", 35.0, 36.0, "city", "Syria", 760, "Hama"),
    "Betaville": Place("betaville", "Betaville", 35.1, 36.1, "city", "Syria", 760, "Hama"),
    "Gammaburg": Place("gammaburg", "Gammaburg", 36.0, 37.0, "city", "Syria", 760, "Aleppo"),
    "Deltaplain": Place("deltaplain", "Deltaplain", None, None, "governorate", "Syria", 760,
                        "Hama"),
    "Tripoli": Place("tripoli", "Tripoli", 32.9, 13.2, "city", "Libya", 434, "Tripoli"),
    "Unnamedland": Place("unnamedland", "Unnamedland", 34.0, 37.0, "city", None, None, None),
}
ACTORS = {
    "army": Actor("military-forces-of-syria", "Military Forces of Syria (2000-)", inter=1),
    "rebels": Actor("opposition-rebels", "Opposition Rebels (Syria)", inter=2),
    "civilians": Actor("civilians", "Civilians (Syria)", inter=7),
}
TRIGGERS = (
    (r"\bshell(?:ed|s)?\b", "Shelling/artillery/missile attack"),
    (r"\bair strike\b", "Air/drone strike"),
    (r"\bclashed\b", "Armed clash"),
    (r"\bprotested\b", "Peaceful protest"),
)
DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:/(\d{4})-(\d{2})-(\d{2}))?\b")
KILLED = re.compile(r"\b(?:killing|killed) (\d+)|(\d+) (?:people )?(?:were |have been )?killed")
SENTENCE = re.compile(r"[^.\n]+[.]?")


def fake_pack():
    by_id = {a.id: a for a in ACTORS.values()}
    return SimpleNamespace(name="fake", country="Syria", iso=760, region="Middle East",
                           actor=by_id.get, outlets=())


class FakeCoder:
    """Records every article it is given (``seen``) so tests can check what ingest made."""

    def __init__(self, *, judge: bool = False, held_back: bool = False):
        self.pack = fake_pack()
        self.judge = judge
        self.held_back = held_back
        self.seen: list[Article] = []

    def __call__(self, article: Article) -> Article:
        self.seen.append(article)
        text = article.text
        spans = [m for m in SENTENCE.finditer(text) if m.group(0).strip()]
        article.sentences = [Sentence(i, m.start(), m.end(), m.group(0))
                             for i, m in enumerate(spans)]
        for s in article.sentences:
            sub = next((sub for pat, sub in TRIGGERS if re.search(pat, s.text)), None)
            if sub is None:
                continue
            place = next((p for name, p in PLACES.items() if name in s.text), None)
            actors = sorted((s.text.find(w), a.id) for w, a in ACTORS.items()
                            if re.search(rf"\b{w}\b", s.text, re.I))
            date = ResolvedDate()
            dm = DATE.search(s.text)
            if dm:
                start = dt.date(*map(int, dm.group(1, 2, 3)))
                end = dt.date(*map(int, dm.group(4, 5, 6))) if dm.group(4) else start
                date = ResolvedDate(start, end, "day" if end == start else "week", dm.group(0))
            km = KILLED.search(s.text)
            n = int(km.group(1) or km.group(2)) if km else None
            fat = Fatalities(n, n, n, text=str(n)) if n is not None else Fatalities()
            held = ("unconfirmed" if self.held_back and "unconfirmed" in s.text else None)
            article.events.append(EventMention(
                id=f"{article.id}-{s.index}", article_id=article.id, sentence=s.index,
                start=s.start, end=s.end, text=s.text, event_type=SUB_EVENT_TO_TYPE[sub],
                sub_event_type=sub, actor1=actors[0][1] if actors else None,
                actor2=actors[1][1] if len(actors) > 1 else None, place=place,
                place_text=place.name if place else None, date=date, fatalities=fat,
                modality="hypothetical" if re.search(r"\bmay\b", s.text) else "asserted",
                background=s.text.lstrip().startswith("Earlier"), held_back=held))
        if self.judge:
            article.relevance = Relevance(relevant="football" not in text)
        return article
