"""marsad.ingest: raw articles (text, HTML, CSV, JSON lines) -> cleaned :class:`Article` records.

Public API::

    article_from_text(text, *, title=None, outlet=None, published=None, ...) -> Article
    clean_text(text) -> str
    read_paths(paths, *, columns=None, max_bytes=50_000_000, encoding=None)
        -> Iterator[Article | IngestFailure]
    sample_paths() -> list[str]
    parse_date(value) -> datetime.date | None
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
