"""Stage ``places``: place mentions with relations, namesakes resolved by context.

For each gazetteer match the tagger reads the words around it for a relation ("south of
Aleppo", "near X", "the northern Aleppo countryside", "eastern Aleppo", "X province",
"outskirts of X") and then picks one namesake: level hints from those words, the
population/level prior, and agreement with the article's other places (same governorate,
nearby). "X province" resolves to the governorate; "X countryside" to the town X (the
provincial capital for a governorate's name), where ACLED and UCDP place such events.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..core.geometry import haversine_km
from ..core.stage import FunctionStage
from ..lang import CueData
from ..model import Article, Mention, Place, PlaceInfo
from ..theaters import TheaterPack
from .abroad import AbroadMatch, AbroadMatcher
from .gazetteer import ACTIVITY_KM, ACTIVITY_PRIOR, Gazetteer, PlaceMatch, focus_data, spelling

_DIR = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?"
_DIR_ADJ = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?|central|middle"
_THE = r"(?:the\s+)?"
#: "the town of", "the northern city of", "the Syrian capital" between a relation word and
#: the name it relates to ("west of the Syrian capital Damascus")
_CITY_OF = (r"(?:(?:provincial\s+capital|city|town|village)\s+of\s+"
            r"|(?:[a-z'-]+\s+){1,2}?(?:(?:city|town|village)\s+of|capital)\s+)?")

_PRE = [
    ("capital", re.compile(rf"\b(?:provincial\s+)?capital\s+of\s+{_THE}$")),
    ("province", re.compile(rf"\b(?:province|governorate)\s+of\s+{_THE}$")),
    ("countryside", re.compile(
        rf"\b(?:countryside|rural\s+areas?|suburbs|reef|rif)\s+(?:of|around)\s+{_THE}{_CITY_OF}$"
        rf"|\brural\s+$")),
    ("outskirts", re.compile(rf"\b(?:outskirts|edges?|fringes|entrances?|gates)\s+of\s+{_THE}{_CITY_OF}$")),
    ("part", re.compile(
        rf"\b(?:(?:{_DIR_ADJ})\s+)?(?:districts|neighbou?rhoods|parts?|sectors?|sections?|quarters|half)"
        rf"\s+of\s+{_THE}{_CITY_OF}$")),
    ("dir of", re.compile(
        rf"\b({_DIR})\s+of\s+{_THE}{_CITY_OF}$")),
    ("near", re.compile(
        rf"\b(?:near|nearby|close\s+to|vicinity\s+of|around|outside|surroundings\s+of|"
        rf"environs\s+of|approaches\s+to|towards?|road\s+to|periphery\s+of)\s+{_THE}{_CITY_OF}$")),
    ("adj", re.compile(rf"\b({_DIR_ADJ})\s+$")),
    # "the town of Jayrud, 60 kilometres (35 miles) from Damascus": a distance says where
    # something else is, not that the event is in the place named
    ("near", re.compile(r"\b\d+\s*(?:km|kms|kilomet(?:re|er)s?|miles?)\s+(?:\([^)]*\)\s+)?"
                        rf"(?:from|of|outside|away\s+from)\s+{_THE}{_CITY_OF}$")),
]
#: "a convoy carrying residents from the towns of A and B", "civilians fleeing Douma": where
#: people came from, not where the event happened (relation "from", ranked like "near", never
#: one place of a list of event places)
_ORIGIN = re.compile(
    rf"(?:\b(?:evacu\w*|residents|civilians|inhabitants|families|refugees|displaced|people)\b"
    rf"[^.;:]{{0,40}}?\bfrom|\b(?:fled|fleeing)(?:\s+from)?)\s+{_THE}"
    rf"(?:[a-z'-]+\s+){{0,3}}?(?:(?:towns?|villages?|cities|city|areas?)\s+of\s+{_THE})?$")
_ORIGIN_REACH = 120
#: between two items of a list ("from A and B", "from A, B or C")
_LIST_JOIN = re.compile(r"(?:\s*,\s*|,?\s+(?:and|or)\s+)(?:the\s+)?", re.I)
#: "a northern district of Manbij", "one neighbourhood of Douma": a part of the town, not
#: the administrative district of its name (whose seat may lie 50 km off)
_PART_ONE = re.compile(
    rf"\b(?:a|an|one|another|{_THE}(?:{_DIR_ADJ}))\s+(?:[a-z]+-held\s+|residential\s+)?"
    rf"(?:district|neighbou?rhood|quarter|suburb|part|sector|section)\s+of\s+{_THE}{_CITY_OF}$")
#: a road named by the towns it joins: "the road between A and B", "the highway linking A
#: with B", "the road from A to B", "the A-B highway", "the Khanasir road". The event is on
#: the road, near the towns (ACLED: near a town, coded at the town, precision 2)
_ROAD_WORD = r"(?:(?:international\s+)?(?:road|highway|motorway|route)s?)"
_PRE_ROAD = re.compile(rf"\b{_ROAD_WORD}\s+(?:between|linking|connecting|joining|from)\s+{_THE}"
                       rf"(?:[^.;:]{{1,50}}?\s+(?:and|to|with)\s+{_THE})?$")
_POST_ROAD = re.compile(rf"^(?:\s*[-–—/]\s*[A-Z][\w'’]*(?:[\s-]+[A-Za-z][\w'’]*){{0,3}}?)?\s+{_ROAD_WORD}\b",
                        re.I)
_POST_PROVINCE = re.compile(r"^(?:'s|’s)?\s+(?:province|governorate)\b", re.I)
_POST_COUNTRYSIDE = re.compile(
    rf"^(?:'s|’s)?\s+(?:(?:{_DIR_ADJ})\s+)?(?:countryside|suburbs|rural\s+areas|outskirts)\b", re.I)
_POST_DISTRICT = re.compile(r"^(?:'s|’s)?\s+(?:district|neighbou?rhood|quarter|suburb)\b", re.I)
_POST_CITY = re.compile(r"^\s+(?:city|town|village)\b", re.I)
_PRE_CITY = re.compile(r"\b(?:city|town|village)\s+of\s+$")
_PRE_DISTRICT = re.compile(r"\b(?:district|neighbou?rhood|quarter)\s+of\s+$")

#: levels a hint word prefers
_PREFER = {
    "province": ("governorate",),
    "district": ("neighbourhood", "district", "subdistrict"),
    "city": ("city",),
}
_SPELLING_WEIGHT = 0.6
#: the text's own word for the level ("X province", "the town of X") outweighs every prior
#: (a provincial capital named in hundreds of training reports is not "Aleppo province")
_LEVEL_HINT = 2.0
#: the text spells the name or an alias of a namesake of standing (not a minor hamlet) up to
#: ``spelling``'s folds, not only its folded key
_EXACT_SPELLING = 0.3
#: ... of a populated place: a landmark's bare name ("Tishreen" of Tishreen farm) is a word
#: many things are named after
_EXACT_LEVELS = ("city", "neighbourhood", "district", "subdistrict")
#: weight of one focus governorate (an outlet's, an armed group's) against 0.5-1.0 for a
#: place the text names
_FOCUS_WEIGHT = 0.5
_CONTEXT_NEAR_KM = 25.0
_CONTEXT_REGION_KM = 75.0
#: namesakes whose scores differ by less than this are a tie the text did not decide
_TIE_MARGIN = 0.05
#: context weight of a district the text names that contains the namesake
_DISTRICT_WEIGHT = 0.5
#: context bonus of the namesakes inside the governorate the text names in the same
#: sentence or, failing that, the nearest earlier sentence of the paragraph ("... in Deir
#: ez-Zor province. Jets then struck Jasim"): the province the reader has in mind there,
#: stronger than places named elsewhere in the article
_LOCAL_PROVINCE = 1.0
#: ... for the namesakes spelled as the text spells them, up to one transliteration
_LOCAL_SPELLING = 0.98


@dataclass(frozen=True)
class Choice:
    """One namesake chosen: its id, why (None when the name has one place), and the
    namesakes that scored alike (a tie: the context could not decide)."""

    pid: str
    reason: str | None
    tied: tuple[str, ...]


@dataclass(frozen=True)
class ResolvedPlace:
    """One match resolved: the place it names and how the text relates to it."""

    match: PlaceMatch
    place: Place             # what the mention denotes (the governorate for a countryside)
    named: Place             # the namesake chosen for the words themselves
    relation: str            # "in", "near", "north of", "outskirts", "part", "road", "countryside", "province", "from"
    candidates: tuple[str, ...]
    choice: str | None = None  # why this namesake (or its governorate, or none) was chosen


def _road_word_in(low: str) -> bool:
    """A cheap test before the road patterns: most words around a place name are no road."""
    return "road" in low or "highway" in low or "motorway" in low or "route" in low


def relation_of(text: str, match: PlaceMatch) -> tuple[str, str | None]:
    """(relation, hint) from the words around a match; hint in _PREFER or 'countryside'."""
    line_start = max(text.rfind("\n", 0, match.start), text.rfind(". ", 0, match.start)) + 1
    pre = text[max(line_start, match.start - 60):match.start].lower()
    post = text[match.end:match.end + 40]
    if _PRE[0][1].search(pre):
        return "capital", "province"
    if _POST_PROVINCE.match(post):
        return "province", "province"
    if _POST_COUNTRYSIDE.match(post):
        return "countryside", "countryside"
    if pre.endswith(("of ", "of the ")) and _PART_ONE.search(pre):
        return "part", None
    if _road_word_in(pre) and _PRE_ROAD.search(pre) or (
            _road_word_in(post.lower()) and _POST_ROAD.match(post)):
        return "road", None
    hint = None
    if _POST_DISTRICT.match(post) or _PRE_DISTRICT.search(pre):
        hint = "district"
    elif _POST_CITY.match(post) or _PRE_CITY.search(pre):
        hint = "city"
    for name, rx in _PRE:
        m = rx.search(pre)
        if not m:
            continue
        if name == "capital":
            return "capital", "province"
        if name == "province":
            return "province", "province"
        if name == "countryside":
            return "countryside", "countryside"
        if name == "dir of":
            return f"{m.group(1).replace(' ', '').replace('-', '')} of", hint
        if name == "adj":
            return "part", hint
        return name, hint
    if _ORIGIN.search(text[max(line_start, match.start - _ORIGIN_REACH):match.start].lower()):
        return "from", hint
    return "in", hint


def relations_of(text: str, matches: Sequence[PlaceMatch]) -> list[tuple[str, str | None]]:
    """``relation_of`` for each match; the next items of a list whose first item people came
    "from" ("residents from Fuaa and Kafraya") are where they came from too."""
    rel = [relation_of(text, m) for m in matches]
    for i in range(1, len(matches)):
        if (rel[i - 1][0] == "from" and rel[i][0] == "in"
                and _LIST_JOIN.fullmatch(text[matches[i - 1].end:matches[i].start])):
            rel[i] = ("from", rel[i][1])
    return rel


class PlaceResolver:
    """Chooses namesakes for a text's matches (shared by the tagger and ``geocode_name``)."""

    def __init__(self, gazetteer: Gazetteer, *, max_candidates: int = 8):
        self.gaz = gazetteer
        self.max_candidates = max_candidates
        #: (governorate, district) -> the district as a place
        self.districts: dict[tuple[str | None, str | None], Place] = {(p.admin1, p.admin2): p for p in sorted(
            gazetteer.places.values(), key=lambda p: p.id)
            if p.level == "district" and p.admin1 and p.admin2 and p.lat is not None}
        self.rural_damascus = next((p for p in gazetteer.places.values()
                                    if p.level == "governorate" and p.admin1 == "Rural Damascus"),
                                   None)

    def resolve(self, text: str, matches: list[PlaceMatch],
                context: Sequence[Place] = (),
                focus: Sequence[tuple[Place, str]] = (),
                sentences: Sequence[tuple[int, int]] = ()) -> list[ResolvedPlace]:
        """``focus``: governorates the outlet reports from or the text's armed groups fight
        in, each with why (``PlaceFocus``): weaker context than the text's own places.
        ``sentences``: the text's sentence spans (default: one sentence), for the province
        a sentence or its paragraph names (``_LOCAL_PROVINCE``)."""
        rel = relations_of(text, matches)
        cands = [[pid for pid in self._shortlist(m)
                  if self.gaz.places[pid].level != "country"] or list(m.candidates[:1])
                 for m in matches]
        first = [self._pick(c, hint, [], m.text) for c, (_, hint), m in zip(cands, rel, matches)]
        # the article's places as context: one entry per place, unambiguous ones weigh more
        weight: dict[str, float] = {}
        for c, pid in zip(cands, first):
            weight[pid] = weight.get(pid, 0.0) + (1.0 if len(c) == 1 else 0.5)
        labels = {p.id: why for p, why in focus}
        local = self._local_provinces(text, matches, rel, first, cands, sentences)
        out = []
        for i, m in enumerate(matches):
            why = None
            tie_place = None
            if len(cands[i]) > 1:
                ctx = [(self.gaz.places[pid], w) for pid, w in weight.items()
                       if pid not in cands[i]]
                ctx += [(p, 1.0) for p in context]
                ctx += [(p, _FOCUS_WEIGHT) for p, _ in focus]
                choice = self._choose(cands[i], rel[i][1], ctx, m.text, labels, local[i])
                named, why = self.gaz.places[choice.pid], choice.reason
                if choice.tied:
                    tie_place, why = self._tie(choice.tied)
            else:
                named = self.gaz.places[first[i]]
            relation = rel[i][0]
            place = named
            if tie_place is not None:
                # not a coin toss: the namesakes' governorate when they share one (ACLED
                # precision 3), else the country (no place for the event from this name)
                others = tuple(c for c in cands[i] if c != tie_place.id)
                out.append(ResolvedPlace(m, tie_place, tie_place, "in", others, why))
                continue
            if relation in ("countryside", "province"):
                place = self._region(named, relation)
            elif relation == "capital":
                # "the provincial capital of the Aleppo Governorate": the city itself
                place, relation = self._capital(named), "in"
                named = place
            others = tuple(c for c in cands[i] if c != named.id)
            out.append(ResolvedPlace(m, place, named, relation, others, why))
        return out

    def _local_provinces(self, text: str, matches: list[PlaceMatch], rel, first: list[str],
                         cands: list[list[str]], sentences: Sequence[tuple[int, int]]
                         ) -> list[tuple[Place, str] | None]:
        """For each match whose namesakes lie in several governorates: the governorate the
        text names in its sentence ("X province", "the province of X", "the X countryside"
        of a provincial capital) or, failing that, in the nearest earlier sentence of its
        paragraph that names places (a sentence naming only towns in between leaves the
        article's places to decide), with where it was named. None when the match's own
        sentence names other towns: they are its context."""
        out: list[tuple[Place, str] | None] = [None] * len(matches)
        places = self.gaz.places
        multi = [len(cs) > 1 and len({places[c].admin1 for c in cs}) > 1 for cs in cands]
        if len(matches) < 2 or not any(multi):
            return out
        spans = sorted(sentences) or [(0, len(text))]
        starts = [a for a, _ in spans]
        sent = [max(0, bisect.bisect_right(starts, m.start) - 1) for m in matches]
        named: dict[int, list[tuple[int, Place]]] = {}   # sentence -> (position, governorate)
        towns: dict[int, int] = {}   # sentence -> how many places below a province it names
        placed: set[int] = set()      # sentences that name a place below the country
        for k, m in enumerate(matches):
            p = places[first[k]]
            relation = rel[k][0]
            if p.level == "country":
                continue
            placed.add(sent[k])
            if (p.level == "governorate" or relation == "province"
                    or (relation == "countryside" and first[k] in self.gaz.capital_ids)):
                gov = self.gaz.governorate_of(p)
                if gov is not None:
                    named.setdefault(sent[k], []).append((m.start, gov))
                    continue
            towns[sent[k]] = towns.get(sent[k], 0) + 1
        if not named:
            return out
        for i, m in enumerate(matches):
            if not multi[i]:
                continue
            s = sent[i]
            if towns.get(s, 0) > 1:
                continue   # "from Madaya and Zabadani": the sentence's own towns decide
            here = [(abs(pos - m.start), gov) for pos, gov in named.get(s, ()) if pos != m.start]
            if here:
                out[i] = (min(here, key=lambda x: x[0])[1], "in the same sentence")
                continue
            k = s
            while k > 0 and "\n" not in text[spans[k - 1][1] - 1:spans[k][0]]:
                k -= 1
                if named.get(k):
                    where = "in the previous sentence" if k == s - 1 else "earlier in the paragraph"
                    out[i] = (named[k][-1][1], where)
                if k in placed:
                    break   # the nearest sentence that names places decides, or nothing does
        return out

    def _shortlist(self, m: PlaceMatch) -> list[str]:
        """The candidates weighed: the namesakes spelled as the text spells them first, then
        the rest by prior (a name of twelve places: the hamlets spelled "Barisha" are not
        cut off behind places of standing whose key only folds alike)."""
        if len(m.candidates) <= self.max_candidates:
            return list(m.candidates)
        spelled = spelling(m.text)
        strong = self.gaz.strong_surfaces
        return sorted(m.candidates, key=lambda pid: spelled not in strong.get(pid, ()))[
            :self.max_candidates]

    def _tie(self, tied: tuple[str, ...]) -> tuple[Place, str]:
        govs = sorted({self.gaz.places[pid].admin1 or "" for pid in tied})
        districts = {(self.gaz.places[pid].admin1, self.gaz.places[pid].admin2) for pid in tied}
        if len(districts) == 1:
            district = self.districts.get(next(iter(districts)))
            if district is not None:
                # namesakes in one district: its area (ACLED precision 2), not the province
                return (district, f"tie: {len(tied)} namesakes in {district.name} district; "
                        "placed at the district")
        if len(govs) == 1 and govs[0] and govs[0] in self.gaz.governorates:
            return (self.gaz.governorates[govs[0]],
                    f"tie: {len(tied)} namesakes in {govs[0]}; placed at the governorate")
        return self.gaz.country, f"tie: {len(tied)} namesakes in {', '.join(g or '?' for g in govs)}; not placed"

    def _capital(self, gov: Place) -> Place:
        return self.gaz.capitals.get(gov.id, gov) if gov.level == "governorate" else gov

    def _region(self, named: Place, relation: str) -> Place:
        if (relation == "countryside" and named.level == "city" and named.admin1 == "Damascus"
                and self.rural_damascus is not None):
            return self.rural_damascus
        if relation == "countryside" and named.level == "city":
            # "Afrin countryside", "the countryside of Daraa": placed at the town, as ACLED
            # (provincial capital / nearby town) and UCDP (3:1 on training rows) code it
            return named
        return self.gaz.governorate_of(named) or named

    def _pick(self, cands: list[str], hint: str | None, ctx, text: str | None) -> str:
        return self._choose(cands, hint, ctx, text).pid

    def _choose(self, cands: list[str], hint: str | None, ctx, text: str | None,
                labels: dict[str, str] | None = None,
                local: tuple[Place, str] | None = None) -> Choice:
        """The namesake the words, the prior and the context favour, and why (``local``:
        the governorate named in the sentence or paragraph, and where)."""
        if len(cands) == 1:
            return Choice(cands[0], None, ())
        prefer = _PREFER.get(hint or "", ())
        spelled = spelling(text) if text else ""
        exact = {pid for pid in cands if self._spelled_as(pid, spelled)} if spelled else set()
        # the text spells some namesake's own name (a hamlet's too) and not the capital's:
        # "Al Qanatir" is the hamlets of that name, not Al Qunaytirah whose key folds alike
        named = {pid for pid in cands if spelled in self.gaz.strong_surfaces.get(pid, ())} \
            if spelled else set()
        # the text spells a town's own name and only a variant of a provincial capital's
        # ("Adra" is the town of Adra, not Daraa, whose old name Adraa folds alike): the
        # capital's variant neither spells it nor earns the capital's bonus
        primary = {pid for pid in named if spelling(self.gaz.places[pid].name) == spelled}
        variant_only = {pid for pid in named - primary if pid in self.gaz.capital_ids} \
            if primary else set()
        if variant_only:
            named -= variant_only
            exact -= variant_only
        # the local province favours the namesakes inside it that the text spells, unless
        # the text spells a provincial capital elsewhere ("Homs" stays the city)
        in_local: set[str] = set()
        if local is not None and text and not any(
                pid in self.gaz.capital_ids and pid in named
                and self.gaz.places[pid].admin1 != local[0].admin1 for pid in cands):
            in_local = {pid for pid in cands if self.gaz.places[pid].admin1 == local[0].admin1
                        and (pid in named or self.gaz.spelling_score(pid, text) >= _LOCAL_SPELLING)}
        scored: list[tuple[float, float, float, str]] = []   # total, own, context, id
        for pid in cands:
            p = self.gaz.places[pid]
            own = self.gaz.prior(pid) + ACTIVITY_PRIOR * math.log10(1 + self.gaz.activity(pid))
            if p.level in prefer and (pid in named or not named):
                # "the town of Houla": a level word favours the namesakes the text spells,
                # not a town whose name only folds alike (Al Hawl)
                own += _LEVEL_HINT
            if hint == "countryside" and p.level == "neighbourhood":
                own -= _LEVEL_HINT
            if hint != "province" and pid in self.gaz.capital_ids and (pid in named or not named):
                # "Daraa", "the countryside of Daraa": the provincial capital, not a hamlet
                # whose name folds alike, even when the text also names the hamlet's region;
                # unless the text spells another town's name and not the capital's ("Sayda"
                # is the town in Daraa, not As-Suwayda)
                own += 0.5
            if text and pid not in variant_only:
                # "Teir Maaleh" and "Tarmala" share a key; spelling breaks the tie
                own += _SPELLING_WEIGHT * self.gaz.spelling_score(pid, text) ** 2
                if pid in exact or (not exact and pid in named):
                    # "Maadan" is Ma'dan's name, not Mayadin's; and when the text spells no
                    # place of standing, the hamlets it spells are likelier than a town
                    # whose name only folds alike ("Barisha", not Barissa)
                    own += _EXACT_SPELLING
            context = self._context_score(p, ctx) + (_LOCAL_PROVINCE if pid in in_local else 0.0)
            scored.append((own + context, own, context, pid))
        order = sorted(range(len(scored)), key=lambda i: (-scored[i][0], i))
        best, second = scored[order[0]], scored[order[1]]
        # namesakes that score alike and lie apart (two records of one place are no tie)
        top = self.gaz.places[best[3]]
        tied = tuple(scored[i][3] for i in order if best[0] - scored[i][0] < _TIE_MARGIN
                     and (i == order[0] or _km_apart(top, self.gaz.places[scored[i][3]]) > _CONTEXT_NEAR_KM))
        if len(tied) > 1:
            return Choice(best[3], f"tie: {len(tied)} namesakes score alike", tied)
        if best[2] - second[2] >= best[1] - second[1] and best[2] > second[2]:
            if best[3] in in_local and second[3] not in in_local and local is not None:
                return Choice(best[3], self._local_reason(best[3], cands, local), ())
            return Choice(best[3], "context: " + self._context_reason(self.gaz.places[best[3]], ctx,
                                                                      labels or {}), ())
        return Choice(best[3], "prior: " + self._prior_reason(best[3], second[3], prefer, text), ())

    def _local_reason(self, best: str, cands: list[str], local: tuple[Place, str]) -> str:
        """"context: in Deir-ez-Zor, the province named in the previous sentence (not the
        namesake in Dar'a)"."""
        gov, where = local
        p = self.gaz.places[best]
        elsewhere = sorted({q.admin1 or "?" for q in (self.gaz.places[c] for c in cands)
                            if q.admin1 != p.admin1})
        noun = "namesake" if len(elsewhere) == 1 else "namesakes"
        return (f"context: in {gov.admin1 or gov.name}, the province named {where} "
                f"(not the {noun} in {', '.join(elsewhere)})")

    def _spelled_as(self, pid: str, spelled: str) -> bool:
        """``spelled`` is a name or alias of a populated place of standing (not a minor
        hamlet, not a landmark), up to ``spelling``'s folds."""
        return (pid not in self.gaz.minor and self.gaz.places[pid].level in _EXACT_LEVELS
                and spelled in self.gaz.strong_surfaces.get(pid, ()))

    def _context_reason(self, p: Place, ctx, labels: dict[str, str]) -> str:
        district = sorted({q.name for q, _ in ctx if q.level == "district" and q.admin2
                           and q.admin2 == p.admin2 and q.admin1 == p.admin1})
        if district:
            return f"in {district[0]} district, named in the text"
        near = [(haversine_km(p.lat, p.lon, q.lat, q.lon), q) for q, _ in ctx
                if p.lat is not None and p.lon is not None and q.lat is not None and q.lon is not None
                and q.level not in ("governorate", "country")]
        if near:
            km, q = min(near, key=lambda x: (x[0], x[1].id))
            if km < _CONTEXT_REGION_KM:
                return f"{km:.0f} km from {q.name}, named in the text"
        same = sorted({q.name for q, _ in ctx if q.admin1 and q.admin1 == p.admin1
                       and q.id not in labels})
        if same:
            return f"in {p.admin1}, as {', '.join(same[:2])} named in the text"
        focus = sorted({labels[q.id] for q, _ in ctx if q.id in labels and q.admin1 == p.admin1})
        return f"in {p.admin1}, {'; '.join(focus[:2])}" if focus else "the text's places"

    def _prior_reason(self, best: str, second: str, prefer, text: str | None) -> str:
        gaz, pack = self.gaz, self.gaz.pack
        a, b = gaz.places[best], gaz.places[second]
        if prefer and a.level in prefer and b.level not in prefer:
            return f"the text calls it a {a.level}"
        if best in gaz.capital_ids and second not in gaz.capital_ids:
            return "a provincial capital"
        if text and gaz.spelling_score(best, text) > gaz.spelling_score(second, text) + 0.05:
            return "spelled most like it"
        if gaz.population.get(best, 0) > gaz.population.get(second, 0):
            return f"population {gaz.population[best]:,}"
        if pack.place_reports.get(best, 0) > pack.place_reports.get(second, 0):
            return f"named in {pack.place_reports[best]} training reports"
        near_a, near_b = gaz.activity(best), gaz.activity(second)
        if near_a > near_b:
            return (f"fighting reported around it ({near_a} training reports within "
                    f"{ACTIVITY_KM:.0f} km, {near_b} around {b.name})")
        feature = pack.place_features.get(best, "")
        if feature.startswith("PPLA"):
            return "an administrative seat"
        return f"a {a.level}, not a {b.level}" if a.level != b.level else "level and spelling"

    @staticmethod
    def _context_score(p: Place, ctx) -> float:
        if not ctx:
            return 0.0
        total = sum(w for _, w in ctx)
        same = sum(w for q, w in ctx if q.admin1 and q.admin1 == p.admin1)
        score = 0.4 * same / total
        # "Khirbat as Sawda, Manbij district": the district named contains it (its centroid
        # may lie farther off than a namesake in the next district)
        district = sum(w for q, w in ctx if q.level == "district" and q.admin2
                       and q.admin2 == p.admin2 and q.admin1 == p.admin1)
        score += _DISTRICT_WEIGHT * district / total
        if p.lat is not None and p.lon is not None:
            near = min((haversine_km(p.lat, p.lon, q.lat, q.lon) for q, _ in ctx
                        if q.lat is not None and q.lon is not None and q.level not in ("governorate", "country")),
                       default=None)
            if near is not None:
                score += 0.5 if near < _CONTEXT_NEAR_KM else 0.25 if near < _CONTEXT_REGION_KM else 0
        return score


