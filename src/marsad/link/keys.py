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
from ..lang import CueData
from ..model import LinkKeys

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# --- event phrases ------------------------------------------------------------------------

#: the linker's cue words, per language: ``lang/<lang>/link.json`` (the patterns around them are grammar)
_CUES = CueData("en", "link")
_W = _CUES.alternatives
_OF, _THE, _TO = _CUES.word("of"), _CUES.word("the"), _CUES.word("to")

#: trigger word forms -> lemma class
_TRIGGERS = _CUES.grouped_alternatives("trigger_classes")
_OBJECT_HEADS = _CUES.words("object_heads") + tuple(LANDMARK_NOUNS)
_TRIGGER_RE = re.compile("|".join(f"(?P<{k}>\\b(?:{v})\\b)" for k, v in _TRIGGERS.items()),
                         re.IGNORECASE)
_HEAD_RE = _CUES.compile(r"\b(" + "|".join(sorted(_OBJECT_HEADS, key=len, reverse=True))
                         + r")\b", re.IGNORECASE, what="object_heads")
_NOUN_FORMS = _CUES.meanings("noun_forms")
_NOUN_TRIGGER = _CUES.compile(r"\b(" + "|".join(_NOUN_FORMS) + rf")\s+{_OF}\s+(?:{_THE}\s+)?"
                              r"(?:[\w'’-]+\s+){0,3}?(" + "|".join(_OBJECT_HEADS) + r")\b",
                              re.IGNORECASE, what="noun_forms")
#: "to break the siege" is a purpose, not an outcome, unless it was managed
_PURPOSE = re.compile(r"\b(?:" + _W("purpose") + r")\s+[\"“']?$", re.IGNORECASE)
_SUCCESS = re.compile(r"\b(?:" + _W("success") + rf")\s+{_TO}\s+[\"“']?$", re.IGNORECASE)


#: a verb joined by "and" to an aim ("a bid to recapture the road and break the siege"):
#: the aim's cue, a verb, then words without a clause break, then "and"
_AND_AIM = re.compile(r"\b(?:" + _W("purpose") + r")\s+[\w-]+\b[^,.;:]*\band\s+$",
                      re.IGNORECASE)


def _purpose(text: str, pos: int) -> bool:
    before = text[max(0, pos - 30):pos]
    if _PURPOSE.search(before) and not _SUCCESS.search(before):
        return True
    wider = text[max(0, pos - 90):pos]
    return bool(_AND_AIM.search(wider)) and not _SUCCESS.search(wider)


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

_MONTHS = {m: i + 1 for i, m in enumerate(_CUES.words("months"))}
_WEEKDAYS = {d: i for i, d in enumerate(_CUES.words("weekdays"))}
_MONTH_DAY = _CUES.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b"
                           rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:{_OF}\s+)?(" + "|".join(_MONTHS)
                           + r")\b", re.IGNORECASE, what="months")
_WEEKDAY = _CUES.compile(rf"\b{_CUES.word('on')}\s+(" + "|".join(_WEEKDAYS) + r")\b", re.IGNORECASE,
                         what="weekdays")


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
_FAILED = re.compile(r"\b(" + _W("failed") + r")\b", re.IGNORECASE)
_REPELLED = re.compile(r"\b(" + _W("repelled") + r")\b", re.IGNORECASE)
_REPELLED_BY = " " + _CUES.word("repelled_by")     # "repelled by X": X is the winner, not before
_WON = re.compile(r"\b(" + _W("won") + r")\b", re.IGNORECASE)
#: "captured and then released them", "seized two soldiers": people taken, not ground
_PERSONS_TAKEN = _CUES.compile(r"(?:\s+and\s+(?:then\s+)?[a-z]+)?\s+(?:(?!(?:"
                               + _CUES.alternatives("object_prepositions") + r"|in|near|to)\b)"
                               r"[\w-]+\s+){0,2}?(?:"
                               + _CUES.alternatives("person_objects") + r")\b(?!['’])",
                               re.IGNORECASE, what="person_objects")
_WON_CAMPAIGN = _CUES.word("won_campaign")         # a won siege is the whole campaign's outcome
_CAMPAIGN = re.compile(r"\b(" + _W("campaign") + r")\b", re.IGNORECASE)


class _CampPattern:
    """A compiled camp-word pattern whose matches report the camp (names need not be
    identifiers: "pro-government")."""

    def __init__(self, pattern: re.Pattern, groups: dict[str, str]):
        self.pattern, self.groups = pattern, groups

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        for m in self.pattern.finditer(text, pos, len(text) if endpos is None else endpos):
            yield _CampMatch(self.groups[m.lastgroup or ""], m.start(), m.end())


class _CampMatch:
    def __init__(self, camp: str, start: int = 0, end: int = 0):
        self.lastgroup = camp
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def side_words_pattern(words: Mapping[str, str] | None) -> re.Pattern[str] | _CampPattern:
    """The pattern of a pack's camp words (``pack.sides.words``), else :data:`SIDE_WORDS`;
    each match's group name is its camp."""
    if not words:
        return _SIDE_RE
    groups = {f"c{i}": camp for i, camp in enumerate(words)}
    pattern = re.compile("|".join(f"(?P<c{i}>\\b(?:{v})\\b)" for i, v in enumerate(words.values())),
                         re.IGNORECASE)
    return _CampPattern(pattern, groups)


_POSSESSIVE = _CUES.compile(_CUES.word("possessive") + r"(?!\s+(?:[\w-]+\s+)?(?:"
                            + _CUES.alternatives("force_nouns") + r")\b)",
                            re.IGNORECASE, what="possessive")
_OBJECT_OF = _CUES.compile(r"\b(?:" + _CUES.alternatives("object_prepositions")
                           + r")\s+(?:the\s+)?$", re.IGNORECASE, what="object_prepositions")


def _side_before(text: str, pos: int, side_re=None) -> str | None:
    """The last camp named before ``pos`` as an agent: an owner ("Gaddafi's rule") or an
    object ("a counter-attack against rebels") is not the one who won or lost."""
    last = None
    for m in (side_re or _SIDE_RE).finditer(text, 0, pos):
        if _POSSESSIVE.match(text, m.end()):
            continue
        if _OBJECT_OF.search(text, max(0, m.start() - 20), m.start()):
            continue
        last = m.lastgroup
    return last


def _side_after(text: str, pos: int, side_re=None) -> str | None:
    """The camp named right after ``pos`` (the agent of a passive: "seized by rebels")."""
    for m in (side_re or _SIDE_RE).finditer(text, pos, min(len(text), pos + 30)):
        return m.lastgroup
    return None


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
        if _purpose(text, m.start()) or _PERSONS_TAKEN.match(text, m.end()):
            continue
        after = text[m.end():m.end() + 4].lower()
        if after.startswith(_REPELLED_BY):   # "seized by the opposition": the agent follows
            found_side = _side_after(text, m.end() + 4, side_re)
            if found_side:
                found.append(("winner", found_side))
            continue
        side = _side_before(text, m.start(), side_re)
        if side:
            found.append(("winner", side))
            campaign |= _WON_CAMPAIGN in m.group(0).lower()
    for m in _REPELLED.finditer(text):
        side = _side_before(text, m.start(), side_re)
        after = text[m.end():m.end() + 4].lower()
        if side and not after.startswith(_REPELLED_BY):
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
