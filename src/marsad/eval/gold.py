"""marsad against the issue-12 gold set: ACLED coding of whole articles, field by field.

The gold file (``/work/annot/FORMAT.md``) is JSON lines, one article per line, with ids and
labels only. Each article's text is fetched by id from the data folder
(:mod:`marsad.eval.goldset`) and goes through the pipeline. The mentions that
would be exported (:func:`marsad.eval.stream.exported_mentions`) are matched to the gold
events of the same article.

Matching: greedy and one-to-one within an article. A pair needs the same ACLED event type
and the same place: within :data:`PLACE_KM` km when both sides have coordinates, else the
same admin1. Candidates are taken best first: same sub-event type, then nearer, then
closer in date, then file order.

Fields, on matched pairs:
- sub-event type: equal;
- place: both have coordinates and they are within :data:`PLACE_KM` km (a pair matched on
  admin1 alone does not count as a right place);
- date: the system's date window lies within the gold day (or gold range) widened by
  :data:`DATE_SLACK_DAYS` on each side; an undated system event is wrong;
- actor1 / actor2: the same actor by :func:`same_actor` (equal after
  :func:`normalize_actor`, or one names either part of the other's ACLED "ABBR: Full
  Name"; "" on both sides is equal);
- fatalities: equal as the ACLED export writes them (unknown -> 0; gold null -> 0).
A row is *all right* when its sub-event type, place, date and fatalities are all right.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.geometry import haversine_km
from ..core.names import fold
from ..export.acled import actor_name, in_record
from ..link import link_store
from ..model import Article, EventMention
from ..store import Store
from .data import data_dir as default_data_dir
from .goldset import GoldEvent, load_articles, read_gold
from .metrics import PRF, median, normalize_governorate
from .stream import (default_pipeline, event_country, export_fatalities,
                     exported_mentions, is_held_back, marks_held_back, relevance_verdict)

PLACE_KM = 25.0
DATE_SLACK_DAYS = 1
FIELDS = ("sub_event_type", "place", "date", "actor1", "actor2", "fatalities")


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------

_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(?:\d{4})?\s*\)")


#: apostrophes and the Arabic letters 'ayn and hamza as transliterations write them: dropped
#: inside a word ("People's" = "Peoples", "Hay'at" = "Hayat")
_APOSTROPHES = re.compile(r"(?<=\w)['\u2018\u2019\u02bc\u02bf\u02be`](?=\w)|(?<=\w)['\u2019](?=\s|$)")
#: the Arabic article as transliterated before a sun letter or in dialect ("ash-Sham",
#: "ad-Din", "el-Sham"): the same word as "al-" (a capital after the hyphen: "at-risk" is English)
_ARTICLE = re.compile(r"\b(?:[Ee]l|[Aa](?:sh|s|dh|d|r|th|t|n|z))-(?=[A-Z])")
#: ACLED's "ABBR: Full Name" ("NATO: North Atlantic Treaty Organization", "QSD: Syrian
#: Democratic Forces", "JaS: Levant Front"): an abbreviation of two or more capitals
_ABBREVIATED = re.compile(r"^\s*((?=(?:[^:]*[A-Z]){2})[A-Za-z][A-Za-z0-9 -]{0,15}):\s+(\S.*)$")


def normalize_actor(name: str | None) -> str:
    """Actor names compared loosely: case and diacritics folded, ACLED's period markers
    ("(2000-)", "(2011-2014)") and a leading "the" removed, apostrophes inside a word
    dropped ("People's" = "Peoples", "Hay'at" = "Hayat"), the Arabic article's spellings
    ("ash-", "ad-", "el-") read as "al", other punctuation but parentheses dropped (so
    "al-Sham" = "al Sham"), spaces collapsed. "Military Forces of Syria (2000-)" equals
    "military forces of Syria"; "Civilians (Syria)" keeps its country."""
    s = fold(_ARTICLE.sub("al ", _YEARS.sub(" ", name or "")))
    s = _APOSTROPHES.sub("", s)
    s = re.sub(r"[^\w()\s]", " ", s)
    s = " ".join(s.split())
    return s[4:] if s.startswith("the ") else s


def actor_keys(name: str | None) -> frozenset[str]:
    """The normalized names that name the same actor as ``name``: itself and, for ACLED's
    "ABBR: Full Name", the abbreviation and the full name alone (the gold set, like the
    press, writes "NATO" or "Syrian Democratic Forces")."""
    keys = {normalize_actor(name)}
    found = _ABBREVIATED.match(name or "")
    if found:
        keys |= {normalize_actor(found.group(1)), normalize_actor(found.group(2))}
    return frozenset(k for k in keys if k) or frozenset({""})


def same_actor(a: str | None, b: str | None) -> bool:
    """Whether two exported or gold actor names name the same actor (see :func:`actor_keys`;
    "" on both sides is the same, "" against a name is not)."""
    return bool(actor_keys(a) & actor_keys(b))


def _same_admin1(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = normalize_governorate(a), normalize_governorate(b)
    if ka is not None or kb is not None:
        return ka == kb
    return " ".join(fold(a).split()) == " ".join(fold(b).split())


@dataclass(frozen=True)
class SystemEvent:
    """An exported mention reduced to what is scored (actor names as the export writes)."""

    mention_id: str
    event_type: str
    sub_event_type: str
    place: str
    admin1: str
    country: str
    lat: float | None
    lon: float | None
    start: dt.date | None
    end: dt.date | None
    actor1: str
    actor2: str
    fatalities: int
    sentence: str


def system_event(mention: EventMention, pack) -> SystemEvent:
    p = mention.place
    return SystemEvent(
        mention_id=mention.id, event_type=mention.event_type,
        sub_event_type=mention.sub_event_type, place=p.name if p else "",
        admin1=(p.admin1 if p else None) or "", country=event_country(mention, pack) or "",
        lat=p.lat if p else None, lon=p.lon if p else None,
        start=mention.date.start, end=mention.date.end or mention.date.start,
        actor1=actor_name(mention.actor1, pack, mention.date.start),
        actor2=actor_name(mention.actor2, pack, mention.date.start),
        fatalities=export_fatalities(mention), sentence=" ".join(mention.text.split()))


def distance_km(s: SystemEvent, g: GoldEvent) -> float | None:
    if s.lat is None or s.lon is None or g.lat is None or g.lon is None:
        return None
    return haversine_km(s.lat, s.lon, g.lat, g.lon)


def same_place(s: SystemEvent, g: GoldEvent, km: float = PLACE_KM) -> bool:
    """Within ``km`` when both have coordinates, else the same admin1."""
    d = distance_km(s, g)
    if d is not None:
        return d <= km
    return _same_admin1(s.admin1, g.admin1)


def date_ok(s: SystemEvent, g: GoldEvent, slack: int = DATE_SLACK_DAYS) -> bool:
    """The system's window lies within the gold day or range, widened by ``slack`` days."""
    if s.start is None or g.date is None:
        return False
    lo = g.date - dt.timedelta(days=slack)
    hi = (g.date_end or g.date) + dt.timedelta(days=slack)
    return lo <= s.start and (s.end or s.start) <= hi


