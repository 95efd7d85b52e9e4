"""marsad.ingest: raw articles (text, HTML, CSV, JSON lines) -> cleaned :class:`Article` records.

Public API::

    article_from_text(text, *, title=None, outlet=None, published=None, ...) -> Article
    clean_text(text) -> str
    read_paths(paths, *, columns=None, max_bytes=50_000_000, encoding=None)
        -> Iterator[Article | IngestFailure]
    sample_paths() -> list[str]
    parse_date(value) -> datetime.date | None

Numeric metadata dates: ``4/5/2017`` is month/day/year (US style, as FA-KES) unless the
first number is above 12; ``05.04.2017`` is day.month.year; ISO is year-month-day.
Outlet and publication date are read from the text only where it states them (a
"translated and edited by X" or "By X Staff" byline, a "CITY, Mon D (Agency) -" dateline,
a full date opening one of the first paragraphs); a dateline without a year gives no date.
Page junk rules are data: ``junk_patterns.txt`` next to this file.
"""

from __future__ import annotations

from .article import article_from_text
from .clean import clean_text, load_junk_rules, normalize_text
from .errors import EmptyArticle, IngestError, IngestFailure
from .infer import parse_date
from .readers import COLUMN_ALIASES, SUPPORTED_EXTENSIONS, read_paths, sample_paths

__all__ = [
    "COLUMN_ALIASES", "EmptyArticle", "IngestError", "IngestFailure", "SUPPORTED_EXTENSIONS",
    "article_from_text", "clean_text", "load_junk_rules", "normalize_text", "parse_date",
    "read_paths", "sample_paths",
]
