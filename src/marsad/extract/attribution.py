"""Attribution cues in a sentence: who says it ("according to activists", "the Syrian army
said", "..., the monitor's director told a news agency") and with which stance verb.

Used by the event coder (an attributed source is not an actor of the event it reports,
unless the report is about itself: "the rebels announced they had taken control") and by
the claim tagger. Offsets are relative to the sentence text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import CueData
from ..nlp.prefilter import trie_pattern
from . import memo

#: the cue words, per language: ``lang/<lang>/attribution.json`` (the patterns around them are grammar)
_CUES = CueData("en", "attribution")
_W = _CUES.alternatives

#: reporting verb stem -> stance it lends to what it reports
_VERB_STANCE = tuple((re.compile(_W(f"stance_verbs.{stance}"), re.I), stance)
                     for stance in ("denies", "confirms", "reports_unverified"))

_MODIFIERS = r"(?:(?:" + _W("verb_modifiers") + ") )*"
_VERB_FORMS = frozenset(_CUES.words("verb_forms"))
_MODIFIER_WORDS = set(_CUES.words("modifier_words"))
_NOUN_DETERMINERS = frozenset(_CUES.words("noun_determiners"))
_MODIFIER_TAIL = re.compile(rf"{_MODIFIERS}\Z", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


#: any reporting verb form as a whole letter run (the words _WORD finds), ASCII case-folding only
_VERB_RE = re.compile(r"(?<![A-Za-z])" + trie_pattern(_VERB_FORMS) + r"(?![A-Za-z])",
                      re.IGNORECASE | re.ASCII)
_EVIDENCE_OBJ = re.compile(r"^\s+" + _CUES.word("evidence_lead") + "(?:" + _W("evidence_objects") + ")",
                           re.IGNORECASE)
_EVIDENCE_VERBS = set(_CUES.words("evidence_verbs"))
#: "a team reported to include ...": a passive participle before an infinitive, no speaker
_PASSIVE_REPORT = re.compile(r"(?:" + _W("passive_report") + r")\b", re.IGNORECASE)
ACCORDING_RE = re.compile(
    r"\b(?:" + _W("according_to") + r")\s+"
    r"(?P<src>[^,;.\u201d\"]{2,90}?)(?=\s*(?:[,;.\u201d\"]|$|\s+(?:" + _W("source_end") + r")\b))",
    re.IGNORECASE)
_UNVERIFIED = re.compile(r"\b(?:" + _W("unverified") + r")\b", re.IGNORECASE)
_SUBORDINATOR = re.compile(r"(?:[;\u201c\u201d\"]|\b(?:" + _W("subordinators") + r")\b)", re.IGNORECASE)
_QUOTE_OR_SEMI = re.compile(r"[;\u201c\u201d\"]")
_CONJ_BEFORE = re.compile(r"(?:^|,|\b(?:" + _W("conjunctions") + r"))\s*$", re.IGNORECASE)
_CONJ_LEAD = re.compile(r"^\s*(?:" + _W("conjunctions") + r")\s+(?=\S)", re.IGNORECASE)
_CONJ_END = re.compile(r"\b(?:" + _W("conjunctions") + r")\s*$", re.IGNORECASE)
_LEAD_ADVERBIAL = re.compile(r"^\s*(?:" + _W("lead_adverbials") + r")\b", re.IGNORECASE)
#: a sentence opening with a participial phrase ("Armed with ...", "Backed by ...")
_LEAD_PARTICIPLE = re.compile(r"^\s*[A-Za-z]+(?:ed|ing)\s+(?:with|by|from|to|on|in)\b")
_PRONOUN = re.compile(r"^(?:" + _W("pronouns") + r")$", re.IGNORECASE)
_LEAD_WORDS = re.compile(r"^(?:" + _W("lead_words") + r")\s+", re.IGNORECASE)
_SKIP_SEGMENT = re.compile(r"^\s*(?:" + _W("skip_segment") + r")\b", re.IGNORECASE)
_SOURCE_LEAD = re.compile(r"^(?:" + _W("source_lead_conjunctions") + r")\s+", re.IGNORECASE)
_NOT_A_SOURCE = re.compile(r"^(?:" + _W("not_a_source") + r")\b", re.IGNORECASE)
#: a day or time between the subject and its verb ("The ministry Friday denied ...")
_TIME_TAIL = re.compile(r"(?:\s+(?:" + _W("time_before_verb") + r"))+\s*\Z", re.IGNORECASE)
#: a colon that ends a lead ("UPDATE, 4:25 p.m.: A source said"), not a clock time's
_LEAD_COLON = re.compile(r"(?<!\d):(?!\d)")
#: a wire dateline before the lead's subject ("Benghazi, Libya (CNN) -- Doctors said")
_WIRE_LEAD = re.compile(r"^[^()]{0,60}?\([A-Z][\w ]{1,24}\)\s*(?:--|-|\u2013|\u2014)\s*")


@dataclass(frozen=True)
class Attribution:
    start: int            # span of the source phrase (relative to the sentence)
    end: int
    source: str           # the phrase as written ("the Syrian army", "activists"); "" = inherit
    verb: str             # the cue ("said", "denied", "according to")
    verb_start: int
    verb_end: int
    stance: str           # stance the verb lends: asserts/confirms/denies/reports_unverified
    trailing: bool = False   # "..., X said." after what it reports

    @property
    def pronoun(self) -> bool:
        return bool(_PRONOUN.match(self.source.strip()))


def verb_stance(verb: str) -> str:
    for pattern, stance in _VERB_STANCE:
        if pattern.fullmatch(verb):
            return stance
    return "asserts"


def unverified_cue(text: str) -> str | None:
    m = _UNVERIFIED.search(text)
    return m.group(0) if m else None


def clean_source(text: str) -> str:
    text = text.strip(" ,;:\u201c\u201d\"'\u2019")
    text = _SOURCE_LEAD.sub("", text)
    return " ".join(text.split())


def find_attributions(sentence: str) -> list[Attribution]:
    """Every attribution cue in one sentence, in text order."""
    found: list[Attribution] = []
    for m in ACCORDING_RE.finditer(sentence):
        src = clean_source(m.group("src"))
        stance = "reports_unverified" if _UNVERIFIED.search(src) else "asserts"
        found.append(Attribution(m.start("src"), m.end("src"), src, "according to",
                                 m.start(), m.start("src"), stance))
    for verb, v_start, v_end, phrase_start in _verbs(sentence):
        if any(a.verb_start <= v_start < a.end for a in found):
            continue
        if verb.lower() in _EVIDENCE_VERBS and not _EVIDENCE_OBJ.match(sentence[v_end:]):
            continue
        if _PASSIVE_REPORT.match(sentence, v_start):
            continue   # "a team reported to include ...": what is reported, not who reports
        # the subject of a verb comes after an earlier reporting verb ("..., a driver says
        # The government denies ..."), not before it
        floor = max((a.verb_end for a in found if a.verb != "according to"
                     and a.verb_end <= phrase_start), default=0)
        att = _source_before(sentence, phrase_start, v_start, v_end, verb, floor)
        if att is not None and att.source and verb.lower().endswith("ing") and any(
                a.verb != "according to" and a.verb_end <= v_start for a in found):
            # "the army denied any role saying ...": the earlier verb's subject says it too
            # (texts without commas make the earlier verb's object look like a subject)
            att = Attribution(phrase_start, phrase_start, "", verb, v_start, v_end,
                              att.stance, att.trailing)
        if att is not None:
            found.append(att)
    found.sort(key=lambda a: a.verb_start)
    return found


#: name of the per-article memo of find_attributions (see extract.memo)
_MEMO = "_attribution_memo"


def sentence_attributions(article, index: int) -> list[Attribution]:
    """``find_attributions`` of sentence ``index``, parsed once per article for the coder and
    the claim tagger; keyed by the sentence text, so a changed sentence is parsed again."""
    return memo.memoized(article, _MEMO, article.sentences[index].text, find_attributions)


def drop_attribution_memo(article) -> None:
    memo.drop(article, _MEMO)


def _verbs(sentence: str):
    """Reporting verbs as (verb, start, end, start of "has also said"-style modifiers).

    One plain alternation finds the candidates; modifiers and determiners are then checked on
    the sentence's words (much faster than one regex with the modifiers scanned everywhere).
    """
    words = None
    for cand in _VERB_RE.finditer(sentence):   # a verb form is rare: index the words lazily
        if words is None:
            words = list(_WORD.finditer(sentence))
            index = {w.start(): k for k, w in enumerate(words)}
        i = index[cand.start()]
        w = words[i]
        if w.group(0)[0].isupper() and i > 0:
            continue   # "the United States": a capitalised word mid-sentence is a name
        if i > 0 and words[i - 1].group(0).lower() in _NOUN_DETERMINERS:
            continue   # "denied the claims of ...": a noun after a determiner
        phrase_start = w.start()
        j = i - 1
        while j >= 0 and words[j].group(0).lower() in _MODIFIER_WORDS:
            j -= 1
        if j < i - 1:
            tail = _MODIFIER_TAIL.search(sentence, words[j + 1].start(), w.start())
            if tail is not None:
                phrase_start = tail.start()
        yield w.group(0), w.start(), w.end(), phrase_start


_INVERTED_VERBS = frozenset(_CUES.words("inverted_verbs"))
_TITLE_NOUNS = frozenset(_CUES.words("inverted_leads"))


def _source_after(sentence: str, v_start: int, v_end: int, verb: str) -> Attribution | None:
    """"..., said spokesman Ali Hassan." / "..., said Ali Hassan, a rebel fighter.": the
    speaker follows the verb, after a comma or quote, up to the sentence's end."""
    if verb.lower() not in _INVERTED_VERBS or not sentence[:v_start].rstrip().endswith(
            (",", "\u201d", "\"")):
        return None
    tail = sentence[v_end:].rstrip(" .\u201d\"'")
    words = tail.split()
    if not 1 <= len(words) <= 12:
        return None
    first = words[0].lower().strip(",")
    if first in _PREPOSITIONS or _VERB_RE.search(tail) or (
            not words[0][:1].isupper() and first not in _TITLE_NOUNS) or any(
            w.lower().strip(",;:()") in _NP_STOP for w in words):
        return None
    a = v_end + (len(sentence[v_end:]) - len(sentence[v_end:].lstrip()))
    name = tail.strip().split(",")[0]
    return Attribution(a, a + len(tail.strip()), clean_source(name), verb, v_start, v_end,
                       verb_stance(verb), True)