def _date_gap(s: SystemEvent, g: GoldEvent) -> int:
    if s.start is None or g.date is None:
        return 10**6
    hi = g.date_end or g.date
    if s.start < g.date:
        return (g.date - s.start).days
    return max(0, (s.start - hi).days)


@dataclass(frozen=True)
class Pair:
    """A matched (gold, system) pair and which fields are right."""

    gold_index: int
    system_index: int
    km: float | None
    right: dict[str, bool]

    @property
    def all_right(self) -> bool:
        return all(self.right[f] for f in ("sub_event_type", "place", "date", "fatalities"))


def field_checks(s: SystemEvent, g: GoldEvent) -> dict[str, bool]:
    km = distance_km(s, g)
    return {
        "sub_event_type": s.sub_event_type == g.sub_event_type,
        "place": km is not None and km <= PLACE_KM,
        "date": date_ok(s, g),
        "actor1": same_actor(s.actor1, g.actor1),
        "actor2": same_actor(s.actor2, g.actor2),
        "fatalities": s.fatalities == (g.fatalities or 0),
    }


def match_events(system: list[SystemEvent], gold: list[GoldEvent]) -> list[Pair]:
    """Greedy one-to-one matching within one article (see the module docstring)."""
    candidates = []
    for si, s in enumerate(system):
        for gi, g in enumerate(gold):
            if s.event_type != g.event_type or not same_place(s, g):
                continue
            km = distance_km(s, g)
            candidates.append((s.sub_event_type != g.sub_event_type,
                               km if km is not None else PLACE_KM, _date_gap(s, g), gi, si))
    pairs, used_s, used_g = [], set(), set()
    for _, _, _, gi, si in sorted(candidates):
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        s, g = system[si], gold[gi]
        pairs.append(Pair(gi, si, distance_km(s, g), field_checks(s, g)))
    return sorted(pairs, key=lambda p: p.gold_index)


