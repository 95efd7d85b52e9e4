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

_BOUNDARY = re.compile(
    r"[,;:()\u2014\u2013\"\u201c\u201d]|\s-\s|\b(?:which|who|whom|whose|where|while|whereas|"
    r"although|though|because|but|meanwhile|however|as well as)\b", re.IGNORECASE)

_DENIED = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|rejected (?:reports?|claims?|allegations?)|"
    r"dismissed (?:reports?|claims?|allegations?)|refut\w+|disput\w+|"
    r"rejected (?:the )?(?:report|claim))\b", re.IGNORECASE)
_NEGATED = re.compile(
    r"\b(?:not|never|failed to|fail to|fails to|unable to|no longer|neither|nor)\b|n't\b",
    re.IGNORECASE)
_NOT_ONLY = re.compile(r"\bnot only\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|shall|is due to|are due to|was due to|were due to|plans? to|planned to|planning to|"
    r"intends? to|intended to|intending to|aims? to|aiming to|is set to|are set to|"
    r"(?:is|are|was|were) going to|prepar(?:es|ing|ed) (?:to|for)|threaten(?:s|ed|ing)? to|"
    r"poised to|(?:is|are) about to|on the verge of|gear(?:s|ed|ing)? up (?:for|to)|"
    r"(?:getting|get|gets|got|is|are|was|were) ready (?:for|to)|readying (?:for|to)|"
    r"waiting for (?:\w+ ){0,3}?(?:order|orders|signal|green light|go-ahead) to|"
    r"vow(?:s|ed|ing)? to|pledg(?:es|ed|ing) to|(?:is|are|will be) to be held|upcoming|next week|tomorrow|"
    r"call(?:s|ed|ing)? (?:on|upon) \w+(?: \w+)? to|urg(?:es|ed|ing) \w+(?: \w+)? to|"
    r"ask(?:s|ed|ing)? \w+(?: \w+)? to|need(?:s|ed)? to|in order to)\b|'ll\b",
    re.IGNORECASE)
_ENABLING = re.compile(r"\b(?:pav(?:e|es|ed|ing) the way|allow(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|"
                       r"open(?:s|ed|ing)? the (?:way|door))\b[^.;]{0,40}?\bto\s+\w+", re.IGNORECASE)
_WOULD_INTENT = re.compile(
    r"\b(?:said|says|announced|vowed|warned|pledged|promised|declared|stated|added|saying|"
    r"announcing|threatened|told\s+[^.;]{0,40}?\bthat)\b[^.;]{0,40}?\bwould\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|should|if|unless|whether|possibl[ey]|likely|potential(?:ly)?|"
    r"expected to|fear(?:s|ed)? (?:that|of|a)|risk of|in case)\b|(?-i:\bmay\b)(?!\s+\d)",
    re.IGNORECASE)
# "may" only in lower case: "In May" / "21 May" are the month
_HYPO_AFTER = re.compile(r"\b(?:would|could|might|should)\b|(?-i:\bmay\b)(?!\s+\d)", re.IGNORECASE)
_FUTURE_AFTER = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were) (?:due|set|expected|scheduled|planned) to)\b", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+$", re.IGNORECASE)
_PAST_VERB = re.compile(r"(?:ed|took|broke|overran|retook|fought|taken|seized|shot down)$", re.IGNORECASE)

_PLUPERFECT = re.compile(
    r"\bhad(?: not| also| already| just| previously| first)?(?: been)? (?:\w+ed|\w+en|taken|broken|"
    r"begun|won|lost|fought|shot|hit|held|made|seen|come|gone|led|run|overrun|retaken|launched|"
    r"managed|started|bombed|captured|seized)\b", re.IGNORECASE)
_REPORTING = re.compile(
    r"\b(?:said|says|announc\w*|claim\w*|reported|stat(?:ed|es|ing)|told|confirm\w*|den\w+|added|"
    r"insist\w*|declar\w*|acknowledg\w*|admit\w*|conced\w*|noted|posted|published|showed|"
    r"showing|indicat\w*|assert\w*)\b(?:[^.;]{0,60}?)$", re.IGNORECASE)
