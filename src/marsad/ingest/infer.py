"""Publication dates and outlets: parsed from metadata, or read from the text where it says so.

Nothing here guesses: a date without a year, or a byline that may name a person, yields
nothing.

Numeric dates in metadata: ``4/5/2017`` (slashes) is month/day/year, as in US-made data
sets such as FA-KES, unless the first number is above 12 (then day/month/year);
``05.04.2017`` (dots) is day/month/year unless the second number is above 12; ISO
``2017-04-05`` is year-month-day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_PREFIX = r"(?:(?:published|posted|updated|last updated|date of publication|date)(?:\s+on)?\s*:?\s*)?"
_DMY = rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"
_MDY = (rf"{_WEEKDAY}{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
        r"(?P<year>(?:19|20)\d\d)\b")
_ISO = r"(?P<year>(?:19|20)\d\d)-(?P<nmonth>\d{1,2})-(?P<day>\d{1,2})\b"

_TEXT_DATE_RES = tuple(re.compile(p, re.IGNORECASE) for p in (_DMY, _MDY, _ISO))
_LEAD_DATE_RES = tuple(re.compile(_PREFIX + p, re.IGNORECASE) for p in (_DMY, _MDY, _ISO))
# what may follow the date on a date line: "/ 6:42 PM", "at 0914", "10:30 GMT+3"
_TIME_TAIL = re.compile(r"[\s/|,\-]*(?:at\s+)?(?:\d{1,2}[:.]\d{2}|\d{4})?\s*(?:[ap]\.?m\.?)?\s*"
                        r"(?:gmt|utc|[a-z]{1,3}t)?\s*(?:[+-]\d{1,2}(?::?\d{2})?)?\s*", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})(?:\b|T)")

# "DAMASCUS, Aug 7 (Reuters) -", "BEIRUT (AP) --", "AMMAN, Jordan, March 25 (AFP) -"
_WIRE_RE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\- ]{2,40})(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?"
    r"(?:,?\s*(?P<when>(?i:" + _MONTH.replace("?P<month>", "?:") + r")\s+\d{1,2}))?"
    r"\s*\((?P<outlet>[A-Z][A-Za-z.&\- ]{1,30})\)\s*[-\u2013\u2014]{1,2}\s")
_NAME = r"(?:[Tt]he\s+)?[A-Z][\w'&\-]*(?:\s+(?:[A-Z][\w'&\-]*|of|for|and|al-[\w\-]+))*"
_BYLINE_RES = (
    re.compile(r"\b(?:[Tt]his|[Tt]he) (?:article|report|story|piece) (?:was|has been) "
               r"(?:translated|edited|compiled)(?:\s+and\s+(?:translated|edited))?\s+by\s+"
               rf"(?P<outlet>{_NAME})"),
    re.compile(rf"(?:^|\n)\s*[Bb]y\s+(?P<outlet>{_NAME})\s+(?:[Ss]taff|[Nn]ews [Dd]esk|[Ee]ditorial)\b"),
)


#: a "By X Staff" byline is looked for in the first characters only
BYLINE_WINDOW = 2000


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    month = int(groups["nmonth"]) if groups.get("nmonth") else MONTHS[groups["month"].lower().rstrip(".")]
    return _make(int(groups["year"]), month, int(groups["day"]))


#: a metadata date longer than this is not one: the patterns above still look in it, but
#: it is never handed to dateparser (whose tokenizer recurses per word: 3,000 characters
#: raise RecursionError)
MAX_DATE_CHARS = 120


def parse_date(value: object) -> dt.date | None:
    """A metadata date (ISO, ``4/5/2017``, ``Wed 05 Apr 2017``, ``April 5, 2017``...) or None.

    Returns None when the value is empty or cannot be read as a full day-month-year date.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = " ".join(str(value).split())
    if not s:
        return None
    if len(s) == 8 and s.isdigit():                          # 20170405
        return _make(int(s[:4]), int(s[4:6]), int(s[6:]))
    m = _NUMERIC_RE.match(s)
    if m:
        a, sep, b, c = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
        if len(m.group(1)) == 4:                       # 2017-04-05, 2017/04/05
            return _make(a, b, c)
        year = c + 2000 if c < 100 else c
        if sep == "/":
            return _make(year, b, a) if a > 12 else _make(year, a, b)
        return _make(year, a, b) if b > 12 else _make(year, b, a)
    for regex in _TEXT_DATE_RES:
        m = regex.search(s)
        if m:
            return _from_match(m)
    if len(s) > MAX_DATE_CHARS:
        return None   # not a date; dateparser recurses once per unknown word (RecursionError)
    return _dateparser_fallback(s)


def _dateparser_fallback(s: str) -> dt.date | None:
    import dateparser  # slow to import; only for formats the patterns above miss

    try:
        parsed = dateparser.parse(s, settings={
            "DATE_ORDER": "MDY",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "PARSERS": ["custom-formats", "absolute-time"],  # never "yesterday" or "now"
            "RETURN_AS_TIMEZONE_AWARE": False,
        })
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed else None


@dataclass(frozen=True)
class LeadDate:
    day: dt.date
    text: str          # the date phrase as written
    index: int         # which paragraph it opens
    whole: bool        # the paragraph is only the date (and maybe a time): a date line


def leading_date(paragraphs: list[str]) -> LeadDate | None:
    """A full date that opens one of the first paragraphs ("Wed 05 Apr 2017 ...")."""
    for index, para in enumerate(paragraphs[:3]):
        for regex in _LEAD_DATE_RES:
            m = regex.match(para)
            if m:
                day = _from_match(m)
                if day is not None:
                    whole = _TIME_TAIL.fullmatch(para, m.end()) is not None
                    return LeadDate(day, m.group(0), index, whole)
    return None


def wire_dateline(paragraphs: list[str]) -> re.Match[str] | None:
    """The wire-style dateline opening one of the first paragraphs, if any."""
    for para in paragraphs[:3]:
        m = _WIRE_RE.match(para)
        if m and m.group("place").strip().isupper():
            return m
    return None


def infer_outlet(text: str, paragraphs: list[str]) -> tuple[str, str] | None:
    """(outlet, how) from a wire dateline or an explicit byline in the raw text."""
    wire = wire_dateline(paragraphs)
    if wire:
        return wire.group("outlet").strip(), "dateline"
    m = None
    if "ted by" in text or "led by" in text:        # translated/edited/compiled by
        m = _BYLINE_RES[0].search(text)
    if m is None and ("By " in text or "by " in text):
        m = _BYLINE_RES[1].search(text, 0, BYLINE_WINDOW)
    if m:
        return m.group("outlet").strip(), "byline"
    return None
