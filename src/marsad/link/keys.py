"""What a mention is about, as comparable keys: landmarks, event phrases, partial dates, sides.

Undated reports can still be matched on *what* happened *where*: the same landmark
("al-Hikmah School" ~ "the Hikma school"), the same event phrase (trigger + object:
"broke the siege" ~ "put an end to the siege" -> ``break+siege``), content
words, and a day of the month or weekday that agrees. Transliterations of Arabic names
vary ("Ramousah", "Ramousa", "Ramouseh"); :func:`~marsad.core.names.loose_name_key` folds
them together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ..core.landmarks import LANDMARK_NOUNS
from ..core.names import loose_name_key, strip_accents
from ..core.words import STOPWORDS
from ..model import LinkKeys

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# --- event phrases ------------------------------------------------------------------------

#: trigger word forms -> lemma class
_TRIGGERS = {
    "break": r"br(?:eak|eaks|eaking|oke|oken)(?:\s+through)?|lift(?:s|ed|ing)?|"
             r"(?:put|puts|putting)\s+an\s+end\s+to|end(?:s|ed|ing)?",
    "impose": r"impos(?:e|es|ed|ing)|tighten(?:s|ed|ing)?|laid|lay(?:s|ing)?",
    "capture": r"captur(?:e|es|ed|ing)|seiz(?:e|es|ed|ing)|(?:took|taken|take|takes|taking)"
               r"(?:\s+(?:full|complete|total))?\s+control\s+(?:of|over)|overr?an|"
               r"storm(?:s|ed|ing)?|liberat(?:e|es|ed|ing)|occup(?:y|ies|ied|ying)|"
               r"recaptur(?:e|es|ed|ing)|retak(?:e|es|ing)|retook|regain(?:s|ed|ing)?",
    "repel": r"repel(?:s|led|ling)?|repuls(?:e|es|ed|ing)|push(?:es|ed|ing)?\s+back|"
             r"thwart(?:s|ed|ing)?|foil(?:s|ed|ing)?|halt(?:s|ed|ing)?|stall(?:s|ed|ing)?",
    "launch": r"launch(?:es|ed|ing)?|beg[ia]n|start(?:s|ed|ing)?",
    "bomb": r"bomb(?:s|ed|ing)?|shell(?:s|ed|ing)?|struck|strik(?:e|es|ing)|pound(?:s|ed|ing)?",
}
_OBJECT_HEADS = ("siege", "offensive", "attack", "assault", "battle", "operation", "road",
                 "highway", "corridor", "route") + tuple(LANDMARK_NOUNS)
_TRIGGER_RE = re.compile("|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in _TRIGGERS.items()),
                         re.IGNORECASE)
_HEAD_RE = re.compile(r"\b(" + "|".join(sorted(_OBJECT_HEADS, key=len, reverse=True))
                      + r")\b", re.IGNORECASE)
_NOUN_FORMS = {"lift": "break", "breaking": "break", "imposition": "impose", "capture": "capture",
               "fall": "capture", "end": "break"}
_NOUN_TRIGGER = re.compile(r"\b(lift|breaking|imposition|capture|fall|end)\s+of\s+(?:the\s+)?"
                           r"(?:[\w'’-]+\s+){0,3}?(" + "|".join(_OBJECT_HEADS) + r")\b",
                           re.IGNORECASE)
#: "to break the siege" is a purpose, not an outcome, unless it was managed
_PURPOSE = re.compile(r"\b(?:to|would|will|could|aim(?:s|ed|ing)?|attempt(?:s|ed)?|tr(?:y|ies|ied))"
                      r"\s+[\"“']?$", re.IGNORECASE)
_SUCCESS = re.compile(r"\b(?:managed|able|succeeded)\s+to\s+[\"“']?$", re.IGNORECASE)


def _purpose(text: str, pos: int) -> bool:
    before = text[max(0, pos - 30):pos]
    return bool(_PURPOSE.search(before)) and not _SUCCESS.search(before)


def phrase_keys(text: str) -> frozenset[str]:
    """``trigger+object`` keys ("broke the siege" -> "break+siege")."""
    keys: set[str] = set()
    for m in _TRIGGER_RE.finditer(text):
        if _purpose(text, m.start()):
            continue
        lemma = m.lastgroup
        # object head within the next few words
        window = text[m.end():m.end() + 60]
        h = _HEAD_RE.search(window)
        if h is None or len(window[:h.start()].split()) > 5:
            continue
        keys.add(f"{lemma}+{LANDMARK_NOUNS.get(h.group(1).lower(), h.group(1).lower())}")
    for m in _NOUN_TRIGGER.finditer(text):
        head = m.group(2).lower()
        keys.add(f"{_NOUN_FORMS[m.group(1).lower()]}+{LANDMARK_NOUNS.get(head, head)}")
    return frozenset(keys)


# --- content words ------------------------------------------------------------------------

_CLASS = {}
for _lemma, _pattern in _TRIGGERS.items():
    _CLASS[_lemma] = re.compile(rf"^(?:{_pattern})$", re.IGNORECASE)


def content_stems(text: str) -> frozenset[str]:
    """Content words as crude stems; trigger verbs fold to their class ("seized" -> capture)."""
    out = set()
    for w in _WORD.findall(strip_accents(text).lower()):
        if w in STOPWORDS or len(w) < 3 or w.isdigit():
            continue
        out.add(_stem(w))
    return frozenset(out)


@lru_cache(maxsize=65536)   # pure: a word's stem never changes, and words recur
def _stem(word: str) -> str:
    cls = next((k for k, r in _CLASS.items() if r.match(word)), None)
    return cls if cls else loose_name_key(word)[:6]


# --- partial dates ------------------------------------------------------------------------

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split())}
_WEEKDAYS = {d: i for i, d in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTH_DAY = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b"
                        r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(_MONTHS)
                        + r")\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\bon\s+(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE)


def partial_date(text: str) -> tuple[int | None, int | None, int | None]:
    """(month, day, weekday) the sentence states, for reports without a resolved date."""
    month = day = weekday = None
    m = _MONTH_DAY.search(text)
    if m:
        if m.group(1):
            month, day = _MONTHS[m.group(1).lower()], int(m.group(2))
        else:
            month, day = _MONTHS[m.group(4).lower()], int(m.group(3))
        if not 1 <= day <= 31:
            month = day = None
    w = _WEEKDAY.search(text)
    if w:
        weekday = _WEEKDAYS[w.group(1).lower()]
    return month, day, weekday


def partial_dates_conflict(a: tuple, b: tuple) -> bool:
    """Two partial dates that cannot be the same day (a day apart still agrees)."""
    if a[0] and b[0] and a[1] and b[1]:
        if a[0] != b[0]:
            return True
        return abs(a[1] - b[1]) > 1
    if a[2] is not None and b[2] is not None:
        diff = abs(a[2] - b[2]) % 7
        return min(diff, 7 - diff) > 1
    return False


# --- sides named in a sentence ------------------------------------------------------------

#: generic words for the parties ("rebels", "regime") -> side group
SIDE_WORDS = {
    "opposition": r"rebels?|opposition|insurgents?|militants?|jihadists?|al-qaeda|al qaeda|"
                  r"nusra|fateh al-sham|fatah al-sham|ahrar|jaish al-fat[ae]?h|army of conquest|"
                  r"conquest army|rebel alliance|factions|terrorists",
    "government": r"regime|government|army|saa|loyalists?|pro-regime|pro-government|"
                  r"assad|hezbollah|russian|russia|iranian",
    "sdf": r"sdf|ypg|kurdish|syrian democratic forces",
    "isis": r"isis|isil|islamic state|daesh|is militants",
}
_SIDE_RE = re.compile("|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in SIDE_WORDS.items()),
                      re.IGNORECASE)
_FAILED = re.compile(r"\b(stall(?:s|ed)?|fail(?:s|ed)?|withdr[ae]w|retreat(?:s|ed)?|"
                     r"unsuccessful|collaps(?:e|es|ed)|beaten back|forestalled)\b", re.IGNORECASE)
_REPELLED = re.compile(r"\b(repel(?:s|led)?|repuls(?:es|ed)|push(?:es|ed)? back|thwart(?:s|ed)?|"
                       r"foil(?:s|ed)?|halt(?:s|ed)?)\b", re.IGNORECASE)
_WON = re.compile(r"\b(br(?:oke|oken|eaking|eak)\s+(?:[\w-]+\s+){0,4}?siege|lift(?:ed|ing)?\s+"
                  r"(?:[\w-]+\s+){0,3}?siege|end\s+to\s+the\s+siege|captur(?:ed|es|ing)|"
                  r"seiz(?:ed|es|ing)|took\s+(?:\w+\s+)?control|taken\s+(?:\w+\s+)?control|"
                  r"overr?an|stormed|liberat(?:ed|es|ing)|recaptur(?:ed|es|ing)|"
                  r"regain(?:ed|s|ing)?|retook|advanc(?:ed|es|ing))\b", re.IGNORECASE)
_CAMPAIGN = re.compile(r"\b(offensive|siege|battle|operation|assault|campaign)\b", re.IGNORECASE)


class _CampPattern:
    """A compiled camp-word pattern whose matches report the camp (names need not be
    identifiers: "pro-government")."""

    def __init__(self, pattern: re.Pattern, groups: dict[str, str]):
        self.pattern, self.groups = pattern, groups

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        for m in self.pattern.finditer(text, pos, len(text) if endpos is None else endpos):
            yield _CampMatch(self.groups[m.lastgroup or ""])


class _CampMatch:
    def __init__(self, camp: str):
        self.lastgroup = camp


def side_words_pattern(words: Mapping[str, str] | None) -> re.Pattern[str] | _CampPattern:
    """The pattern of a pack's camp words (``pack.sides.words``), else :data:`SIDE_WORDS`;
    each match's group name is its camp."""
    if not words:
        return _SIDE_RE
    groups = {f"c{i}": camp for i, camp in enumerate(words)}
    pattern = re.compile("|".join(f"(?P<c{i}>\\b(?:{v})\\b)" for i, v in enumerate(words.values())),
                         re.IGNORECASE)
    return _CampPattern(pattern, groups)


