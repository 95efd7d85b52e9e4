"""Per-article lookups shared by the event coder's units: attributions and trigger words
found once per sentence, actor sides, paragraphs, the date a unit inherits, the main place
of a clause and the subject of an earlier sentence."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from ..core.landmarks import find_landmarks
from ..core.sides import DEFAULT_SIDES
from ..geo.gazetteer import said_in
from ..geo.geocoder import wide_area
from ..lang import CueData
from ..model import Article, Mention, ResolvedDate
from ..nlp.dates import reference_date, report_day
from ..theaters import TheaterPack
from .attribution import Attribution, sentence_attributions
from .distribute import names_where_next_lies
from .triggers import Trigger, sentence_triggers

#: relations that tell where an event was relative to a place ("near X", "west of X")
_EVENT_RELATIVE = frozenset({"near", "outskirts"} | {f"{d} of" for d in (
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")})
_GOAL_BEFORE = re.compile(r"\b(?:towards?|to|on|into)\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}$", re.I)
#: "Jufra, 450 km (280 miles) southeast of": the words between a place and the place it is
#: located by
_LOCATES_NEXT = re.compile(r"(?:,|\s)*(?:(?:about|some|around|nearly)\s+)?(?:[\d,.]+\s*(?:km|kms|kilomet(?:re|er)s?|miles?)"
                           r"\s+(?:\([^)]*\)\s+)?)?(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?\s+of"
                           r"|near|outside|from)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?", re.I)
_LEVEL_RANK = {"landmark": 0, "neighbourhood": 1, "city": 2, "subdistrict": 3, "district": 4,
               "governorate": 5, "country": 6}
#: the context cue words, per language: ``lang/<lang>/context.json``
_CUES = CueData("en", "context")
#: a relative clause opening after a comma ("..., which rebels seized on Sunday")
_RELATIVE = re.compile(r",\s+(?:" + _CUES.alternatives("relative_openers") + r")\b", re.IGNORECASE)
_NEW_TOPIC = re.compile(r"^\W*(?:" + _CUES.alternatives("new_topic") + r")\b", re.IGNORECASE)
#: what may stand before a place that opens its clause as a frame ("In Hama, ...")
_FRAME_OPENER = re.compile(r"^\W*(?:" + _CUES.alternatives("frame_openers") + r")\s+$", re.IGNORECASE)
#: what follows a section heading run into its sentence ("Homs The Syrian Air Force ...")
_HEADING_AFTER = re.compile(r" (?:" + _CUES.alternatives("heading_followers") + r")\b")
_PRONOUN_START = re.compile(r"^\W*(?:" + _CUES.alternatives("pronoun_start") + r")\b", re.IGNORECASE)

_PRONOUN_REACH = 4
#: words naming a government side's lines ("regime positions"); the others name the opposition's
_GOVERNMENT_FOES = _CUES.words("foe_sides.government")
_FOE_LINES = re.compile(r"\b(" + _CUES.alternatives("foe_sides.government") + "|"
                        + _CUES.alternatives("foe_sides.opposition") + r")s?'?\s+(?:"
                        + _CUES.word("front") + r"\s*)?(?:" + _CUES.alternatives("foe_positions") + r")\b",
                        re.IGNORECASE)


@dataclass
class Unit:
    sentence: int
    start: int          # absolute offsets of the clause
    end: int
    paragraph: int
    whole: bool         # True when the unit is the whole sentence


class ArticleContext:
    """Per-article lookups shared by the units of one article (built per call)."""

    def __init__(self, article: Article, by_sentence: dict[int, list[Mention]],
                 pack: TheaterPack | None = None):
        self.article = article
        self.pack = pack
        self.sides = getattr(pack, "sides", None) or DEFAULT_SIDES
        self.by_sentence = by_sentence
        self._atts: dict[int, list[Attribution]] = {}
        self._trigs: dict[int, list[Trigger]] = {}
        self.landmarks = find_landmarks(article.text)
        self._pack_sides: dict[str, str] = {}
        for ms in by_sentence.values():
            for m in ms:
                if m.kind == "actor" and m.norm:
                    self._pack_sides.setdefault(m.norm, (m.actor_info.side or "unknown").lower())
        para_starts = [0] + [m.end() for m in re.finditer(r"\n", article.text)]
        self.para_of = [bisect.bisect_right(para_starts, s.start) - 1 for s in article.sentences]

    def side_of(self, actor_id: str | None) -> str | None:
        if not actor_id:
            return None
        side = self._pack_sides.get(actor_id)
        if (side is None or side == "unknown") and self.pack is not None:
            actor = self.pack.actor(actor_id)
            side = actor.side.lower() if actor else side
        return side

    def inter_of(self, actor_id: str | None) -> int | None:
        """The actor's ACLED inter code: its mention's, else the pack's."""
        if not actor_id:
            return None
        for ms in self.by_sentence.values():
            for m in ms:
                if m.kind == "actor" and m.norm == actor_id and m.actor_info.inter:
                    return m.actor_info.inter
        actor = self.pack.actor(actor_id) if self.pack is not None else None
        return actor.inter if actor is not None and actor.inter else None

    def attributions(self, sentence: int) -> list[Attribution]:
        if sentence not in self._atts:
            self._atts[sentence] = sentence_attributions(self.article, sentence)
        return self._atts[sentence]

    def triggers(self, unit: Unit) -> list[Trigger]:
        """Trigger words of a unit, found once per sentence (clauses reuse them)."""
        if unit.sentence not in self._trigs:
            self._trigs[unit.sentence] = sentence_triggers(self.article, unit.sentence)
        base = self.article.sentences[unit.sentence].start
        if unit.whole:
            return self._trigs[unit.sentence]
        lo, hi = unit.start - base, unit.end - base
        return [Trigger(t.kind, t.start - lo, t.end - lo, t.text)
                for t in self._trigs[unit.sentence] if t.start >= lo and t.end <= hi]

    def source_spans(self, unit: Unit) -> list[tuple[int, int]]:
        """Absolute spans of the sentence's source phrases (attribution subjects)."""
        base = self.article.sentences[unit.sentence].start
        return [(base + a.start, base + a.end) for a in self.attributions(unit.sentence)
                if a.source and a.verb != "according to"]

    def is_outlet(self, m: Mention) -> bool:
        """The article's own outlet ("told Example News") is not an actor."""
        outlet = self.article.outlet or ""
        return bool(outlet) and m.text.lower() in outlet.lower() and len(m.text) > 3

    def is_monitor(self, m: Mention) -> bool:
        """Monitors and outlets report events; they are never actors in them."""
        return self.side_of(m.norm) in ("monitor", "media")

    def in_span(self, unit: Unit) -> list[Mention]:
        return [m for m in self.by_sentence.get(unit.sentence, ())
                if m.start >= unit.start and m.end <= unit.end]

    def main_place_text(self, unit: Unit, trig: Trigger | None = None) -> str | None:
        text = self.article.text
        places = [m for m in self.in_span(unit) if m.kind == "place" and not said_in(text, m.start, m.end)]
        # a place abroad only where no theater place is named, and only after "in", "north
        # of"...: "weapons came via Gaziantep to rebels in Aleppo" happened in Aleppo
        home = [m for m in places if not m.place_info.abroad]
        places = home or [m for m in places if m.place_info.locative]
        if not places:
            return None
        # "Homs The Syrian Air Force struck ISIL north of Palmyra": a section heading run
        # into the sentence places the event only when nothing else does
        places = [m for m in places if not self._heading(unit, m)] or places
        places = self._in_named_governorates(places)
        # "the Idlib town of Saraqeb": Idlib says where Saraqeb lies
        population = self.pack.place_population if self.pack is not None else {}
        places = [m for m in places
                  if not names_where_next_lies(text, m, places, population)] or places
        t_abs = unit.start + (trig.start if trig else 0)
        # "... have fought off troops, according to witnesses who fled across the border at
        # Ras Ajdir": a place in the trailing source phrase is the source's, not the event's
        base = self.article.sentences[unit.sentence].start
        tail = min((base + a.verb_start for a in self.attributions(unit.sentence)
                    if a.verb == "according to" and base + a.verb_start > t_abs), default=None)
        if tail is not None:
            places = [m for m in places if m.start < tail] or places
        anchors = {m.place_info.anchor for m in places if m.place_info.anchor}

        def level_of(m: Mention) -> int:
            if wide_area(m):  # "in Douma, the main town of the Ghouta area, where ..."
                return _LEVEL_RANK["district"]
            return _LEVEL_RANK.get(m.place_info.level, 2)

        # "positions near Palmyra in eastern Homs": a place the event is told relative to
        # yields to a place of its level or finer, not to a coarser one (the province);
        # one that locates another place ("Jufra, 450 km south of Tripoli") or is a goal
        # ("pushing toward Tripoli") always yields
        free_levels = [level_of(m) for m in places if not (m.norm and m.norm in anchors)]

        def yields(m: Mention) -> bool:
            if not (m.norm and m.norm in anchors):
                return False
            if m.place_info.relation not in _EVENT_RELATIVE or _GOAL_BEFORE.search(
                    text, max(0, m.start - 40), m.start):
                return True
            if any(o.end <= m.start and _LOCATES_NEXT.fullmatch(text, o.end, m.start)
                   for o in places if o is not m):
                return True
            return any(free <= level_of(m) for free in free_levels)

        def rank(m: Mention):
            level = level_of(m)
            is_anchor = 1 if yields(m) else 0
            # a place framing the clause ("In Hama, warplanes struck ... in Kafr Zita")
            # sets the scene: a later place of its level is the event's own
            frame = 1 if len(places) > 1 and _FRAME_OPENER.match(text[unit.start:m.start]) else 0
            return (is_anchor, level, frame, 0 if m.start >= t_abs else 1, abs(m.start - t_abs))

        return min(places, key=rank).text

    def _heading(self, unit: Unit, m: Mention) -> bool:
        text = self.article.text
        return (not text[unit.start:m.start].strip()
                and _HEADING_AFTER.match(text, m.end) is not None)

    def _in_named_governorates(self, places: list[Mention]) -> list[Mention]:
        """"shelled a farm in Quneitra countryside ... and a village the gazetteer knows only
        in Lattakia": where the clause names governorates as such ("X countryside", "X
        province"), a place the gazetteer puts in another one is a namesake of a village it
        lacks, not the event's place (the governorate stays)."""
        named = {m.norm for m in places if m.place_info.level == "governorate" and m.norm
                 and m.place_info.relation in _GOVERNORATE_RELATIONS}
        if not named or self.pack is None:
            return places
        areas = {p.admin1 for pid in named if (p := self.pack.place(pid)) is not None and p.admin1}
        if not areas:
            return places
        kept = []
        for m in places:
            place = self.pack.place(m.norm) if m.norm else None
            if place is not None and place.level != "governorate" and place.admin1 \
                    and place.admin1 not in areas and not m.place_info.abroad:
                continue
            kept.append(m)
        return kept or places

    def _since(self, m: Mention) -> bool:
        """The day a running count starts ("since Sept. 19"): no later sentence's date."""
        return m.date_info.bound == "since" or since_before(self.article.text, m.start)

    def date_for(self, unit: Unit, trigger_at: int | None = None) -> ResolvedDate:
        """``trigger_at``: where the event word stands in the text, when the unit has one."""
        # the day a running count starts ("since Sept. 19") dates no incident
        sent_dates = [(m, d) for m in self.by_sentence.get(unit.sentence, ())
                      if m.kind == "date" and not self._since(m)
                      for d in [date_of(m)] if d is not None and d.known]
        if sent_dates:
            inside = [x for x in sent_dates if unit.start <= x[0].start < unit.end]
            pool = inside or sent_dates
            if trigger_at is not None:
                # "had retaken the town, which rebels seized on Sunday": a relative clause
                # after the event word dates its own deed
                text = self.article.text
                pool = [x for x in pool if not (x[0].start > trigger_at and _RELATIVE.search(
                    text, trigger_at, x[0].start))] or pool
            # "IS said on Monday it was behind a bombing on Sunday": the day it said so is
            # the report's, when the clause names another
            told = [x for x in pool if not report_day(self.article.text, x[0].start)]
            pool = told or pool
            anchor = unit.start if trigger_at is None else trigger_at
            return min(pool, key=lambda x: (abs(x[0].start - anchor), x[0].start))[1]
        para = self.para_of[unit.sentence]
        pub = _as_day(reference_date(self.article))
        # "Meanwhile in Idlib ...": a new topic goes on with the news, not with the day the
        # sentence before told (often a background clause's: "a hill rebels seized on Oct. 5")
        new_topic = bool(_NEW_TOPIC.match(self.article.text[unit.start:unit.end]))
        for idx in range(unit.sentence - 1, -1, -1):
            if self.para_of[idx] != para or new_topic:
                break
            dates = [d for m in self.by_sentence.get(idx, ()) if m.kind == "date"
                     and not self._since(m) for d in [date_of(m)] if d is not None and d.known]
            if dates:
                if idx < unit.sentence - 1 and _long_before(dates[-1], pub):
                    # "... since Halabja in 1988." dates its own sentence and the next one
                    # that goes on about it, not the rest of the paragraph: the report
                    # has moved back to the news
                    break
                return dates[-1]
        if unit.sentence < _HEADLINE_SENTENCES:
            # a headline tells the news its lead dates ("... on Tuesday")
            for idx in range(unit.sentence + 1, unit.sentence + 1 + _LEAD_REACH):
                days = [d for m in self.by_sentence.get(idx, ()) if m.kind == "date"
                        for d in [date_of(m)] if d is not None and d.known and d.precision == "day"]
                if days:
                    return days[0]
        lead = self._lead_day(pub)
        if lead is not None:
            return lead
        # no date of its own: the week before the report (the "last updated" stamp where
        # the page gives no publication date: the report was written by then)
        if pub is not None:
            return ResolvedDate(start=pub - dt.timedelta(days=7), end=pub, precision="week",
                                text=None, relative=True)
        return ResolvedDate()

    def _lead_day(self, pub: dt.date | None) -> ResolvedDate | None:
        """"Ras Lanuf (CNN) -- Rebels marched west Sunday ... Rebels also took Brega": a
        report's undated sentence tells the news of the day its lead names, when that day is
        within a few days of publication (inferred: no phrase of its own)."""
        if pub is None:
            return None
        for idx in range(min(_LEAD_SENTENCES, len(self.para_of))):
            days = [d for m in self.by_sentence.get(idx, ()) if m.kind == "date" and not self._since(m)
                    for d in [date_of(m)] if d is not None and d.known and d.precision == "day"]
            if days:
                day = days[0].start
                if day is not None and dt.timedelta(0) <= pub - day <= dt.timedelta(days=_LEAD_DAYS):
                    return ResolvedDate(start=day, end=day, precision="day", text=None, relative=True)
                return None
        return None

    def paragraph_actor(self, unit: Unit) -> Mention | None:
        """The subject of the nearest earlier sentence of the paragraph ("They broke through...");
        a pronoun subject may reach back a few sentences over paragraph breaks. An actor on
        the side the clause fights ("broke through government lines") is not its subject."""
        clause = self.article.text[unit.start:unit.end]
        if _NEW_TOPIC.match(clause):
            return None
        para, pronoun = self.para_of[unit.sentence], bool(_PRONOUN_START.match(clause))
        foes = {"government" if g.group(1).lower() in _GOVERNMENT_FOES else "opposition"
                for g in _FOE_LINES.finditer(clause)}
        for idx in range(unit.sentence - 1, max(-1, unit.sentence - 1 - _PRONOUN_REACH), -1):
            if self.para_of[idx] != para and not pronoun:
                break
            for m in self.by_sentence.get(idx, ()):
                if m.kind != "actor" or not m.norm or self.is_monitor(m):
                    continue
                side = self.side_of(m.norm) or "unknown"
                if ("government" in foes and self.sides.is_government(side)) or (
                        "opposition" in foes and self.sides.coding_camp(side) == "opposition"):
                    continue
                return m
        return None


