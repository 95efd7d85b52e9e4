"""Datelines: the full date at the top of a report ("ALEPPO, Wed 05 Apr 2017 -", "06.04.2017",
"Last updated at ..."). Ingest reads one as the publication date when none is given; the
``dates`` stage resolves relative phrases against it. Both use these rules.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
#: regex source for a month name, full ("January") or abbreviated ("Sept.")
MONTH_FULL_PATTERN = (r"(?:January|February|March|April|May|June|July|August|September|October|"
                      r"November|December)")
MONTH_PATTERN = (MONTH_FULL_PATTERN + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")
#: regex source for a plausible year of reporting
YEAR_PATTERN = r"(?:19[5-9]\d|20[0-4]\d)(?!\d)"


def as_date(value: str | dt.date | None) -> dt.date | None:
    """A day from a date, a datetime or an ISO string ("2016-08-01", "2016-08-01T09:00");
    None for None or ""; a ValueError naming the value otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from exc


def month_number(name: str) -> int:
    """1-12 for a month name or abbreviation ("Sept." -> 9)."""
    return MONTHS[name.lower().rstrip(".")]


#: how far into the text a dateline may sit (after a headline, an agency name, a byline)
DATELINE_WINDOW = 360
_DL_WD = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_DLMONTH_PATTERN = r"(?P<mon>" + MONTH_PATTERN + r")"
DATELINE_RX = re.compile(
    r"(?i:(?P<prefix>last\s+updated|updated|published|posted)(?:\s+(?:at|on))?\s*:?\s*)?"
    r"(?:(?P<d1>[0-3]?\d)(?P<sep>[.\-/])(?P<m1>[01]?\d)(?P=sep)(?P<y1>" + YEAR_PATTERN + r")"
    r"|(?P<y2>" + YEAR_PATTERN + r")-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)"
    r"|(?i:" + _DL_WD + r")(?:(?P<d3>[0-3]?\d)\s+(?i:" + _DLMONTH_PATTERN + r"),?\s+"
    r"|(?i:" + _DLMONTH_PATTERN.replace("?P<mon>", "?P<mon4>") + r")\s+(?P<d4>[0-3]?\d),?\s*)"
    r"(?P<y3>" + YEAR_PATTERN + r"))")
# a date after one of these is part of a sentence ("on 4 April 2017"), not a dateline
_NOT_DATELINE = re.compile(r"(?i:\b(?:on|in|of|since|until|till|from|to|by|before|after|"
                           r"and|between|during|dated|as|this|that|a|an|the)\s*,?\s*$)")
# ... and a date before one of these dates a picture ("in this August 30, 2010 file photo")
_NOT_DATELINE_AFTER = re.compile(r"(?i:\s*(?:file\s+)?(?:photos?|pictures?|images?|handout|video)\b)")


class Dateline(NamedTuple):
    day: dt.date
    kind: str    # "dateline" or "updated"
    start: int   # span of the date in the text
    end: int


def dateline_date(text: str, window: int = DATELINE_WINDOW) -> tuple[dt.date, str] | None:
    """``(day, kind)`` of :func:`find_dateline`."""
    found = find_dateline(text, window)
    return (found.day, found.kind) if found is not None else None


def find_dateline(text: str, window: int = DATELINE_WINDOW) -> Dateline | None:
    """The :class:`Dateline` for the full date that heads the article, if any: "Wed 05 Apr 2017",
    "06.04.2017", "29-07-2015", "AFP Friday 22 Jul 2016" after the headline, "Published
    February 18 2015"; ``kind`` is "updated" for "Last updated at ..." (an upper bound
    on publication), else "dateline". Numeric dates with dots or dashes are day first, as
    datelines outside the US are. A date inside a sentence ("on 4 April 2017") is not one.
    """
    head = text[:window]
    for m in DATELINE_RX.finditer(head):
        if _NOT_DATELINE.search(head[max(0, m.start() - 12):m.start()]):
            continue
        if m.start() > 0 and (head[m.start() - 1].isalnum()):
            continue
        if _NOT_DATELINE_AFTER.match(head, m.end()):
            continue
        g = m.groupdict()
        try:
            if g["y1"]:
                a, b = int(g["d1"]), int(g["m1"])
                if g["sep"] == "/":  # 4/5/2017 is month first unless impossible
                    a, b = (a, b) if b > 12 else (b, a)
                day = dt.date(int(g["y1"]), b, a)
            elif g["y2"]:
                day = dt.date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
            else:
                month = month_number(g["mon"] or g["mon4"])
                day = dt.date(int(g["y3"]), month, int(g["d3"] or g["d4"]))
        except ValueError:
            continue
        prefix = (g["prefix"] or "").lower()
        return Dateline(day, "updated" if "updated" in prefix else "dateline", m.start(), m.end())
    return None
