"""Pairwise precision/recall of cross-article linking on UCDP GED headlines.

Each UCDP GED row lists the headlines (``source_headline``), outlets (``source_office``)
and dates (``source_date``) of the reports it was coded from, ';'-separated. Every distinct
headline becomes one article, published on its earliest source date by its first outlet,
and goes through the pipeline; all event mentions are then linked at once. Two articles are
*linked* when some event holds a mention of each.

Gold pairs: two articles that share a UCDP event must link. Two articles must not link when
every event of one is more than 50 km or more than 3 days away from every event of the
other. Pairs in between (nearby distinct events: often the same fighting) are not scored.

A headline shared by several UCDP events is one article with all their ids (it must link
with the headlines of each). A headline repeated across rows, dates or outlets is one
article, not several with the same id. Headlines under 3 words are left out. Scores are
given over all articles and over those that yield an asserted event mention (an article
with none cannot link, so a must-link pair with it measures extraction, not linking), and
over those that are also no round-up (a headline cited by UCDP events far apart, such as a
daily toll across Syria: one report of several events, which no single event can hold).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..core.geometry import haversine_km
from ..errors import MarsadError
from ..link import Linker
from .data import Runner

DEFAULT_PATH = "ucdp_ged_syria/dev.csv"
FAR_KM, FAR_DAYS = 50.0, 3
MIN_WORDS = 3
COLUMNS = {"id", "date_start", "date_end", "latitude", "longitude", "source_headline"}


class LinkingDataError(MarsadError, ValueError):
    """The file is not a UCDP GED CSV with headlines."""


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class GoldEvent:
    start: dt.date | None
    end: dt.date | None
    lat: float
    lon: float


@dataclass
class Headline:
    text: str
    rows: set[str] = field(default_factory=set)
    dates: set[dt.date] = field(default_factory=set)
    outlets: list[str] = field(default_factory=list)

    @property
    def published(self) -> dt.date | None:
        return min(self.dates) if self.dates else None

    @property
    def outlet(self) -> str | None:
        return self.outlets[0] if self.outlets else None


def read_rows(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    """Rows with headlines, earliest first (``limit``: the first N of them)."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = COLUMNS - set(reader.fieldnames or ())
        if missing:
            raise LinkingDataError(f"{path}: missing UCDP GED columns {sorted(missing)}")
        rows = [r for r in reader if (r.get("source_headline") or "").strip()]
    rows.sort(key=lambda r: (r["date_start"], int(float(r["id"]))))
    return rows[:limit] if limit else rows


def _split(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").split(";")]


def headlines_of(rows: list[dict[str, str]]) -> tuple[dict[str, Headline], dict[str, GoldEvent]]:
    """headline text -> Headline (rows, dates, outlets), and row id -> GoldEvent."""
    heads: dict[str, Headline] = {}
    events: dict[str, GoldEvent] = {}
    for r in rows:
        rid = str(int(float(r["id"])))
        start = _date(r["date_start"])
        events[rid] = GoldEvent(start, _date(r.get("date_end") or "") or start,
                                float(r["latitude"]), float(r["longitude"]))
        texts, dates, offices = (_split(r.get(c)) for c in
                                 ("source_headline", "source_date", "source_office"))
        # counts differ when a headline holds a ';': then the row's earliest date stands in
        aligned = len(dates) == len(texts)
        row_dates = [d for d in map(_date, dates) if d is not None]
        for i, text in enumerate(texts):
            if len(text.split()) < MIN_WORDS:
                continue
            h = heads.setdefault(text, Headline(text))
            h.rows.add(rid)
            d = _date(dates[i]) if aligned else min(row_dates, default=None)
            if d is not None:
                h.dates.add(d)
            office = offices[i] if len(offices) == len(texts) else ""
            if office and office not in h.outlets:
                h.outlets.append(office)
    return heads, events


def far(a: GoldEvent, b: GoldEvent) -> bool:
    """More than FAR_DAYS between the two date ranges, or more than FAR_KM apart."""
    if a.start and b.start:
        gap = max(a.start, b.start) - min(a.end or a.start, b.end or b.start)
        if gap.days > FAR_DAYS:
            return True
    return haversine_km(a.lat, a.lon, b.lat, b.lon) > FAR_KM


def gold_pairs(art_rows: dict[str, set[str]], events: dict[str, GoldEvent]
               ) -> tuple[set[tuple[str, str]], Any]:
    """Must-link pairs (sharing a UCDP event) and a predicate for must-not-link pairs."""
    by_row: dict[str, list[str]] = defaultdict(list)
    for aid, rows in art_rows.items():
        for r in rows:
            by_row[r].append(aid)
    # combinations of a sorted list come sorted: each pair is (smaller id, larger id)
    positives = {(a, b) for ids in by_row.values() for a, b in combinations(sorted(set(ids)), 2)}

    def must_not(a: str, b: str) -> bool:
        return all(far(events[x], events[y]) for x in art_rows[a] for y in art_rows[b])

    return positives, must_not


def pair_scores(predicted: set[tuple[str, str]], positives: set[tuple[str, str]], must_not,
                keep: set[str] | None = None) -> dict[str, Any]:
    """P/R/F1 over scored pairs, optionally only pairs of articles in ``keep``."""
    if keep is not None:
        predicted = {p for p in predicted if p[0] in keep and p[1] in keep}
        positives = {p for p in positives if p[0] in keep and p[1] in keep}
    tp = len(predicted & positives)
    wrong = predicted - positives
    fp = sum(1 for a, b in wrong if must_not(a, b))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / len(positives) if positives else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": len(positives) - tp, "gold_pairs": len(positives),
            "unscored_pairs": len(wrong) - fp}