#: sentences at the top of a text that may be its headline, and how far into the lead
#: an undated headline looks for its day
_HEADLINE_SENTENCES = 1
_LEAD_REACH = 2
#: the lead: the first sentences, whose day (a few days before publication at most) an
#: undated sentence of the report takes
_LEAD_SENTENCES = 3
_LEAD_DAYS = 3


#: how a governorate is named as one ("Quneitra countryside", "Idlib province")
_GOVERNORATE_RELATIONS = frozenset({"countryside", "province"})
#: "since" shortly before a date, in the same clause: the start of a running count
SINCE_BEFORE = re.compile(r"\b" + _CUES.word("since") + r"\b[^.;:]*$", re.IGNORECASE)
#: ... or further back in one stretch with no comma ("have intensified since rebels launched
#: a campaign from Idlib to break the siege of the city on July 31")
_SINCE_FAR = re.compile(r"\b" + _CUES.word("since") + r"\b[^.;:,]*$", re.IGNORECASE)


_CAMPAIGN_START = re.compile(r"\b" + _CUES.word("campaign_start") + r"\s+(?:on\s+|in\s+)?$",
                             re.IGNORECASE)


def since_before(text: str, at: int) -> bool:
    """Whether the date at ``text[at]`` is the start of a running count ("since Sept. 19")
    or of a campaign ("an offensive that began last Tuesday")."""
    return bool(SINCE_BEFORE.search(text[max(0, at - 45):at])
                or _SINCE_FAR.search(text[max(0, at - 140):at])
                or _CAMPAIGN_START.search(text, max(0, at - 60), at))
#: a date ending this many days before publication is another time than the news
_BACKGROUND_DAYS = 30


def _as_day(value: dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _long_before(date: ResolvedDate, published: dt.date | None) -> bool:
    last = date.end or date.start
    return published is not None and last is not None and (published - last).days > _BACKGROUND_DAYS


def date_of(m: Mention) -> ResolvedDate | None:
    if m.date_info.date is not None:
        return m.date_info.date
    if m.norm:
        try:
            day = dt.date.fromisoformat(m.norm[:10])
        except ValueError:
            return None
        return ResolvedDate(start=day, end=day, precision="day", text=m.text)
    return None
