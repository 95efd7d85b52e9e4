"""Build an :class:`~marsad.model.Article` from raw article text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core.datelines import find_dateline
from ..model import Article
from .clean import clean_normalized, line_key, normalize_text, scrub_text, scrub_value
from .errors import EmptyArticle, IngestError
from .infer import infer_outlet, leading_date, parse_date, wire_dateline

#: a first line longer than this is a paragraph, not a headline
MAX_TITLE_CHARS = 300


def clean_title(title: str | None) -> str | None:
    if title is None:
        return None
    title = " ".join(normalize_text(str(title)).split())
    return title or None


def _starts_with_title(body: str, title: str) -> bool:
    """Whether the body already opens with the headline (maybe after a dateline)."""
    key = line_key(title)
    return bool(key) and key in line_key(body[:len(title) + 60])


def article_from_text(text: str, *, title: str | None = None, outlet: str | None = None,
                      published: str | dt.date | dt.datetime | None = None,
                      url: str | None = None, source_path: str | None = None,
                      meta: dict[str, Any] | None = None,
                      title_from_first_line: bool = False) -> Article:
    """Clean ``text`` and wrap it as an Article.

    The headline becomes the first paragraph of ``Article.text`` unless the body already
    opens with it. ``outlet``/``published`` not given are read from the text only where it
    states them (a byline, a wire dateline, a leading full date); otherwise they stay None.

    Raises:
        EmptyArticle: nothing is left after page junk is removed.
        IngestError: ``text`` is not a string, or ``published`` is not a readable date.
    """
    if not isinstance(text, str):
        raise IngestError(f"article text must be str, got {type(text).__name__}"
                          + ("; decode the bytes first" if isinstance(text, bytes) else ""))
    # no NUL and no lone surrogate in anything kept: every store and every export can hold it
    meta = {scrub_text(str(k)): scrub_value(v) for k, v in (meta or {}).items()}
    outlet, url, source_path = (None if v is None else scrub_text(str(v))
                                for v in (outlet, url, source_path))
    normalized = normalize_text(text)
    body = clean_normalized(normalized)
    title = clean_title(title)
    paragraphs = body.split("\n\n") if body else []
    lead = leading_date(paragraphs)
    if lead is not None and lead.whole:
        # a line holding only the date is metadata, not article text
        meta["date_line"] = paragraphs.pop(lead.index)
        body = "\n\n".join(paragraphs)
    if title_from_first_line and title is None and len(paragraphs) > 1 \
            and len(paragraphs[0]) <= MAX_TITLE_CHARS:
        title = paragraphs[0]
    if not body:
        extra = "; a headline alone is not an article" if title else ""
        raise EmptyArticle(f"no article text left after removing page junk{extra}")
    if title and not _starts_with_title(body, title):
        body = f"{title}\n\n{body}"
        paragraphs.insert(0, title)

    if published is not None and not isinstance(published, dt.date):
        day = parse_date(published)
        if day is None and str(published).strip():
            raise IngestError(f"cannot read published date {published!r}; "
                              "give a datetime.date or an ISO date (YYYY-MM-DD)")
        published = day
    elif isinstance(published, dt.datetime):
        published = published.date()
    if published is None and lead is not None:
        published = lead.day
        meta["published_text"] = lead.text
        meta["published_from"] = "text"
    if published is None:
        # numeric datelines ("06.04.2017") and datelines after the headline
        found = find_dateline(body)
        if found is not None and found.kind == "dateline":
            published = found.day
            meta["published_text"] = body[found.start:found.end]
            meta["published_from"] = "dateline"
        elif found is not None:
            meta["updated"] = found.day.isoformat()
    wire = wire_dateline(paragraphs)
    if wire is not None and wire.group("when"):
        meta.setdefault("dateline", wire.group(0).strip())
    if not outlet:
        inferred = infer_outlet(normalized, paragraphs)
        if inferred is not None:
            outlet, meta["outlet_from"] = inferred
    return Article(id=Article.make_id(body), text=body, title=title, outlet=outlet or None,
                   published=published, url=url or None, source_path=source_path, meta=meta)
