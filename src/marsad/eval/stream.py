"""What marsad codes from a stream of real news (issue 12): counts that show over-coding.

A news stream (JSON lines with ``doc_id``, ``source``, ``published``, ``text``) is read with
``marsad.ingest`` (so ``source`` becomes the outlet and ``published`` the publication day),
every article goes through the pipeline, and the event mentions that would become ACLED
rows (:func:`exported_mentions`) are counted: where they are placed (the theater's country,
abroad, nowhere), how many carry 500 or more fatalities, how many are dated long before the
article, how many take their toll from a cumulative-toll sentence, how many come from
articles judged off-topic. A seeded random sample of rows is printed for a human coder.

No store and no linking: one row per exported mention, which is what a single article
contributes to the export before cross-article merging.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..export.acled import actor_name
from ..ingest import read_paths
from ..model import Article, EventMention
from ..pipeline import build_pipeline
from .data import EvalDataError, eval_pack

#: an event whose latest possible day is more than this many days before publication
WINDOW_DAYS = 30
#: a toll this large for one event is almost always a running national count
BIG_TOLL = 500
SAMPLE_SENTENCE_CHARS = 400

#: words that make a number in the same sentence a running or cumulative toll
#: ("20,000 killed since March", "so far this year", "since the uprising began")
_WARS = "uprising|revolt|revolution|conflict|war|crisis|unrest|protests|fighting|insurgency"
CUMULATIVE_CUE_WORDS: tuple[str, ...] = (
    "since", "so far", "to date", "in total", "in all", "all told", "altogether", "overall",
    "cumulative", "running toll", "running total", "this year", "this month",
    f"<{_WARS}> <began|started|erupted|broke out>",
)
CUMULATIVE_CUES = re.compile(
    r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                         for w in CUMULATIVE_CUE_WORDS if not w.startswith("<"))
    + rf"|(?:{_WARS})\s+(?:began|started|erupted|broke\s+out))\b", re.IGNORECASE)



# ---------------------------------------------------------------------------
# Helpers shared with the gold evaluation
# ---------------------------------------------------------------------------


def is_held_back(mention: EventMention) -> bool:
    """An asserted mention the screen kept out of the record (``held_back`` says why)."""
    return mention.modality == "asserted" and mention.held_back is not None


def marks_held_back(mentions: Iterable[EventMention]) -> bool:
    """Whether the pipeline screened these mentions: a held-back reason on any of them, or
    a pipeline with the ``screen`` stage (the caller knows; here: any reason present)."""
    return any(m.held_back is not None for m in mentions)


def exported_mentions(article: Article) -> list[EventMention]:
    """The mentions that become ACLED rows an analyst keeps: asserted (``is_event``), not a
    reference to an earlier event (``background``), not held back.

    Mirrors linking and export today: the linker builds events only from asserted or denied
    mentions, and an event made only of background (or denied) mentions is exported with a
    ``background_only`` (``denied_only``) status tag, not as a plain event."""
    return [m for m in article.events
            if m.is_event and not m.background]


def relevance_verdict(article: Article) -> bool | None:
    """The article's relevance verdict, None when the pipeline gives none."""
    return None if article.relevance is None else article.relevance.relevant


def article_label(article: Article) -> str:
    """The id a reader knows the article by: the stream's ``doc_id`` (FA-KES ``unit_id``),
    else where it was read from, else its content id."""
    extra = article.meta.get("extra") or {}
    for key in ("doc_id", "unit_id", "id"):
        if extra.get(key) not in (None, ""):
            return str(extra[key])
    return article.source_path or article.id


def event_country(mention: EventMention, pack) -> str | None:
    """The country the export writes for the mention: its place's, else the theater's
    (as ``export.acled`` does); None when the mention has no place."""
    if mention.place is None:
        return None
    return mention.place.country or getattr(pack, "country", None)


def export_fatalities(mention: EventMention) -> int:
    """The fatalities column as the ACLED export writes it (unknown -> 0)."""
    f = mention.fatalities
    best = f.best if f.best is not None else f.low
    return best if best is not None else 0


