"""Language knowledge as data: word lists and patterns per language, in ``lang/<code>/``.

A stage reads what it needs through :func:`word_list`, :func:`word_table` or
:func:`json_data`, so a new language is a folder of files, not code. Word lists are UTF-8,
one entry per line; ``#`` starts a comment.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from ..errors import MarsadError


class LanguageDataError(MarsadError, ValueError):
    """A language data file is missing or unreadable."""


def _file(lang: str, filename: str) -> Traversable:
    """``lang/<lang>/<filename>`` in the installed package."""
    return resources.files(__name__).joinpath(lang, filename)


def _read(lang: str, filename: str, what: str) -> tuple[Traversable, str]:
    """The text of ``lang/<lang>/<filename>``; a missing or non-UTF-8 file is a
    :class:`LanguageDataError` naming it (``what`` says what was looked for)."""
    path = _file(lang, filename)
    try:
        return path, path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LanguageDataError(f"no {what} for language {lang!r} ({path})") from None
    except UnicodeDecodeError as exc:
        raise LanguageDataError(f"{path}: not UTF-8: {exc}") from None


@lru_cache(maxsize=64)
def word_list(lang: str, name: str) -> tuple[str, ...]:
    """The entries of ``lang/<lang>/<name>.txt``, in file order, without comments."""
    _path, raw = _read(lang, f"{name}.txt", f"word list {name!r}")
    entries = []
    for line in raw.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return tuple(entries)


def word_table(lang: str, name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``lang/<lang>/<name>.tsv``: tab-separated fields per entry."""
    path, raw = _read(lang, f"{name}.tsv", f"table {name!r}")
    rows = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = tuple(f.strip() for f in line.split("\t"))
        if len(fields) < 2 or not all(fields):
            raise LanguageDataError(f"{path}: line {number}: expected tab-separated fields")
        rows.append(fields)
    return tuple(rows)


def json_data(lang: str, name: str) -> dict[str, Any]:
    """The JSON object in ``lang/<lang>/<name>.json`` (keys starting ``_`` are documentation).

    A fresh object on each call: callers read it once, when their module or stage is built."""
    path, raw = _read(lang, f"{name}.json", f"data {name!r}")
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LanguageDataError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise LanguageDataError(f"{path}: expected a JSON object at the top")
    return doc
