"""Dictionary matching: many phrases compiled into one trie-shaped regex.

A plain alternation of hundreds of aliases is slow in Python's ``re`` (every alternative is
tried at every position); a trie of the same phrases shares prefixes, so a scan is one pass.
Phrases are normalized so that spaces, hyphens and apostrophe styles do not matter:
"Jabhat Fatah al Sham" matches the alias "Jabhat Fatah al-Sham".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from ..model import Article, Mention

_SEP = re.compile(r"[\s\-‐‑]+")
_APOS = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
# what a normalized space or apostrophe matches in text
_SEP_RX = r"[\s\-‐‑]+"
_APOS_RX = r"['’‘`ʼ]?"


def _trie_key(text: str) -> str:
    return " ".join(_SEP.split(text.translate(_APOS).casefold().strip()))


def norm_key(text: str) -> str:
    """Normalization shared by dictionary keys and matched text: case, dashes, apostrophes."""
    return _trie_key(text).replace("'", "")


def _trie_regex(phrases: Iterable[str]) -> str:
    """Regex source matching exactly the (normalized) phrases, preferring the longest."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = _SEP_RX if ch == " " else _APOS_RX if ch == "'" else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(trie)


def is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("/", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


class PhraseMatcher:
    """Find non-overlapping, longest, left-most dictionary phrases in text.

    ``phrases`` maps a phrase to a value. Acronyms (all capitals, <= 6 letters) match only in
    capitals; other phrases match in any case.
    """

    def __init__(self, phrases: dict[str, str]):
        self.values: dict[str, str] = {}
        folded, exact = [], []
        for phrase, value in phrases.items():
            key = _trie_key(phrase)
            if not key:
                continue
            if is_acronym(phrase):
                exact.append(phrase)
                self.values.setdefault("=" + phrase, value)
            else:
                folded.append(key)  # apostrophes kept: they match optionally in text
                self.values.setdefault(key.replace("'", ""), value)
        self._folded = (re.compile(r"(?<![\w])(?:" + _trie_regex(folded) + r")(?![\w])", re.I)
                        if folded else None)
        self._exact = (re.compile(r"(?<![\w])(?:" + "|".join(
            re.escape(p) for p in sorted(set(exact), key=len, reverse=True)) + r")(?![\w])")
            if exact else None)

    def lookup(self, text: str) -> str | None:
        return self.values.get("=" + text) or self.values.get(norm_key(text))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[tuple[int, int, str]]:
        """Yield ``(start, end, value)`` sorted by start; overlaps resolved longest-first."""
        endpos = len(text) if endpos is None else endpos
        hits: list[tuple[int, int, str]] = []
        for rx, exact in ((self._folded, False), (self._exact, True)):
            if rx is None:
                continue
            for m in rx.finditer(text, pos, endpos):
                key = "=" + m.group() if exact else norm_key(m.group())
                value = self.values.get(key)
                if value is not None:
                    hits.append((m.start(), m.end(), value))
        yield from non_overlapping(hits)


class SpanSet:
    """Non-overlapping spans kept sorted, with O(log n) overlap tests."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] > start:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end

    def contains(self, start: int, end: int) -> bool:
        """Whether one span covers all of ``[start, end)``."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def non_overlapping(hits: list[tuple]) -> list[tuple]:
    """Keep the longest of overlapping ``(start, end, ...)`` spans, then the left-most."""
    if len(hits) < 2:
        return sorted(hits)
    chosen: list[tuple] = []
    taken = SpanSet()
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if not taken.overlaps(hit[0], hit[1]):
            taken.add(hit[0], hit[1])
            chosen.append(hit)
    return sorted(chosen)


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def replace_mentions(article: Article, kinds: Iterable[str], new: list[Mention]) -> Article:
    """Drop the article's mentions of ``kinds`` (so a stage can run twice) and add ``new``."""
    kinds = set(kinds)
    kept = [m for m in article.mentions if m.kind not in kinds]
    article.mentions = sorted(kept + new, key=lambda m: (m.start, m.end, m.kind))
    return article
