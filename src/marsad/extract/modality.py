"""Modality of an event mention: asserted, future, hypothetical, negated or denied.

Cues are scoped to the *segment* holding the trigger: the stretch between punctuation or
subordinating words (", which", "; ", " while "). So "captured the school, which could give
them access..." stays asserted while "They will then try to take the school" is future.
Modals after the trigger only count when the trigger is a noun or gerund ("Taking the
airport would be...", "This battle could last..."), not a finite past verb.

``background`` flags references to an earlier event (past perfect in the narrator's voice,
"after X managed to ..."). Past perfect under a reporting verb ("said it had captured") is
tense backshift, not background, unless the sentence opens with a fronted time adverbial
("On August 6, the rebels announced they had broken the siege").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import CueData
from .triggers import find_triggers

#: the cue words, per language: ``lang/<lang>/modality.json`` (the patterns around them are grammar)
_CUES = CueData("en", "modality")
_W = _CUES.alternatives
_MAY = _CUES.word("hypothetical_lower_case")   # "may" only in lower case: "In May" / "21 May" are the month
_WOULD = _CUES.word("would")

_BOUNDARY = re.compile(
    r"[,;:()\u2014\u2013\"\u201c\u201d]|\s-\s|\b(?:" + _W("boundary") + r")\b", re.IGNORECASE)

_DENIED = re.compile(r"\b(?:" + _W("denied") + r")\b", re.IGNORECASE)
_NEGATED_DETERMINER = re.compile(r"\b" + _CUES.word("negated_determiner"), re.IGNORECASE)
#: a clause boundary a denial does not scope across ("denied X, as fighting raged")
_DENIAL_STOP = re.compile(_W("denial_stops"), re.IGNORECASE)
#: a denial told after the event it denies ("reports of hundreds killed were an exaggeration")
_DENIED_AFTER = re.compile(r"\b(?:" + _W("denied_after") + r")\b", re.IGNORECASE)
_DENIED_AFTER_SUBJECT = re.compile(r"\b(?:" + _W("denied_after_subject") + r")\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:" + _W("negated") + r")\b|" + _CUES.word("negated_clitic") + r"\b",
                      re.IGNORECASE)
_NOT_ONLY = re.compile(r"\b" + _CUES.word("not_only") + r"\b", re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:" + _W("future") + r")\b|" + _CUES.word("future_clitic") + r"\b",
                     re.IGNORECASE)
_ENABLING = re.compile(r"\b(?:" + _W("enabling") + r")\b[^.;]{0,40}?\b" + _CUES.word("enabling_object")
                       + r"\s+\w+", re.IGNORECASE)
_WOULD_INTENT = re.compile(r"\b(?:" + _W("would_intent") + r")\b[^.;]{0,40}?\b" + _WOULD + r"\b",
                           re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:" + _W("hypothetical") + rf")\b|(?-i:\b{_MAY}\b)(?!\s+\d)",
                           re.IGNORECASE)
_HYPO_AFTER = re.compile(r"\b(?:" + _W("hypothetical_after") + rf")\b|(?-i:\b{_MAY}\b)(?!\s+\d)",
                         re.IGNORECASE)
_FUTURE_AFTER = re.compile(r"\b(?:" + _W("future_after") + r")\b", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"(?:" + _W("not_before") + r")\s+$", re.IGNORECASE)
_PAST_VERB = re.compile(r"(?:" + _W("past_verb") + r")$", re.IGNORECASE)

_PLUPERFECT = re.compile(r"\b" + _CUES.word("pluperfect_auxiliary") + " (?:"
                         + _W("pluperfect_participle") + r")\b", re.IGNORECASE)
_REPORTING = re.compile(r"\b(?:" + _W("reporting") + r")\b(?:[^.;]{0,60}?)$", re.IGNORECASE)
_AFTER_BACKGROUND = re.compile(r"\b(?:" + _W("after") + r")\b[^.;]{0,80}?\b(?:"
                               + _W("after_background") + r")\b", re.IGNORECASE)
#: "comes (less than two weeks) after X": X is background to the news
_COMES_AFTER = re.compile(r"\b(?:" + _W("comes") + r")\s+(?:\w+\s+){0,4}?(?:" + _W("comes_after") + r")\b",
                          re.IGNORECASE)
_BY_TIME = re.compile(r"^\W*" + _CUES.word("by") + " (?:" + _W("by_time") + r")\b", re.IGNORECASE)
#: an event word inside a "since" clause, with no clause break between
_SINCE_CLAUSE = re.compile(r"\b" + _CUES.word("since_clause") + r"\b[^.;,:]{0,80}$", re.IGNORECASE)
_EARLIER = re.compile(r"\b(?:" + _W("earlier") + r")\b", re.IGNORECASE)
_FRONTED_TIME = re.compile(r"^\s*(?:" + _W("fronted_time") + r")\b[^,]{0,20},", re.IGNORECASE)


@dataclass(frozen=True)
class Modality:
    modality: str = "asserted"     # one of model.MODALITIES
    background: bool = False
    cue: str | None = None         # the words that decided it

    @property
    def asserted(self) -> bool:
        return self.modality == "asserted"


def segment(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` around [start, end) bounded by punctuation/subordinators."""
    left, right = 0, len(text)
    for m in _BOUNDARY.finditer(text):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    return left, right


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    found = None
    for m in pattern.finditer(text):
        found = m
    return found