_AFTER_BACKGROUND = re.compile(
    r"\b(?:after|following|since|days? after|weeks? after)\b[^.;]{0,80}?\b(?:managed to|had|were able to|"
    r"was able to|succeeded in)\b", re.IGNORECASE)
_COMES_AFTER = re.compile(
    r"\b(?:comes?|came|coming)\s+(?:\w+\s+)?(?:after|following|days after|weeks after)\b", re.IGNORECASE)
_BY_TIME = re.compile(r"^\W*by (?:\w+day|the (?:time|end|evening|morning|afternoon)|(?:late |early )?"
                      r"(?:morning|evening|afternoon|nightfall|noon|midday|dawn))\b", re.IGNORECASE)
_EARLIER = re.compile(
    r"\b(?:earlier this (?:year|month)|last (?:month|year)|previously|in early \w+|in late \w+|"
    r"at the end of last \w+|years? ago|months? ago|already)\b", re.IGNORECASE)
_FRONTED_TIME = re.compile(
    r"^\s*(?:on (?:\w+day, )?(?:\w+ \d{1,2}|\d{1,2} \w+)|last (?:week|month|year)|earlier|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|on \w+day)\b[^,]{0,20},", re.IGNORECASE)


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
        if "would" in low and (m := _WOULD_INTENT.search(text)) is not None:
            return Modality("future", False, m.group(0))
        if (m := _ENABLING.search(text)) is not None:
            return Modality("future", False, m.group(0))   # "paved the way for them to advance"
        trigger = (0, len(text))
    t_start, t_end = trigger
    seg_start, seg_end = segment(text, t_start, t_end)
    before = text[seg_start:t_start]
    after = text[t_end:seg_end]
    low = text.lower()   # cheap substring gates spare most regex scans (stage budget)
    # A denial anywhere earlier in the clause scopes over the embedded event ("denied that
    # the militants had seized the bridge", "rejected reports, saying ... captured").
    if _has(low, _DENIED_GATE) and (m := _last(_DENIED, text[:t_start])) is not None \
            and not _NOT_BEFORE.search(text[max(0, m.start() - 12):m.start()]):
        return Modality("denied", False, m.group(0))
    if _has(low, _NEGATED_GATE) and (m := _last(_NEGATED, before)) is not None \
            and not _NOT_ONLY.search(before):
        return Modality("negated", False, m.group(0))
    if _has(low, _FUTURE_GATE) and (m := _last(_FUTURE, before)) is not None:
        return Modality("future", False, m.group(0))
    if "would" in low and (m := _WOULD_INTENT.search(text[:t_start])) is not None \
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


_DENIED_GATE = ("den", "reject", "dismiss", "refut", "disput")
_NEGATED_GATE = ("not", "never", "fail", "unable", "no longer", "neither", "nor", "n't")
_FUTURE_GATE = ("will", "shall", "due to", "plan", "intend", "aim", "set to", "going to", "prepar",
                "threaten", "vow", "pledg", "to be held", "upcoming", "next week", "tomorrow", "call",
                "urg", "ask", "need", "in order to", "'ll", "expected to", "scheduled to", "poised",
                "about to", "verge", "gear", "ready", "readying", "waiting for")
_HYPO_GATE = ("would", "could", "might", "should", "if", "unless", "whether", "possib", "likely",
              "potential", "expected to", "fear", "risk of", "in case", "may")
_BACKGROUND_GATE = ("earlier", "last ", "previously", "in early", "in late", "ago", "already",
                    "came", "come", "coming", "after", "following", "since", "had")


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
    m = _last(_PLUPERFECT, head + text[t_start:t_start + 40])
    if m is None:
        return False
    reported = _REPORTING.search(head[:m.start()]) is not None
    if not reported:
        return True
    full = sentence if sentence is not None else text
    return _FRONTED_TIME.search(full) is not None