def _source_before(sentence: str, phrase_start: int, v_start: int, v_end: int,
                   verb: str, floor: int = 0) -> Attribution | None:
    stance = verb_stance(verb)
    inverted = _source_after(sentence, v_start, v_end, verb)
    if inverted is not None:
        return inverted
    tail = sentence[v_end:].strip(" .\u201d\"'")
    tail = tail.lstrip(" ,")
    trailing = not tail or (len(tail.split()) <= 4 and _RECIPIENT.match(tail) is not None) or (
        _GOES_ON.match(tail) is not None) or _GOES_ON_AFTER_COMMA.match(sentence, v_end) is not None
    if trailing:
        # "..., X said." : X is the comma segment before the verb (skipping "reporting from...")
        head_start = 0
        for q in _QUOTE_OR_SEMI.finditer(sentence, 0, phrase_start):
            head_start = q.end()
    else:
        head_start = 0
        for q in _SUBORDINATOR.finditer(sentence, 0, phrase_start):
            head_start = q.end()
    for q in _LEAD_COLON.finditer(sentence, head_start, phrase_start):
        head_start = q.end()   # "LIBYA, 4:25 p.m. ET: A source said": the lead is no subject
    wire = _WIRE_LEAD.match(sentence, 0, phrase_start)
    if wire is not None:
        head_start = max(head_start, wire.end())   # nor is a wire dateline
    if not trailing and sentence[floor:phrase_start].strip():
        head_start = max(head_start, floor)
    head = sentence[head_start:phrase_start]
    before = sentence[:phrase_start]
    if not trailing and _CONJ_BEFORE.search(before) and (
            not head.strip() or _CONJ_END.search(before)
            or (verb.lower().endswith("ing") and before.rstrip().endswith(","))):
        # "... but said ...", "... and denied ...": the subject is the sentence's earlier source
        return Attribution(phrase_start, phrase_start, "", verb, v_start, v_end, stance, trailing)
    segments = [(head_start + s.start(), head_start + s.end())
                for s in re.finditer(r"[^,]+", head)]
    segments = [(a, b) for a, b in segments if sentence[a:b].strip()]
    if not segments:
        return None
    if trailing:
        idx = len(segments) - 1
        while idx > 0 and _SKIP_SEGMENT.match(sentence[segments[idx][0]:segments[idx][1]]):
            idx -= 1
        a, b = segments[idx]
    elif _LEAD_PARTICIPLE.match(sentence[segments[0][0]:segments[0][1]]):
        # "Armed with tanks, guns and rifles, the rebels said": the subject is the segment
        # next to the verb, after the participial phrase and its list
        a, b = segments[-1]
    elif len(segments) > 1 and _CONJ_LEAD.match(sentence[segments[-1][0]:segments[-1][1]]):
        # "X denied the report, but a spokesman acknowledged ...": the clause after the
        # conjunction has a subject of its own
        a, b = segments[-1]
        a += _CONJ_LEAD.match(sentence[a:b]).end()   # type: ignore[union-attr]
    else:
        idx = 0
        while idx < len(segments) - 1 and _LEAD_ADVERBIAL.match(sentence[segments[idx][0]:segments[idx][1]]):
            idx += 1
        a, b = segments[idx]
    if trailing:
        # the noun phrase that ends the segment (texts without commas run clauses together)
        a = _np_start(sentence, a, b)
    else:
        time_tail = _TIME_TAIL.search(sentence, a, b)
        if time_tail is not None and time_tail.start() > a and not verb.lower().endswith("ing"):
            b = time_tail.start()   # "The ministry Friday denied": the subject ends before the day
        a, b = _subject_np(sentence, a, b)
    src = clean_source(sentence[a:b])
    if not src or len(src.split()) > 30:
        return None
    # a reporting verb whose "subject" is an event noun phrase is not an attribution
    if _NOT_A_SOURCE.match(src):
        return None
    # the span runs to the verb: mentions in appositives ("a media officer with X") count
    return Attribution(a, phrase_start, src, verb, v_start, v_end, stance, trailing)