def _km_apart(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return float("inf")
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def place_mentions(article: Article, resolved: list[ResolvedPlace]) -> list[Mention]:
    starts = [s.start for s in article.sentences]
    out = []
    for r in resolved:
        m = r.match
        sent = max(0, bisect.bisect_right(starts, m.start) - 1) if starts else 0
        info = PlaceInfo(
            level=r.place.level, lat=r.place.lat, lon=r.place.lon, relation=r.relation,
            anchor=r.named.id if (r.relation != "in" or r.place.id != r.named.id) else None,
            candidates=tuple(r.candidates),
            fuzzy=round(m.score, 3) if m.score < 1.0 else None, choice=r.choice)
        out.append(Mention(kind="place", text=m.text, start=m.start, end=m.end, sentence=sent,
                           norm=r.place.id, info=info))
    return out


def abroad_mentions(article: Article, found: list[AbroadMatch]) -> list[Mention]:
    """Place mentions for names abroad; ``abroad`` marks them, ``locative`` says a word
    like "in" or "north of" puts something there (the geocoder uses only those)."""
    starts = [s.start for s in article.sentences]
    return [Mention(kind="place", text=a.text, start=a.start, end=a.end,
                    sentence=max(0, bisect.bisect_right(starts, a.start) - 1) if starts else 0,
                    norm=a.place.id,
                    info=PlaceInfo(level=a.place.level, lat=a.place.lat, lon=a.place.lon,
                                   relation=a.relation, anchor=None, candidates=(a.place.id,),
                                   abroad=True, country=a.place.country,
                                   locative=bool(a.locative)))
            for a in found]


class PlaceFocus:
    """Governorates a text is likely about beyond the places it names: the outlet's (its
    name names a governorate, or the pack's ``place_focus.json`` says where it reports from)
    and those where the armed groups the text names mostly fought (``place_focus.json``)."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        data = focus_data(gaz.pack)
        govs = gaz.governorates
        names: dict[str, list[str]] = {}
        for admin1, gov in govs.items():
            names[admin1] = [n for n in (admin1, gov.name, *gaz.pack.place_aliases.get(gov.id, ()))
                             if len(n) >= 4]
        # one pattern per governorate (some name of it as a word), not one search per
        # name: the same areas, 0.02 s less of the stage's build
        named = {a: re.compile(r"\b(?:" + "|".join(re.escape(n) for n in ns) + r")\b", re.I)
                 for a, ns in names.items() if ns}
        self.outlets: dict[str, tuple[str, ...]] = {}
        for outlet in gaz.pack.outlets:
            title = str(outlet.get("name") or "")
            spelled = [title, *outlet.get("aliases", ())]
            areas = list(data["outlets"].get(title, ()))
            areas += [a for a, rx in named.items() if any(rx.search(s) for s in spelled)]
            if areas:
                for s in spelled:
                    self.outlets[s.lower()] = tuple(dict.fromkeys(areas))
        self.actors: dict[str, tuple[str, tuple[str, ...]]] = {}
        for actor in gaz.pack.actors:
            fought = tuple(data["actors"].get(actor.id, ()))
            if fought:
                for alias in (actor.name, *actor.aliases):
                    self.actors[alias] = (alias, fought)
        # the first letters as a lookahead: the alternation is tried only where one begins
        first = "".join(sorted({re.escape(a[0]) for a in self.actors}))
        self._actor_rx = re.compile(rf"\b(?=[{first}])(?:" + "|".join(
            re.escape(a) for a in sorted(self.actors, key=lambda a: (-len(a), a))) + r")\b") \
            if self.actors else None

    def __call__(self, text: str, outlet: str | None) -> list[tuple[Place, str]]:
        out: dict[str, tuple[Place, str]] = {}
        govs = self.gaz.governorates
        for admin1 in self.outlets.get((outlet or "").lower(), ()):
            if admin1 in govs:
                out.setdefault(admin1, (govs[admin1], f"where the outlet {outlet} reports from"))
        if self._actor_rx is not None:
            for m in self._actor_rx.finditer(text):
                alias, areas = self.actors[m.group()]
                for admin1 in areas:
                    if admin1 in govs:
                        out.setdefault(admin1, (govs[admin1], f"where {alias}, named in the text, fought"))
        return list(out.values())


def _capital_pattern(pack: TheaterPack) -> re.Pattern[str] | None:
    """"the Syrian capital": the theater's demonym before "capital" names its capital."""
    if not pack.capital or not pack.demonyms:
        return None
    names = "|".join(re.escape(d) for d in sorted(pack.demonyms, key=len, reverse=True))
    return re.compile(rf"\bthe (?:{names}) capital\b(?!\s*(?:city\s+)?(?:of\s+)?[A-Z])")


def _capital_matches(text: str, pattern: re.Pattern[str], capital: str,
                     matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """The theater's capital where the text calls it so and names no city right after
    ("the Syrian capital Damascus" names Damascus itself)."""
    out = []
    for m in pattern.finditer(text):
        if any(x.start < m.end() and m.start() < x.end for x in matches):
            continue
        before = text[max(0, m.start() - 20):m.start()].split()
        after = text[m.end():m.end() + 20].split()
        out.append(PlaceMatch(start=m.start(), end=m.end(), text=m.group(), candidates=(capital,),
                              before=before[-1].lower() if before else "",
                              after=after[0].lower() if after else ""))
    return out


#: "pro-Damascus media", "Tehran-backed militias", "a London-based monitor": a place name
#: that qualifies a side or a seat, not a place where anything happened
_SIDE_BEFORE = re.compile(r"\b(?:pro|anti)-$", re.IGNORECASE)
_SIDE_AFTER = re.compile(r"-(?:backed|led|allied|aligned|based|friendly|supported|sponsored|"
                         r"funded|armed|trained|loyal)\b", re.IGNORECASE)


#: "said activist Abu Omar": a name right after a person's role noun is the person's
_PERSONS = CueData("en", "persons")
_ROLE_BEFORE = re.compile(r"\b(?:" + "|".join(_PERSONS.words("lower_titles") + _PERSONS.words("role_nouns"))
                          + r")\s+$")


#: "Daesh (outlawed in Russia)": a country a group is banned in, in the wire's aside
_BANNED_IN = re.compile(r"\([^()]{0,60}?\b(?:outlawed|banned|prohibited|proscribed|illegal)"
                        r"(?: as [^()]{1,40}?)? in (?:the )?$", re.IGNORECASE)


def _names_a_side(text: str, m: PlaceMatch) -> bool:
    return bool(_SIDE_BEFORE.search(text, max(0, m.start - 5), m.start)
                or _BANNED_IN.search(text, max(0, m.start - 80), m.start)
                or _SIDE_AFTER.match(text, m.end)
                or _ROLE_BEFORE.search(text, max(0, m.start - 20), m.start))


#: "the capital" with no word before it to say whose ("the Syrian capital" is
#: ``_capital_pattern``'s), no name after it ("the capital Damascus", "the capital, Beirut":
#: the name itself is matched) and no "of" ("the capital of the province", "of the
#: revolution", "of its caliphate": another capital)
_BARE_CAPITAL = re.compile(r"\b[Tt]he capital\b(?!\s*,?\s*(?:city\s+)?(?:the\s+)?[A-Z]|\s+(?:city\s+)?of\b)")
#: a province named in the phrase's sentence before it: "the capital" may be its capital
#: ("the militia wants the whole province, where a quarter of the capital ...")
_PROVINCE_WORD = re.compile(r"\b(?:province|provincial|governorate)\b", re.IGNORECASE)


def _bare_capital_matches(text: str, capital: str, gaz: Gazetteer, matches: list[PlaceMatch],
                          abroad: AbroadMatcher) -> list[tuple[PlaceMatch, str]]:
    """"shelling of the capital's eastern suburbs": the theater's capital, with why, where
    the article says which country it means: it names the theater (its country or people,
    or places of it) more often than any other country (by name or places abroad), and
    the nearest country named before the phrase is the theater, by name or by a place of
    it (or none is named before it, and no other country in the whole text), and its
    sentence names no province before it (whose capital it may be). Otherwise no place: "the capital" of a page
    about Libya that names Syria in passing is Tripoli."""
    found = [m for m in _BARE_CAPITAL.finditer(text)
             if not any(x.start < m.end() and m.start() < x.end for x in matches)]
    if not found:
        return []
    theater = gaz.pack.country
    # (position, country) of each reference to a country: by name, people or a place
    refs: list[tuple[int, str]] = [(m.start(), theater) for m in gaz.theater_names.finditer(text)]
    names = len(refs)
    own = [m for m in matches if m.candidates and gaz.places[m.candidates[0]].level != "country"]
    refs += [(m.start, theater) for m in own]
    foreign: dict[str, int] = {}
    for a in abroad.find(text, [(m.start, m.end) for m in matches]):
        country = a.place.country or a.place.name
        if country != theater:
            refs.append((a.start, country))
            foreign[country] = foreign.get(country, 0) + 1
    named = names + len({m.candidates[0] for m in own})
    if not named or max(foreign.values(), default=0) >= named:
        return []
    refs.sort()
    out = []
    for m in found:
        lead = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        if _PROVINCE_WORD.search(text, lead, m.start()) is not None:
            continue
        before = [r for r in refs if r[0] < m.start()]
        if before[-1:] != [] and before[-1][1] != theater or not before and foreign:
            continue   # no country named before it, and another named after it
        words = text[max(0, m.start() - 20):m.start()].split()
        after = text[m.end():m.end() + 20].split()
        out.append((PlaceMatch(start=m.start(), end=m.end(), text=m.group(), candidates=(capital,),
                               before=words[-1].lower() if words else "",
                               after=after[0].lower() if after else ""),
                    f"'the capital': the text is about {theater} ({named} mentions of it or its "
                    f"places against {max(foreign.values(), default=0)} for another country)"))
    return out


def make_place_tagger(pack: TheaterPack, *, gazetteer: Gazetteer | None = None,
                      max_candidates: int = 8, lang: str = "en") -> FunctionStage:
    """Stage ``places``: adds ``Mention(kind="place")`` for each place named in the text
    (``lang``: the language of the place stop words)."""
    gaz = gazetteer or Gazetteer.for_pack(pack, lang)
    resolver = PlaceResolver(gaz, max_candidates=max_candidates)
    abroad = AbroadMatcher(pack)
    focus = PlaceFocus(gaz)

    capital = _capital_pattern(pack)

    def tag(article: Article) -> Article:
        matches = [m for m in gaz.find(article.text) if not _names_a_side(article.text, m)]
        if capital is not None and pack.capital:
            matches.extend(_capital_matches(article.text, capital, pack.capital, matches))
        bare: dict[int, str] = {}
        if pack.capital and pack.capital in gaz.places and "the capital" in article.text.lower():
            for m, why in _bare_capital_matches(article.text, pack.capital, gaz, matches, abroad):
                matches.append(m)
                bare[m.start] = why
        if article.outlet and len(article.outlet) > 3:
            # "told Hama Free Voice": a place word inside the outlet's own name is no place
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(article.outlet), article.text)]
            if spans:
                matches = [m for m in matches if not any(a <= m.start and m.end <= b for a, b in spans)]
        if matches and abroad.countries is not None:
            # "in Sulaimaniya in northern Iraq", "Sousse, Tunisia": a small place's name the text
            # puts in another country is that country's place ("refugees from Homs in
            # Lebanon" still name Homs)
            matches = [m for m in matches if not (
                (gaz.small(m) or gaz.weak(m)) and abroad.in_country_after(article.text, m.end))]
        ambiguous = any(len(m.candidates) > 1 for m in matches)
        resolved = resolver.resolve(article.text, matches,
                                    focus=focus(article.text, article.outlet) if ambiguous else (),
                                    sentences=[(s.start, s.end) for s in article.sentences])
        if bare:
            resolved = [replace(r, choice=bare[r.match.start])
                        if r.match.start in bare and r.choice is None else r for r in resolved]
        article.mentions = [m for m in article.mentions if m.kind != "place"]
        article.mentions.extend(place_mentions(article, resolved))
        taken = [(r.match.start, r.match.end) for r in resolved]
        article.mentions.extend(abroad_mentions(article, [
            a for a in abroad.find(article.text, taken)
            if not _BANNED_IN.search(article.text, max(0, a.start - 80), a.start)]))
        return article

    return FunctionStage(name="places", func=tag, requires=("sentences",),
                         assigns=("mentions.place",))
