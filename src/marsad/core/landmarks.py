"""Landmarks the gazetteer lacks: "the cement factory", "al-Hikmah School", "military colleges".

Two finders, for two jobs (their keys are never compared with each other's):

- :func:`find_landmarks` (geocoding, event coding): landmark spans with their head noun,
  anaphors ("the factory") and anchor place, keyed by ``place_name_key`` of the singular name
  ("al-Hikmah School" -> "hakmsal");
- :func:`landmark_link_keys` (linking): "modifier + head" keys of named landmarks in a
  sentence, by ``loose_name_key`` ("al-Hikmah School" -> "hikm school"), plus the coder's own.


A landmark is a noun phrase headed by a facility word (factory, school, base, road...) with
at least one naming modifier before it. A bare definite "the factory" (or "the location",
"the site") refers back to the latest named landmark of the article with that head (any
head for "location"/"site"). A landmark's *anchor* is the gazetteer place the text puts it
in: a place inside its name ("Ramousa bakery") or one right after it in a relation phrase
("the Nour School to the west of Hama", "the Sponge Factory located north of X").

``find_landmarks`` keys are ``place_name_key`` of the singular name, so "al-Hikmeh school" and
"Hikma school" agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Mention
from .names import loose_name_key, place_name_key
from .words import STOPWORDS

#: facility head nouns (plural -> singular)
_HEADS = {
    "factory": "factory", "factories": "factory", "school": "school", "schools": "school",
    "college": "college", "colleges": "college", "academy": "academy", "hospital": "hospital",
    "base": "base", "airbase": "airbase", "airport": "airport", "station": "station",
    "bakery": "bakery", "mosque": "mosque", "church": "church", "dam": "dam", "bridge": "bridge",
    "roundabout": "roundabout", "complex": "complex", "barracks": "barracks", "prison": "prison",
    "stadium": "stadium", "university": "university", "road": "road", "highway": "highway",
    "motorway": "motorway", "crossing": "crossing", "checkpoint": "checkpoint", "silos": "silos",
    "plant": "plant", "company": "company", "hotel": "hotel", "market": "market",
    "roundabouts": "roundabout", "project": "project", "facility": "facility",
    "compound": "compound", "headquarters": "headquarters", "tower": "tower", "mill": "mill",
    "mills": "mill", "hall": "hall", "quarry": "quarry", "refinery": "refinery",
}
#: bare definite words that refer back to any earlier landmark
_ANY_ANAPHORS = {"location", "site", "position", "facility", "compound"}
#: heads that are adjectives too ("the complex, multi-sided war"): never a bare anaphor
_NOT_ANAPHORS = {"complex", "plant", "market", "base", "project", "office"}
_HEAD_WORDS = frozenset(_HEADS) | _ANY_ANAPHORS
_WORD = re.compile(r"[a-z]+")   # a word scan with a set lookup is ~5x faster than one alternation
_TOKEN_BEFORE = re.compile(r"([\w'’\-]+)\s+$")
_DETERMINERS = {"the", "this", "that", "these", "those"}
_STOP = {
    "a", "an", "its", "their", "his", "her", "our", "of", "in", "at", "on", "to", "from", "by",
    "near", "and", "or", "with", "for", "over", "into", "towards", "toward", "as", "which",
    "one", "two", "three", "several", "many", "some", "other", "another", "each", "every",
    "nearby", "biggest", "largest", "main", "key", "strategic", "major", "former", "old", "new",
    "local", "entire", "whole", "important", "big", "large", "small", "same", "first", "last",
    "second", "huge", "vital", "nearest", "besieged", "abandoned", "damaged", "destroyed",
    "is", "was", "are", "were", "had", "has", "have", "be", "been", "not", "all", "both",
    "regime", "government", "rebel", "opposition", "army", "enemy", "these", "those", "what",
    "no", "any", "only", "also", "then", "they", "it", "we", "more", "most", "part",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "media", "press",
}
_MAX_MODIFIERS = 3
_INDEFINITE = re.compile(r"\b(?:a|an)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_ANCHOR_GAP = re.compile(
    r"^\s*,?\s*(?:(?:which|that)\s+(?:is|was|lies)\s+|(?:located|situated|lying|just)\s+)?"
    r"(?:(?:to\s+the\s+|in\s+the\s+)?(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of|"
    r"in|at|near|outside|inside|on\s+the\s+outskirts\s+of|on\s+the\s+edge\s+of|close\s+to)\s+"
    r"(?:the\s+)?(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?\s+)?"
    r"(?:(?:town|city|village|district|neighbou?rhood|province|area)\s+of\s+)?$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Landmark:
    start: int            # span in the text searched
    end: int
    name: str             # the landmark's name as written ("al-Hikmah School"); the antecedent's for anaphors
    key: str              # place_name_key of the singular name
    head: str             # singular head noun
    named_start: int      # span where the landmark is named (the antecedent's for anaphors)
    named_end: int
    anaphor: bool = False


def _modifiers(text: str, head_start: int, floor: int) -> tuple[int, int, bool]:
    """(start of the name, number of modifiers, definite) walking back from the head."""
    start, count, definite = head_start, 0, False
    pos = head_start
    while pos > floor:
        m = _TOKEN_BEFORE.search(text, max(floor, pos - 40), pos)
        if not m or m.end() != pos:
            break
        word = m.group(1)
        low = word.lower().strip("'’-")
        if low in _DETERMINERS:
            definite = True
            break
        if low in ("a", "an"):
            return start, 0, False   # "a field hospital": some hospital, not a named one
        if (low in _STOP or count >= _MAX_MODIFIERS or low.endswith(("'s", "’s"))
                or (low.endswith(("ing", "ed")) and not word[:1].isupper())
                or low.isdigit() or low in _HEADS):
            break
        start, count, pos = m.start(1), count + 1, m.start()
    return start, count, definite


def find_landmarks(text: str, start: int = 0, end: int | None = None) -> list[Landmark]:
    """Named landmarks and resolved anaphors in ``text[start:end]`` (absolute offsets)."""
    end = len(text) if end is None else end
    out: list[Landmark] = []
    lower = text.lower() if len(text.lower()) == len(text) else text
    for m in _WORD.finditer(lower, start, end):
        low = m.group(0)
        if low not in _HEAD_WORDS:
            continue
        floor = max(start, text.rfind("\n", 0, m.start()) + 1)
        name_start, count, definite = _modifiers(text, m.start(), floor)
        if count and _INDEFINITE.search(text, max(floor, name_start - 30), name_start):
            continue   # "an army artillery base": some base, not a named one
        if count and low in _HEADS:
            head = _HEADS[low]
            name = text[name_start:m.end()]
            singular = text[name_start:m.start()] + head
            out.append(Landmark(name_start, m.end(), name, place_name_key(singular), head,
                                name_start, m.end()))
        elif not count and definite and low not in _NOT_ANAPHORS:
            wanted = _HEADS.get(low)
            prev = next((lm for lm in reversed(out) if lm.head == wanted or low in _ANY_ANAPHORS), None)
            if prev is not None:
                out.append(Landmark(m.start(), m.end(), prev.name, prev.key, prev.head,
                                    prev.named_start, prev.named_end, anaphor=True))
    return out


def anchor_of(text: str, named_start: int, named_end: int,
              places: list[Mention]) -> Mention | None:
    """The gazetteer place a landmark is in, from the words where it is named
    (``places``: the place mentions of that sentence)."""
    usable = [p for p in places if p.norm and p.place_info.level != "country"]
    inside = [p for p in usable if named_start <= p.start and p.end <= named_end]
    if inside:
        return inside[0]
    after = sorted((p for p in usable if p.start >= named_end and p.start - named_end <= 80),
                   key=lambda p: p.start)
    if after and _ANCHOR_GAP.match(text[named_end:after[0].start]):
        return after[0]
    return None


def landmark_for(landmarks: list[Landmark], start: int, end: int, trigger: int,
                 places: list[Mention]) -> Landmark | None:
    """The landmark an event clause ``[start, end)`` is about: the first landmark after the
    event word when no gazetteer place comes before it; with no place in the clause, the
    last landmark before the event word ("the assault on the factory started after ...")."""
    inside = [lm for lm in landmarks if start <= lm.start and lm.end <= end]
    if not inside:
        return None
    known = [p for p in places if start <= p.start and p.end <= end]
    # a landmark the gazetteer knows is tagged as a place already
    inside = [lm for lm in inside if not any(
        p.place_info.level == "landmark" and p.start < lm.end and p.end > lm.start for p in known)]
    # a place the event is "in" competes with the landmark; "south of Aleppo" contains it
    rivals = [p.start for p in known if p.place_info.relation == "in"
              and p.place_info.level not in ("governorate", "country")
              and not any(lm.start <= p.start < lm.end for lm in inside)]
    after = [lm for lm in inside if lm.start >= trigger]
    if after and not any(trigger <= r < after[0].start for r in rivals):
        return after[0]
    if not rivals:
        before = [lm for lm in inside if lm.end <= trigger]
        return before[-1] if before else None
    return None


# --- the linker's landmark keys -----------------------------------------------------------

LANDMARK_NOUNS = {
    "school": "school", "schools": "school", "factory": "factory", "factories": "factory",
    "college": "college", "colleges": "college", "academy": "academy", "hospital": "hospital",
    "base": "base", "airbase": "airbase", "airport": "airport", "barracks": "barracks",
    "station": "station", "dam": "dam", "bridge": "bridge", "roundabout": "roundabout",
    "mosque": "mosque", "prison": "prison", "hill": "hill", "mount": "hill",
    "camp": "camp", "facility": "facility", "complex": "complex", "project": "project",
    "residences": "residences", "quarry": "quarry", "stadium": "stadium", "university": "university",
    "refinery": "refinery", "field": "field", "crossing": "crossing", "square": "square",
}
_GENERIC_MODIFIERS = frozenset("""
regime government army rebel rebels opposition militia military security several some
number many two three four five nearby local main key strategic important biggest largest
big small large new old former other surrounding their its his her our this that these those
an the a one last first second western eastern northern southern
""".split())
_LANDMARK_NOUN = re.compile(
    r"\b(" + "|".join(sorted(LANDMARK_NOUNS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
#: the one or two words right before a landmark noun (searched only before each noun: a
#: pattern that tries two words before every position is slow on long sentences)
_MODIFIERS = re.compile(r"((?:[\w'’-]+\s+){1,2})$", re.UNICODE)
_LOOKBACK = 120


def _landmark_matches(text: str) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """(modifier match, noun match) pairs as one regex over "1-2 words + noun" would find
    them: leftmost first, two words before one, never overlapping."""
    nouns = list(_LANDMARK_NOUN.finditer(text))
    taken = 0
    while nouns:
        best = None
        for n in nouns:
            m = _MODIFIERS.search(text, max(taken, n.start() - _LOOKBACK), n.start())
            if m is not None and m.group(1).strip():
                rank = (m.start(), -len(m.group(1).split()))
                if best is None or rank < best[0]:
                    best = (rank, m, n)
        if best is None:
            return
        _rank, m, n = best
        yield m, n
        taken = n.end()
        nouns = [x for x in nouns if x.start() >= taken]


def landmark_link_keys(text: str, given: str | list[str] | tuple[str, ...] | None = None) -> frozenset[str]:
    """Landmark keys: a named landmark ("al-Hikmah School" -> "hikm school") or one given
    by the coder (``EventMention.coding.landmark``). Generic ones ("the school") are none."""
    keys: set[str] = set()
    if given:
        for g in ([given] if isinstance(given, str) else given):
            if g:
                keys.add(loose_name_key(str(g)))
    for m, n in _landmark_matches(text):
        words = m.group(1).split()
        noun = LANDMARK_NOUNS[n.group(1).lower()]
        # the nearest modifier; a capitalised word before it joins ("Scientific Research")
        mods = [words[-1]]
        if len(words) > 1 and words[0][:1].isupper() and words[0].lower() not in STOPWORDS \
                and words[0].lower() not in _GENERIC_MODIFIERS:
            mods.insert(0, words[0])
        mod = " ".join(mods)
        if mods[-1].lower().strip("'’") in _GENERIC_MODIFIERS or mods[-1].lower() in STOPWORDS \
                or mods[-1].isdigit():
            continue
        key = loose_name_key(mod)
        if key:
            keys.add(f"{key} {noun}")
    return frozenset(keys)
