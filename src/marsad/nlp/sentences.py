"""Stage ``sentences``: a fast rule-based sentence splitter for news text.

Rules: every line (single newline) is its own block, so headlines and captions never merge
with the body; inside a block a sentence ends at ``.``/``!``/``?``/``…`` (plus closing
quotes/brackets) followed by whitespace and an upper-case letter, digit or opening quote,
unless the word before the period is a known abbreviation or an initial. Glued sentences
("area.We are") split too. A wire dateline inside a line near the top ("Benghazi, Libya
(CNN) -- ...") starts the lead: a byline or teaser run into it stays apart.
"""

from __future__ import annotations

import bisect
import re

from ..core.datelines import MONTH_PATTERN, YEAR_PATTERN
from ..lang import CueData, word_list
from ..model import Article, Sentence
from ..theaters import TheaterPack

#: lower-cased words that, followed by a period, do not end a sentence (``lang/en/abbreviations.txt``).
ABBREVIATIONS = frozenset(w for line in word_list("en", "abbreviations") for w in line.split())

_DATE_WORDS = CueData("en", "dates")
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘(["
# candidate boundary: terminal punctuation run, optional closers, then whitespace.
_BOUNDARY = re.compile(r"[.!?…]+[" + re.escape(_CLOSERS) + r"]*(?=\s+[" + re.escape(_OPENERS)
                       + r"]*[A-Z0-9À-Ý])")
# glued sentences: "area.We are" (two lower-case letters, a period, capital + lower-case)
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LINE = re.compile(r"[^\n]+")
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
#: a wire dateline opening the lead inside a line ("... teaser words Benghazi, Libya (CNN) --
#: Doctors said ..."): what comes before it is a byline or teaser, not the lead's subject
_WIRE_DATELINE = re.compile(r"\s(?=(?:[A-Z][\w'\u2019.-]*,?\s){1,4}(?:[0-3]?\d,?\s)?\([A-Z][\w ]{1,24}\)\s*"
                            r"(?:--|-|\u2013|\u2014)\s)")
#: a city's name in capitals opening the lead after a photo credit or a time stamp ("...
#: (AP photo) BEIRUT Air strikes on ...", "Last updated at Jun 06 2016 AMMAN Nearly 50 ...")
_CAPS_DATELINE = re.compile(r"(?<=[0-9)])\s(?=[A-Z][A-Z'-]{4,}(?:,\s[A-Z][a-z]+)?\s+[A-Z][a-z]*\s)")
#: a weekday's full date run into the lead near the top ("... the country AFP Friday 10 Oct
#: 2014 The Syrian Observatory said ..."): pages stripped of line breaks glue the headline,
#: the standfirst and the dateline to the lead; the lead starts after the date
_DATE_DATELINE = re.compile(
    r"(?<=\s)(?:" + "|".join(map(re.escape, _DATE_WORDS.words("weekdays"))) + r"),?\s+[0-3]?\d\s+(?:"
    + MONTH_PATTERN + r"),?\s+" + YEAR_PATTERN + r"\s+(?=[" + re.escape(_OPENERS) + r"]?[A-Z])")
#: a line of topic tags run into the lead ("Tags Syria Idlib Russia A hospital ..."): the
#: lead starts at the first determiner or count after the opener
_SENTENCE_CUES = CueData("en", "sentences")
_TAG_LINE = re.compile(r"(?<!\S)(?-i:" + _SENTENCE_CUES.word("tag_line_opener") + r")\s")
_LEAD_OPENER = re.compile(r"\s(?=(?-i:" + _SENTENCE_CUES.alternatives("lead_openers") + r")\s)")
#: a wire dateline is looked for near the top of an article only
DATELINE_REACH = 2000


def _is_abbreviation(block: str, pos: int) -> bool:
    """True when the period at ``block[pos]`` belongs to an abbreviation or initial."""
    m = _WORD_BEFORE.search(block[max(0, pos - 24):pos])
    if not m:
        return False
    word = m.group(1)
    if "." in word:                       # U.S. / U.N. / a.m. style dotted abbreviations
        return len(word.replace(".", "")) <= 4
    if len(word) == 1 and word.isupper():  # initials: "George W. Bush"
        return True
    return word.lower() in ABBREVIATIONS


def split_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` over ``text``, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        lstart = line.start()
        block = line.group()
        cuts = []
        for m in _BOUNDARY.finditer(block):
            if (block[m.start():m.end()].rstrip(_CLOSERS) == "."
                    and _is_abbreviation(block, m.start())):
                continue
            cuts.append(m.end())
        for m in _GLUED.finditer(block):
            if not _is_abbreviation(block, m.start() - 1):
                cuts.append(m.start())
        if lstart < DATELINE_REACH:
            wire = _WIRE_DATELINE.search(block, 0, DATELINE_REACH - lstart)
            if wire is None:
                wire = _CAPS_DATELINE.search(block, 0, DATELINE_REACH - lstart)
            if wire is not None and block[:wire.start()].strip():
                cuts.append(wire.end())
            tags = _TAG_LINE.search(block, 0, DATELINE_REACH - lstart)
            if tags is not None:
                lead = _LEAD_OPENER.search(block, tags.end(), DATELINE_REACH - lstart)
                if lead is not None:
                    cuts.append(lead.end())
                    if block[:tags.start()].strip():
                        cuts.append(tags.start())
            dated = _DATE_DATELINE.search(block, 0, DATELINE_REACH - lstart)
            if dated is not None and block[:dated.start()].strip():
                cuts.append(dated.end())
        cuts.sort()
        prev = 0
        for cut in cuts + [len(block)]:
            seg = block[prev:cut]
            stripped = seg.strip()
            if stripped:
                s = lstart + prev + (len(seg) - len(seg.lstrip()))
                spans.append((s, s + len(stripped)))
            prev = cut
    return spans


def split_sentences(text: str) -> list[Sentence]:
    return [Sentence(index=i, start=s, end=e, text=text[s:e])
            for i, (s, e) in enumerate(split_spans(text))]


def paragraph_starts(text: str) -> list[int]:
    """Offsets where paragraphs start: blank lines separate them (single newlines when the
    text has no blank line at all)."""
    sep = _BLANK if _BLANK.search(text) else re.compile(r"\n")
    return [0] + [m.end() for m in sep.finditer(text)]


def paragraph_of(article: Article, sentence_index: int) -> int:
    """0-based paragraph number of a sentence (the headline is paragraph 0)."""
    start = article.sentences[sentence_index].start
    return bisect.bisect_right(paragraph_starts(article.text), start) - 1


def sentence_at(article: Article, offset: int, starts: list[int] | None = None) -> int:
    """Index of the sentence containing (or preceding) a character offset. Pass
    ``starts=sentence_starts(article)`` when calling in a loop."""
    if starts is None:
        starts = sentence_starts(article)
    return max(0, bisect.bisect_right(starts, offset) - 1)


def sentence_starts(article: Article) -> list[int]:
    return [s.start for s in article.sentences]


class Sentencizer:
    """The ``sentences`` stage (a class, not a closure, so a pipeline can be pickled)."""

    name = "sentences"
    requires: tuple[str, ...] = ()
    assigns = ("sentences",)

    def __call__(self, article: Article) -> Article:
        article.sentences = split_sentences(article.text)
        return article


def make_sentencizer(pack: TheaterPack | None = None, **config) -> Sentencizer:
    if config:
        raise TypeError(f"sentences: unknown config keys {sorted(config)}")
    return Sentencizer()