_NP_STOP = frozenset(_CUES.words("np_stop"))
#: -ed words that are adjectives inside a source phrase, not verbs ending it
_ED_ADJ = frozenset(_CUES.words("ed_adjectives"))
_PREPOSITIONS = frozenset(_CUES.words("prepositions"))
_DETERMINERS = frozenset(_CUES.words("determiners"))


def _np_start(sentence: str, a: int, b: int) -> int:
    """Start of the noun phrase ending at ``b`` ("...killed 5 people the monitor" -> "the monitor")."""
    words = [(m.start(), m.group(0)) for m in re.finditer(r"[^\s]+", sentence[a:b])]
    if words and _PRONOUN.match(words[-1][1].strip("\u201c\u201d\"'()")):
        return a + words[-1][0]   # "... carried out by jets it said": the speaker is "it"
    start = b
    for i in range(len(words) - 1, -1, -1):
        pos, word = words[i]
        low = word.lower().strip("\u201c\u201d\"'()")
        if low in _NP_STOP or word[-1] in ",;:\u201d\"" or word.isdigit() or (
                low.endswith("ed") and "-" not in low and not word[:1].isupper() and low not in _ED_ADJ):
            break
        start = a + pos
        if low in _DETERMINERS and i > 0 and words[i - 1][1].lower() not in _PREPOSITIONS:
            break
        if len(words) - i >= 8:
            break
    return start


