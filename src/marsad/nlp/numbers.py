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

import re
from collections.abc import Sequence
from functools import lru_cache

from ..lang import word_table
from ..model import Article, Fatalities, Mention, NumberInfo
from ..theaters import TheaterPack
from .lexicon import SpanSet, replace_mentions
from .sentences import sentence_at, sentence_starts

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens": 20}

_WORD = (r"(?:" + "|".join(sorted(list(_UNITS) + list(_TENS), key=len, reverse=True)) + r")")
_WORDNUM = (rf"(?:{_WORD}(?:[-\s]{_WORD})?(?:\s+(?:hundred|thousand|million)"
            rf"(?:\s+(?:and\s+)?{_WORD}(?:[-\s]{_WORD})?)?)*|an?\s+(?:hundred|thousand|dozen)|"
            rf"a\s+dozen)")
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:million|thousand))?"
_NUM = rf"(?:{_DIGITS}|{_WORDNUM})"
_QUAL = (r"(?:at\s+least|more\s+than|over|some|about|around|approximately|roughly|nearly|"
         r"almost|up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|at\s+most|an\s+estimated|"
         r"estimated|close\s+to|no\s+fewer\s+than|no\s+less\s+than|upwards\s+of|a\s+total\s+of|"
         r"a\s+further|another|only|just)")

COUNT_RX = re.compile(
    rf"(?<![\w.,-])(?:(?P<qual>{_QUAL})\s+)?"
    rf"(?:between\s+(?P<b1>{_NUM})\s+and\s+(?P<b2>{_NUM})"
    rf"|(?P<n1>{_NUM})(?:\s*(?:-|–|to)\s*(?P<n2>{_NUM}))?"
    r"|(?P<one>an?)(?=\s+(?:young\s+|elderly\s+|little\s+|pregnant\s+|local\s+)?(?:woman|man|"
    r"child|boy|girl|civilian|soldier|fighter|person|citizen|policeman|journalist|doctor|"
    r"pilot|officer|rebel|militant|member|resident|teenager|baby|infant|nurse|paramedic)\b)"
    rf"|(?P<vague>dozens|scores|hundreds|thousands|tens)(?:\s+of\s+thousands)?"
    r"(?=\s+of\b|\s*[^\w\s]|\s*$|\s+(?:were|was|have|had|are|killed|dead|died|wounded|injured|"
    r"more|other|others|fled|people|civilians|fighters|soldiers|militants|rebels|troops|in|on|"
    r"at|and|as|when|while|after|since|during|across|including)\b))"
    rf"(?![\w]|[.,]\d)", re.I)

_TIME_UNIT = re.compile(r"\s*%|(?:-|\s+)(?:year|month|week|day|hour|minute|second|km|kilomet|mile|"
                        r"meter|metre|percent|per\s+cent|%|gmt|utc|am\b|pm\b|a\.m|p\.m|o'clock|"
                        r"times|stages?|phases?|fronts?|axes|kilogram|kg|ton|dollars?|"
                        r"\$|euros?|pounds|liras?|sq)", re.I)
_NOT_BEFORE = re.compile(r"(?:\$|[Nn]o\.|[Pp]roject|[Rr]esolution|[Rr]oute|[Hh]ighway|[Mm]\d|"
                         r"[Pp]age|[Nn]umber|[Cc]ode|[Aa]rticle|[Pp]hase|[Ss]tage|[Ll]evel|"
                         r"[Bb]uilding|[Cc]hapter|#|[A-Z]-|[Aa]ged(?:\s+(?:from|between))?|[Aa]ge(?:\s+of)?|[Uu]nder)\s*$")
_SUBSET_BEFORE = re.compile(r"\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|"
                            r"among\s+those|among\s+the\s+(?:dead|victims|killed)"
                            r"(?:\s+(?:were|was|are))?)\s*$", re.I)
_SUBSET_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:among\s+(?:the|them)|of\s+them|of\s+whom|"
                           r"of\s+(?:the|those)\s+(?:dead|killed|victims))\b", re.I)
