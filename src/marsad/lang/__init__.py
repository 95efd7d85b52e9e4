"""Language knowledge as data: word lists and patterns per language, in ``lang/<code>/``.

A stage reads what it needs through :func:`word_list`, so a new language is a folder of
files, not code. Files are UTF-8, one entry per line; ``#`` starts a comment.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..errors import MarsadError


class LanguageDataError(MarsadError, ValueError):
    """A language data file is missing or unreadable."""


@lru_cache(maxsize=64)
def word_list(lang: str, name: str) -> tuple[str, ...]:
    """The entries of ``lang/<lang>/<name>.txt``, in file order, without comments."""
    path = resources.files(__name__).joinpath(lang, f"{name}.txt")
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LanguageDataError(f"no word list {name!r} for language {lang!r} ({path})") from None
    entries = []
    for line in raw.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return tuple(entries)


def word_table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``lang/<lang>/<name>.tsv``: tab-separated fields per entry."""
    path = resources.files(__name__).joinpath(lang, f"{name}.tsv")
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LanguageDataError(f"no table {name!r} for language {lang!r} ({path})") from None
    rows = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) < 2 or not all(fields):
            raise LanguageDataError(f"{path}: line {number}: expected tab-separated fields")
        rows.append(fields)
    return tuple(rows)
