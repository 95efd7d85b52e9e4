"""Run a large word-list regex only where a match can start.

A pattern such as ``(?<![\\w-])(?:rebels?|opposition fighters|...)`` is an alternation of
a hundred branches that Python's regex engine tries at every word start of an article.
:class:`PrefilteredPattern` reads from the pattern itself the few-letter prefixes a match
must begin with ("reb", "opp", ...), finds the word starts with such a prefix using one
trie-shaped regex, and tries the full pattern only there. The matches are exactly those
of ``pattern.finditer`` (non-overlapping, leftmost first); a pattern whose prefixes
cannot be read (a leading ``\\w+``, a large character class) is run as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
# the stdlib's own parser (what the engine will run); typeshed leaves these private modules out
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

#: the word-start guard the prefilter relies on: a leading negative lookbehind on one
#: character class, such as ``(?<![\w-])``; patterns without one are run as they are
_GUARD = re.compile(r"^\(\?<!\[(?:[^\]\\]|\\.)+\]\)")
_DIGITS = frozenset("0123456789")
_SPACES = frozenset(" \t\n\r\f\v")
_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)


class _Unbounded(Exception):
    pass


def literal_prefixes(pattern: str, length: int = 3, limit: int = 2000) -> frozenset[str] | None:
    """Lowercase strings of at most ``length`` characters one of which begins every match
    (shorter only where the match itself may be shorter); None when they cannot be listed
    (a class of many characters, a category such as ``\\w``, more than ``limit``)."""
    try:
        found = _sequence(list(sre_parse.parse(pattern)), {""}, length, limit)
    except _Unbounded:
        return None
    return frozenset(found) if "" not in found else None


def _extend(prefixes: set[str], pieces: set[str], length: int, limit: int) -> set[str]:
    out = {p if len(p) >= length else (p + s)[:length] for p in prefixes for s in pieces}
    if len(out) > limit:
        raise _Unbounded
    return out


def _sequence(items: list, prefixes: set[str], length: int, limit: int) -> set[str]:
    for op, av in items:
        if all(len(p) >= length for p in prefixes):
            break
        prefixes = _item(op, av, prefixes, length, limit)
    return prefixes


def _item(op, av, prefixes: set[str], length: int, limit: int) -> set[str]:
    if op is sre_c.LITERAL:
        return _extend(prefixes, {chr(av).lower()}, length, limit)
    if op is sre_c.IN:
        chars = set()
        for kind, arg in av:
            if kind is sre_c.LITERAL:
                chars.add(chr(arg).lower())
            elif kind is sre_c.RANGE and arg[1] - arg[0] < 30:
                chars |= {chr(c).lower() for c in range(arg[0], arg[1] + 1)}
            elif kind is sre_c.CATEGORY and arg is sre_c.CATEGORY_DIGIT:
                chars |= _DIGITS
            elif kind is sre_c.CATEGORY and arg is sre_c.CATEGORY_SPACE:
                chars |= _SPACES
            else:
                raise _Unbounded
        return _extend(prefixes, chars, length, limit)
    if op is sre_c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            out |= _sequence(list(alternative), prefixes, length, limit)
        if len(out) > limit:
            raise _Unbounded
        return out
    if op is sre_c.SUBPATTERN:
        return _sequence(list(av[3]), prefixes, length, limit)
    if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT):
        low, high, sub = av
        current = set(prefixes)
        for _ in range(min(low, length)):   # the required repeats
            current = _sequence(list(sub), current, length, limit)
        if high != low:   # optional ones, until every prefix is long enough
            extra = length if high is sre_c.MAXREPEAT else min(length, high - low)
            for _ in range(extra):
                more = current | _sequence(list(sub), current, length, limit)
                if more == current:
                    break
                current = more
        return current
    if op in _ZERO_WIDTH:
        return prefixes
    raise _Unbounded


def trie_pattern(words) -> str:
    """An alternation of ``words`` factored by prefix (``re`` does not do this itself, and
    tries every branch at every position)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")

    return emit(trie)


class PrefilteredPattern:
    """A compiled pattern whose ``finditer`` tries it only at plausible word starts."""

    def __init__(self, pattern: re.Pattern, length: int = 3) -> None:
        self.pattern = pattern
        guard = _GUARD.match(pattern.pattern)
        prefixes = literal_prefixes(pattern.pattern, length) if guard else None
        self._starts: re.Pattern | None = None
        if guard is not None and prefixes is not None and all(p[:1].isalnum() for p in prefixes):
            # prefixes are lowercased: the finder ignores case; the pattern decides
            self._starts = re.compile(guard.group() + "(?=" + trie_pattern(prefixes) + ")",
                                      re.IGNORECASE)

    @property
    def prefiltered(self) -> bool:
        return self._starts is not None

    def finditer(self, text: str) -> Iterator[re.Match]:
        if self._starts is None:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for start in self._starts.finditer(text):
            pos = start.start()
            if pos < end:
                continue
            m = self.pattern.match(text, pos)
            if m is not None:
                yield m
                end = max(m.end(), pos + 1)
