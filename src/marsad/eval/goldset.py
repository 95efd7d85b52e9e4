"""The issue-12 gold set: reading its JSON lines (``/work/annot/FORMAT.md``) and fetching
each article it labels from the evaluation data folder.

FA-KES articles (corpus ``fakes_dev``) come from ``fakes/dev.csv`` by ``unit_id`` and are
assembled as the FA-KES evaluation does (title, content, outlet, and a publication date
only where the text's own dateline states one); news-stream articles come from
``news_streams/<corpus>.jsonl`` by ``doc_id``, read with ``marsad.ingest`` so the stream's
``source`` and ``published`` are honoured. Every problem is an EvalDataError naming the
gold file and line.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..ingest import EmptyArticle, article_from_text, read_paths
from ..model import SUB_EVENT_TO_TYPE, Article
from .data import EvalDataError
from .fakes import published_in_text, read_rows

FAKES_CORPUS = "fakes_dev"
FAKES_FILE = "fakes/dev.csv"
STREAMS_DIR = "news_streams"

# ---------------------------------------------------------------------------
# Gold file
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    event_type: str
    sub_event_type: str
    country: str
    admin1: str
    location: str
    lat: float | None
    lon: float | None
    date: dt.date | None
    date_end: dt.date | None
    actor1: str
    actor2: str
    fatalities: int | None


@dataclass(frozen=True)
class GoldArticle:
    corpus: str
    article: str
    line: int
    published: dt.date | None
    relevant: bool | None
    events: tuple[GoldEvent, ...]


def _fail(path: Path, line: int, message: str) -> EvalDataError:
    return EvalDataError(f"{path}: line {line}: {message}")


def _opt_date(value: Any, what: str, path: Path, line: int) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, line, f"{what} {value!r} is not a YYYY-MM-DD date") from None


def _opt_number(value: Any, what: str, path: Path, line: int) -> float | None:
    if value in (None, ""):
        return None
    try:
        if isinstance(value, bool):
            raise TypeError
        return float(value)
    except (TypeError, ValueError):
        raise _fail(path, line, f"{what} {value!r} is not a number") from None


def _gold_event(raw: Any, index: int, path: Path, line: int) -> GoldEvent:
    where = f"event {index}"
    if not isinstance(raw, dict):
        raise _fail(path, line, f"{where} is a {type(raw).__name__}, not an object")
    sub = raw.get("sub_event_type")
    if sub not in SUB_EVENT_TO_TYPE:
        raise _fail(path, line, f"{where}: unknown sub_event_type {sub!r} (ACLED's 25 "
                                "sub-event types, exact strings)")
    etype = raw.get("event_type") or SUB_EVENT_TO_TYPE[sub]
    if etype != SUB_EVENT_TO_TYPE[sub]:
        raise _fail(path, line, f"{where}: event_type {etype!r} does not hold sub_event_type "
                                f"{sub!r} (it is {SUB_EVENT_TO_TYPE[sub]!r})")
    lat = _opt_number(raw.get("lat"), f"{where}: lat", path, line)
    lon = _opt_number(raw.get("lon"), f"{where}: lon", path, line)
    if (lat is None) != (lon is None):
        raise _fail(path, line, f"{where}: lat and lon must be given together")
    fat = _opt_number(raw.get("fatalities"), f"{where}: fatalities", path, line)
    if fat is not None and (fat < 0 or fat != int(fat)):
        raise _fail(path, line, f"{where}: fatalities {raw.get('fatalities')!r} is not a "
                                "whole number >= 0")
    date = _opt_date(raw.get("date"), f"{where}: date", path, line)
    end = _opt_date(raw.get("date_end"), f"{where}: date_end", path, line)
    if date is not None and end is not None and end < date:
        raise _fail(path, line, f"{where}: date_end {end} is before date {date}")
    return GoldEvent(event_type=etype, sub_event_type=sub,
                     country=str(raw.get("country") or ""), admin1=str(raw.get("admin1") or ""),
                     location=str(raw.get("location") or ""), lat=lat, lon=lon,
                     date=date, date_end=end, actor1=str(raw.get("actor1") or ""),
                     actor2=str(raw.get("actor2") or ""),
                     fatalities=None if fat is None else int(fat))


def read_gold(path: str | Path, theater: str = "syria") -> list[GoldArticle]:
    """The gold articles in file order; any unreadable line is an EvalDataError naming the
    file and line. ``relevant`` is the label for ``theater``: ``relevant`` for Syria (the
    format's default), ``relevant_<theater>`` for another (None where not labelled)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalDataError(f"{path}: no such gold file") from None
    except UnicodeDecodeError as exc:
        raise EvalDataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") \
            from None
    out: list[GoldArticle] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _fail(path, number, f"malformed JSON: {exc.msg} at column {exc.colno}") \
                from None
        if not isinstance(raw, dict):
            raise _fail(path, number, f"expected a JSON object, got {type(raw).__name__}")
        corpus, article = raw.get("corpus"), raw.get("article")
        if not isinstance(corpus, str) or not corpus.strip():
            raise _fail(path, number, "no corpus")
        if article in (None, "") or isinstance(article, (dict, list, bool)):
            raise _fail(path, number, "no article id")
        key = (corpus.strip(), str(article).strip())
        if key in seen:
            raise _fail(path, number, f"article {key[1]!r} of {key[0]!r} again "
                                      f"(first on line {seen[key]})")
        seen[key] = number
        label = "relevant" if theater == "syria" else f"relevant_{theater}"
        relevant = raw.get(label)
        if relevant is not None and not isinstance(relevant, bool):
            raise _fail(path, number, f"{label} {relevant!r} is not true/false")
        events = raw.get("events") or []
        if not isinstance(events, list):
            raise _fail(path, number, "events is not a list")
        out.append(GoldArticle(
            corpus=key[0], article=key[1], line=number,
            published=_opt_date(raw.get("published"), "published", path, number),
            relevant=relevant,
            events=tuple(_gold_event(e, i, path, number) for i, e in enumerate(events, 1))))
    if not out:
        raise EvalDataError(f"{path}: no gold articles (an empty file scores nothing)")
    return out


# ---------------------------------------------------------------------------
# Article texts
# ---------------------------------------------------------------------------


def _fakes_articles(data_dir: Path, wanted: set[str]) -> dict[str, Article]:

    found: dict[str, Article] = {}
    rows = read_rows(data_dir / FAKES_FILE)
    if rows and "unit_id" not in rows[0]:
        raise EvalDataError(f"{data_dir / FAKES_FILE}: no unit_id column to find articles by")
    for row in rows:
        uid = (row.get("unit_id") or "").strip()
        if uid not in wanted or uid in found:
            continue
        content = row["article_content"] or ""
        title = row["article_title"] or None
        outlet = row.get("source") or None
        try:
            article = article_from_text(content, title=title, outlet=outlet,
                                        published=published_in_text(content))
        except EmptyArticle:  # all page junk: nothing to find, scored as such
            article = Article(id=Article.make_id(content), text="", title=title, outlet=outlet)
        article.meta.setdefault("extra", {})["unit_id"] = uid
        found[uid] = article
    return found


def _stream_articles(path: Path, wanted: set[str]) -> dict[str, Article]:

    found: dict[str, Article] = {}
    for item in read_paths(path):
        if isinstance(item, Article):
            doc_id = str((item.meta.get("extra") or {}).get("doc_id", "")).strip()
            if doc_id in wanted and doc_id not in found:
                found[doc_id] = item
    return found


def load_articles(gold: list[GoldArticle], data_dir: str | Path, gold_path: str | Path
                  ) -> dict[tuple[str, str], Article]:
    """(corpus, article id) -> the Article, unprocessed. An unknown corpus or an id not in
    its file is an EvalDataError naming the gold file and line."""
    data_dir = Path(data_dir)
    by_corpus: dict[str, list[GoldArticle]] = {}
    for g in gold:
        by_corpus.setdefault(g.corpus, []).append(g)
    out: dict[tuple[str, str], Article] = {}
    for corpus, items in by_corpus.items():
        wanted = {g.article for g in items}
        if corpus == FAKES_CORPUS:
            source = data_dir / FAKES_FILE
        else:
            source = data_dir / STREAMS_DIR / f"{corpus}.jsonl"
        if not source.is_file() or "/" in corpus or "\\" in corpus:
            raise _fail(Path(gold_path), items[0].line,
                        f"corpus {corpus!r}: no data file {source} (known: {FAKES_CORPUS!r} "
                        f"or a file name under {data_dir / STREAMS_DIR})")
        found = (_fakes_articles(data_dir, wanted) if corpus == FAKES_CORPUS
                 else _stream_articles(source, wanted))
        for g in items:
            if g.article not in found:
                raise _fail(Path(gold_path), g.line,
                            f"article {g.article!r} is not in {source}")
            out[(corpus, g.article)] = found[g.article]
    return out