_OF_THE_DEAD = re.compile(r"\s+of\s+(?:the|those)\s+(?:dead|killed|victims)\b", re.I)
_TOLL = re.compile(r"\btoll\b", re.I)
_PERSON_NOUN = (
    r"(?:people|persons?|civilians?|fighters?|soldiers?|troops|militants?|rebels?|members?|"
    r"children|child|kids|women|woman|men|man|individuals?|personnel|officers?|gunmen|"
    r"jihadists?|insurgents?|terrorists?|militiamen|combatants?|residents?|bodies|"
    r"victims?|recruits?|conscripts?|mercenaries|guards?|policemen|police|officials?|"
    r"workers?|doctors?|medics?|journalists?|activists?|protesters?|demonstrators?|"
    r"prisoners?|detainees?|hostages?|refugees?|families|family|students?|pupils?|"
    r"infants?|babies|elderly|dead|wounded|injured|killed|others?|of\s+them|of\s+whom|"
    r"militia|servicemen|commanders?|leaders?|cadres|operatives|elements|defectors?|"
    r"pilots?|crew|staff|volunteers?|persons|forces|evacuees|siblings|brothers|sisters|sons|"
    r"daughters|girls?|boys?|mothers?|fathers?|relatives|players|bombers|jihadis|"
    r"shabiha|loyalists|servicemen|marines|sailors|airmen|paramedics|nurses|teachers|"
    r"farmers|shepherds|worshippers|passengers|displaced|martyrs|casualties|citizens|"
    r"syrians|iraqis|afghans|iranians|russians|turks|kurds|lebanese|palestinians|nationals|"
    r"foreigners|locals|inhabitants|villagers|assyrians|alawites|christians|yazidis|"
    r"druze|arabs|captives|abductees)")
# a modifier is not a function word, a person noun or a number word
_NOT_MODIFIER = (r"(?!(?-i:or|but|in|on|at|were|was|are|is|had|have|the|of|from|to)\b)"
                 rf"(?!(?:{_PERSON_NOUN}|{_WORD})\b)")
# up to three modifiers: "8 Syrian civil defence workers", "23 ISIS (Daesh) militants",
# "70 regime and rebel fighters"
_PERSON = re.compile(rf"[\"“']?(?!(?-i:and)\b)(?:{_NOT_MODIFIER}(?:[A-Za-z][\w'’-]*|\([\w\s-]+\))\s+){{0,3}}"
                     rf"{_PERSON_NOUN}\b", re.I)
_PERSON_HEAD = re.compile(_PERSON_NOUN + r"$", re.I)


