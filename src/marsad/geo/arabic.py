"""Place names in Arabic script: the pack's Arabic names (``name_ar``, from Who's On First)
matched in Arabic text.

Names and text are normalised alike (no diacritics or tatweel; alef forms, ta marbuta and
alef maqsura folded) and matched whole-word, longest first; a proclitic glued to a name
("بالفوعة", "وحلب") is peeled off. The words around a name are ``lang/ar/place_cues.json``.
As for Latin names, a place only the long list of localities knows (a minor place) is
matched only after a locative word ("في", "بلدة", "قرية"), or, for a name of two words or
more, in a text about the theater.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from ..lang import LanguageDataError, json_data

if TYPE_CHECKING:
    from .gazetteer import Gazetteer, PlaceMatch

#: any Arabic letter: texts without one skip this matcher
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي",
                       "ؤ": "و", "ئ": "ي"})
#: a word of Arabic letters, with its diacritics and tatweel
_WORD = re.compile(r"[\u0621-\u064a\u0610-\u061a\u064b-\u065f\u0670\u0640\u0671]+")
_GAP = re.compile(r"[ \t\u00a0]+")
#: letters a single-word name needs beyond its article ("تل" alone is a word, not a place)
_MIN_LETTERS = 3


def normalise(text: str) -> str:
    """Arabic text as the index keys are written: no marks, folded letters, one space."""
    return " ".join(_MARKS.sub("", text).translate(_FOLD).split())


def _words(data: dict, key: str) -> list[str]:
    words = data.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise LanguageDataError(f"lang/ar/place_cues.json: {key!r} must be a list of words")
    return [normalise(w) for w in words]


class ArabicMatcher:
    """Arabic-script place names of a gazetteer's pack (built on first use)."""

    def __init__(self, gaz: Gazetteer):
        data = json_data("ar", "place_cues")
        self.gaz = gaz
        self.proclitics = sorted(_words(data, "proclitics"), key=lambda p: (-len(p), p))
        self.locative = frozenset(_words(data, "locative_before"))
        self.stop = frozenset(_words(data, "stop_words"))
        theater = sorted(_words(data, "theater_words"), key=lambda w: (-len(w), w))
        self._theater = re.compile(r"(?<![\u0621-\u064a])(?:" + "|".join(map(re.escape, theater))
                                   + r")(?![\u0621-\u064a])") if theater else None
        index: dict[str, set[str]] = defaultdict(set)
        for pid, names in gaz.pack.place_names_ar.items():
            if pid not in gaz.places:
                continue
            for name in names:
                key = normalise(name)
                if key and self._nameable(key):
                    index[key].add(pid)
        self.index = {k: tuple(sorted(ids, key=gaz._prior_sort)) for k, ids in index.items()}
        self.max_words = max((len(k.split()) for k in self.index), default=1)

    def _nameable(self, key: str) -> bool:
        """A key that can name a place on its own: not a common word, long enough."""
        words = key.split()
        if len(words) > 1:
            return not all(w in self.stop for w in words)
        bare = key[2:] if key.startswith("ال") else key
        return key not in self.stop and bare not in self.stop and len(bare) >= _MIN_LETTERS

    def find(self, text: str) -> list[PlaceMatch]:
        from .gazetteer import PlaceMatch

        toks = [(normalise(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
        about = self._theater is not None and self._theater.search(normalise(text)) is not None
        out: list[PlaceMatch] = []
        i = 0
        while i < len(toks):
            hit = self._match_at(text, toks, i)
            if hit is None:
                i += 1
                continue
            n, key, start = hit
            cands = self.index[key]
            before = toks[i - 1][0] if i > 0 and _GAP.fullmatch(text, toks[i - 1][2], toks[i][1]) else ""
            glued = start > toks[i][1]    # "بالفوعة": the proclitic is a locative "in"
            weak = all(pid in self.gaz.minor for pid in cands)
            if weak and not (before in self.locative or glued and text[toks[i][1]] == "ب"
                             or about and n > 1):
                i += 1
                continue
            end = toks[i + n - 1][2]
            out.append(PlaceMatch(start, end, text[start:end], cands, 1.0, before, ""))
            i += n
        return out

    def _match_at(self, text: str, toks: list[tuple[str, int, int]], i: int) -> tuple[int, str, int] | None:
        """(words, key, start) of the longest name at token ``i``; None if none."""
        for n in range(min(self.max_words, len(toks) - i), 0, -1):
            if any(not _GAP.fullmatch(text, toks[k][2], toks[k + 1][1]) for k in range(i, i + n - 1)):
                continue
            words = [t[0] for t in toks[i:i + n]]
            key = " ".join(words)
            if key in self.index:
                return n, key, toks[i][1]
            first = words[0]
            for p in self.proclitics:
                if first.startswith(p) and len(first) - len(p) >= 2:
                    key = " ".join([first[len(p):], *words[1:]])
                    if key in self.index:
                        # the name starts after the proclitic (same letters, no marks before)
                        return n, key, toks[i][1] + _offset(text[toks[i][1]:toks[i][2]], len(p))
        return None


def _offset(word: str, letters: int) -> int:
    """Characters of ``word`` that hold its first ``letters`` letters (marks included)."""
    seen = 0
    for k, ch in enumerate(word):
        if not _MARKS.match(ch):
            if seen == letters:
                return k
            seen += 1
    return len(word)
