"""Stage ``numbers``: counts of people (and other things) with what happened to them.

Each count becomes a ``number`` mention whose :class:`~marsad.model.NumberInfo` has
``fatalities`` (a :class:`~marsad.model.Fatalities` as reported), ``noun`` (the head noun
counted) and ``casualty``: "killed" / "wounded" / "casualties" (dead and wounded in one
count) / "captured" / "displaced" / None. The casualty comes
from a verb right before the count ("killing 5", "captivated 12") or, failing that, from
the words after it up to the end of the clause ("5 people were killed",
"700 fighters ... were killed"). Counts chained by "and"/commas share the casualty of the
last one ("3 soldiers and 2 civilians were killed").

Qualifiers: "at least 12" -> low=best=12; "more than 600" -> low=best=600 (never 601: the
reported figure, with the qualifier kept); "some/about/around 700" -> best=700 with low and
high None; "nearly/up to/fewer than 50" -> high=best=50; "10 to 15"/"10-15"/"between 10 and
15" -> low=best=10, high=15. Vague amounts: "a dozen" -> 12; "dozens" -> low=24, best None;
"scores" -> low=40; "hundreds" -> low=200; "thousands" -> low=2000; "a number of" -> nothing.
Years, clock times, durations ("3-week siege", "two months"), dates, percentages and
ordinals are not counts.
"""

from __future__ import annotations

import dataclasses

import re
from collections.abc import Sequence
from functools import lru_cache

from ..lang import CueData, word_table
from ..model import Article, Fatalities, Mention, NumberInfo
from ..theaters import TheaterPack
from .lexicon import SpanSet, replace_mentions
from .sentences import sentence_at, sentence_starts

#: the number words and casualty cues, per language: ``lang/<lang>/numbers.json`` (the count
#: grammar around them stays here)
_CUES = CueData("en", "numbers")
_W = _CUES.alternatives
_UNITS = _CUES.numbers("units")
_TENS = _CUES.numbers("tens")
_MULTIPLIERS = _CUES.numbers("multipliers")            # "two hundred", "a dozen"
_SCALES = _CUES.numbers("scales")                      # "two thousand"
_VAGUE = _CUES.numbers("vague")
_ARTICLES = _CUES.words("articles")
_AND = _CUES.word("number_and")

_WORD = (r"(?:" + "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True)) + r")")
_WORDNUM = (rf"(?:{_WORD}(?:[-\s]{_WORD})?(?:\s+(?:{_W('scale_words')})"
            rf"(?:\s+(?:{_AND}\s+)?{_WORD}(?:[-\s]{_WORD})?)?)*|{_W('a_number')})")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:" + _W("digit_scales") + "))?"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
#: a number in digits or words ("12", "1,200", "twelve", "two hundred"): its value by ``words_to_int``
NUMBER_PATTERN = _NUM
_QUAL = "(?:" + _W("qualifiers") + ")"
_OF_THOUSANDS = _CUES.word("of_thousands")

COUNT_RX = re.compile(
    rf"(?<![\w.,-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:{_CUES.word('between')}\s+(?P<b1>{_NUM})\s+{_AND}\s+(?P<b2>{_NUM})"
    rf"|(?P<n1>{_NUM})(?:\s*(?:{_W('range')})\s*(?P<n2>{_NUM}))?"
    rf"|(?P<one>{_CUES.word('article_pattern')})(?=\s+(?:(?:{_W('single_person_adjectives')})\s+)?"
    rf"(?:{_W('single_persons')})\b)"
    rf"|(?P<vague>{'|'.join(_VAGUE)})(?:\s+{_OF_THOUSANDS})?"
    rf"(?=\s+{_CUES.word('of')}\b|\s*[^\w\s]|\s*$|\s+(?:{_W('vague_followers')})\b))"
    rf"(?![\w]|[.,]\d)", re.I)

_TIME_UNIT = re.compile(r"\s*%|(?:-|\s+)(?:" + _W("time_units") + ")", re.I)
_NOT_BEFORE = re.compile("(?:" + _W("not_before_case_sensitive") + r")\s*$")
_SUBSET_BEFORE = re.compile(r"\b(?:" + _W("subset_before") + r")\s*$", re.I)
_SUBSET_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:" + _W("subset_after") + r")\b", re.I)
_PARTITIVE_OF = re.compile(_CUES.word("partitive_of"), re.I)
#: "the commander and 9 of his comrades were killed": his count leaves him out
_DEATH_NOUNS = _CUES.words("death_nouns")
_GROUP_NOUNS = frozenset(_CUES.words("group_nouns"))
_WHOLE_COUNT = re.compile(r"[\d][\d,.]*\s+")
_PARTITIVE_OF_ONE = re.compile(_CUES.word("partitive_of_one"), re.I)
_WITH_ONE_BEFORE = re.compile(r"\b" + _CUES.word("with_one_before") + "$", re.I)
_OF_THE_DEAD = re.compile(r"\s+" + _CUES.word("of_the_dead") + r"\b", re.I)
_WOUNDED_RIGHT_AFTER = re.compile(r"\s+(?:others?\s+|more\s+)?(?:(?:" + _W("wounded_auxiliaries") + r")\s+)?(?:"
                                  + _W("casualty_after.wounded") + r")\b", re.I)