def _side_before(text: str, pos: int, side_re=None) -> str | None:
    last = None
    for m in (side_re or _SIDE_RE).finditer(text, 0, pos):
        last = m.lastgroup
    return last


def outcome_winner(text: str, side_re=None) -> dict | None:
    """Who came out ahead, as the sentence tells it: ``{"result", "winner"|"loser",
    "campaign"}``. The agent is the last side named before the outcome word ("rebels ...
    broke the siege"; "the army pushed back ..."; "Al-Qaeda offensive stalls").
    ``campaign`` is True when the outcome is the whole offensive's (a siege broken, an
    offensive stalled or repelled), not one position's. ``side_re``: the pack's camp words
    (:func:`side_words_pattern`), else :data:`SIDE_WORDS`."""
    found = []
    campaign = False
    for m in _WON.finditer(text):
        if _purpose(text, m.start()):
            continue
        side = _side_before(text, m.start(), side_re)
        if side:
            found.append(("winner", side))
            campaign |= "siege" in m.group(0).lower()
    for m in _REPELLED.finditer(text):
        side = _side_before(text, m.start(), side_re)
        after = text[m.end():m.end() + 4].lower()
        if side and not after.startswith(" by"):
            found.append(("winner", side))
            campaign |= bool(_CAMPAIGN.search(text[m.end():m.end() + 40]))
    for m in _FAILED.finditer(text):
        side = _side_before(text, m.start(), side_re)
        if side:
            found.append(("loser", side))
            campaign |= bool(_CAMPAIGN.search(text[max(0, m.start() - 40):m.start()]))
    if not found:
        return None
    winners = {s for k, s in found if k == "winner"}
    losers = {s for k, s in found if k == "loser"}
    if len(winners) > 1 or (winners & losers) or len(losers) > 1:
        return None   # a back-and-forth told in one sentence
    out: dict = {"campaign": campaign}   # and result, winner/loser (str)
    if winners:
        out.update(result="succeeded", winner=next(iter(winners)))
    else:
        out.update(result="failed", loser=next(iter(losers)))
    return out


def outcomes_conflict(a: dict, b: dict) -> bool:
    """Two accounts name different winners (or one's winner is the other's loser)."""
    wa, wb = a.get("winner"), b.get("winner")
    la, lb = a.get("loser"), b.get("loser")
    if wa and wb:
        return wa != wb
    if wa and lb:
        return wa == lb
    if la and wb:
        return la == wb
    return False


def cached_keys(cache: object, sig: str) -> tuple | None:
    """Keys stored on an event (``Event.link_keys``) when computed from the same inputs
    (``sig``); None when absent or stale."""
    if not isinstance(cache, dict) or cache.get("sig") != sig:
        return None
    return (frozenset(cache["spec"]), frozenset(cache["phrase"]), frozenset(cache["stems"]),
            tuple(cache["date"]))


def keys_cache(keys: tuple, sig: str) -> LinkKeys:
    """JSON form of an event's keys, so later batches need not recompute them."""
    spec, phrase, stems, date = keys
    return {"sig": sig, "spec": sorted(spec), "phrase": sorted(phrase),
            "stems": sorted(stems), "date": list(date)}
