"""Places outside the theater, named exactly: "a car bomb exploded in Mosul, Iraq".

The theater gazetteer matches loosely (transliteration keys, fuzzy spelling), which suits
Syrian villages spelt five ways. Foreign places come from a pack's ``places_abroad.csv``
and are matched only by their exact name (or its ASCII folding), capitalised, as whole
words, and only where no theater place was found: they never shadow a theater place.
A name inside an organisation's name ("Islamic State in Iraq", "Islamic Resistance in
Lebanon", "the Government of Turkey") is not a place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.names import fold_ascii
from ..model import Place
from ..nlp.prefilter import trie_pattern
from ..theaters import TheaterPack

#: words before a name that put an event there ("in Mosul", "north of Erbil", "into Turkey");
#: "Washington said", "Victoria Nuland" or "fled to Jordan" place nothing
LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?:in|near|at|outside|inside|into|across|around|over|within|southern|northern|"
    r"eastern|western|central)\s+(?:the\s+)?|(?:north|south|east|west|northeast|northwest|"
    r"southeast|southwest|outskirts|city|town|capital|province|suburbs?|border)\s+of\s+)$",
    re.IGNORECASE)
#: "Lebanon's Hezbollah", "Turkey's president": whose, not where
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")
#: "the city of Mosul" is Mosul; "north of Mosul" is near it
_SAME_PLACE_OF = frozenset({"city", "town", "capital", "province"})

#: "Islamic State in Iraq", "Government of Turkey", "Embassy of Russia": part of a name
NAME_OF_BEFORE = re.compile(
    r"\b[A-Z][a-z]+\s+(?:in|of|for)\s+(?:the\s+)?$")
_NAME_WORDS = frozenset("""state states republic army front party council resistance brigade
brigades movement forces force government ministry embassy consulate bank university
coalition kingdom emirate league union commission committee organization organisation
agency authority command corps guard guards regiment division battalion office""".split())


@dataclass(frozen=True)
class AbroadMatch:
    start: int
    end: int
    text: str
    place: Place
    locative: bool     # a locative word right before it ("in", "north of", "southern")
    relation: str = "in"   # "west of", "outskirts of"... when the word says so (less precise)


class AbroadMatcher:
    """Exact-name finder for a pack's places abroad (read-only once built)."""

    def __init__(self, pack: TheaterPack):
        self.by_surface: dict[str, Place] = {}
        for p in pack.places_abroad:
            for name in (p.name, *pack.abroad_aliases.get(p.id, ())):
                for surface in {name, fold_ascii(name)}:
                    if surface[:1].isupper():
                        self.by_surface.setdefault(surface, p)
        self.pattern = (re.compile(r"(?<![\w-])(?:" + trie_pattern(self.by_surface) + r")(?![\w-])")
                        if self.by_surface else None)
        #: "X, Iraq", "X in northern Iraq": the names of countries abroad after a place name
        countries = sorted({n for p in pack.places_abroad if p.level == "country"
                            for n in (p.name, *pack.abroad_aliases.get(p.id, ()))
                            if n[:1].isupper()}, key=lambda n: (-len(n), n))
        # ", Turkey" only where the clause ends ("Jarablus, Turkey's army said" and "Aleppo,
        # Turkey and Russia agreed" name no place in Turkey)
        alt = "|".join(map(re.escape, countries))
        self.countries = re.compile(
            rf"[ \t]+in[ \t]+(?:the[ \t]+)?(?:(?:north|south|east|west|(?:north|south)-?(?:east|west))"
            rf"(?:ern)?[ \t]+)?(?:{alt})(?![\w'’-])|,[ \t]*(?:{alt})(?=[ \t]*(?:[.;:)\n]|$))"
        ) if countries else None
        # actor names holding a foreign name, lower case: "islamic state in iraq and syria"
        names = [n.lower() for a in pack.actors for n in (a.name, *a.aliases)]
        # one search of all the names at once first: most foreign names are in none (a
        # name-by-name search of each was 0.045 of the 0.09 CPU-s this build takes)
        joined = "\n".join(names)
        self.actor_names = {s: inside for s in self.by_surface if s.lower() in joined
                            and (inside := tuple(n for n in names if s.lower() in n))}

    def in_country_after(self, text: str, end: int) -> bool:
        """Whether the words after a place name put it in a country abroad ("..., Iraq",
        "... in northern Iraq")."""
        return self.countries is not None and self.countries.match(text, end) is not None

    def find(self, text: str, taken: Sequence[tuple[int, int]] = ()) -> list[AbroadMatch]:
        """Foreign place names in ``text`` outside the ``taken`` spans (theater places)."""
        if self.pattern is None:
            return []
        out = []
        low = None
        for m in self.pattern.finditer(text):
            start, end = m.span()
            if any(a < end and start < b for a, b in taken):
                continue
            if _POSSESSIVE_AFTER.match(text, end):
                continue
            head = NAME_OF_BEFORE.search(text, max(0, start - 30), start)
            if head is not None and head.group().split()[0].lower() in _NAME_WORDS:
                continue
            inside = self.actor_names.get(m.group())
            if inside:
                low = low if low is not None else text.lower()
                if any(_covers(low, name, start, end) for name in inside):
                    continue
            loc = LOCATIVE_BEFORE.search(text, max(0, start - 20), start)
            words = loc.group().lower().split() if loc else []
            relation = ("in" if words[-1:] != ["of"] or words[0] in _SAME_PLACE_OF
                        else " ".join(words[:2]))
            out.append(AbroadMatch(start, end, m.group(), self.by_surface[m.group()],
                                   loc is not None, relation))
        return out


def _covers(low: str, name: str, start: int, end: int) -> bool:
    """Whether an occurrence of ``name`` in ``low`` spans [start, end)."""
    i = low.find(name, max(0, end - len(name)), start + len(name))
    while i != -1 and i <= start:
        if i + len(name) >= end:
            return True
        i = low.find(name, i + 1, start + len(name))
    return False