def sentence_of(article: Article, mention: EventMention) -> str:
    """The whole sentence the mention came from (the mention may hold only a clause)."""
    if 0 <= mention.sentence < len(article.sentences):
        return article.sentences[mention.sentence].text
    return mention.text


def cumulative_toll(article: Article, mention: EventMention) -> bool:
    """The mention has fatalities and its sentence reads as a running or cumulative toll:
    one of :data:`CUMULATIVE_CUES` in the same sentence as the number."""
    if not mention.fatalities.known:
        return False
    return CUMULATIVE_CUES.search(sentence_of(article, mention)) is not None


def before_window(mention: EventMention, published: dt.date | None,
                  window_days: int = WINDOW_DAYS) -> bool:
    """The event's latest possible day (end of its date window) is more than
    ``window_days`` before publication. False when either date is unknown."""
    last = mention.date.end or mention.date.start
    if published is None or last is None:
        return False
    return (published - last).days > window_days


def default_pipeline(theater: str):
    """The real pipeline on the bare theater pack (no user overlays)."""

    return build_pipeline(theater, pack=eval_pack(theater))


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleRow:
    """One exported event as an ACLED coder would audit it."""

    article: str
    published: dt.date | None
    event_type: str
    sub_event_type: str
    place: str               # "name (admin1, country)", "" when unplaced
    date: str                # "2011-03-02", "2011-03-01..2011-03-07 (week)", ""
    fatalities: int          # as exported (unknown -> 0)
    fatalities_text: str
    actor1: str
    actor2: str
    sentence: str
    flags: tuple[str, ...]   # "abroad", "no place", "before window", "cumulative toll", ...


@dataclass
class StreamReport:
    path: str
    theater: str
    country: str | None
    window_days: int
    big_toll: int
    articles: int = 0
    ingest_failures: int = 0
    failure_examples: list[str] = field(default_factory=list)
    mentions: int = 0               # every event mention, whatever its modality
    events: int = 0                 # exported (see exported_mentions)
    articles_with_events: int = 0
    in_theater: int = 0
    abroad: int = 0
    no_place: int = 0
    abroad_countries: dict[str, int] = field(default_factory=dict)
    big_tolls: int = 0
    before_window: int = 0
    undated: int = 0
    cumulative_tolls: int = 0
    held_back: int | None = None    # None: the pipeline marks no held-back mentions
    judged_articles: int = 0
    off_topic_articles: int = 0
    off_topic_events: int = 0
    sample_size: int = 0
    seed: int = 0
    sample: list[SampleRow] = field(default_factory=list)

    @property
    def events_per_article(self) -> float:
        return self.events / self.articles if self.articles else 0.0

    @property
    def judged(self) -> bool:
        return self.judged_articles > 0


def _read_articles(path: Path, limit: int | None) -> tuple[list[Article], list[str]]:

    if not path.is_file():
        raise EvalDataError(f"{path}: no such news-stream file")
    articles: list[Article] = []
    failures: list[str] = []
    for item in read_paths(path):
        if isinstance(item, Article):
            articles.append(item)
            if limit and len(articles) >= limit:
                break
        else:
            failures.append(f"{item.source}: {item.reason}")
    return articles, failures


def _date_text(mention: EventMention) -> str:
    d = mention.date
    if d.start is None:
        return ""
    if d.end is None or d.end == d.start:
        return d.start.isoformat()
    return f"{d.start.isoformat()}..{d.end.isoformat()} ({d.precision})"


def _place_text(mention: EventMention, country: str | None) -> str:
    p = mention.place
    if p is None:
        return ""
    where = ", ".join(x for x in (p.admin1, country) if x and x != p.name)
    return f"{p.name} ({where})" if where else p.name


