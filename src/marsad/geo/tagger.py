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
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.geometry import haversine_km
from ..core.stage import FunctionStage
from ..model import Article, Mention, Place, PlaceInfo
from ..theaters import TheaterPack
from .abroad import AbroadMatch, AbroadMatcher
from .gazetteer import Gazetteer, PlaceMatch

_DIR = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?"
_DIR_ADJ = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?|central|middle"
_THE = r"(?:the\s+)?"
_CITY_OF = r"(?:(?:provincial\s+capital|city|town|village)\s+of\s+)?"

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
]
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
_CONTEXT_NEAR_KM = 25.0
_CONTEXT_REGION_KM = 75.0


@dataclass(frozen=True)
class ResolvedPlace:
    """One match resolved: the place it names and how the text relates to it."""

    match: PlaceMatch
    place: Place             # what the mention denotes (the governorate for a countryside)
    named: Place             # the namesake chosen for the words themselves
    relation: str            # "in", "near", "north of", "outskirts", "part", "countryside", "province"
    candidates: tuple[str, ...]


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
    return "in", hint


class PlaceResolver:
    """Chooses namesakes for a text's matches (shared by the tagger and ``geocode_name``)."""

    def __init__(self, gazetteer: Gazetteer, *, max_candidates: int = 8):
        self.gaz = gazetteer
        self.max_candidates = max_candidates
        self.rural_damascus = next((p for p in gazetteer.places.values()
                                    if p.level == "governorate" and p.admin1 == "Rural Damascus"),
                                   None)

    def resolve(self, text: str, matches: list[PlaceMatch],
                context: Sequence[Place] = ()) -> list[ResolvedPlace]:
        rel = [relation_of(text, m) for m in matches]
        cands = [[pid for pid in m.candidates[:self.max_candidates]
                  if self.gaz.places[pid].level != "country"] or list(m.candidates[:1])
                 for m in matches]
        first = [self._pick(c, hint, [], m.text) for c, (_, hint), m in zip(cands, rel, matches)]
        # the article's places as context: one entry per place, unambiguous ones weigh more
        weight: dict[str, float] = {}
        for c, pid in zip(cands, first):
            weight[pid] = weight.get(pid, 0.0) + (1.0 if len(c) == 1 else 0.5)
        out = []
        for i, m in enumerate(matches):
            if len(cands[i]) > 1:
                ctx = [(self.gaz.places[pid], w) for pid, w in weight.items()
                       if pid not in cands[i]]
                ctx += [(p, 1.0) for p in context]
                named = self.gaz.places[self._pick(cands[i], rel[i][1], ctx, m.text)]
            else:
                named = self.gaz.places[first[i]]
            relation = rel[i][0]
            place = named
            if relation in ("countryside", "province"):
                place = self._region(named, relation)
            elif relation == "capital":
                # "the provincial capital of the Aleppo Governorate": the city itself
                place, relation = self._capital(named), "in"
                named = place
            others = tuple(c for c in cands[i] if c != named.id)
            out.append(ResolvedPlace(m, place, named, relation, others))
        return out

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
        if len(cands) == 1:
            return cands[0]
        prefer = _PREFER.get(hint or "", ())
        best, best_score = cands[0], float("-inf")
        for pid in cands:
            p = self.gaz.places[pid]
            score = self.gaz.prior(pid)
            if p.level in prefer:
                score += 1.0
            if hint == "countryside" and p.level == "neighbourhood":
                score -= 1.0
            if hint != "province" and pid in self.gaz.capital_ids:
                # "Daraa", "the countryside of Daraa": the provincial capital, not a hamlet
                # whose name folds alike, even when the text also names the hamlet's region
                score += 0.5
            score += self._context_score(p, ctx)
            if text:  # "Teir Maaleh" and "Tarmala" share a key; spelling breaks the tie
                score += _SPELLING_WEIGHT * self.gaz.spelling_score(pid, text) ** 2
            if score > best_score:
                best, best_score = pid, score
        return best

    @staticmethod
    def _context_score(p: Place, ctx) -> float:
        if not ctx:
            return 0.0
        total = sum(w for _, w in ctx)
        same = sum(w for q, w in ctx if q.admin1 and q.admin1 == p.admin1)
        score = 0.4 * same / total
        if p.lat is not None and p.lon is not None:
            near = min((haversine_km(p.lat, p.lon, q.lat, q.lon) for q, _ in ctx
                        if q.lat is not None and q.lon is not None and q.level not in ("governorate", "country")),
                       default=None)
            if near is not None:
                score += 0.5 if near < _CONTEXT_NEAR_KM else 0.25 if near < _CONTEXT_REGION_KM else 0
        return score


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
            fuzzy=round(m.score, 3) if m.score < 1.0 else None)
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


def make_place_tagger(pack: TheaterPack, *, gazetteer: Gazetteer | None = None,
                      max_candidates: int = 8, lang: str = "en") -> FunctionStage:
    """Stage ``places``: adds ``Mention(kind="place")`` for each place named in the text
    (``lang``: the language of the place stop words)."""
    gaz = gazetteer or Gazetteer.for_pack(pack, lang)
    resolver = PlaceResolver(gaz, max_candidates=max_candidates)
    abroad = AbroadMatcher(pack)

    def tag(article: Article) -> Article:
        matches = gaz.find(article.text)
        if article.outlet and len(article.outlet) > 3:
            # "told Hama Free Voice": a place word inside the outlet's own name is no place
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(article.outlet), article.text)]
            if spans:
                matches = [m for m in matches if not any(a <= m.start and m.end <= b for a, b in spans)]
        resolved = resolver.resolve(article.text, matches)
        article.mentions = [m for m in article.mentions if m.kind != "place"]
        article.mentions.extend(place_mentions(article, resolved))
        taken = [(r.match.start, r.match.end) for r in resolved]
        article.mentions.extend(abroad_mentions(article, abroad.find(article.text, taken)))
        return article

    return FunctionStage(name="places", func=tag, requires=("sentences",),
                         assigns=("mentions.place",))
