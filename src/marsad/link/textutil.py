"""Small text and geometry helpers shared by linking, reconciliation and summaries."""

from __future__ import annotations

import re

from ..core.words import STOPWORDS
from ..lang import CueData

#: outcome and page-junk words, per language: ``lang/<lang>/link.json``
_CUES = CueData("en", "link")

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
#: landmarks that are areas, not one spot ("Eastern Ghouta", "Jabal al-Akrad")
AREA_NAME = re.compile(r"\b(" + _CUES.alternatives("area_names") + r")\b", re.IGNORECASE)


def content_text(text: str) -> str:
    """Lower-cased words without stop-words: what wording similarity compares."""
    return " ".join(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS)


# --- directions ("northern Aleppo countryside", "south of Aleppo") -----------------------

_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
             "southwest": 225, "west": 270, "northwest": 315}
_DIRECTION = re.compile(
    r"\b(north|south)?[\s-]?(north|south|east|west)(?:ern)?\b(?!\s+(?:ghouta|ghutah))",
    re.IGNORECASE)


def direction_of(text: str | None) -> str | None:
    """The first compass direction named in a place phrase, canonical ("northeast")."""
    if not text:
        return None
    for m in _DIRECTION.finditer(text):
        first, second = (m.group(1) or "").lower(), m.group(2).lower()
        if first and second in ("east", "west"):
            return first + second
        if not first:
            return second
    return None


def directions_conflict(a: str | None, b: str | None) -> bool:
    """True when two bearings are at least a right angle apart (north vs south/east)."""
    if not a or not b or a not in _BEARINGS or b not in _BEARINGS:
        return False
    diff = abs(_BEARINGS[a] - _BEARINGS[b]) % 360
    return min(diff, 360 - diff) >= 90


# --- outcomes ----------------------------------------------------------------------------

_FAILED = re.compile(r"\b(" + _CUES.alternatives("outcome_failed") + r")\b", re.IGNORECASE)
_SUCCEEDED = re.compile(r"\b(" + _CUES.alternatives("outcome_succeeded") + r")\b", re.IGNORECASE)


def outcome_of(text: str) -> str | None:
    """'failed' / 'succeeded' when the sentence states how an offensive went, else None."""
    failed, succeeded = bool(_FAILED.search(text)), bool(_SUCCEEDED.search(text))
    if failed and not succeeded:
        return "failed"
    if succeeded and not failed:
        return "succeeded"
    return None


# --- page junk (for summaries) -----------------------------------------------------------

_JUNK = re.compile("(" + _CUES.alternatives("page_junk") + ")", re.IGNORECASE)


def is_junk(sentence: str) -> bool:
    words = sentence.split()
    if len(words) < 5 or len(sentence) > 600:
        return True
    if _JUNK.search(sentence):
        return True
    letters = [c for c in sentence if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6