def sample_row(article: Article, mention: EventMention, pack, flags: Iterable[str]) -> SampleRow:

    sentence = " ".join(sentence_of(article, mention).split())
    if len(sentence) > SAMPLE_SENTENCE_CHARS:
        sentence = sentence[:SAMPLE_SENTENCE_CHARS - 3] + "..."
    return SampleRow(
        article=article_label(article), published=article.published,
        event_type=mention.event_type, sub_event_type=mention.sub_event_type,
        place=_place_text(mention, event_country(mention, pack)), date=_date_text(mention),
        fatalities=export_fatalities(mention), fatalities_text=mention.fatalities.text or "",
        actor1=actor_name(mention.actor1, pack, mention.date.start),
        actor2=actor_name(mention.actor2, pack, mention.date.start),
        sentence=sentence, flags=tuple(flags))


def stream_report(path: str | Path, *, theater: str = "syria",
                  pipeline: Callable[[Article], Article] | None = None, pack=None,
                  sample: int = 20, seed: int = 0, window_days: int = WINDOW_DAYS,
                  big_toll: int = BIG_TOLL, limit: int | None = None) -> StreamReport:
    """Run the pipeline over a news-stream file and count what it would export.

    ``pipeline``: any ``Article -> Article`` callable (default: the real pipeline for
    ``theater``); ``pack`` defaults to the pipeline's own. ``sample`` exported events are
    drawn with ``random.Random(seed)`` over the events in file order (article, then
    position in the text), so a seed always gives the same rows."""
    path = Path(path)
    pipeline = pipeline or default_pipeline(theater)
    if pack is None:
        pack = getattr(pipeline, "pack", None)
    country = getattr(pack, "country", None)
    articles, failures = _read_articles(path, limit)
    if not articles:
        why = f": {failures[0]}" if failures else ""
        raise EvalDataError(f"{path}: no readable articles{why}")
    report = StreamReport(path=str(path), theater=theater, country=country,
                          window_days=window_days, big_toll=big_toll, articles=len(articles),
                          ingest_failures=len(failures), failure_examples=failures[:5],
                          seed=seed)
    abroad: dict[str, int] = {}
    pool: list[SampleRow] = []
    held, marked = 0, False
    for raw in articles:
        article = pipeline(raw)
        marked = marked or marks_held_back(article.events)
        held += sum(1 for m in article.events if is_held_back(m))
        report.mentions += len(article.events)
        rows = sorted(exported_mentions(article), key=lambda m: (m.start, m.end, m.id))
        verdict = relevance_verdict(article)
        if verdict is not None:
            report.judged_articles += 1
            if not verdict:
                report.off_topic_articles += 1
                report.off_topic_events += len(rows)
        report.events += len(rows)
        report.articles_with_events += bool(rows)
        for m in rows:
            flags: list[str] = []
            where = event_country(m, pack)
            if where is None:
                report.no_place += 1
                flags.append("no place")
            elif where == country:
                report.in_theater += 1
            else:
                report.abroad += 1
                abroad[where] = abroad.get(where, 0) + 1
                flags.append(f"abroad: {where}")
            if export_fatalities(m) >= big_toll:
                report.big_tolls += 1
                flags.append(f"toll >= {big_toll}")
            if m.date.start is None:
                report.undated += 1
                flags.append("undated")
            elif before_window(m, article.published, window_days):
                report.before_window += 1
                flags.append(f"> {window_days} days before publication")
            if cumulative_toll(article, m):
                report.cumulative_tolls += 1
                flags.append("cumulative toll")
            if verdict is False:
                flags.append("off-topic article")
            pool.append(sample_row(article, m, pack, flags))
    report.held_back = held
    report.abroad_countries = dict(sorted(abroad.items(), key=lambda kv: (-kv[1], kv[0])))
    picked = sorted(random.Random(seed).sample(range(len(pool)), min(sample, len(pool))))
    report.sample = [pool[i] for i in picked]
    report.sample_size = len(report.sample)
    return report


def _share(n: int, total: int) -> str:
    return f"{n} ({n / total:.1%})" if total else str(n)