@lru_cache(maxsize=16)
def _person_patterns(people: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    """``_PERSON`` and ``_PERSON_HEAD`` with more nouns for people ("Libyans")."""
    if not people:
        return _PERSON, _PERSON_HEAD
    noun = _PERSON_NOUN[:-1] + "|" + "|".join(re.escape(p) for p in people) + ")"
    not_modifier = (r"(?!(?-i:or|but|in|on|at|were|was|are|is|had|have|the|of|from|to)\b)"
                    rf"(?!(?:{noun}|{_WORD})\b)")
    person = re.compile(rf"[\"“']?(?!(?-i:and)\b)(?:{not_modifier}(?:[A-Za-z][\w'’-]*|\([\w\s-]+\))\s+){{0,3}}"
                        rf"{noun}\b", re.I)
    return person, re.compile(noun + r"$", re.I)


def people_nouns(pack: TheaterPack | None, lang: str = "en") -> tuple[str, ...]:
    """Plural demonyms that count people ("Five Libyans were killed"): the language's
    (``lang/<lang>/demonyms.tsv``) and the pack's ``demonyms``; only plurals in -s, as
    "Syrian" alone is a modifier ("8 Syrian civil defence workers")."""
    names = [row[0] for row in word_table(lang, "demonyms")] + list(getattr(pack, "demonyms", ()))
    known = set(_PERSON_NOUN.strip("(?:)").split("|"))
    return tuple(sorted({n.lower() for n in names if n.lower().endswith("s")} - known))
_FUNCTION_WORD = frozenset("""and or , . in on at from during when after before including of
which who were was are have had as to by near while with""".split())
#: one count for the dead and the wounded together ("88 killed and injured", "25
#: casualties", "killing or wounding 40"): not a death toll
_MIXED = r"(?:killed|dead)\s+(?:and|or|&)\s+(?:wounded|injured)|(?:wounded|injured)\s+(?:and|or|&)\s+(?:killed|dead)|casualties"
_CAS_AFTER = (
    ("casualties", re.compile(rf"\b(?:{_MIXED})\b", re.I)),
    ("killed", re.compile(r"\b(?:killed|dead|died|deaths?|lost\s+their\s+lives|were\s+slain|"
                          r"slain|fatalities|martyred|perished|executed|massacred|dying|beheaded|"
                          r"slaughtered|crucified|"
                          r"bodies|death\s+toll|killing)\b", re.I)),
    ("wounded", re.compile(r"\b(?:wounded|injured|hurt|injuries|injuring|wounding)\b", re.I)),
    ("captured", re.compile(r"\b(?:captured|taken\s+prisoner|captivated|abducted|kidnapped|"
                            r"detained|arrested|prisoners?|hostages?|taken\s+captive|"
                            r"surrendered|held\s+captive)\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|fled|refugees|evacuated|uprooted|"
                             r"forced\s+to\s+flee)\b", re.I)),
)
_CAS_BEFORE = (
    ("casualties", re.compile(r"\b(?:(?:killing|killed)\s+(?:and|or|&)\s+(?:wounding|wounded|injuring|injured)|"
                              r"(?:wounding|wounded|injuring|injured)\s+(?:and|or|&)\s+(?:killing|killed)|"
                              r"casualties\s+(?:of|to))\s*$", re.I)),
    ("killed", re.compile(r"\b(?:(?:killing|killed|kill|kills)(?:\s+and\s+\w+)?|"
                          r"toll\s+(?:\w+\s+){0,3}?(?:to|at|of)|deaths\s+of|lives\s+of|claimed|"
                          r"claiming|executed|executing|beheaded|beheading|beheads|slaughtered|slaughtering|"
                          r"crucified|massacred|massacring|bodies\s+of|(?:killed|dead)\s+(?:at|to)|"
                          r"(?:shoot|shot)\s+dead|gunned\s+down|among\s+the\s+(?:dead|killed|"
                          r"victims)(?:\s+(?:were|was|are))?|left|leaving)\s*(?:the\s+)?[\"“']?$",
                          re.I)),
    ("wounded", re.compile(r"\b(?:wounding|wounded|injuring|injured|injure)\s*$", re.I)),
    ("captured", re.compile(r"\b(?:captured|capturing|captivated|abducted|abducting|kidnapped|"
                            r"kidnapping|detained|detaining|arrested|arresting|took\s+prisoner|"
                            r"taking\s+prisoner|seized|release\s+of|freed)\s*$", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|displacing|displacement\s+of|evacuated|"
                             r"evacuation\s+of)\s*$", re.I)),
)
_CLAUSE_END = re.compile(r"[;:.!?”\"]|,\s+(?:but|while|whereas|as|after|before|according|"
                         r"adding|he|she|they|the)\b|\s+(?:but|while|whereas)\s+|\s\d", re.I)
_CHAIN = re.compile(r"^[^\w]*(?:\w+\s+){0,3}?(?:and|,|,\s*and|as\s+well\s+as|including)\s*$",
                    re.I)
_LEFT_ONLY = ("left", "leaving")


def words_to_int(text: str) -> int | None:
    """'forty-two' -> 42, 'two hundred' -> 200, 'a dozen' -> 12, '1,200' -> 1200,
    '1.5 million' -> 1500000; None when it is not a number."""
    t = " ".join(text.lower().replace(",", "").replace("-", " ").split())
    if not t:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: (million|thousand))?", t)
    if m:
        value = float(m.group(1)) * (_SCALES.get(m.group(2), 1) if m.group(2) else 1)
        return int(round(value))
    if t in ("a dozen", "dozen"):
        return 12
    total, current = 0, 0
    for word in t.split():
        if word in ("a", "an"):
            current = 1
        elif word == "and":
            continue
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million"):
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
        low = _VAGUE[word] * (1000 if re.search(r"of\s+thousands", text, re.I) else 1)
        return Fatalities(low=low, qualifier=word, text=text)
    a = words_to_int(m.group("b1") or m.group("n1") or m.group("one"))
    b_text = m.group("b2") or m.group("n2")
    b = words_to_int(b_text) if b_text else None
    if a is None:
        return None
    if b is not None and b > a:
        return Fatalities(low=a, high=b, best=a, qualifier=qual or "range", text=text)
    if qual in ("at least", "more than", "over", "no fewer than", "no less than", "upwards of"):
        return Fatalities(low=a, best=a, qualifier=qual, text=text)
    if qual in ("nearly", "almost", "up to", "fewer than", "less than", "at most", "close to"):
        return Fatalities(high=a, best=a, qualifier=qual, text=text)
    if qual in ("some", "about", "around", "approximately", "roughly", "an estimated",
                "estimated", "as many as"):
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
    words = re.findall(r"[A-Za-z][\w'’-]*|[^\w\s]", text[end:end + 40])
    if not words or words[0].lower() in _FUNCTION_WORD or not words[0][0].isalpha():
        return (words[0].lower() if words else None), False, end
    head = words[0]
    if len(words) > 1 and words[1][0].isalpha() and words[1].lower() not in _FUNCTION_WORD:
        head = words[1]  # "600 Russian strikes" -> strikes
    return head.lower(), bool(person_head.match(head)), text.index(head, end) + len(head)


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
        if num.lower() in ("one", "a", "an") and not m.group("n2"):
            follow = text[end:end + 12].lower()
            if follow.startswith((" of", " another", " side", " day")):
                continue
        fat = _fatalities(m)
        if fat is None:
            continue
        of = re.match(r" of(?= )", text[end:end + 4]) if m.group("vague") else None
        noun, person, noun_end = _noun_after(text, end + (3 if of else 0), people)
        found.append({"start": start, "end": end, "fatalities": fat, "noun": noun,
                      "person": person, "noun_end": noun_end, "casualty": None})
    found = [c for c in found if c["person"] or not re.fullmatch(
        r"(?i:one|a|an)", text[c["start"]:c["end"]].split()[-1])]
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
        if c["casualty"] is None and prev["casualty"] and c["person"] and _CHAIN.match(
                text[prev["noun_end"]:c["start"]]):
            c["casualty"] = prev["casualty"]
    for c in found:  # "including 11 children": part of a total counted elsewhere
        c["subset"] = bool(_SUBSET_BEFORE.search(text, max(0, c["start"] - 30), c["start"])
                           or _SUBSET_AFTER.match(text, c["noun_end"])
                           or c["noun"] in ("them", "whom"))   # "two of them children"
    for i in range(1, len(found)):  # "including 84 children and 35 women"
        if found[i - 1]["subset"] and _CHAIN.match(text[found[i - 1]["noun_end"]:found[i]["start"]]):
            found[i]["subset"] = True
    # "a woman" is a count only when something happened to her
    return [c for c in found if c["casualty"] or not re.fullmatch(
        r"(?i:a|an)", text[c["start"]:c["end"]].split()[-1])]


def _casualty(text: str, c: dict, next_start: int | None) -> str | None:
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
    if not (c["person"] or re.match(r"\s+(?:were|was|are|have|had|died|killed|wounded|"
                                    r"injured|more)\b", text[c["end"]:c["end"] + 20], re.I)):
        return None
    stop = len(text) if next_start is None else next_start
    window = text[c["end"]:min(stop, c["end"] + 120)]
    cut = _CLAUSE_END.search(window)
    if cut:
        window = window[:cut.start()]
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