# ---------------------------------------------------------------------------
# The evaluation
# ---------------------------------------------------------------------------


@dataclass
class ArticleResult:
    corpus: str
    article: str
    line: int
    relevant: bool | None
    verdict: bool | None           # the pipeline's relevance verdict, None if none
    gold: list[GoldEvent]
    system: list[SystemEvent]
    pairs: list[Pair]
    held_back: int = 0


@dataclass
class GoldReport:
    gold_path: str
    theater: str
    articles: list[ArticleResult] = field(default_factory=list)
    held_back_marked: bool = False
    linked: bool = False             # scored the linked record (else each article's mentions)
    home_country: str = ""           # the theater's country (gold events elsewhere are abroad)

    # --- counts -----------------------------------------------------------------

    def recall_at_home(self) -> tuple[int, int]:
        """(found, gold) for the gold events in the theater's own country: the record leaves
        events abroad out by design, so this is the recall of what it sets out to code."""
        found = total = 0
        for a in self.articles:
            matched = {p.gold_index for p in a.pairs}
            for i, g in enumerate(a.gold):
                if g.country == self.home_country:
                    total += 1
                    found += i in matched
        return found, total

    @property
    def n_articles(self) -> int:
        return len(self.articles)

    @property
    def n_gold(self) -> int:
        return sum(len(a.gold) for a in self.articles)

    @property
    def n_system(self) -> int:
        return sum(len(a.system) for a in self.articles)

    @property
    def pairs(self) -> list[Pair]:
        return [p for a in self.articles for p in a.pairs]

    @property
    def match(self) -> PRF:
        tp = len(self.pairs)
        return PRF(tp, self.n_system - tp, self.n_gold - tp)

    def by_event_type(self) -> dict[str, PRF]:
        gold = Counter(g.event_type for a in self.articles for g in a.gold)
        system = Counter(s.event_type for a in self.articles for s in a.system)
        tp = Counter(a.gold[p.gold_index].event_type for a in self.articles for p in a.pairs)
        return {t: PRF(tp[t], system[t] - tp[t], gold[t] - tp[t])
                for t in sorted(set(gold) | set(system))}

    def field_right(self) -> dict[str, int]:
        return {f: sum(p.right[f] for p in self.pairs) for f in FIELDS}

    @property
    def all_right(self) -> int:
        return sum(p.all_right for p in self.pairs)

    @property
    def admin1_only_pairs(self) -> int:
        return sum(p.km is None for p in self.pairs)

    @property
    def median_km(self) -> float | None:
        return median([p.km for p in self.pairs if p.km is not None])

    @property
    def system_from_irrelevant(self) -> int:
        return sum(len(a.system) for a in self.articles if a.relevant is False)

    @property
    def irrelevant_articles(self) -> int:
        return sum(a.relevant is False for a in self.articles)

    @property
    def relevance(self) -> PRF | None:
        """Article relevance (positive: relevant) where both gold and the pipeline judge."""
        judged = self._judged()
        if not judged:
            return None
        tp = sum(bool(a.verdict and a.relevant) for a in judged)
        fp = sum(bool(a.verdict and not a.relevant) for a in judged)
        fn = sum(bool(a.relevant and not a.verdict) for a in judged)
        return PRF(tp, fp, fn)

    def _judged(self) -> list[ArticleResult]:
        return [a for a in self.articles if a.verdict is not None and a.relevant is not None]

    @property
    def relevance_judged(self) -> int:
        return len(self._judged())

    @property
    def held_back(self) -> int | None:
        return sum(a.held_back for a in self.articles)


