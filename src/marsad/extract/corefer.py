"""Stage ``corefer``: an article's second telling of one incident is not a second event (issue 12).

News tells an incident twice: the lead gives the toll at a coarse place ("Warplanes killed
nine people in Hama province on Sunday, a monitor said"), a later sentence points back to
it with a definite noun phrase and gives the village ("The strike on the village of Kafr
Zita hit a bakery").
Coded sentence by sentence, that is two rows: one at the governorate with the toll, one at
the village with none -- and linking keeps them apart, since a village and a province
report by another day or actor do not look alike. An ACLED coder writes one row: the
village, the toll, the day.

For a mention whose clause holds such a pointing-back phrase ("the strike", "Saturday's
blast", "the crude explosive device"), this stage looks for the nearest earlier event
mention of the same event type that the two can be one incident with: places one inside
the other (the same place, or one of them a governorate or region holding the other, or a
town and a quarter of it), days at most a day apart (two, when one is only the day of
publication), tolls and attackers that do not disagree. The two become one mention:

- the one with the finer place is kept; it takes what it lacks from the other (the toll,
  the actors, a day when it has only a window), and ``coding.coreferent`` names the other;
- the other is held back (``same event``), with the kept mention's sentence in the reason.

Mentions of a place list (``distribute``) are left alone: each is its own place's event.

A toll at a coarse place that adds up two or more incidents the article tells apart, each in
its own sentence with its own toll, inside that place and on that day ("five killed in
Aleppo" = three in one quarter + two in a nearby town), is their summary: held back
(``summary``), so it neither stands as an event nor, linked, rewrites their tolls.
The cue words are language data (``lang/<code>/corefer.json``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from rapidfuzz import fuzz

from ..core.geometry import haversine_km
from ..core.names import fold
from ..lang import json_data
from ..model import SUB_EVENT_TO_TYPE, Article, EventMention, Place
from ..nlp.dates import reference_date
from ..theaters import TheaterPack

#: levels that hold other places: an event placed only there may be told again at a town
_AREA_LEVELS = frozenset({"country", "governorate", "district", "subdistrict"})
#: a town and a quarter or site of it: one place when this close (km)
_QUARTER_KM = 10.0
#: finer first: the place the kept mention has
_LEVEL_RANK = {"landmark": 0, "neighbourhood": 1, "city": 2, "subdistrict": 3,
               "district": 4, "governorate": 5, "country": 6}
#: geocoding steps that took a mention's place from an earlier sentence or the article
_BORROWED_STEPS = frozenset({"paragraph", "article"})
#: days two tellings of one incident may differ by (a report trails its event by a day)
_DAY_SLACK = 1
#: ... and when one is dated only by the day of publication
_PUBLICATION_SLACK = 2
#: a blast ("the explosion") and the suicide bombing it was
_SUICIDE = "Suicide bomb"
_BLASTS = frozenset({"Remote explosive/landmine/IED", _SUICIDE})
#: how alike (0..100) a town's name and its governorate's must be to be one name
_SAME_NAME = 80
#: how many incidents, each with its own toll told in its own sentence (not a share of an
#: even split), a summary toll adds up
_SUMMARY_PARTS = 2
#: the geocoding step of a mention placed by its article alone, and of one placed by the
#: incident its pointing-back phrase names; how many sentences back that incident may be
_ARTICLE_PLACES = ("article", "landmark article")
_ANTECEDENT_PLACE = "antecedent"
_PLACE_REACH = 4
#: how many sentences back "the village of X" may name the village a toll was told for
_UNNAMED_REACH = 2
#: the last sentence of the lead that may tell the headline's incident (the headline is the
#: first sentence)
_HEADLINE_LEAD = 2
#: a pointing-back phrase headed by a word of fighting ("in the fighting", "the clashes")
_BATTLE_HEAD = re.compile(r"\b(?:" + "|".join(json_data("en", "corefer")["battle_heads"]) + r")\b",
                          re.IGNORECASE)
_CLASH, _ATTACK = "Armed clash", "Attack"
#: what the lead's telling of the headline's incident points back to
_HEADLINE = "the headline"
#: ACLED's interaction code of state forces
_STATE_FORCES = 1
#: the screen's hold reason for a sentence that only adds to the one before
_ELABORATION = "elaboration"
#: event types whose incidents a toll told next may belong to
_HARMS = {"Battles": True, "Explosions/Remote violence": True, "Violence against civilians": True}
#: the geocoding step of a place-list copy (stage ``distribute``)
_PLACE_LIST = "place list"


def anaphor_pattern(lang: str = "en") -> re.Pattern[str]:
    """A definite noun phrase pointing back to an event ("the strike", "Saturday's blast")."""
    doc = json_data(lang, "corefer")
    determiners = "|".join(doc["determiners"])
    heads = "|".join(doc["heads"])
    modifiers = int(doc["modifiers"])
    # modifiers are plain lower-case words, not a determiner of their own: "the regime's"
    # or a name is no modifier, and "the monitor said the attack" points back with "the attack"
    return re.compile(rf"(?i:\b(?:{determiners}))\s+"
                      rf"(?:(?!(?:{determiners})\b)[a-z][a-z-]*\s+){{0,{modifiers}}}?"
                      rf"(?i:(?:{heads}))\b")


def new_event_pattern(lang: str = "en") -> re.Pattern[str]:
    """An event noun, or a word that opens a new one ("another")."""
    doc = json_data(lang, "corefer")
    return re.compile(rf"\b(?:{'|'.join(doc['heads'] + doc['new_event'])})\b", re.IGNORECASE)


def named_place_patterns(lang: str = "en") -> tuple[re.Pattern[str], re.Pattern[str]]:
    """"the village of X" naming a place, and "a (jihadist-held) village" leaving one unnamed;
    group ``head`` is the place noun."""
    heads = "|".join(json_data(lang, "corefer")["named_place_heads"])
    named = re.compile(rf"\bthe\s+(?P<head>{heads})\s+of\s+[A-Z]", re.IGNORECASE)
    unnamed = re.compile(rf"\ban?\s+(?:[\w-]+\s+){{0,3}}?(?P<head>{heads})\b(?!\s+of\s+[A-Z])",
                         re.IGNORECASE)
    return named, unnamed


class EventCoreference:
    name = "corefer"
    requires = ("events", "events.place", "events.held_back")
    assigns = ("events.held_back",)

    def __init__(self, pack: TheaterPack, *, lang: str = "en"):
        self.pack = pack
        self._anaphor = anaphor_pattern(lang)
        self._new = new_event_pattern(lang)
        self._named_place, self._unnamed_place = named_place_patterns(lang)
        self._new_only = re.compile(rf"\b(?:{'|'.join(json_data(lang, 'corefer')['new_event'])})\b",
                                    re.IGNORECASE)

    def anaphor(self, article: Article, mention: EventMention) -> str | None:
        """The pointing-back phrase of the mention's clause, if it is the clause's first
        event noun: after "a raid on another clinic ..." the clause's "the raid"
        points back to that raid, not to an earlier sentence."""
        clause = article.text[mention.start:mention.end] or mention.text
        found = self._anaphor.search(clause)
        if found is None or self._new.search(clause, 0, found.start()):
            return None
        return found.group(0)

    def antecedent(self, article: Article, mention: EventMention,
                   earlier: list[EventMention]) -> EventMention | None:
        """The nearest earlier event mention the mention can be one incident with."""
        published = reference_date(article)
        for other in reversed(earlier):
            if other.sentence < mention.sentence and self.compatible(other, mention, published):
                return other
        return None

    def compatible(self, a: EventMention, b: EventMention,
                   published: dt.date | None = None) -> bool:
        if not _same_kind(a.sub_event_type, b.sub_event_type) or a.background != b.background:
            return False
        if _PLACE_LIST in (a.coding.geo_step, b.coding.geo_step):
            return False
        places_fit = (_places_fit(a.place, b.place)
                      or _borrowed(a) != _borrowed(b))   # a place guessed from before is no clash
        return (places_fit and _days_fit(a, b, published)
                and _tolls_fit(a, b) and self._actors_fit(a, b))

    def _actors_fit(self, a: EventMention, b: EventMention) -> bool:
        """No two different attackers; a force and a branch of it ("the air force") are one."""
        return not (a.actor1 and b.actor1 and self._force(a.actor1) != self._force(b.actor1))

    def _force(self, actor_id: str) -> str:
        """A force's key: its parent's for a branch; one key for a state's forces (ACLED's
        inter 1: the army and the police of one side), which outlets name loosely ("Syrian
        forces" in the headline, "security forces" in the lead)."""
        actor = self.pack.actor(actor_id)
        if actor is None:
            return actor_id
        if actor.inter == _STATE_FORCES and actor.side:
            return f"state forces: {actor.side}"
        return actor.parent or actor_id

    def __call__(self, article: Article) -> Article:
        earlier: list[EventMention] = []
        for mention in sorted(article.events, key=lambda m: (m.start, m.id)):
            if not mention.is_event:
                continue
            phrase = self.anaphor(article, mention)
            other = self.antecedent(article, mention, earlier) if phrase else None
            if other is None and not phrase:
                other, phrase = self._unnamed_antecedent(article, mention, earlier)
            if other is None and not phrase:
                other, phrase = self._headline_antecedent(article, mention, earlier)
            if other is None:
                if phrase and mention.coding.geo_step in _ARTICLE_PLACES:
                    self._place_of_antecedent(article, mention, earlier, phrase)
                earlier.append(mention)
                continue
            kept, dropped = (mention, other) if _finer(mention, other) else (other, mention)
            _absorb(kept, dropped, reference_date(article))
            dropped.held_back = (f"same event: told again in sentence {kept.sentence + 1}"
                                 if dropped is other else
                                 f"same event: \"{phrase}\" points back to sentence {kept.sentence + 1}")
            earlier = [m for m in earlier if m is not dropped]
            if kept is mention:
                earlier.append(mention)
        self._toll_told_next(article)
        self._hold_summaries(article)
        return article

    def _toll_told_next(self, article: Article) -> None:
        """"Warplanes struck a market in Saraqeb on Sunday. At least nine civilians were
        killed, the monitor said.": a toll told alone in the next sentence (held back by the
        screen as an elaboration: no place, day or event word of its own) is the toll of the
        incident just told, when that one has none."""
        published = reference_date(article)
        by_sentence: dict[int, list[EventMention]] = {}
        for m in article.events:
            if m.is_event:
                by_sentence.setdefault(m.sentence, []).append(m)
        for told in article.events:
            if not (told.held_back or "").startswith(_ELABORATION) or not told.fatalities.known \
                    or told.modality != "asserted" or told.background:
                continue
            clause = article.text[told.start:told.end] or told.text
            if self._new_only.search(clause):   # "another five were killed"
                continue
            before = [m for m in by_sentence.get(told.sentence - 1, [])
                      if not m.fatalities.known and _HARMS.get(m.event_type, False)
                      and _days_fit(m, told, published) and self._actors_fit(m, told)]
            if len(before) != 1:
                continue
            _absorb(before[0], told, published)
            told.held_back = (f"same event: its toll is the incident's told in sentence "
                              f"{before[0].sentence + 1}")

    def _unnamed_antecedent(self, article: Article, mention: EventMention,
                            earlier: list[EventMention]) -> tuple[EventMention | None, str | None]:
        """"Nine people died when jets bombed a rebel-held village in Idlib province. Barrel
        bombs fell on the village of X at dawn": a mention with
        no toll of its own that names "the village of X" is the incident a sentence just
        before told of "a village" unnamed, when the two can be one incident."""
        if mention.fatalities.known or mention.coding.geo_step in _BORROWED_STEPS:
            return None, None
        clause = article.text[mention.start:mention.end] or mention.text
        named = self._named_place.search(clause)
        if named is None or self._new_only.search(clause, 0, named.start()):
            return None, None
        head = named.group("head").lower()
        published = reference_date(article)
        for other in reversed(earlier):
            if mention.sentence - other.sentence > _UNNAMED_REACH:
                break
            if other.sentence >= mention.sentence or not other.fatalities.known:
                continue
            told = article.text[other.start:other.end] or other.text
            if not any(m.group("head").lower() == head for m in self._unnamed_place.finditer(told)):
                continue
            if self.compatible(other, mention, published):
                return other, named.group(0)
        return None, None

    def _headline_antecedent(self, article: Article, mention: EventMention,
                             earlier: list[EventMention]) -> tuple[EventMention | None, str | None]:
        """"Airstrikes destroy Idlib hospital leaving 13 dead" over "Air strikes hit a hospital
        in the town of Millis in Idlib province on Tuesday, killing 13": the headline tells,
        shorter, the incident its lead tells; the lead's first mention of the same kind that
        can be one incident with the headline's is that incident."""
        if mention.sentence > _HEADLINE_LEAD or mention.coding.geo_step in _BORROWED_STEPS \
                or not _has_headline(article):
            return None, None
        clause = article.text[mention.start:mention.end] or mention.text
        if self._new_only.search(clause):   # "another strike hit ..."
            return None, None
        published = reference_date(article)
        for other in earlier:
            if other.sentence != 0 or other.coding.geo_step in _BORROWED_STEPS:
                continue
            if any(m.sentence == mention.sentence or (0 < m.sentence < mention.sentence
                                                      and _same_kind(m.sub_event_type, other.sub_event_type))
                   for m in earlier if m is not other and m.is_event):
                continue   # the lead's own first telling of that kind came before this one
            if self.compatible(other, mention, published):
                return other, _HEADLINE
        return None, None

    def _place_of_antecedent(self, article: Article, mention: EventMention,
                             earlier: list[EventMention], phrase: str) -> None:
        """"Fighting went on Monday in Dafniya ... Eight people died on Sunday in the
        fighting": a clause with no place of its own (placed only by the article) whose
        pointing-back phrase names an incident told a few sentences before is at that
        incident's place (near it: geo_precision 2), not at the article's. Deaths "in the
        fighting" coded as a plain attack are the clash's."""
        published = reference_date(article)
        battle = _BATTLE_HEAD.search(phrase) is not None
        for other in reversed(earlier):
            if mention.sentence - other.sentence > _PLACE_REACH:
                break
            kind_fits = _same_kind(other.sub_event_type, mention.sub_event_type) or (
                battle and other.sub_event_type == _CLASH and mention.sub_event_type == _ATTACK)
            if other.sentence < mention.sentence and other.place is not None \
                    and other.coding.geo_step not in (*_ARTICLE_PLACES, _ANTECEDENT_PLACE) \
                    and kind_fits and other.background == mention.background \
                    and self._actors_fit(other, mention) and _days_fit(other, mention, published):
                if mention.sub_event_type != other.sub_event_type:
                    mention.sub_event_type, mention.event_type = other.sub_event_type, other.event_type
                mention.place, mention.place_text = other.place, other.place_text
                mention.geo_precision = max(2, other.geo_precision or 1)
                mention.coding = dataclasses.replace(mention.coding, geo_step=_ANTECEDENT_PLACE)
                return

    def _hold_summaries(self, article: Article) -> None:
        """"Shells killed five civilians in Aleppo on Wednesday ... three in the Saif
        al-Dawleh quarter ... two in the town of al-Zahraa": a toll at a coarse place that
        is the sum of the article's incidents inside it, told apart, is their summary, not an
        event of its own (ACLED codes the incidents); linked, it would rewrite their tolls."""
        published = reference_date(article)
        kept = [m for m in article.events if m.is_event]
        for coarse in kept:
            total = coarse.fatalities.best
            if not total or coarse.place is None:
                continue
            parts = [m for m in kept if m is not coarse and m.sentence != coarse.sentence
                     and m.fatalities.best and m.coding.fatalities_split is None and _finer(m, coarse)
                     and SUB_EVENT_TO_TYPE.get(m.sub_event_type) == SUB_EVENT_TO_TYPE.get(coarse.sub_event_type)
                     and _places_fit(coarse.place, m.place) and _days_fit(coarse, m, published)]
            if len({m.sentence for m in parts}) >= _SUMMARY_PARTS and sum(m.fatalities.best or 0 for m in parts) == total:
                told = ", ".join(str(s + 1) for s in sorted({m.sentence for m in parts}))
                coarse.held_back = f"summary: the toll of the incidents told in sentences {told}"


def _has_headline(article: Article) -> bool:
    """The first sentence is a headline: a line of its own, or with no closing stop."""
    if len(article.sentences) < 2:
        return False
    first = article.sentences[0]
    return "\n" in article.text[first.end:article.sentences[1].start] or \
        not first.text.rstrip("\"'\u201d\u2019)").endswith((".", "!", "?"))


def _same_kind(a: str, b: str) -> bool:
    """One sub-type, or a blast told once generically and once as what it was."""
    return a == b or {a, b} <= _BLASTS


def _places_fit(a: Place | None, b: Place | None) -> bool:
    """One place, or one inside the other. A governorate's capital also stands for its
    governorate here: "in Syria's Idlib" ... "the strike on the village of X"."""
    if a is None or b is None or a.id == b.id:
        return True
    if a.iso and b.iso and a.iso != b.iso:
        return False
    if _names_governorate(a) or _names_governorate(b):
        return bool(a.admin1 and a.admin1 == b.admin1)
    if a.level in _AREA_LEVELS or b.level in _AREA_LEVELS:
        area, inner = (a, b) if _LEVEL_RANK.get(a.level, 9) > _LEVEL_RANK.get(b.level, 9) else (b, a)
        return not (area.admin1 and inner.admin1 and area.admin1 != inner.admin1)
    if a.level != b.level and a.lat is not None and a.lon is not None \
            and b.lat is not None and b.lon is not None:
        # a town and a quarter or site of it
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= _QUARTER_KM
    return False


def _names_governorate(place: Place) -> bool:
    """A town named as its governorate is (Aleppo, Idlib, Homs): the name may mean either."""
    return place.level == "city" and bool(place.admin1) and \
        fuzz.ratio(fold(place.name), fold(place.admin1 or "")) >= _SAME_NAME


def _days_fit(a: EventMention, b: EventMention, published: dt.date | None) -> bool:
    if a.date.start is None or b.date.start is None:
        return True
    a_end, b_end = a.date.end or a.date.start, b.date.end or b.date.start
    slack = _DAY_SLACK
    if published is not None and published in (a.date.start, b.date.start):
        slack = _PUBLICATION_SLACK
    return (a.date.start - b_end).days <= slack and (b.date.start - a_end).days <= slack


def _tolls_fit(a: EventMention, b: EventMention) -> bool:
    fa, fb = a.fatalities, b.fatalities
    if not fa.known or not fb.known:
        return True
    lo_a, hi_a = fa.low if fa.low is not None else fa.best, fa.high if fa.high is not None else fa.best
    lo_b, hi_b = fb.low if fb.low is not None else fb.best, fb.high if fb.high is not None else fb.best
    if None in (lo_a, hi_a, lo_b, hi_b):
        return fa.best == fb.best
    return not (hi_a < lo_b or hi_b < lo_a)   # type: ignore[operator]


def _borrowed(m: EventMention) -> bool:
    """The mention's place was taken from an earlier sentence, not named in its own."""
    return m.coding.geo_step in _BORROWED_STEPS


def _place_rank(m: EventMention) -> tuple[int, int]:
    if m.place is None or _borrowed(m):
        return (9, 9)
    if _names_governorate(m.place):   # may be the governorate: never finer than a town
        return (3, _LEVEL_RANK["governorate"])
    return (m.geo_precision or 3, _LEVEL_RANK.get(m.place.level, 9))


def _finer(mention: EventMention, other: EventMention) -> bool:
    """The later telling is kept only when its place is finer (a tie keeps the first)."""
    return _place_rank(mention) < _place_rank(other)


def _named(m: EventMention) -> int:
    return (m.actor1 is not None) + (m.actor2 is not None)


def _absorb(kept: EventMention, dropped: EventMention, published: dt.date | None) -> None:
    """What the kept telling lacks, from the other: toll, actors, a day, and what the blast
    was ("the explosion" told again as "a suicide bomber ... the attack")."""
    if {kept.sub_event_type, dropped.sub_event_type} == _BLASTS:
        kept.sub_event_type = _SUICIDE
    if kept.fatalities.best is None and (dropped.fatalities.best is not None
                                         or not kept.fatalities.known and dropped.fatalities.known):
        kept.fatalities = dropped.fatalities
    if (_named(kept) == 1 and _named(dropped) == 2 and dropped.actor1 != dropped.actor2
            and (kept.actor1 or kept.actor2) in (dropped.actor1, dropped.actor2)):
        # the telling that names both sides places the one side the other names ("12 dead
        # in coalition strikes" beside "12 civilians were killed in raids by the coalition")
        kept.actor1, kept.actor2 = dropped.actor1, dropped.actor2
    if kept.actor1 is None and dropped.actor1 and dropped.actor1 != kept.actor2:
        kept.actor1 = dropped.actor1
    if kept.actor2 is None and dropped.actor2 and dropped.actor2 != kept.actor1:
        kept.actor2 = dropped.actor2
    day = "day"
    if dropped.date.precision == day and dropped.date.start is not None and (
            kept.date.start is None or kept.date.precision != day
            or (kept.date.start == published and dropped.date.start != published)):
        kept.date = dropped.date
    kept.coding = dataclasses.replace(kept.coding, coreferent=dropped.id)


def make_event_coreference(pack: TheaterPack, *, lang: str = "en") -> EventCoreference:
    return EventCoreference(pack, lang=lang)