def format_report(report: StreamReport) -> Iterator[str]:
    ev = report.events
    yield f"news stream {report.path}: theater {report.theater!r} ({report.country or '?'})"
    yield (f"articles {report.articles}   ingest failures {report.ingest_failures}   "
           f"event mentions {report.mentions}   exported events {ev}   "
           f"per article {report.events_per_article:.2f}   "
           f"articles with events {_share(report.articles_with_events, report.articles)}")
    for failure in report.failure_examples:
        yield f"  ingest failure: {failure}"
    yield (f"placed in {report.country or 'the theater'} {_share(report.in_theater, ev)}   "
           f"abroad {_share(report.abroad, ev)}   no place {_share(report.no_place, ev)}")
    if report.abroad_countries:
        top = list(report.abroad_countries.items())[:8]
        yield "  abroad: " + ", ".join(f"{c} {n}" for c, n in top)
    yield (f"fatalities >= {report.big_toll} {_share(report.big_tolls, ev)}   "
           f"fatalities from a cumulative-toll sentence {_share(report.cumulative_tolls, ev)}")
    yield (f"dated more than {report.window_days} days before publication "
           f"{_share(report.before_window, ev)}   undated {_share(report.undated, ev)}")
    if report.judged:
        yield (f"relevance: {report.judged_articles} articles judged, "
               f"{report.off_topic_articles} off-topic; events from off-topic articles "
               f"{_share(report.off_topic_events, ev)}")
    else:
        yield "relevance: not judged (the pipeline gives articles no relevance verdict)"
    yield ("held back (asserted, not exported): "
           + ("n/a (the pipeline marks none)" if report.held_back is None
              else str(report.held_back)))
    yield "cumulative-toll cues (same sentence as the number): " + ", ".join(CUMULATIVE_CUE_WORDS)
    yield f"sample of {report.sample_size} exported events (random.Random({report.seed})):"
    for i, row in enumerate(report.sample, 1):
        pub = row.published.isoformat() if row.published else "?"
        yield (f"[{i}] {row.article} (published {pub})  {row.event_type} / "
               f"{row.sub_event_type}")
        yield (f"    place: {row.place or '-'}   date: {row.date or '-'}   fatalities: "
               f"{row.fatalities}" + (f" ({row.fatalities_text!r})" if row.fatalities_text
                                       else ""))
        yield f"    actor1: {row.actor1 or '-'}   actor2: {row.actor2 or '-'}"
        if row.flags:
            yield f"    flags: {'; '.join(row.flags)}"
        yield f"    {row.sentence}"


def as_json(report: StreamReport) -> dict[str, Any]:
    """A flat JSON object (numbers and strings; the sample is left to the text report)."""
    ev = report.events

    def share(n: int) -> float:
        return n / ev if ev else 0.0

    out: dict[str, Any] = {
        "path": report.path, "theater": report.theater, "country": report.country,
        "window_days": report.window_days, "big_toll": report.big_toll,
        "articles": report.articles, "ingest_failures": report.ingest_failures,
        "mentions": report.mentions, "events": ev,
        "events_per_article": report.events_per_article,
        "articles_with_events": report.articles_with_events,
        "in_theater": report.in_theater, "abroad": report.abroad, "no_place": report.no_place,
        "big_tolls": report.big_tolls, "before_window": report.before_window,
        "undated": report.undated, "cumulative_tolls": report.cumulative_tolls,
        "in_theater_share": share(report.in_theater), "abroad_share": share(report.abroad),
        "no_place_share": share(report.no_place), "big_tolls_share": share(report.big_tolls),
        "before_window_share": share(report.before_window),
        "cumulative_tolls_share": share(report.cumulative_tolls),
        "held_back": report.held_back if report.held_back is not None else "n/a",
        "relevance_judged": report.judged,
        "judged_articles": report.judged_articles,
        "off_topic_articles": report.off_topic_articles if report.judged else "not judged",
        "off_topic_events": report.off_topic_events if report.judged else "not judged",
        "sample_size": report.sample_size, "seed": report.seed,
    }
    for country, n in report.abroad_countries.items():
        out[f"abroad_countries.{country}"] = n
    return out