def evaluate_gold(gold_path: str | Path, *, data_dir: str | Path | None = None,
                  theater: str = "syria", pipeline: Callable[[Article], Article] | None = None,
                  pack=None, linked: bool = True) -> GoldReport:
    """Score the pipeline's output against the gold file (module docstring).

    ``linked`` (the default) scores what the record holds: the articles are stored and
    linked as ``marsad run`` does, and each event the ACLED export keeps counts once for
    every gold article it came from (an article's repeated mentions of one event are one
    row, as for the analyst). ``linked=False`` scores each article's exported mentions.
    ``data_dir``: where ``fakes/dev.csv`` and ``news_streams/`` are (default: the
    evaluation data folder); ``pipeline``: any ``Article -> Article`` callable (default: the
    real pipeline for ``theater``); ``pack`` defaults to the pipeline's own."""

    gold = read_gold(gold_path, theater)
    texts = load_articles(gold, data_dir if data_dir is not None else default_data_dir(),
                          gold_path)
    pipeline = pipeline or default_pipeline(theater)
    if pack is None:
        pack = getattr(pipeline, "pack", None)
    report = GoldReport(gold_path=str(gold_path), theater=theater, linked=linked,
                        home_country=str(getattr(pack, "country", "") or ""))
    coded = []
    for g in gold:
        article = texts[(g.corpus, g.article)]
        if article.text:
            article = pipeline(article)
        coded.append(article)
    record = _record_rows(coded, pack) if linked else {}
    for g, article in zip(gold, coded):
        report.held_back_marked = report.held_back_marked or marks_held_back(article.events)
        if linked:
            system = record.get(article.id, [])
        else:
            rows = sorted(exported_mentions(article), key=lambda m: (m.start, m.end, m.id))
            system = [system_event(m, pack) for m in rows]
        report.articles.append(ArticleResult(
            corpus=g.corpus, article=g.article, line=g.line, relevant=g.relevant,
            verdict=relevance_verdict(article), gold=list(g.events), system=system,
            pairs=match_events(system, list(g.events)),
            held_back=sum(1 for m in article.events if is_held_back(m))))
    return report


def _record_rows(articles: list[Article], pack) -> dict[str, list[SystemEvent]]:
    """Store and link the articles in a scratch store; the record's events per article."""
    rows: dict[str, list[SystemEvent]] = {}
    with tempfile.TemporaryDirectory(prefix="marsad-gold-") as tmp:
        with Store(str(Path(tmp) / "gold.db")) as store:
            for article in articles:
                if article.text:
                    store.add_article(article)
            link_store(store, pack)
            for batch in store.iter_events():
                for event in batch:
                    if not in_record(event):
                        continue
                    for mention in store.event_mentions(event_ids=[event.id])[:1]:
                        row = system_event(mention, pack)
                        row = dataclasses.replace(
                            row, mention_id=event.id, event_type=event.event_type,
                            sub_event_type=event.sub_event_type,
                            place=event.place.name if event.place else "",
                            admin1=(event.place.admin1 if event.place else None) or "",
                            lat=event.place.lat if event.place else None,
                            lon=event.place.lon if event.place else None,
                            start=event.date.start, end=event.date.end or event.date.start,
                            actor1=actor_name(event.actor1, pack, event.date.start),
                            actor2=actor_name(event.actor2, pack, event.date.start),
                            fatalities=_best(event.fatalities))
                        for article_id in dict.fromkeys(event.articles):
                            rows.setdefault(article_id, []).append(row)
    return rows


def _best(fatalities) -> int:
    best = fatalities.best if fatalities.best is not None else fatalities.low
    return best if best is not None else 0


def _rate(n: int, d: int) -> float:
    return n / d if d else 0.0