#: what may follow a trailing "..., X said" / "X told Reuters" (not an object it reports)
_RECIPIENT = re.compile(r"^(?:(?-i:[A-Z])|(?:" + _W("recipient") + r")\b)", re.IGNORECASE)
_GOES_ON = re.compile(r"(?:" + _W("goes_on") + r")\b", re.IGNORECASE)
_GOES_ON_AFTER_COMMA = re.compile(r"\s*,\s*(?:" + _W("goes_on_after_comma") + r")\b", re.IGNORECASE)
_RELATIVE = frozenset(_CUES.words("relative"))


def _subject_np(sentence: str, a: int, b: int) -> tuple[int, int]:
    """A leading subject: "A rebel alliance that includes ..." -> "A rebel alliance"; a
    segment that runs through a verb ("... killed 5 people the monitor") -> its last NP."""
    for m in re.finditer(r"[^\s]+", sentence[a:b]):
        low = m.group(0).lower().strip("\u201c\u201d\"'()")
        if low in _RELATIVE:
            return (a, a + m.start()) if m.start() > 0 else (a, b)
        if low in _NP_STOP or (low.endswith("ed") and "-" not in low and not m.group(0)[:1].isupper()
                               and low not in _ED_ADJ):
            return _np_start(sentence, a, b), b
    return a, b


def display_source(source: str) -> str:
    """'the Syrian army' -> 'Syrian army' (keeps proper names as written)."""
    return _LEAD_WORDS.sub("", source).strip() or source