def assess(text: str, trigger: tuple[int, int] | None = None, *, sentence: str | None = None,
           offset: int = 0) -> Modality:
    """Modality of the event whose trigger spans ``trigger`` in the clause ``text``.

    ``sentence``/``offset``: the whole sentence and the clause's offset in it, for the
    background rules that look beyond the clause (fronted time adverbials).
    """
    if trigger is None:
        # no event word: a denial or future cue anywhere in the clause governs it
        low = text.lower()
        if _has(low, _DENIED_GATE) and (m := _DENIED.search(text)) is not None \
                and not _NOT_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
            return Modality("denied", False, m.group(0))
        if _has(low, _FUTURE_GATE) and (m := _FUTURE.search(text)) is not None:
            return Modality("future", False, m.group(0))
        if _WOULD in low and (m := _WOULD_INTENT.search(text)) is not None:
            return Modality("future", False, m.group(0))
        if (m := _ENABLING.search(text)) is not None:
            return Modality("future", False, m.group(0))   # "paved the way for them to advance"
        if _has(low, _HYPO_GATE) and (m := _HYPOTHETICAL.search(text, 0, _OPENING)) is not None \
                and not text[:m.start()].strip(" \"'“‘("):
            return Modality("hypothetical", False, m.group(0))   # "Perhaps NATO is waiting ..."
        if (m := _MODAL_VERB.search(text)) is not None:
            # "the tribes must march on Tripoli": with no event word, a modal's verb is the
            # clause's deed, and it has not happened
            return Modality("hypothetical", False, m.group(0))
        words = find_triggers(text)
        denials = [_NEGATED_DETERMINER.search(text, 0, t.start) for t in words]
        if denials and all(denials):
            # "There were no clashes reported Sunday, rebels said": every event word is denied
            first = denials[0]
            return Modality("negated", False, first.group(0).strip() if first else None)
        trigger = (0, len(text))
    t_start, t_end = trigger
    seg_start, seg_end = segment(text, t_start, t_end)
    before = text[seg_start:t_start]
    after = text[t_end:seg_end]
    low = text.lower()   # cheap substring gates spare most regex scans (stage budget)
    # A denial anywhere earlier in the clause scopes over the embedded event ("denied that
    # the militants had seized the bridge", "rejected reports, saying ... captured").
    if _has(low, _DENIED_GATE) and (m := _last(_DENIED, text[:t_start])) is not None \
            and not _NOT_BEFORE.search(text[max(0, m.start() - 12):m.start()]) \
            and not _DENIAL_STOP.search(text, m.end(), t_start):
        return Modality("denied", False, m.group(0))
    if _has(low, _DENIED_AFTER_GATE) and _DENIED_AFTER_SUBJECT.search(before) \
            and (m := _DENIED_AFTER.search(text, t_end, seg_end)) is not None:
        return Modality("denied", False, m.group(0))
    if _has(low, _NEGATED_GATE) and (m := _last(_NEGATED, before)) is not None \
            and not _NOT_ONLY.search(before):
        return Modality("negated", False, m.group(0))
    if (m := _NEGATED_DETERMINER.search(before)) is not None:
        return Modality("negated", False, m.group(0).strip())   # "there were no clashes"
    if _has(low, _FUTURE_GATE) and (m := _last(_FUTURE, before)) is not None:
        return Modality("future", False, m.group(0))
    if _WOULD in low and (m := _WOULD_INTENT.search(text[:t_start])) is not None \
            and m.start() >= seg_start - 60:
        return Modality("future", False, m.group(0))
    hypo = _has(low, _HYPO_GATE)
    if hypo and (m := _last(_HYPOTHETICAL, before)) is not None:
        return Modality("hypothetical", False, m.group(0))
    trig_text = text[t_start:t_end]
    if after and not _PAST_VERB.search(trig_text.strip()):
        if hypo and (m := _HYPO_AFTER.search(after)) is not None and (m.start() < 60):
            return Modality("hypothetical", False, m.group(0))
        if _has(low, _FUTURE_GATE) and (m := _FUTURE_AFTER.search(after)) is not None and m.start() < 40:
            return Modality("future", False, m.group(0))
    return Modality("asserted", _is_background(text, low, t_start, sentence), None)


_DENIED_GATE = _CUES.words("denied_gate")
_DENIED_AFTER_GATE = _CUES.words("denied_after_gate")
_NEGATED_GATE = _CUES.words("negated_gate")
_FUTURE_GATE = _CUES.words("future_gate")
_HYPO_GATE = _CUES.words("hypo_gate")
_MODAL_VERB = re.compile(r"\b(?:" + _W("modal_auxiliaries") + r")\s+(?:\w+ly\s+)?(?:not\s+)?(?!have\b|been\b|be\b)[a-z]+\b",
                         re.IGNORECASE)
#: how far into a clause without an event word an opening modal may stand
_OPENING = 12
_BACKGROUND_GATE = _CUES.words("background_gate")


def _has(low: str, cues: tuple[str, ...]) -> bool:
    for cue in cues:
        if cue in low:
            return True
    return False


def _is_background(text: str, low: str, t_start: int, sentence: str | None) -> bool:
    if not _has(low, _BACKGROUND_GATE):
        return False
    head = text[:t_start]
    if _EARLIER.search(text) or _COMES_AFTER.search(text):
        return True
    full = sentence if sentence is not None else text
    if _BY_TIME.match(full):
        return False   # "By Friday, the villages had been recaptured": completed by then, not earlier
    if _AFTER_BACKGROUND.search(head) and not _REPORTING.search(head):
        return True
    if _SINCE_CLAUSE.search(head):
        return True   # "... to visit since rebels seized the capital": when something else began
    m = _last(_PLUPERFECT, head + text[t_start:t_start + 40])
    if m is None:
        return False
    reported = _REPORTING.search(head[:m.start()]) is not None
    if not reported:
        return True
    full = sentence if sentence is not None else text
    return _FRONTED_TIME.search(full) is not None