def format_report(report: GoldReport, *, worst: int = 10) -> Iterator[str]:
    m = report.match
    yield (f"gold set {report.gold_path}: {report.n_articles} articles, {report.n_gold} gold "
           f"events, {report.n_system} system events ("
           f"{'events of the linked record, once per article' if report.linked else 'exported mentions'}"
           f"), theater "
           f"{report.theater!r}")
    yield (f"match (same event type, place within {PLACE_KM:g} km or same admin1 without "
           f"coordinates): precision {m.precision:.3f}   recall {m.recall:.3f}   "
           f"f1 {m.f1:.3f}   (tp {m.tp}, fp {m.fp}, fn {m.fn})")
    found, home = report.recall_at_home()
    if report.home_country and home < report.n_gold:
        yield (f"  recall on the gold events in {report.home_country}: {_rate(found, home):.3f} "
               f"({found} of {home}; {report.n_gold - home} gold events are in other countries, "
               f"which the theater's record leaves out)")
    for etype, prf in report.by_event_type().items():
        yield (f"  {etype:28} P {prf.precision:.3f}  R {prf.recall:.3f}  "
               f"(tp {prf.tp}, fp {prf.fp}, fn {prf.fn})")
    n = len(report.pairs)
    right = report.field_right()
    labels = {"sub_event_type": "sub-event type", "place": f"place <= {PLACE_KM:g} km",
              "date": f"date +-{DATE_SLACK_DAYS} day (or in gold range)",
              "actor1": "actor1", "actor2": "actor2", "fatalities": "fatalities exact"}
    yield f"fields on {n} matched pairs:"
    for f in FIELDS:
        yield f"  {labels[f]:36} {right[f]:4d}  {_rate(right[f], n):.3f}"
    km = report.median_km
    yield (f"  matched on admin1 only (no coordinates on a side) {report.admin1_only_pairs}   "
           f"median distance {'-' if km is None else f'{km:.1f} km'}")
    yield (f"rows right in sub-event type, place, date and fatalities: {report.all_right} "
           f"({_rate(report.all_right, report.n_gold):.3f} of gold, "
           f"{_rate(report.all_right, report.n_system):.3f} of system)")
    yield (f"system events from gold-irrelevant articles: {report.system_from_irrelevant} "
           f"({_rate(report.system_from_irrelevant, report.n_system):.3f}; "
           f"{report.irrelevant_articles} irrelevant articles)")
    rel = report.relevance
    if rel is None:
        yield "article relevance: not judged (the pipeline gives no relevance verdict)"
    else:
        yield (f"article relevance on {report.relevance_judged} articles: precision "
               f"{rel.precision:.3f}   recall {rel.recall:.3f}")
    held = report.held_back
    yield "held back: " + ("n/a (the pipeline marks none)" if held is None else str(held))
    rows = sorted(report.articles, key=lambda a: (-(len(a.system) + len(a.gold)
                                                    - 2 * len(a.pairs)), a.line))
    rows = [a for a in rows if len(a.system) + len(a.gold) > 2 * len(a.pairs)][:worst]
    if rows:
        yield "articles with the most unmatched events (line, article: gold/system/matched):"
        for a in rows:
            yield (f"  line {a.line} {a.corpus}:{a.article}  {len(a.gold)}/{len(a.system)}/"
                   f"{len(a.pairs)}" + ("  (gold: irrelevant)" if a.relevant is False else ""))


def as_json(report: GoldReport) -> dict[str, Any]:
    """A flat JSON object with dotted keys."""
    m = report.match
    n = len(report.pairs)
    out: dict[str, Any] = {
        "gold_path": report.gold_path, "theater": report.theater,
        "articles": report.n_articles, "gold_events": report.n_gold,
        "system_events": report.n_system, "matched": m.tp,
        "precision": m.precision, "recall": m.recall, "f1": m.f1,
        "all_right": report.all_right,
        "recall_at_home": _rate(*report.recall_at_home()),
        "all_right_of_gold": _rate(report.all_right, report.n_gold),
        "all_right_of_system": _rate(report.all_right, report.n_system),
        "admin1_only_pairs": report.admin1_only_pairs, "median_km": report.median_km,
        "system_from_irrelevant": report.system_from_irrelevant,
        "system_from_irrelevant_share": _rate(report.system_from_irrelevant, report.n_system),
        "irrelevant_articles": report.irrelevant_articles,
        "held_back": report.held_back if report.held_back is not None else "n/a",
    }
    for f, k in report.field_right().items():
        out[f"field.{f}"] = _rate(k, n)
        out[f"field.{f}.right"] = k
    for etype, prf in report.by_event_type().items():
        out[f"event_type.{etype}.precision"] = prf.precision
        out[f"event_type.{etype}.recall"] = prf.recall
    rel = report.relevance
    if rel is None:
        out["relevance"] = "not judged"
    else:
        out["relevance.precision"] = rel.precision
        out["relevance.recall"] = rel.recall
        out["relevance.judged"] = report.relevance_judged
    return out