_TOLL = re.compile(r"\b" + _CUES.word("toll") + r"\b", re.I)
_PERSON_NOUN = "(?:" + _W("person_nouns") + ")"
_NOT_MODIFIER_WORDS = _W("not_modifier_case_sensitive")
_NOT_FIRST_MODIFIER = _CUES.word("not_first_modifier_case_sensitive")
# a modifier is not a function word, a person noun or a number word
_NOT_MODIFIER = (rf"(?!(?-i:{_NOT_MODIFIER_WORDS})\b)"
                 rf"(?!(?:{_PERSON_NOUN}|{_WORD})\b)")
# up to three modifiers: "8 Syrian civil defence workers", "23 ISIS (Daesh) militants",
# "70 regime and rebel fighters"
_PERSON = re.compile(rf"[\"“']?(?!(?-i:{_NOT_FIRST_MODIFIER})\b)(?:{_NOT_MODIFIER}(?:[A-Za-z][\w'’-]*|\([\w\s-]+\))\s+){{0,3}}"
                     rf"{_PERSON_NOUN}\b", re.I)
_PERSON_HEAD = re.compile(_PERSON_NOUN + r"$", re.I)

@lru_cache(maxsize=16)
def _person_patterns(people: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """``_PERSON`` and ``_PERSON_HEAD`` with more nouns for people ("Libyans")."""
    if not people:
        return _PERSON, _PERSON_HEAD
    noun = _PERSON_NOUN[:-1] + "|" + "|".join(re.escape(p) for p in people) + ")"
    not_modifier = (rf"(?!(?-i:{_NOT_MODIFIER_WORDS})\b)"
                    rf"(?!(?:{noun}|{_WORD})\b)")
    person = re.compile(rf"[\"“']?(?!(?-i:{_NOT_FIRST_MODIFIER})\b)(?:{not_modifier}(?:[A-Za-z][\w'’-]*|\([\w\s-]+\))\s+){{0,3}}"
                        rf"{noun}\b", re.I)
    return person, re.compile(noun + r"$", re.I)


def people_nouns(pack: TheaterPack | None, lang: str = "en") -> tuple[str, ...]:
    """Plural demonyms that count people ("Five Libyans were killed"): the language's
    (``lang/<lang>/demonyms.tsv``) and the pack's ``demonyms``; only plurals in -s, as
    "Syrian" alone is a modifier ("8 Syrian civil defence workers")."""
    names = [row[0] for row in word_table(lang, "demonyms")] + list(getattr(pack, "demonyms", ()))
    known = set(_PERSON_NOUN.strip("(?:)").split("|"))
    return tuple(sorted({n.lower() for n in names if n.lower().endswith("s")} - known))
_FUNCTION_WORD = frozenset(_CUES.words("function_words"))
#: one count for the dead and the wounded together ("88 killed and injured", "25
#: casualties", "killing or wounding 40"): not a death toll
_MIXED = _W("mixed")
_CAS_AFTER = (("casualties", re.compile(rf"\b(?:{_MIXED})\b", re.I)),) + tuple(
    (label, re.compile(r"\b(?:" + _W(f"casualty_after.{label}") + r")\b", re.I))
    for label in ("killed", "wounded", "captured", "displaced"))
_CAS_BEFORE = tuple(
    (label, re.compile(r"\b(?:" + _W(f"casualty_before.{label}") + (
        r")\s*(?:" + _CUES.word("casualty_before_article") + r"\s+)?[\"“']?$" if label == "killed"
        else r")\s*$"), re.I))
    for label in ("casualties", "killed", "wounded", "captured", "displaced"))
_CLAUSE_END = re.compile(r"[;:.!?”\"]|,\s+(?:" + _W("clause_end_after_comma") + r")\b|\s+(?:"
                         + _W("clause_end") + r")\s+|\s\d", re.I)
_CHAIN = re.compile(r"^[^\w]*(?:\w+\s+){0,3}?(?:" + _W("chain") + r")\s*$", re.I)
_BARE_CHAIN = re.compile(r"^[^\w]*(?:" + _W("chain") + r")\s*$", re.I)
_OWN_VERB_AFTER = re.compile(r"\s+(?:\w+ly\s+)?(?:" + _W("own_verb_after_count") + r")\b", re.I)
_LEFT_ONLY = _CUES.words("left_only")
#: a qualifier -> the bound it sets ("at least 12": low; "nearly 50": high; "some 700": best)
_QUAL_BOUND = {q: bound for bound in ("low", "high", "best")
               for q in _CUES.words(f"qualifier_bounds.{bound}")}
_ONES = _CUES.words("ones")                    # "one", "a", "an"
_NOT_AFTER_ONE = _CUES.words("not_after_one")  # "one of", "one side"
_ONE_RX = _CUES.compile("(?i:" + "|".join(_ONES) + ")", what="ones")
_ARTICLE_RX = _CUES.compile("(?i:" + "|".join(_ARTICLES) + ")", what="articles")
_OF_AFTER_VAGUE = re.compile(" " + _CUES.word("of") + "(?= )")   # "dozens of people"
_OBJECT_PRONOUNS = _CUES.words("object_pronouns")
#: a passive predicate ("are dismissed", "were appointed"): the count's own verb
_OWN_PREDICATE = re.compile(r"\b(?:" + _W("passive_auxiliaries") + r")\s+(?:\w+ly\s+)?\w+(?:ed|en)\b",
                            re.I)
_CLAUSE_VERB = re.compile(r"\s+(?:" + _W("clause_verbs") + r")\b", re.I)
_DIGIT_NUMBER = re.compile(r"(\d+(?:\.\d+)?)(?: (" + _W("digit_scales") + "))?")


def words_to_int(text: str) -> int | None:
    """'forty-two' -> 42, 'two hundred' -> 200, 'a dozen' -> 12, '1,200' -> 1200,
    '1.5 million' -> 1500000; None when it is not a number."""
    t = " ".join(text.lower().replace(",", "").replace("-", " ").split())
    if not t:
        return None
    m = _DIGIT_NUMBER.fullmatch(t)
    if m:
        value = float(m.group(1)) * (_SCALES.get(m.group(2), 1) if m.group(2) else 1)
        return int(round(value))
    total, current = 0, 0
    for word in t.split():
        if word in _ARTICLES:
            current = 1
        elif word == _AND:
            continue
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _MULTIPLIERS:
            current = (current or 1) * _MULTIPLIERS[word]
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _fatalities(m: re.Match) -> Fatalities | None:
    qual = " ".join((m.group("qual") or "").lower().split()) or None
    text = m.group()
    if m.group("vague"):
        word = m.group("vague").lower()
        low = _VAGUE[word] * (1000 if re.search(_OF_THOUSANDS, text, re.I) else 1)
        return Fatalities(low=low, qualifier=word, text=text)
    a = words_to_int(m.group("b1") or m.group("n1") or m.group("one"))
    b_text = m.group("b2") or m.group("n2")
    b = words_to_int(b_text) if b_text else None
    if a is None:
        return None
    if b is not None and b > a:
        return Fatalities(low=a, high=b, best=a, qualifier=qual or "range", text=text)
    bound = _QUAL_BOUND.get(qual) if qual else None
    if bound == "low":
        return Fatalities(low=a, best=a, qualifier=qual, text=text)
    if bound == "high":
        return Fatalities(high=a, best=a, qualifier=qual, text=text)
    if bound == "best":
        return Fatalities(best=a, qualifier=qual, text=text)
    return Fatalities(low=a, high=a, best=a, qualifier=qual, text=text)


def _noun_after(text: str, end: int, people: tuple[str, ...] = ()) -> tuple[str | None, bool, int]:
    """Head word after a count, whether it names people, and where it ends."""
    if text[end:end + 1] != " ":
        m = re.match(r"\s*([^\w\s])", text[end:end + 3])
        return (m.group(1) if m else None), False, end
    person_rx, person_head = _person_patterns(people)
    m = person_rx.match(text, end + 1)
    if m:
        return m.group().split()[-1].lower(), True, m.end()
    part = _PARTITIVE_OF.match(text, end + 1)
    if part:   # "34 of his comrades", "three of their fighters": a count of people
        # ("15 of the 350 hostages": the whole's own count may stand before its noun)
        whole = _WHOLE_COUNT.match(text, part.end())
        m = person_rx.match(text, whole.end() if whole else part.end())
        if m:
            return m.group().split()[-1].lower(), True, m.end()
    words = re.findall(r"[A-Za-z][\w'’-]*|[^\w\s]", text[end:end + 40])
    if not words or words[0].lower() in _FUNCTION_WORD or not words[0][0].isalpha():
        return (words[0].lower() if words else None), False, end
    head = words[0]
    if len(words) > 1 and words[1][0].isalpha() and words[1].lower() not in _FUNCTION_WORD:
        head = words[1]  # "600 Russian strikes" -> strikes
    return head.lower(), bool(person_head.match(head)), text.index(head, end) + len(head)


def _plus_one(fat: Fatalities) -> Fatalities:
    return dataclasses.replace(fat, **{k: getattr(fat, k) + 1 for k in ("low", "best", "high")
                                      if getattr(fat, k) is not None})


def find_counts(text: str, skip: Sequence[tuple[int, int]] = (),
                people: tuple[str, ...] = ()) -> list[dict]:
    """Every count in ``text`` as a dict: start, end, fatalities, noun, casualty, person.
    ``people``: more plural nouns for people (:func:`people_nouns`)."""
    found: list[dict] = []
    skip_set = SpanSet(skip)
    for m in COUNT_RX.finditer(text):
        start, end = m.span()
        if skip_set.overlaps(start, end):
            continue
        num = m.group("n1") or m.group("b1") or m.group("one") or ""
        if re.fullmatch(r"(?:19|20)\d\d", num) and not m.group("n2"):
            continue                                     # a year
        if _TIME_UNIT.match(text, end):
            continue
        if _NOT_BEFORE.search(text, max(0, start - 12), start):
            continue
        if num.lower() in _ONES and not m.group("n2"):
            follow = text[end:end + 12].lower()
            if follow.startswith(_NOT_AFTER_ONE):
                continue
        fat = _fatalities(m)
        if fat is None:
            continue
        of = _OF_AFTER_VAGUE.match(text[end:end + 4]) if m.group("vague") else None
        noun, person, noun_end = _noun_after(text, end + (3 if of else 0), people)
        if noun in _GROUP_NOUNS:   # "six civilians from one family": no count of people
            continue
        if person and _PARTITIVE_OF_ONE.match(text, end + 1) and _WITH_ONE_BEFORE.search(
                text, max(0, start - 25), start):
            fat = _plus_one(fat)
        found.append({"start": start, "end": end, "fatalities": fat, "noun": noun,
                      "person": person, "noun_end": noun_end, "casualty": None})
    found = [c for c in found if c["person"] or not _ONE_RX.fullmatch(
        text[c["start"]:c["end"]].split()[-1])]
    for i, c in enumerate(found):
        c["casualty"] = _casualty(text, c, found[i + 1]["start"] if i + 1 < len(found) else None)
        c["person"] = c["person"] or c["casualty"] is not None
    for i in range(len(found) - 2, -1, -1):  # "3 soldiers and 2 civilians were killed"
        c, nxt = found[i], found[i + 1]
        if c["casualty"] is None and nxt["casualty"] and c["person"] and _CHAIN.match(
                text[c["noun_end"]:nxt["start"]]):
            c["casualty"] = nxt["casualty"]
    for i in range(1, len(found)):  # "killing 3 militants and 13 civilians"
        c, prev = found[i], found[i - 1]
        gap = text[prev["noun_end"]:c["start"]]
        if c["casualty"] is None and prev["casualty"] and c["person"] and _CHAIN.match(gap) \
                and (_BARE_CHAIN.match(gap) or not _OWN_VERB_AFTER.match(text, c["noun_end"])):
            # "four died and nine others suffered burns": past the first count's own verb,
            # the second is a new subject whose own verb says what befell it
            c["casualty"] = prev["casualty"]
    for c in found:  # "including 11 children": part of a total counted elsewhere
        c["subset"] = bool(_SUBSET_BEFORE.search(text, max(0, c["start"] - 30), c["start"])
                           or _SUBSET_AFTER.match(text, c["noun_end"])
                           or c["noun"] in _OBJECT_PRONOUNS)   # "two of them children"
    for i in range(1, len(found)):  # "including 84 children and 35 women"
        if found[i - 1]["subset"] and _CHAIN.match(text[found[i - 1]["noun_end"]:found[i]["start"]]):
            found[i]["subset"] = True
    # "a woman" is a count only when something happened to her
    return [c for c in found if c["casualty"] or not _ARTICLE_RX.fullmatch(
        text[c["start"]:c["end"]].split()[-1])]


def _casualty(text: str, c: dict, next_start: int | None) -> str | None:
    # 0. a wound word right after the count: "100 civilians killed 700 injured" (a text
    # stripped of commas) counts the injured, whatever verb came before
    if _WOUNDED_RIGHT_AFTER.match(text, c["end"]):
        return "wounded"
    if c["noun"] in _DEATH_NOUNS:   # "three deaths and 22 injuries were reported"
        return "killed"
    # 1. a verb right before the count: "killing 5", "captivated 12 pro-regime fighters"
    bare = c["noun"] is None or c["noun"] in _FUNCTION_WORD
    before = text[max(0, c["start"] - 60):c["start"]]
    for label, rx in _CAS_BEFORE:
        bm = rx.search(before)
        if bm and bm.group().split()[0].lower() not in _LEFT_ONLY and (
                c["person"] or bare or _TOLL.search(bm.group())):
            return label
    if _OF_THE_DEAD.match(text, c["end"]):
        return "killed"   # "five of the dead were children"
    # 2. otherwise the rest of the clause, when the count is of people
    if not (c["person"] or _CLAUSE_VERB.match(text[c["end"]:c["end"] + 20])):
        return None
    stop = len(text) if next_start is None else next_start
    # "ten of the captured soldiers were beheaded": the partitive's noun phrase describes
    # the whole; what befell the part is told after it
    begin = c["noun_end"] if c["person"] and _PARTITIVE_OF.match(text, c["end"] + 1) else c["end"]
    if stop <= begin:   # the whole's count ("of the 350 hostages") is inside the phrase
        stop = len(text)
    window = text[begin:min(stop, begin + 120)]
    cut = _CLAUSE_END.search(window)
    if cut:
        window = window[:cut.start()]
    own = _OWN_PREDICATE.search(window)
    if own is not None and not any(rx.search(window, own.start(), own.end() + 25)
                                   for _, rx in _CAS_AFTER):
        # the count's own predicate tells no harm ("14 members of the board are dismissed
        # ... the death of the commander"): a harm word past it is another clause's
        window = window[:own.start()]
    hits = [(m.start(), i, label) for i, (label, rx) in enumerate(_CAS_AFTER)
            for m in [rx.search(window)] if m]
    return min(hits)[2] if hits else None   # the earliest; on a tie the mixed count first


def parse_fatalities(text: str) -> Fatalities:
    """Fatalities in a phrase or sentence.

    A bare quantity ("at least 12", "dozens") parses as it stands; in a sentence, the counts
    of killed people are used (summed when several: "3 soldiers and 2 civilians were
    killed" -> 5). Unknown -> ``Fatalities()``.
    """
    counts = find_counts(text)
    killed = [c["fatalities"] for c in counts if c["casualty"] == "killed" and not c["subset"]]
    if not killed:
        whole = COUNT_RX.fullmatch(text.strip())
        if whole:
            return _fatalities(whole) or Fatalities()
        return Fatalities()
    if len(killed) == 1:
        return killed[0]
    low = sum(f.low for f in killed) if all(f.low is not None for f in killed) else None
    best = sum(f.best for f in killed) if all(f.best is not None for f in killed) else None
    high = sum(f.high for f in killed) if all(f.high is not None for f in killed) else None
    return Fatalities(low=low, high=high, best=best, qualifier="sum", text=text)


class NumberTagger:
    name = "numbers"
    requires = ("sentences", "mentions.date")   # a date is not a count
    assigns = ("mentions.number",)

    def __init__(self, pack: TheaterPack | None = None, lang: str = "en"):
        self.pack = pack
        self.people = people_nouns(pack, lang)

    def __call__(self, article: Article) -> Article:
        text = article.text
        skip = [(m.start, m.end) for m in article.mentions if m.kind == "date"]
        mentions = []
        starts = sentence_starts(article)
        for c in find_counts(text, skip, self.people):
            fat: Fatalities = c["fatalities"]
            norm = fat.best if fat.best is not None else fat.low
            mentions.append(Mention(
                "number", text[c["start"]:c["end"]], c["start"], c["end"],
                sentence_at(article, c["start"], starts), None if norm is None else str(norm),
                NumberInfo(fatalities=fat, noun=c["noun"], casualty=c["casualty"],
                           subset=c["subset"])))
        return replace_mentions(article, ("number",), mentions)


def make_number_tagger(pack: TheaterPack, *, lang: str = "en", **config) -> NumberTagger:
    if config:
        raise TypeError(f"numbers: unknown config keys {sorted(config)}")
    return NumberTagger(pack, lang)
