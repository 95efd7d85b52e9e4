"""Language knowledge as data: word lists and patterns per language, in ``lang/<code>/``.

A stage reads what it needs through :func:`word_list`, :func:`word_table`,
:func:`json_data` or :class:`CueData` (the cue words its patterns are built from), so a new
language is a folder of files, not code. Word lists are UTF-8, one entry per line; ``#``
starts a comment.
"""

from __future__ import annotations

import json
import re
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



class CueData:
    """The word and cue lists of one ``lang/<lang>/<name>.json``, read once when a stage's
    module is built; every fault (a missing key, an empty list, a non-string, a fragment that
    is not a regular expression) is a :class:`LanguageDataError` naming the file and key.

    Keys not starting ``_`` (those document the file) hold lists of words or regex fragments in
    file order (order matters where one alternative is a prefix of another: the stage joins
    them as written), single strings that stand alone in a pattern, or objects: of lists
    (labelled alternatives), of phrases to meanings, of words to numbers; ``a.b`` names an
    entry one level down. The pattern structure around the words stays in the stage's code."""

    def __init__(self, lang: str, name: str):
        self.path = _file(lang, f"{name}.json")
        self.doc = json_data(lang, name)

    def _get(self, key: str) -> Any:
        value: Any = self.doc
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                raise LanguageDataError(f"{self.path}: no entry {key!r}")
            value = value[part]
        return value

    def words(self, key: str) -> tuple[str, ...]:
        """The list ``key``: non-empty strings (words, phrases or regex fragments)."""
        value = self._get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise LanguageDataError(f"{self.path}: {key!r} must be a non-empty list of strings")
        return tuple(value)

    def word(self, key: str) -> str:
        """The string ``key``: one word or regex fragment that stands alone in a pattern."""
        value = self._get(key)
        if not isinstance(value, str) or not value:
            raise LanguageDataError(f"{self.path}: {key!r} must be a non-empty string")
        try:
            re.compile(value)
        except re.error as exc:
            raise LanguageDataError(f"{self.path}: {key!r} is not a regular expression: {exc}") from None
        return value

    def alternatives(self, key: str) -> str:
        """The list ``key`` of regex fragments joined with ``|``, in file order."""
        joined = "|".join(self.words(key))
        try:
            re.compile(joined)
        except re.error as exc:
            raise LanguageDataError(f"{self.path}: {key!r} is not a list of regular expressions: {exc}") from None
        return joined

    def grouped_alternatives(self, key: str) -> dict[str, str]:
        """The object ``key`` of labels to lists of regex fragments: label -> the fragments
        joined with ``|`` (as :meth:`alternatives`), in file order."""
        value = self._get(key)
        if not isinstance(value, dict) or not value:
            raise LanguageDataError(f"{self.path}: {key!r} must be an object of lists")
        return {label: self.alternatives(f"{key}.{label}") for label in value}

    def meanings(self, key: str) -> dict[str, str]:
        """The object ``key`` of phrases to what they mean (a word the code branches on), in
        file order."""
        value = self._get(key)
        if not isinstance(value, dict) or not value or not all(
                isinstance(k, str) and k and isinstance(v, str) and v for k, v in value.items()):
            raise LanguageDataError(f"{self.path}: {key!r} must be an object of phrases to meanings")
        return dict(value)

    def numbers(self, key: str) -> dict[str, int]:
        """The object ``key`` of words to whole numbers, in file order (the words may go into
        a pattern, so each must be a regular expression too)."""
        value = self._get(key)
        if not isinstance(value, dict) or not value or not all(
                isinstance(k, str) and k and isinstance(v, int) and not isinstance(v, bool)
                for k, v in value.items()):
            raise LanguageDataError(f"{self.path}: {key!r} must be an object of words to whole numbers")
        for word in value:
            self.compile(word, what=key)
        return dict(value)

    def compile(self, pattern: str, flags: int = 0, *, what: str = "a pattern") -> re.Pattern[str]:
        """``re.compile(pattern, flags)`` for a pattern built from this file: a fault is a
        :class:`LanguageDataError` naming the file."""
        try:
            return re.compile(pattern, flags)
        except re.error as exc:
            raise LanguageDataError(f"{self.path}: {what!r} is not a regular expression: {exc}") from None