def link_articles(articles: list, pack) -> list:
    """All asserted and other mentions of the articles linked at once, in memory."""

    mentions, claims, outlets = [], [], {}
    for a in articles:
        mentions += a.events
        claims += a.claims
        outlets[a.id] = a.outlet
    return Linker(pack).link(mentions, [], claims=claims, outlets=outlets)


def evaluate(path: Path, runner: Runner, *, limit: int | None = None, pack=None
             ) -> dict[str, Any]:
    rows = read_rows(path, limit)
    heads, events = headlines_of(rows)
    articles = []
    art_rows: dict[str, set[str]] = {}   # article id -> its gold rows
    for text in sorted(heads):
        h = heads[text]
        article = runner(text, outlet=h.outlet, published=h.published)
        if article.id in art_rows:       # same cleaned text: one article
            art_rows[article.id] |= h.rows
            continue
        art_rows[article.id] = set(h.rows)
        articles.append(article)
    linked = link_articles(articles, pack)
    predicted = {p for e in linked for p in combinations(sorted(set(e.articles)), 2)}
    positives, must_not = gold_pairs(art_rows, events)
    with_event = {a.id for a in articles
                  if any(m.modality == "asserted" and not m.background for m in a.events)}
    # a headline cited by events far apart (a round-up) cannot link with all of them
    roundups = {aid for aid, rs in art_rows.items()
                if any(far(events[x], events[y]) for x, y in combinations(sorted(rs), 2))}
    n = len(articles)
    return {
        "rows": len(rows), "headlines": n,
        "shared_headlines": sum(1 for h in heads.values() if len(h.rows) > 1),
        "with_event": len(with_event) / n if n else 0.0,
        "mentions": sum(len(a.events) for a in articles), "events": len(linked),
        "roundups": len(roundups),
        "all": pair_scores(predicted, positives, must_not),
        "with_event_only": pair_scores(predicted, positives, must_not, keep=with_event),
        "with_event_no_roundups": pair_scores(predicted, positives, must_not,
                                              keep=with_event - roundups),
    }


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield (f"UCDP GED headline linking: {result['rows']} rows, {result['headlines']} distinct "
           f"headlines ({result['shared_headlines']} shared by several events); "
           f"{result['with_event']:.3f} yield an asserted event mention; "
           f"{result['mentions']} mentions -> {result['events']} events")
    yield (f"gold: same UCDP event must link; > {FAR_KM:.0f} km or > {FAR_DAYS} days apart "
           f"must not; pairs in between unscored")
    yield (f"{result['roundups']} headlines are round-ups (cited by events > {FAR_KM:.0f} km "
           f"or > {FAR_DAYS} days apart)")
    for key, name in (("all", "all headlines"), ("with_event_only", "headlines with an event"),
                      ("with_event_no_roundups", "  and no round-ups")):
        s = result[key]
        yield (f"{name:<24} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  "
               f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']} of {s['gold_pairs']} gold pairs; "
               f"{s['unscored_pairs']} linked pairs unscored)")
