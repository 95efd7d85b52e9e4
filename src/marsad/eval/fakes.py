"""FA-KES: the article's event date and governorate against the ``date``/``location`` columns.

The pipeline gets the title, body and outlet but no publication date, so every date it
finds comes from the text.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.datelines import dateline_date, find_dateline
from ..errors import MarsadError
from ..geo.geocoder import ORIGIN
from ..model import Article
from ..nlp.dates import LEAD_SENTENCES, article_event_date
from .data import Runner
from .metrics import normalize_governorate, same_governorate

DEFAULT_PATH = "fakes/dev.csv"


class FakesFormatError(MarsadError, ValueError):
    """The file is not an FA-KES CSV."""


def parse_us_date(value: str) -> dt.date | None:
    """'4/16/2017' -> 2017-04-16; None when empty or malformed."""
    try:
        m, d, y = (int(p) for p in value.strip().split("/"))
        return dt.date(y, m, d)
    except (ValueError, AttributeError):
        return None


def read_rows(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    with open(path, encoding="latin-1", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"article_title", "article_content", "date", "location"}
        missing = need - set(reader.fieldnames or ())
        if missing:
            raise FakesFormatError(f"{path}: missing FA-KES columns {sorted(missing)}")
        rows = list(reader)
    return rows[:limit] if limit else rows


def published_in_text(content: str) -> dt.date | None:
    """The publication date as the article's own dateline states it ("Wed 05 Apr 2017",
    "06.04.2017" heading the text), else None; a "last updated" stamp is not one. This is
    what a user's copy of the article says, never the ``date`` column."""
    found = dateline_date(content)
    return found[0] if found is not None and found[1] == "dateline" else None


def _asserted(article: Article):
    return [e for e in article.events if e.modality == "asserted" and not e.background]


def event_date(article: Article) -> dt.date | None:
    """The article's event date (``marsad.nlp.dates.article_event_date``)."""
    got = article_event_date(article)
    if got is None or isinstance(got, dt.date):
        return got
    return got.start if getattr(got, "precision", None) == "day" else None


def article_date(article: Article) -> dt.date | None:
    """The date FA-KES files an article under: its publication date where the text states
    one (dateline), else the day of its main event, else its "last updated" stamp.

    FA-KES's ``date`` is the report's date, not the incident's: on dev it equals the
    article's own dateline for 289 of the 396 articles that have one and the day before it
    for 3, even where the lead says "killed on Thursday" under a Friday dateline (most of
    the rest are weeks or years away from any date in the text)."""
    if article.published is not None:
        return article.published
    got = event_date(article)
    if got is None:  # no dateline, no event day: the "last updated" stamp is all it states
        found = find_dateline(article.text)
        got = found.day if found is not None else None
    return got


def fallback_event_date(article: Article) -> dt.date | None:
    """Most frequent day-precision date of the asserted events (earliest on a tie)."""
    days = Counter(e.date.start for e in _asserted(article)
                   if e.date.start is not None and e.date.precision == "day")
    if not days:
        days = Counter(e.date.start for e in article.events
                       if e.date.start is not None and e.date.precision == "day")
    if not days:
        return None
    return min(days, key=lambda d: (-days[d], d))


#: extra votes for a place named in the headline or the lead sentence
LEAD_PLACE_BONUS = 2


def dominant_admin1(article: Article, pack=None) -> str | None:
    """The governorate the article is about: every place mention votes for its admin1
    (a governorate for itself), those in the headline and lead sentence (after any dateline
    line) with :data:`LEAD_PLACE_BONUS` more; a tie goes to the first named. Event places
    are not counted again: they are geocoded from these same mentions, and background
    events would outvote the lead. Rural Damascus stays itself here; FA-KES has no such
    label (its Damascus covers it), which the lenient score counts."""
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    dateline = find_dateline(article.text)
    skip = sum(1 for s in article.sentences if dateline is not None and s.end <= dateline.end + 2)
    for m in article.mentions:
        if m.kind != "place" or m.place_info.relation == ORIGIN:
            continue   # where people came from ("evacuees from Fuaa") is not what it is about
        if m.place_info.abroad:
            continue   # a place abroad has its own country's admin1 (Kilis): no governorate
        place = pack.place(m.norm) if pack is not None and m.norm else None
        admin1 = m.place_info.admin1 or (place.admin1 if place else None)
        if not admin1 and (m.place_info.level == "governorate"
                           or (place is not None and place.level == "governorate")):
            admin1 = place.name if place is not None else m.text
        if admin1:
            votes[admin1] += 1 + (LEAD_PLACE_BONUS if m.sentence < skip + LEAD_SENTENCES else 0)
            first.setdefault(admin1, m.start)
    if not votes:
        for e in _asserted(article):  # no place mention kept: the events' places
            if e.place is not None and (e.place.admin1 or e.place.level == "governorate"):
                votes[e.place.admin1 or e.place.name] += 1
    if not votes:
        return None
    return min(votes, key=lambda k: (-votes[k], first.get(k, len(article.text)), k))


def evaluate(path: Path, runner: Runner, *, limit: int | None = None, pack=None
             ) -> dict[str, Any]:
    rows = read_rows(path, limit)
    exact = within1 = within7 = dated = gov_ok = gov_lenient = gov_found = 0
    ev_exact = ev_within1 = 0
    scored = 0
    for r in rows:
        gold = parse_us_date(r["date"])
        content = r["article_content"] or ""
        article = runner(content, title=(r["article_title"] or None),
                         outlet=r.get("source") or None, published=published_in_text(content))
        got = article_date(article)
        ev = event_date(article)
        if gold is not None and ev is not None:
            ev_exact += ev == gold
            ev_within1 += abs((ev - gold).days) <= 1
        if gold is not None:
            scored += 1
            if got is not None:
                dated += 1
                delta = abs((got - gold).days)
                exact += delta == 0
                within1 += delta <= 1
                within7 += delta <= 7
        admin1 = dominant_admin1(article, pack)
        if admin1 is not None and normalize_governorate(admin1) is not None:
            gov_found += 1
        gov_ok += same_governorate(admin1, r["location"])
        gov_lenient += same_governorate(admin1, r["location"], lenient=True)
    n = len(rows)
    return {
        "n": n,
        "accuracy": exact / scored if scored else 0.0,
        "within_1day": within1 / scored if scored else 0.0,
        "within_7days": within7 / scored if scored else 0.0,
        "date_found": dated / scored if scored else 0.0,
        "event_date_accuracy": ev_exact / scored if scored else 0.0,
        "event_date_within_1day": ev_within1 / scored if scored else 0.0,
        "governorate_accuracy": gov_ok / n if n else 0.0,
        "governorate_accuracy_lenient": gov_lenient / n if n else 0.0,
        "governorate_found": gov_found / n if n else 0.0,
    }


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield f"FA-KES article date and governorate, n={result['n']} (publication date only " \
          "as the text's dateline states it)"
    yield f"date exact (accuracy) {result['accuracy']:.3f}   within 1 day " \
          f"{result['within_1day']:.3f}   within 7 days {result['within_7days']:.3f}   " \
          f"a date found {result['date_found']:.3f}"
    if "event_date_accuracy" in result:
        yield f"lead event's date (not the dateline) exact {result['event_date_accuracy']:.3f}" \
              f"   within 1 day {result['event_date_within_1day']:.3f}"
    yield f"governorate accuracy {result['governorate_accuracy']:.3f}   lenient (Damascus = " \
          f"Rural Damascus) {result['governorate_accuracy_lenient']:.3f}   " \
          f"a governorate found {result['governorate_found']:.3f}"
