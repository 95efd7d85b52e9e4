"""Stage ``geocode``: an ACLED-style place and geo-precision for every event mention.

Order of evidence, most specific first:

1. the coder's ``place_text`` when it names a gazetteer place (or a place mention inside it);
2. the place mentions of the event's clause / sentence ("in X" beats "south of X");
3. the nearest earlier sentence of the same paragraph that names a place (precision >= 2);
4. the article's dominant place's governorate (precision 3): the text does not tie the
   event to the town the article is mostly about, only to its province (issue 12).

ACLED geo_precision: 1 = the place itself; 2 = near it, part of a region, or a landmark the
gazetteer lacks inside it; 3 = only the province is known. Nothing found: place stays None.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from collections.abc import Iterable
from pathlib import Path

from ..core.geometry import haversine_km
from ..core.landmarks import anchor_of, find_landmarks
from ..core.names import place_name_key
from ..core.stage import FunctionStage
from ..model import Article, EventMention, Mention, Place
from ..theaters import TheaterPack
from .gazetteer import Gazetteer, said_in
from .tagger import PlaceResolver

#: how specific a level is (lower is more specific)
SPECIFICITY = {"neighbourhood": 0, "landmark": 1, "city": 2, "subdistrict": 3, "district": 4,
               "governorate": 5, "country": 6}
#: how directly a relation places the event (lower is more direct)
#: the relation of a place people came from ("residents from Fuaa and Kafraya")
ORIGIN = "from"
RELATION_RANK = {"in": 0, "part": 0, "outskirts": 1, "near": 1, "from": 1, "road": 2, "countryside": 2,
                 "province": 2}
#: landmarks that are areas, not points ("Eastern Ghouta", "Jabal al Akrad mountain")
_AREA = re.compile(r"\b(?:ghouta|qalamoun|mountains?|jabal|jebel|jabel|area|fields?|pocket|"
                   r"enclave|sector|plains?|desert|hills?|farms|valley|region|triangle|border|"
                   r"badia|countryside|tulul|island)\b", re.I)
_FAR_KM = 150.0
_INSIDE_KM = 15.0  # a quarter or suburb this close to the coder's city is inside it
_SUFFIXES = ("town", "village", "city", "district", "governorate", "province", "neighbourhood",
             "neighborhood", "suburb", "area", "countryside", "camp", "quarter", "subdistrict")


def precision_of(place: Place, relation: str = "in") -> int:
    """ACLED geo_precision for a place reached through ``relation``."""
    if place.level in ("governorate", "country") or relation in ("countryside", "province"):
        return 3
    if relation == "in" and place.level in ("city", "neighbourhood"):
        return 1
    if relation == "in" and place.level == "landmark" and not _AREA.search(place.name):
        return 1  # an airport, a base, a dam: a point
    return 2  # near / north of / outskirts / part of ("eastern Aleppo") / a district


def wide_area(m: Mention) -> bool:
    """A landmark naming a wide area ("Eastern Ghouta", "the Kharrata desert"): coarser than a
    town of the same sentence ("in Douma, the main town of the Ghouta area, where ...")."""
    return m.place_info.level == "landmark" and bool(_AREA.search(m.text))


def _rank(m: Mention) -> tuple[int, int, int]:
    info = m.place_info
    rel_rank = RELATION_RANK.get(info.relation, 1)  # "north of", "south of" ... rank like "near"
    level = "district" if wide_area(m) else info.level
    return (rel_rank, SPECIFICITY.get(level, 6), m.start)


def best_mention(mentions: Iterable[Mention]) -> Mention | None:
    """The most specific place below country level in the theater; failing that, a place
    abroad that a locative word puts something in ("exploded in Mosul", "in northern Iraq")."""
    mentions = [m for m in mentions if m.norm]
    usable = [m for m in mentions
              if m.place_info.level != "country" and not m.place_info.abroad]
    if usable:
        return min(usable, key=_rank)
    abroad = [m for m in mentions if m.place_info.abroad and m.place_info.locative]
    return min(abroad, key=_rank) if abroad else None


class EventGeocoder:
    def __init__(self, pack: TheaterPack, gazetteer: Gazetteer | None = None):
        self.pack = pack
        self.gaz = gazetteer or Gazetteer.for_pack(pack)
        self.resolver = PlaceResolver(self.gaz)
        self._governorates = {p.admin1: p for p in self.gaz.places.values()
                              if p.level == "governorate" and p.admin1}
        self._regions = Regions.for_pack(pack)
        home = sorted({re.escape(w) for w in (pack.country, *pack.demonyms) if w}, key=len, reverse=True)
        self._home_named = re.compile(r"\b(?:" + "|".join(home) + r")(?:'s|’s|s)?\b") if home else None

    def place(self, pid: str) -> Place | None:
        return self.gaz.places.get(pid)

    def _placed(self, m: Mention) -> Place:
        """The gazetteer place of a tagged mention: ``by_sentence`` holds only mentions whose
        norm is a gazetteer place id, and every mention located here comes from it."""
        p = self.gaz.places.get(m.norm) if m.norm is not None else None
        assert p is not None, f"place mention {m.text!r} ({m.norm!r}) is not in the gazetteer"
        return p

    def _precision(self, place: Place, relation: str = "in") -> int:
        if relation == "countryside" and place.level == "city" and place.id not in self.gaz.capital_ids:
            return 2  # "Afrin countryside": near a town, not the whole province
        return precision_of(place, relation)

    def __call__(self, article: Article) -> Article:
        if not article.events:
            return article
        by_sentence: dict[int, list[Mention]] = {}
        for m in article.mentions:
            if m.kind == "place" and m.norm in self.gaz.places:
                by_sentence.setdefault(m.sentence, []).append(m)
        dominant = self._dominant(article, by_sentence)
        landmarks = (find_landmarks(article.text)
                     if any(ev.coding.landmark for ev in article.events) else [])
        for ev in article.events:
            why: dict[str, str] = {}
            if ev.coding.landmark:
                place, precision, step, rel = self._locate_landmark(article, ev, by_sentence, dominant,
                                                                    landmarks)
            else:
                place, precision, step, rel = self._locate(article, ev, by_sentence, dominant, why)
            if place is not None and place.level == "country" and not self.pack.is_abroad(place):
                place = None   # the theater alone locates nothing (ACLED needs a province)
            ev.place = place
            ev.geo_precision = precision if place is not None else None
            if place is not None:
                ev.coding = replace(ev.coding, geo_step=step, place_relation=rel,
                                    place_choice=why.get("choice")
                                    or _choice_for(place.id, ev.sentence, by_sentence))
        return article

    def _locate_landmark(self, article: Article, ev: EventMention, by_sentence, dominant, landmarks):
        """A landmark the gazetteer lacks: the place the text puts it in (where this event
        names it, else where the article names it elsewhere), else the paragraph's or the
        article's place; never more precise than 2."""
        key = ev.coding.landmark
        span = ev.coding.landmark_span or (ev.start, ev.end)
        spans = [tuple(span)] + [(lm.named_start, lm.named_end) for lm in landmarks
                                 if lm.key == key and not lm.anaphor and lm.named_start != span[0]]
        m, step, best = None, "landmark anchor", None
        for a, b in spans:  # the most precise anchor; this event's own naming on a tie
            named = next((s.index for s in article.sentences if s.start <= a < s.end), ev.sentence)
            found = anchor_of(article.text, a, b, by_sentence.get(named, []))
            if found is not None:
                prec = self._precision(self._placed(found), found.place_info.relation)
                if best is None or prec < best:
                    m, best = found, prec
        if m is not None and m.place_info.relation == "road":
            on_road = _where_on_road(by_sentence.get(ev.sentence, []))
            if on_road is not None:
                m, step = on_road, "landmark sentence"
            else:   # "the Khanasir - Ithriya road" named as "Ithriya road": its first town
                m = _road_town(article.text, m, by_sentence.get(ev.sentence, []), self.gaz.places)
        if m is None:
            # "pushed into the east of Homs, taking the power station": a relation in the
            # sentence says where (a bare "in X" there may name a sibling target instead);
            # so does a province that sets the scene before the landmark ("in the province
            # of Raqqa ... inside base 17"; not "far from Idlib province" after it)
            m = best_mention([x for x in by_sentence.get(ev.sentence, [])
                              if x.place_info.relation in ("near", "outskirts")
                              or x.place_info.relation.endswith(" of")
                              or (x.place_info.relation in ("province", "countryside")
                                  and x.end <= span[0])])
            step = "landmark sentence"
        region = self._regions.named(article.text, ev.start, ev.end)
        if m is None:
            m, step = (self._earlier_in_paragraph(article, ev.sentence, by_sentence, region),
                       "landmark paragraph")
        if region is not None and dominant is not None and dominant.admin1 not in region:
            dominant = None
        if m is None and dominant is not None:
            return (dominant, 3 if dominant.level in ("governorate", "country") else 2,
                    "landmark article", "in")
        if m is None:
            m, step = best_mention(by_sentence.get(ev.sentence, [])), "landmark sentence"
        if m is not None:
            p = self._placed(m)
            return p, max(2, self._precision(p, m.place_info.relation)), step, m.place_info.relation
        return None, None, None, None

    def _locate(self, article: Article, ev: EventMention, by_sentence, dominant,
                why: dict[str, str] | None = None):
        in_sentence = [m for m in by_sentence.get(ev.sentence, [])
                       if not said_in(article.text, m.start, m.end)]
        in_clause = [m for m in in_sentence if ev.start <= m.start and m.end <= ev.end]
        local = in_clause or in_sentence
        if ev.place_text:
            hit = self._from_place_text(article, ev.place_text, local, dominant)
            if hit is not None:
                return self._as_the_text_puts_it(article.text, hit, local, why)
        m = best_mention(local)
        if m is not None:
            p = self._placed(m)
            return self._as_the_text_puts_it(
                article.text, (p, self._precision(p, m.place_info.relation), "sentence",
                               m.place_info.relation), local, why)
        # "a village in northern Syria": a clause that names a region of the country takes
        # no place outside it from the sentences before
        region = self._regions.named(article.text, ev.start, ev.end)
        m = self._earlier_in_paragraph(article, ev.sentence, by_sentence, region)
        if m is not None and m.place_info.abroad and self._home_named is not None \
                and self._home_named.search(article.text, ev.start, ev.end):
            # "blamed Syria's leader for the country's worst chemical attack" after a sentence
            # set in Moscow: a clause naming the theater's country borrows no place abroad
            m = None
        if m is not None:
            p = self._placed(m)
            return p, max(2, self._precision(p, m.place_info.relation)), "paragraph", m.place_info.relation
        if dominant is not None and (region is None or dominant.admin1 in region):
            province = (dominant if dominant.level in ("governorate", "country")
                        else self._governorates.get(dominant.admin1 or ""))
            if province is not None:
                return province, 3, "article", "in"
            return dominant, 2, "article", "in"
        return None, None, None, None

    def _as_the_text_puts_it(self, text: str, hit, local: list[Mention],
                             why: dict[str, str] | None):
        """"Jets struck Jasim, east of Manbij": a namesake chosen hundreds of km from the town
        the sentence puts it beside is the wrong one. Then the namesake within reach of that
        town (precision 1), or, if it has none there, the town itself (precision 2: the
        place is near it). Only for a name of several places: a town with one place of its
        name is where the text says, however far ("Palmyra, east of Homs")."""
        p, prec, step, rel = hit
        if rel != "in" or p is None or p.lat is None:
            return hit
        own = next((x for x in local if x.norm == p.id and x.place_info.relation == "in"), None)
        if (own is None or own.place_info.abroad
                or not [c for c in own.place_info.candidates if c != p.id]):
            return hit
        refs = [(x, q, _reach_km(text, x.start)) for x in local if x is not own
                and (x.place_info.relation in ("near", "outskirts") or x.place_info.relation.endswith(" of"))
                and x.place_info.level not in ("governorate", "country") and not x.place_info.abroad
                and (q := self._placed(x)).lat is not None]
        if not refs or any(_km(p, q) <= reach for _, q, reach in refs):
            return hit
        ref, q, reach = min(refs, key=lambda r: abs(r[0].start - own.start))
        near = sorted((_km(c, q), c.id, c) for c in (self.gaz.places.get(pid) for pid in own.place_info.candidates)
                      if c is not None and c.lat is not None and c.level != "country" and _km(c, q) <= reach)
        if why is not None:
            why["choice"] = (f"context: the text puts it {ref.place_info.relation} {ref.text}; "
                             f"not {p.name} in {p.admin1} ({_km(p, q):.0f} km away)")
        if near:
            c = near[0][2]
            return c, self._precision(c), step, "in"
        return q, max(2, self._precision(q, ref.place_info.relation)), step, ref.place_info.relation

    def _from_place_text(self, article, place_text: str, local: list[Mention], dominant):
        key = place_name_key(place_text)
        for m in local:  # the coder's words are (or contain) a tagged mention
            if m.place_info.level == "country" and not m.place_info.abroad:
                continue  # "Syria", or a name whose namesakes tie across governorates
            if key and (place_name_key(m.text) == key or m.text in place_text):
                if m.place_info.relation == "road":
                    m = _where_on_road(local) or _road_town(article.text, m, local, self.gaz.places)
                m = self._more_specific_inside(m, local)
                p, rel = self._placed(m), m.place_info.relation
                if place_name_key(m.text) == key or m.text not in place_text:
                    return p, self._precision(p, rel), "place text", rel
                return p, max(2, self._precision(p, rel)), "place text", rel
        # the tagger found the coder's words a tie between namesakes: looking them up again
        # would toss the coin (or take a place whose name only folds alike)
        tied = bool(key) and any(m.place_info.level == "country" and not m.place_info.abroad
                                 and place_name_key(m.text) == key for m in local)
        anchors = ([self._placed(m) for m in local if m.place_info.level != "country"]
                   or ([dominant] if dominant else []))
        found = None if tied else geocode_name(place_text, self.pack, context=anchors,
                                               gazetteer=self.gaz)
        if found is not None and found.level != "country":
            if not anchors or any(_plausible(found, a) for a in anchors if a is not None):
                return found, self._precision(found), "place text lookup", "in"
        # a landmark the gazetteer lacks: the enclosing place the sentence gives
        enclosing = best_mention(local)
        if enclosing is not None:
            p = self._placed(enclosing)
            return (p, max(2, self._precision(p, enclosing.place_info.relation)), "sentence",
                    enclosing.place_info.relation)
        return None

    def _more_specific_inside(self, m: Mention, local: list[Mention]) -> Mention:
        """"Hamdaniya in Aleppo" with place_text "Aleppo": the quarter inside it is better."""
        best = best_mention(local)
        if best is None or best is m or _rank(best)[:2] >= _rank(m)[:2]:
            return m
        outer = self._placed(m)
        inner = self._placed(best)
        if outer.level in ("city", "neighbourhood", "landmark") and _km(outer, inner) <= _INSIDE_KM:
            return best
        return m

    def _earlier_in_paragraph(self, article: Article, index: int, by_sentence,
                              region: frozenset[str] | None = None) -> Mention | None:
        """The best place mention of the nearest earlier sentence of the paragraph that names
        one (inside ``region``, the governorates of a region the event's clause names)."""
        text = article.text
        k = index
        while 0 < k < len(article.sentences):
            prev, cur = article.sentences[k - 1], article.sentences[k]
            if "\n" in text[max(prev.start, prev.end - 1):cur.start]:
                return None  # paragraph break
            k -= 1
            ms = by_sentence.get(k, [])
            if region is not None:
                ms = [x for x in ms if self._placed(x).admin1 in region]
            m = best_mention(ms)
            if m is not None:
                return m
        return None

    def _dominant(self, article: Article, by_sentence) -> Place | None:
        weights: Counter = Counter()
        first: dict[str, int] = {}
        headline = 0 if article.title and article.text.startswith(article.title.strip()[:30]) else -1
        for sent, ms in by_sentence.items():
            for m in ms:
                if m.place_info.level == "country" or m.place_info.abroad:
                    continue   # the article's place is in the theater
                if m.place_info.relation == ORIGIN:
                    continue   # where people came from ("evacuees from Fuaa") is not it
                weights[m.norm] += 2 if sent == headline else 1
                first.setdefault(m.norm, m.start)
                first[m.norm] = min(first[m.norm], m.start)
        if not weights:
            return None
        best = max(weights, key=lambda pid: (weights[pid],
                                             -(SPECIFICITY.get(self.gaz.places[pid].level, 6) // 5),
                                             -first[pid]))
        return self.place(best)


class Regions:
    """The compass regions of a theater's country (the pack's ``regions.json``: "north" ->
    governorates) and the phrases that name one ("northern Syria", "north-west Syria", "the
    north of the country", "Syria's northeast", "central Syria")."""

    _CACHE: dict[tuple[str, str], Regions] = {}

    def __init__(self, pack: TheaterPack):
        path = Path(pack.path) / "regions.json"
        raw = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        self.regions: dict[str, frozenset[str]] = {}
        for word, govs in raw.items():
            if word.startswith("_"):
                continue
            if not isinstance(govs, list) or not all(isinstance(g, str) for g in govs):
                raise ValueError(f"{path}: {word!r} must be a list of governorates")
            self.regions[word] = frozenset(govs)
        self._rx: re.Pattern[str] | None = None
        if self.regions:
            names = sorted({pack.country, *pack.demonyms, *(a for p in pack.places if p.level == "country"
                                            for a in (p.name, *pack.place_aliases.get(p.id, ())))},
                           key=lambda n: (-len(n), n))
            country = "(?:" + "|".join(map(re.escape, names)) + "|the country)"
            compass = r"(north|south|east|west|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|centre|center|centr)"
            self._rx = re.compile(
                rf"\b{compass}(?:ern|al)?\s+{country}\b"
                rf"|\bthe\s+{compass}e?\s+of\s+{country}\b"
                rf"|\b{country}['’]s\s+{compass}(?:ern|al)?\b", re.I)

    @classmethod
    def for_pack(cls, pack: TheaterPack) -> Regions:
        key = (pack.name, str(pack.path))
        hit = cls._CACHE.get(key)
        if hit is None:
            hit = cls._CACHE[key] = cls(pack)
        return hit

    def named(self, text: str, start: int, end: int) -> frozenset[str] | None:
        """The governorates of the region that ``text[start:end]`` names (None if none, or
        if it names two that share none)."""
        if self._rx is None:
            return None
        found: frozenset[str] | None = None
        for m in self._rx.finditer(text, start, end):
            word = next(g for g in m.groups() if g).lower().replace("-", "").replace(" ", "")
            word = "centre" if word.startswith("cent") else word
            govs = self.regions.get(word)
            if govs is None:
                continue
            found = govs if found is None else found & govs
        return found or None


#: how far from the town a sentence puts a place beside ("X, east of Y") it may lie without a
#: distance written; a written one ("10 km north of Homs") counts with this margin
_REACH_KM = 100.0
_REACH_MARGIN_KM = 25.0
_DISTANCE = re.compile(r"(\d+(?:\.\d+)?)\s*(km|kms|kilomet(?:re|er)s?|miles?)\b[^,.;]{0,25}$", re.I)


def _reach_km(text: str, start: int) -> float:
    """How far a place "north of Y" may lie from Y: the distance written before the
    relation ("10 km north of"), with a margin, else ``_REACH_KM``."""
    m = _DISTANCE.search(text, max(0, start - 60), start)
    if m is None:
        return _REACH_KM
    km = float(m.group(1)) * (1.609 if m.group(2).lower().startswith("mile") else 1.0)
    return km + _REACH_MARGIN_KM


def _where_on_road(mentions: list[Mention]) -> Mention | None:
    """"the Aleppo-Damascus highway near Saraqeb", "the road between A and B, south of B":
    where on the road the text says beats the towns the road is named after."""
    return best_mention([x for x in mentions if x.place_info.relation in ("near", "outskirts")
                         or x.place_info.relation.endswith(" of")])


def _road_town(text: str, m: Mention, mentions: list[Mention],
               places: dict[str, Place]) -> Mention:
    """The town of the road name ``m`` is part of that places the event: the first town
    ("Khanasir" of "the Khanasir - Ithriya road", "A" of "the road between A and B"; ACLED
    codes an event near a town at that town), or the first inside the province the
    sentence names ("the Homs - Salamiyah road in the Hama countryside": Salamiyah)."""
    road = sorted((x for x in mentions if x.place_info.relation == "road"), key=lambda x: x.start)
    if m not in road:
        return m
    i = j = road.index(m)
    joined = re.compile(r"\s*(?:[-–—/]|and|to|with)\s*(?:the\s+)?")
    while i > 0 and joined.fullmatch(text[road[i - 1].end:road[i].start]):
        i -= 1
    while j + 1 < len(road) and joined.fullmatch(text[road[j].end:road[j + 1].start]):
        j += 1
    towns = road[i:j + 1]
    provinces = {places[x.norm].admin1 for x in mentions
                 if x.place_info.relation in ("province", "countryside") and x.norm in places}
    inside = [x for x in towns if x.norm in places and places[x.norm].admin1 in provinces]
    return inside[0] if inside else towns[0]


def _choice_for(place_id: str, sentence: int, by_sentence: dict[int, list[Mention]]) -> str | None:
    """Why the place mention that placed the event won over its namesakes (the mention in
    the event's sentence first)."""
    found = [(abs(s - sentence), m.start, m.place_info.choice)
             for s, ms in by_sentence.items() for m in ms
             if (m.norm == place_id or m.place_info.anchor == place_id) and m.place_info.choice]
    return min(found)[2] if found else None


def _plausible(p: Place, anchor: Place) -> bool:
    return (p.admin1 is not None and p.admin1 == anchor.admin1) or _km(p, anchor) < _FAR_KM


def _km(a: Place, b: Place) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 0.0
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def geocode_name(name: str, pack: TheaterPack, context=None, *,
                 gazetteer: Gazetteer | None = None) -> Place | None:
    """Resolve one place name ("Teir Maaleh village", "Idlib province") to a gazetteer Place.

    ``context`` helps choose between namesakes: a text (its places are found and used), or
    an iterable of Places / place ids (e.g. the article's other places). None if unknown.
    """
    gaz = gazetteer or Gazetteer.for_pack(pack)
    words = name.strip().split()
    hint = None
    while len(words) > 1 and words[-1].lower().strip(".,") in _SUFFIXES:
        last = words.pop().lower()
        if last in ("governorate", "province"):
            hint = "province"
        elif last in ("district", "neighbourhood", "neighborhood", "quarter", "suburb"):
            hint = hint or "district"
        elif last in ("town", "village", "city"):
            hint = hint or "city"
    cleaned = " ".join(words).split("/")[0]
    ctx = _context_places(gaz, context)
    ids = list(gaz.lookup(cleaned, fuzzy=False))
    if len(ids) > 1 and ctx:
        # namesakes: keep those the context makes plausible (same governorate or nearby)
        ids = [i for i in ids if any(_plausible(gaz.places[i], p) for p in ctx)] or ids
    if not ids:
        found = gaz.find(name)
        if found:  # a phrase: "Western countryside of Raqqa", "Khanasir-Aleppo road"
            resolved = PlaceResolver(gaz).resolve(name, found[:1], ctx)[0]
            if not ctx or any(_plausible(resolved.place, p) for p in ctx):
                return resolved.place
        ids = list(gaz.lookup(cleaned))
        # a near-miss spelling far from every place the context names is a wrong guess
        ids = [i for i in ids if not ctx or any(_plausible(gaz.places[i], p) for p in ctx)]
        if not ids:
            return None
    resolver = PlaceResolver(gaz)
    country = next((i for i in ids if gaz.places[i].level == "country"
                    and gaz.spelling_score(i, cleaned) == 1.0), None)
    if country is not None:
        return gaz.places[country]   # "Syria" is the country, not Al-Sharia whose key folds alike
    ids = [i for i in ids if gaz.places[i].level != "country"] or ids
    pid = resolver._pick(ids[:resolver.max_candidates], hint, [(p, 1.0) for p in ctx], cleaned)
    return gaz.places[pid]


def _context_places(gaz: Gazetteer, context) -> list[Place]:
    if context is None:
        return []
    if isinstance(context, str):
        matches = gaz.find(context)
        return [r.named for r in PlaceResolver(gaz).resolve(context, matches)]
    out = []
    for c in context:
        p = c if isinstance(c, Place) else gaz.places.get(str(c))
        if p is not None:
            out.append(p)
    return out


def make_event_geocoder(pack: TheaterPack, *, gazetteer: Gazetteer | None = None) -> FunctionStage:
    """Stage ``geocode``: sets ``EventMention.place`` and ``geo_precision``."""
    geocoder = EventGeocoder(pack, gazetteer)
    return FunctionStage(name="geocode", func=geocoder,
                         requires=("sentences", "events", "mentions.place"),
                         assigns=("events.place",))
