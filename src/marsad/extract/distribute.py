"""Stage ``distribute``: one event per place when a clause lists several (issue 12).

"Airstrikes hit the villages of A, B and C" is three events for ACLED, one per place;
"150 bodies were counted in A, 100 in B and 67 in C" is three events with their own
counts. The coder reads a clause as one event at one place; this stage splits a mention
whose clause names its own place in a list of theater places joined only by commas and
"and" (or by "N in") -- or names an approximate place the list refines ("in Eastern
Ghouta, the towns of A, B and C") -- into one mention per listed place:

- each copy keeps the clause, type, actors, date and modality, and gets its place at the
  precision the geocoder gives a place named that way;
- fatalities: a count written right before a place ("100 in Kfar Batna") is that place's;
  otherwise a total told for the whole list is split evenly (ACLED's practice for a toll
  over several locations; the remainder goes to the first places), and the mention's
  ``coding.fatalities_split`` records over how many places;
- each copy gets copies of the original's claims, so who says it stays known.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from ..core.geometry import haversine_km
from ..geo.gazetteer import HEAD_LIST_GAP, in_head_list
from ..lang import CueData
from ..model import PLACE_LEVELS, Article, Claim, EventMention, Fatalities, Mention, stable_id
from ..nlp.numbers import NUMBER_PATTERN, words_to_int
from ..theaters import TheaterPack

#: the list words, per language: ``lang/<lang>/distribute.json`` (the patterns around them are grammar)
_CUES = CueData("en", "distribute")
_AT = _CUES.alternatives("count_prepositions")
#: what may stand between two places of one list: commas, "and", "or", "as well as",
#: a repeated "the town of" head, or nothing but a space (texts stripped of commas).
#: A head with neither ("the Mashhad neighbourhood of Aleppo") places one in the other.
_HEAD_OF = r"(?:" + _CUES.alternatives("place_heads") + rf") {_CUES.word('of')}\s*"
_HEAD_ADJECTIVE = r"(?:(?:" + _CUES.alternatives("head_adjectives") + r") )?"
_JOINER = re.compile(
    r"^\s*(?:(?:" + _CUES.alternatives("list_joiners") + rf")\s*(?:(?:{_CUES.word('the')} )?"
    + r"(?-i:[A-Z][\w'-]* ){0,2}?" + _HEAD_ADJECTIVE + _HEAD_OF + rf")?|{_CUES.word('the')} " + _HEAD_OF
    + r")?$", re.IGNORECASE)
#: a place right before a head of the next ("the Damascus suburb of B", "the Idlib town of
#: B"): it says where the next lies, and is no item of a list
_MODIFIER_OF_NEXT = re.compile(r"\s+" + _HEAD_ADJECTIVE + _HEAD_OF, re.IGNORECASE)
#: a gap that is nothing but a head ("the village of"): a list only when the place before
#: it came after the same head ("the town of A the town of B", commas stripped), not "the
#: council of the city of A the village of B"
_BARE_HEAD = re.compile(rf"^\s*{_CUES.word('the')} ((?:" + _CUES.alternatives("place_heads")
                        + rf")) {_CUES.word('of')}\s*$", re.IGNORECASE)
#: the preposition before a place's own count, with an optional head ("in the town of")
_AT_PLACE = r"(?:" + _AT + rf")(?:\s+(?:{_CUES.word('the')}\s+)?" + _HEAD_OF + r")?"
#: "... 100 in" / "..., 67 in" / "one in the town of" right before a place: that place's own count
_OWN_COUNT = re.compile(rf"(?<![\w-])({NUMBER_PATTERN})\s+(?:[a-z]+\s+){{0,3}}?" + _AT_PLACE + r"\s*$",
                        re.IGNORECASE)
#: "three were killed, one in A, a second in B and a third in C": a place's share of the
#: clause's toll, joined like a list's item (a comma or "and") and right before the place
_SHARE = re.compile(r"(?:,|\b" + _CUES.word("and") + r")\s+(?:(?P<ordinal>"
                    + _CUES.alternatives("ordinal_shares") + rf")|(?P<count>{NUMBER_PATTERN}))\s+"
                    + _AT_PLACE + r"\s*$", re.IGNORECASE)
#: "N in A, M in B": the joiner holds the next place's count
_COUNT_JOINER = re.compile(rf"^\s*,?\s*(?:{_CUES.word('and')}\s+)?(?:{NUMBER_PATTERN})\s+(?:[a-z]+\s+){{0,2}}?"
                           + _AT_PLACE + r"\s*$", re.IGNORECASE)

_LEVEL_RANK = {level: i for i, level in enumerate(PLACE_LEVELS)}


def names_where_next_lies(text: str, place: Mention, places: list[Mention],
                          population: Mapping[str, int]) -> bool:
    """The place stands before a head of the next and holds it ("the Idlib town of X",
    "the Damascus suburb of X"): it says where that one lies, and is not the place itself.
    It holds the next when it is coarser, or of one level and the larger town ("the Sukkari
    neighbourhood of Aleppo" and "the Duma neighbourhood of Damascus" are Sukkari's and
    Duma's)."""
    head = _MODIFIER_OF_NEXT.match(text, place.end)
    if head is None:
        return False
    following = next((m for m in places if m.start == head.end()), None)
    if following is None:
        return False
    outer = _LEVEL_RANK.get(place.place_info.level, 0)
    inner = _LEVEL_RANK.get(following.place_info.level, 0)
    if outer != inner:
        return outer < inner
    size = population.get(place.norm or "")
    return size is not None and size > population.get(following.norm or "", 0)


#: how far the places of a list may lie from the approximate place they refine
AREA_KM = 40.0
#: levels a list of event places is made of (not governorates: "in Idlib and Hama" is the
#: front, not two strikes)
_LISTED_LEVELS = frozenset({"city", "neighbourhood", "landmark", "subdistrict"})


class PlaceDistributor:
    name = "distribute"
    requires = ("events", "events.place", "events.claims", "mentions.place")
    assigns = ("events",)

    def __init__(self, pack: TheaterPack, *, min_places: int = 2):
        self.pack = pack
        self.min_places = int(min_places)

    def listed_places(self, article: Article, mention: EventMention) -> list[Mention]:
        """The clause's list of theater places that holds the mention's own place."""
        if mention.place is None:
            return []
        places = [m for m in article.mentions_in(mention.sentence, "place")
                  if mention.start <= m.start and m.end <= mention.end and m.norm
                  and not m.place_info.abroad and m.place_info.level in _LISTED_LEVELS
                  and m.place_info.relation == "in"
]
        places = [m for m in places if not names_where_next_lies(
            article.text, m, places, self.pack.place_population)]
        places.sort(key=lambda m: m.start)
        runs: list[list[Mention]] = []
        for m in places:
            if runs:
                gap = article.text[runs[-1][-1].end:m.start]
                if self._other_head(article, runs[-1][-1], gap):
                    runs.append([m])
                    continue
                if _JOINER.match(gap) or _COUNT_JOINER.match(gap) or (
                        HEAD_LIST_GAP.fullmatch(gap) and in_head_list(article.text, m.start)):
                    # ("the villages of A, B, C": B unknown to the gazetteer, A and C listed)
                    runs[-1].append(m)
                    continue
            runs.append([m])
        own = mention.place
        for run in runs:
            ids = [m.norm for m in run]
            if len(set(ids)) < self.min_places:
                continue
            if own.id in ids or (mention.geo_precision or 1) >= 2 and self._inside(own, ids):
                return list({m.norm: m for m in run}.values())
        return []

    @staticmethod
    def _other_head(article: Article, before: Mention, gap: str) -> bool:
        """A bare head between two places ("... the city of A the village of B") that does
        not repeat the head the first place came after: two places of different roles."""
        bare = _BARE_HEAD.match(gap)
        if not bare:
            return False
        head = bare.group(1).lower()
        lead = article.text[max(0, before.start - 30):before.start].lower()
        return not re.search(rf"\b{re.escape(head)} {_CUES.word('of')}\s*$", lead)

    def _inside(self, area, ids) -> bool:
        """Listed places that refine an approximate place ("in Eastern Ghouta, the towns of
        A, B and C"): all within ``AREA_KM`` of it."""
        if area.lat is None or area.lon is None:
            return False
        for pid in ids:
            p = self.pack.place(pid)
            if p is None or p.lat is None or p.lon is None:
                return False
            if haversine_km(area.lat, area.lon, p.lat, p.lon) > AREA_KM:
                return False
        return True

    def __call__(self, article: Article) -> Article:
        out: list[EventMention] = []
        new_claims: list[Claim] = []
        claims_of: dict[str, list[Claim]] = {}
        for c in article.claims:
            if c.event_mention:
                claims_of.setdefault(c.event_mention, []).append(c)
        for mention in article.events:
            listed = self.listed_places(article, mention) if mention.is_event else []
            if not listed:
                if mention.is_event and mention.fatalities.known:
                    self._own_share(article, mention)
                out.append(mention)
                continue
            # a place's own count splits a toll the clause tells; with none ("shells wounded
            # 20 in A and 7 in B"), a number before a place is no toll
            counts: list[int | None] = (self._counts(article, listed) if mention.fatalities.known
                                        else [None] * len(listed))
            if counts[0] is None and any(counts[1:]) and self._told_before(article, mention, listed[0]):
                # "five were killed in A and one in B": the clause's own toll is the first place's
                counts[0] = mention.fatalities.best
            shares = even_shares(mention.fatalities, len(listed)) if not any(counts) else None
            assert mention.place is not None  # listed_places lists only around a placed mention
            for i, place_mention in enumerate(listed):
                place = self.pack.place(place_mention.norm or "")
                if place is None:
                    continue
                if counts[i] is not None:
                    fat = Fatalities(low=counts[i], high=counts[i], best=counts[i],
                                     text=str(counts[i]))
                elif shares is not None:
                    fat = shares[i]
                else:
                    fat = Fatalities()
                first = i == 0 and mention.place.id not in {m.norm for m in listed}
                copy = mention if place.id == mention.place.id or first else dataclasses.replace(
                    mention, id=stable_id(mention.id, "at", place.id), claims=[])
                copy.place, copy.place_text, copy.geo_precision = place, place_mention.text, 1
                copy.fatalities = fat
                copy.coding = dataclasses.replace(
                    copy.coding, geo_step="place list",
                    fatalities_split=len(listed) if shares is not None else None)
                if copy is not mention:
                    for c in claims_of.get(mention.id, ()):
                        twin = dataclasses.replace(c, id=stable_id(c.id, copy.id),
                                                   event_mention=copy.id)
                        new_claims.append(twin)
                        copy.claims.append(twin.id)
                out.append(copy)
        article.events = out
        article.claims.extend(new_claims)
        return article

    @staticmethod
    def _own_share(article: Article, mention: EventMention) -> None:
        """"Three died in raids: one in Hama province, a second in Idlib province and a
        third in Saraqib": where the clause's toll is shared out and the
        mention's own place has its own share written before it, that share is its toll."""
        if not mention.place_text or mention.coding.fatalities_split:
            return
        at = article.text.find(mention.place_text, mention.start, mention.end)
        total = mention.fatalities.best
        if at < 0 or total is None:
            return
        start = max(mention.start, at - 60)
        found = _SHARE.search(article.text[start:at])
        told = mention.fatalities.text or ""
        if found is None or not told or told not in article.text[mention.start:start + found.start()]:
            return   # a share comes after the toll it shares out, joined like a list's item
        own = 1 if found.group("ordinal") else words_to_int(found.group("count"))
        if own is not None and 0 < own < total:
            mention.fatalities = Fatalities(low=own, high=own, best=own, text=found.group(0).strip())

    @staticmethod
    def _told_before(article: Article, mention: EventMention, first: Mention) -> bool:
        """Whether the mention's toll is written in its clause before the list's first place."""
        told = mention.fatalities.text
        return told is not None and told != "" and told in article.text[mention.start:first.start]

    @staticmethod
    def _counts(article: Article, listed: list[Mention]) -> list[int | None]:
        """Each place's own count ("100 in Kfar Batna"), None where the text gives none."""
        counts: list[int | None] = []
        for m in listed:
            before = article.text[max(0, m.start - 60):m.start]
            found = _OWN_COUNT.search(before)
            counts.append(words_to_int(found.group(1)) if found else None)
        return counts


def even_shares(total: Fatalities, n: int) -> list[Fatalities] | None:
    """A toll told for the whole list, split evenly (the remainder to the first places)."""
    best = total.best if total.best is not None else total.low
    if best is None:
        return None
    base, extra = divmod(best, n)
    return [Fatalities(low=base + (i < extra), high=base + (i < extra), best=base + (i < extra),
                       qualifier=total.qualifier, text=total.text) for i in range(n)]


def make_place_distributor(pack: TheaterPack, *, min_places: int = 2) -> PlaceDistributor:
    return PlaceDistributor(pack, min_places=min_places)
