"""Stage ``dates``: date phrases, resolved against the article's publication date.

Phrases are found with one regex and resolved with plain calendar arithmetic (fast and
deterministic; ``dateparser`` is only a fallback in :func:`resolve_date` for phrases the
regex does not know). A phrase that needs the publication date ("on Sunday", "last month",
"August 6" without a year) resolves to ``precision="unknown", relative=True`` when there is
none: dates are never invented.

Windows: a day is ``start == end``; "last week" is the previous Monday-Sunday; "early July"
is July 1-10, "mid July" 11-20, "late July"/"the end of July" 21-31 (precision "week", ACLED's
"a few days"); "last month"/"in July" the whole month; "last year" the whole year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from functools import lru_cache

from ..core.datelines import (MONTH_FULL_PATTERN, MONTH_PATTERN, YEAR_PATTERN, Dateline,
                              dateline_date, find_dateline, month_number)
from ..lang import CueData
from ..model import Article, DateInfo, Mention, ResolvedDate
from ..theaters import TheaterPack
from .lexicon import replace_mentions
from .sentences import sentence_at, sentence_starts

#: the date words, per language: ``lang/<lang>/dates.json`` (month names: core.datelines);
#: the calendar grammar around them stays here
_CUES = CueData("en", "dates")
_W = _CUES.alternatives

WEEKDAYS = tuple(w.lower() for w in _CUES.words("weekdays"))
_NUMWORDS = _CUES.numbers("ago_numbers")
_PART_MEANING = _CUES.meanings("part_meaning")
_PERIOD_MEANING = _CUES.meanings("period_meaning")
_WEEKDAY_RELATION_MEANING = _CUES.meanings("weekday_relation_meaning")
_UNIT_MEANING = _CUES.meanings("unit_meaning")
_DAYS_BACK = _CUES.numbers("days_back")
_WEEKEND_BEFORE = {" ".join(w.lower().split()): w for w in _CUES.words("weekend_before")}
_THE, _OF = _CUES.word("the"), _CUES.word("of")

_MON_FULL, _MON, _YEAR = MONTH_FULL_PATTERN, MONTH_PATTERN, YEAR_PATTERN
_WD = "(?:" + _W("weekdays") + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_PART = "(?:" + _W("month_parts") + ")"

DATE_RX = re.compile(
    r"(?<![\w-])(?:"
    rf"(?P<iso>{_YEAR}-[01]\d-[0-3]\d)"
    rf"|(?P<num_a>[0-3]?\d)[./-](?P<num_b>[01]?\d)[./-](?P<num_y>{_YEAR})"
    rf"|(?:(?:{_CUES.word('on_case_sensitive')}\s+)?(?P<wd_abs>{_WD}),?\s+)?(?:(?P<mon_a>{_MON})\s+(?P<day_a>{_DAY})"
    rf"|(?:{_THE}\s+)?(?P<day_b>{_DAY})\s+(?:{_OF}\s+)?(?P<mon_b>{_MON}))(?:,?\s+(?P<year_ab>{_YEAR}))?"
    rf"|(?:(?i:{_W('month_prepositions')})\s+)?(?:(?P<part_m>(?i:{_PART}))[-\s]+)?"
    rf"(?P<mon_c>{_MON_FULL})(?:\s+(?:{_OF}\s+)?(?P<year_c>{_YEAR}))?"
    rf"|(?:(?P<rel_wd>{_W('weekday_relations_case_sensitive')})\s+)?(?P<wd>{_WD})(?:['’]?s(?=\s))?"
    rf"(?:\s+(?:{_W('times_of_day')}))?"
    rf"|(?i:(?P<simple>{_W('simple')}))"
    rf"|(?i:(?P<weekend>{_W('weekend')}))"
    rf"|(?i:(?:(?:{_W('period_prepositions')})\s+(?P<part_r>{_CUES.word('period_edge')})\s+{_OF}\s+"
    rf"|(?P<part_r2>{_W('period_parts')})[-\s]+|(?P<earlier>{_W('period_shifts')})\s+)?"
    rf"(?P<which>{_W('periods')})\s+(?P<unit>{_W('period_units')}))"
    rf"|(?i:(?P<n_ago>\d{{1,3}}|{_W('ago_counts')})\s+(?P<unit_ago>{_W('ago_units')})\s+{_CUES.word('ago')})"
    rf"|(?:(?i:{_W('year_prepositions')})\s+)(?:(?P<part_y>(?i:{_W('year_parts')}))[-\s]+)?(?P<year_y>{_YEAR})"
    rf"|(?:(?i:{_W('year_prepositions')})\s+{_THE}\s+)(?:(?P<part_d>(?i:{_W('year_parts')}))[-\s]+)?"
    r"(?P<decade>(?:1[89]|20)\d0)['\u2019]?s"
    r")(?![\w])")

_FUTURE = re.compile(r"\b(?:" + _W("future") + r")\b", re.I)
_EVENTISH = re.compile(r"\b(?:" + _W("eventish") + r")\b", re.I)


def _said(phrase: str, meanings: dict[str, str]) -> str | None:
    """What a matched phrase means (``meanings``: a ``*_meaning`` table); None when not listed."""
    return meanings.get(" ".join(phrase.lower().split()))


# ---------------------------------------------------------------------------- arithmetic
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _part_window(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date, str]:
    if not part:
        return dt.date(year, month, 1), _month_end(year, month), "month"
    part = _said(part, _PART_MEANING)
    if part == "early":
        return dt.date(year, month, 1), dt.date(year, month, 10), "week"
    if part == "mid":
        return dt.date(year, month, 11), dt.date(year, month, 20), "week"
    return dt.date(year, month, 21), _month_end(year, month), "week"  # late / the end of


def _day_num(text: str) -> int:
    m = re.match(r"\d+", text)
    assert m is not None, text  # the day groups of the patterns start with digits
    return int(m.group())


def _unknown(text: str, relative: bool = True) -> ResolvedDate:
    return ResolvedDate(precision="unknown", text=text, relative=relative)


def _day(d: dt.date, text: str, relative: bool) -> ResolvedDate:
    return ResolvedDate(start=d, end=d, precision="day", text=text, relative=relative)


def _guess_year(month: int, day: int | None, published: dt.date) -> int:
    """The publication year, or the year before when that would put the date well after
    publication ("December 28" in a January article)."""
    year = published.year
    probe = dt.date(year, month, min(day or 1, calendar.monthrange(year, month)[1]))
    return year - 1 if probe > published + dt.timedelta(days=31) else year


def _resolve_match(m: re.Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    text = m.group()
    g = m.groupdict()
    try:
        if g["iso"]:
            return _day(dt.date.fromisoformat(g["iso"]), text, False)
        if g["num_y"]:
            a, b = int(g["num_a"]), int(g["num_b"])
            day, month = (b, a) if b > 12 else (a, b)  # day first unless impossible
            return _day(dt.date(int(g["num_y"]), month, day), text, False)
        if g["mon_a"] or g["mon_b"]:
            month = month_number(g["mon_a"] or g["mon_b"])
            day = _day_num(g["day_a"] or g["day_b"])
            if g["year_ab"]:
                return _day(dt.date(int(g["year_ab"]), month, day), text, False)
            if published is None:
                return _unknown(text)
            return _day(dt.date(_guess_year(month, day, published), month, day), text, True)
        if g["mon_c"]:
            month = month_number(g["mon_c"])
            if g["year_c"]:
                year, relative = int(g["year_c"]), False
            elif published is None:
                return _unknown(text)
            else:
                year, relative = _guess_year(month, None, published), True
            start, end, precision = _part_window(year, month, g["part_m"])
            return ResolvedDate(start, end, precision, text, relative)
        if g["decade"]:   # "in the 1990s", "during the late 1980s"
            first = int(g["decade"])
            part = _said(g["part_d"], _PART_MEANING) if g["part_d"] else None
            lo, hi = {"early": (0, 3), "late": (7, 9)}.get(part or "", (0, 9))
            return ResolvedDate(dt.date(first + lo, 1, 1), dt.date(first + hi, 12, 31), "year",
                                text, False)
        if g["year_y"]:
            year = int(g["year_y"])
            part = _said(g["part_y"], _PART_MEANING) if g["part_y"] else None
            start = dt.date(year, 7 if part == "late" else 1, 1)
            end = dt.date(year, 6, 30) if part == "early" else dt.date(year, 12, 31)
            return ResolvedDate(start, end, "year", text, False)
    except ValueError:  # "February 30"
        return None
    if published is None:
        return _unknown(text)
    if g["wd"]:
        rel = _said(g["rel_wd"], _WEEKDAY_RELATION_MEANING) if g["rel_wd"] else None
        return _resolve_weekday(WEEKDAYS.index(g["wd"].lower()), rel or "",
                                published, text, future)
    if g["simple"]:
        back = _DAYS_BACK.get(" ".join(g["simple"].lower().split()), 0)
        return _day(published - dt.timedelta(days=back), text, True)
    if g["weekend"]:
        return _weekend(published, _said(g["weekend"], _WEEKEND_BEFORE) is not None, text,
                        future)
    if g["which"]:
        phrase = g["part_r"] or g["part_r2"] or g["earlier"]
        part = (_said(phrase, _PART_MEANING) or "late") if phrase else None
        return _resolve_period(_said(g["which"], _PERIOD_MEANING) or "last",
                               _said(g["unit"], _UNIT_MEANING) or "year", part, published, text)
    if g["n_ago"]:
        n = _NUMWORDS.get(" ".join(g["n_ago"].lower().split()))
        n = n if n is not None else int(g["n_ago"])
        unit = _said(g["unit_ago"], _UNIT_MEANING)
        if unit == "day":
            return _day(published - dt.timedelta(days=n), text, True)
        if unit == "week":
            mid = published - dt.timedelta(days=7 * n)
            return ResolvedDate(mid - dt.timedelta(days=3), mid + dt.timedelta(days=3), "week",
                                text, True)
        if unit == "month":
            y, mo = _shift_month(published.year, published.month, -n)
            return ResolvedDate(dt.date(y, mo, 1), _month_end(y, mo), "month", text, True)
        y = published.year - n
        return ResolvedDate(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", text, True)
    return None


def _weekend(published: dt.date, before: bool, text: str, future: bool) -> ResolvedDate:
    """The Saturday and Sunday before publication (up to publication when published at the
    weekend, unless ``before``: "last weekend" said on a Sunday is the one before); in a
    clause about what is to come ("will vote this weekend"), the coming one."""
    if future and not before:
        saturday = published + dt.timedelta(days=(5 - published.weekday()) % 7)
        if published.weekday() == 6:
            saturday = published - dt.timedelta(days=1)
        return ResolvedDate(saturday, saturday + dt.timedelta(days=1), "week", text, True)
    saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
    if before and published.weekday() >= 5:
        saturday -= dt.timedelta(days=7)
    end = min(saturday + dt.timedelta(days=1), published)
    return ResolvedDate(saturday, end, "day" if end == saturday else "week", text, True)


def _resolve_weekday(wd: int, rel: str, published: dt.date, text: str,
                     future: bool) -> ResolvedDate:
    if rel == "next" or (future and rel != "last"):
        ahead = (wd - published.weekday()) % 7
        if rel == "next" and ahead == 0:
            ahead = 7
        return _day(published + dt.timedelta(days=ahead), text, True)
    back = (published.weekday() - wd) % 7
    if rel == "last" and back == 0:
        back = 7
    return _day(published - dt.timedelta(days=back), text, True)


def _resolve_period(which: str, unit: str, part: str | None, published: dt.date,
                    text: str) -> ResolvedDate:
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        if which == "past" and not part:
            return ResolvedDate(published - dt.timedelta(days=7), published - dt.timedelta(days=1),
                                "week", text, True)
        if which == "this":
            end = published if part != "earlier" else max(monday, published - dt.timedelta(days=1))
            start = monday
        elif which == "next":
            start = monday + dt.timedelta(days=7)
            end = start + dt.timedelta(days=6)
        else:
            start = monday - dt.timedelta(days=7)
            end = start + dt.timedelta(days=6)
        return ResolvedDate(start, end, "week", text, True)
    if unit == "month":
        delta = {"this": 0, "next": 1}.get(which, -1)
        y, m = _shift_month(published.year, published.month, delta)
        if part in (None, "earlier", "later"):
            start, end = dt.date(y, m, 1), _month_end(y, m)
            if delta == 0:
                end = published if part != "earlier" else max(start, published - dt.timedelta(days=1))
            return ResolvedDate(start, end, "month", text, True)
        start, end, precision = _part_window(y, m, part)
        return ResolvedDate(start, end, precision, text, True)
    year = published.year + {"this": 0, "next": 1}.get(which, -1)
    if which == "past":
        return ResolvedDate(published - dt.timedelta(days=365), published, "year", text, True)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if year == published.year:
        end = published
    return ResolvedDate(start, end, "year", text, True)


#: how far a feed's publication date may stray from the page's own dateline (time zones,
#: a page updated the next day) before the dateline wins
_METADATA_SLACK_DAYS = 2


@lru_cache(maxsize=8)
def _page_dateline(text: str) -> tuple[dt.date, str] | None:
    """The page's dateline, once per text (every stage asks for the reference date; a few
    texts only, so no long article is kept alive by the cache)."""
    return dateline_date(text)


def reference_date(article: Article) -> dt.date | None:
    """The day relative phrases resolve against: the publication date, else the article's
    own dateline, else its "last updated" stamp (the report was written by then; without
    it "on Tuesday" would stay undated and the event out of the record)."""
    found = _page_dateline(article.text)
    if article.published is not None:
        if found is not None and found[1] == "dateline" \
                and abs((found[0] - article.published).days) > _METADATA_SLACK_DAYS:
            # the page's own dateline ("Published April 15 2017") against a feed's date
            # weeks off: the text was written on the day it says
            return found[0]
        return article.published
    return found[0] if found is not None else None


# ------------------------------------------------------------------------------- public
def resolve_date(phrase: str, published: dt.date | None, *, future: bool = False) -> ResolvedDate:
    """Resolve one date phrase against a publication date (None: relative phrases are
    unknown). Unrecognized phrases fall back to dateparser; failing that, unknown."""
    m = DATE_RX.search(phrase)
    if m:
        rd = _resolve_match(m, published, future)
        if rd is not None:
            return rd if m.group() == phrase.strip() else ResolvedDate(
                rd.start, rd.end, rd.precision, phrase, rd.relative)
    return _dateparser_fallback(phrase, published)


def _dateparser_fallback(phrase: str, published: dt.date | None) -> ResolvedDate:
    try:
        import dateparser  # slow to import; only for phrases the patterns miss
    except ImportError:  # optional at run time
        return _unknown(phrase, relative=published is None)
    settings = {"PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    if published is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(published, dt.time(12))
    else:
        # without a base, relative phrases would resolve against today's clock: refuse them
        settings["REQUIRE_PARTS"] = ["day", "month", "year"]
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    if parsed is None:
        return _unknown(phrase, relative=published is None)
    return _day(parsed.date(), phrase, published is not None)


_SPAN_WORD = re.compile(r"(?i:\b(" + _W("span_start") + r")\s+$|^(" + _W("span_end") + r")\b)")


def find_dates(text: str, published: dt.date | None,
               sentences: list | None = None) -> list[tuple[int, int, ResolvedDate]]:
    """``(start, end, ResolvedDate)`` for every date phrase in ``text``."""
    return [(s, e, rd) for s, e, rd, _ in _find_dates(text, published, sentences)]


def _find_dates(text: str, published: dt.date | None, sentences: list | None):
    out = []
    for m in DATE_RX.finditer(text):
        context = text
        if sentences:
            s = sentences[_bisect_sentence(sentences, m.start())]
            context = s.text
        rd = _resolve_match(m, published, future=bool(_FUTURE.search(context)))
        if rd is not None:
            span = _SPAN_WORD.search(text[max(0, m.start() - 7):m.start()]) or \
                _SPAN_WORD.match(m.group())
            bound = (span.group(1) or span.group(2)).lower() if span else None
            out.append((m.start(), m.end(), rd, bound))
    return out


def _bisect_sentence(sentences: list, offset: int) -> int:
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        if sentences[mid].start <= offset:
            lo = mid + 1
        else:
            hi = mid
    return max(0, lo - 1)


# "a monitor said on Friday": the day of the report, not of the event
_REPORTING = re.compile(r"(?i:\b(?:" + _W("reporting") + r")\s*,?\s*(?:" + _CUES.word("on") + r"\s+)?$)")
#: sentences from the top that count as the lead (headline, dateline line, first sentence)
LEAD_SENTENCES = 2


def report_day(text: str, start: int) -> bool:
    """Whether the date mention at ``start`` is the day of a report ("a monitor said on
    Friday"), not of the event the report tells."""
    return _REPORTING.search(text[max(0, start - 30):start]) is not None


def article_event_date(article: Article) -> ResolvedDate:
    """When the article's main event happened.

    Day-precision date mentions count when their sentence reports an event (a conflict verb
    or noun), they are not after publication, not a period's edge ("since March"), not the
    article's own dateline and not the day of a report ("a monitor said on Friday"). The
    lead decides: the first such date in the headline and first sentences wins; else the
    most frequent (first mentioned on a tie). With none, the publication date with
    ``precision="week"`` (the week up to it, as DESIGN.md's dating rule); with no
    publication date, unknown.
    """
    counts: Counter = Counter()
    first: dict[dt.date, int] = {}
    published = reference_date(article)
    dateline = find_dateline(article.text)
    lead_end = _lead_end(article, dateline)
    lead: dt.date | None = None
    for m in article.mentions:
        if m.kind != "date" or m.date_info.date is None:
            continue
        if dateline is not None and m.start < dateline.end and m.end > dateline.start:
            continue
        rd = m.date_info.date
        if rd.precision != "day" or rd.start is None or m.date_info.bound:
            continue
        if published is not None and rd.start > published:
            continue
        if article.sentences and not _EVENTISH.search(article.sentences[m.sentence].text):
            continue
        if report_day(article.text, m.start):
            continue
        if lead is None and m.start < lead_end:
            lead = rd.start
        counts[rd.start] += 1
        first.setdefault(rd.start, m.start)
    if lead is not None:
        return ResolvedDate(lead, lead, "day", None, published is not None)
    if counts:
        best = max(counts, key=lambda d: (counts[d], -first[d]))
        return ResolvedDate(best, best, "day", None, published is not None)
    if published is not None:
        return ResolvedDate(published - dt.timedelta(days=7), published, "week",
                            "publication week", True)
    return ResolvedDate()


def _lead_end(article: Article, dateline: Dateline | None) -> int:
    """End offset of the lead: the first sentences, not counting one that is only the
    dateline or the headline."""
    if not article.sentences:
        return min(len(article.text), 400)
    skip = 0
    if dateline is not None:
        skip = sum(1 for s in article.sentences if s.end <= dateline.end + 2)
    idx = min(len(article.sentences), skip + LEAD_SENTENCES) - 1
    return article.sentences[idx].end


class DateTagger:
    name = "dates"
    requires = ("sentences",)
    assigns = ("mentions.date",)

    def __init__(self, pack: TheaterPack | None = None):
        self.pack = pack

    def __call__(self, article: Article) -> Article:
        mentions = []
        starts = sentence_starts(article)
        for start, end, rd, bound in _find_dates(article.text, reference_date(article),
                                                 article.sentences):
            # bound: "since March 2011" is a period's edge, not an event day
            mentions.append(Mention("date", article.text[start:end], start, end,
                                    sentence_at(article, start, starts),
                                    rd.start.isoformat() if rd.start else None,
                                    DateInfo(date=rd, bound=bound or None)))
        return replace_mentions(article, ("date",), mentions)


def make_date_tagger(pack: TheaterPack, **config) -> DateTagger:
    if config:
        raise TypeError(f"dates: unknown config keys {sorted(config)}")
    return DateTagger(pack)
