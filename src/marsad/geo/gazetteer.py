"""Name matching against a theater pack's gazetteer.

:class:`Gazetteer` indexes every place name and alias by :func:`marsad.core.names.place_name_key`, so
most matches are one dict lookup per n-gram of capitalized words; rapidfuzz is used only
for near misses in spans that look like place names (a cue word before or after).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from itertools import islice, product
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from ..core.geometry import haversine_km
from ..core.names import ARTICLES, fold_ascii, join_keys, place_name_key, token_key
from ..errors import MarsadError
from ..lang import LanguageDataError, json_data, word_list
from ..model import Place
from ..theaters import TheaterPack
from .arabic import ARABIC_LETTER, ArabicMatcher

def place_stop_words(lang: str = "en") -> frozenset[str]:
    """Capitalized words of ``lang`` that are never place names on their own
    (``lang/<lang>/place_stop_words.txt``); a pack adds its own ``not_places``."""
    return frozenset(w for line in word_list(lang, "place_stop_words") for w in line.split())


#: English words that are never place names, whatever the theater
STOP_WORDS = place_stop_words("en")


def place_heads(lang: str = "en") -> frozenset[str]:
    """Words that begin a longer place name (``lang/<lang>/place_heads.txt``): "Khirbat",
    "Tall", "Wadi", "Jabal"."""
    return frozenset(w for line in word_list(lang, "place_heads") for w in line.split())

#: the words around a name that say what it is (``lang/en/place_cues.json``)
_CUES = json_data("en", "place_cues")


def _cue_set(key: str) -> frozenset[str]:
    words = _CUES.get(key)
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise LanguageDataError(f"lang/en/place_cues.json: {key!r} must be a list of words")
    return frozenset(words)


#: words that make the next (or previous) capitalized name part of an actor's name
ORG_BEFORE = _cue_set("org_before")
#: verbs of saying: "said in Turkey" is where a statement was made
_SAID_IN = re.compile(r"\b(?:" + "|".join(sorted(_cue_set("speech_verbs"))) + r")\b(?:\s+\w+){0,2}?\s+in\s+$",
                      re.IGNORECASE)


#: "officials in X denied ...": the place is where the speakers are
_SPEAKERS_IN = re.compile(r"\b(?:" + "|".join(sorted(_cue_set("speaker_nouns"))) + r")\s+in\s+$",
                          re.IGNORECASE)
_STATES = re.compile(r"[^\s,.;]*(?:\s+[A-Z][\w'-]*){0,3}\s+(?:"
                     + "|".join(sorted(_cue_set("statement_verbs"))) + r")\b")


def said_in(text: str, start: int, end: int | None = None) -> bool:
    """Whether the place name at ``start`` is where something was said ("said in
    Turkey", "told reporters in Geneva") or where its speakers are ("officials in the
    capital denied ...", with the name's ``end``), not where an event happened."""
    if _SAID_IN.search(text, max(0, start - 40), start) is not None:
        return True
    return (end is not None and _SPEAKERS_IN.search(text, max(0, start - 30), start) is not None
            and _STATES.match(text, end) is not None)

ORG_AFTER = _cue_set("org_after")
#: words before a capitalized run that make it a person's name
PERSON_BEFORE = _cue_set("person_before")
#: common given names and kunyas: a small place's name right after one is a surname
PERSON_FIRST = _cue_set("person_first")
#: words before an unknown capitalized span that make it worth a fuzzy lookup; after the
#: weak ones the span must also look like a transliterated Arabic name
CUE_BEFORE = _cue_set("cue_before")
WEAK_CUE_BEFORE = _cue_set("weak_cue_before")
#: the weak cues that put something in a place ("loyal to X", "a friend of X" do not)
WEAK_LOCATIVE = _cue_set("weak_locative")
_ARABIC_LOOKING = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|ez|an)-|kh|q|aa|ee|oo|ou|gh|dh|ay|ei|iy|yy|eh$|ah$|iya$")
#: capitalized words after a place name that keep it a place ("Aleppo University")
LANDMARK_AFTER = _cue_set("landmark_after")
#: head words that call the name before them a settlement ("Gassanie town")
_SETTLEMENT_WORDS = _cue_set("settlement_after")
#: words after a name that make it a place's: a facility or feature named after it
#: ("Amiriya farm", "Tishreen dam", "Rushayd checkpoint")
FACILITY_AFTER = LANDMARK_AFTER | _cue_set("facility_after")
CUE_AFTER = _cue_set("cue_after")
#: "Miksar oil well", "X gas field": two words after a name that make it a facility named
#: after the place, as a FACILITY_AFTER word does
_FACILITY_PAIR = re.compile(r"\s+(?:" + "|".join(
    r"\s+".join(map(re.escape, p.split())) for p in sorted(_cue_set("facility_pairs"))) + r")\b",
    re.IGNORECASE)
#: English verbs spelled like a place ("Tell us", "Show me"): no place before a lowercase word
VERBS_BEFORE_OBJECT = _cue_set("verbs_before_object")

#: a place only the long list of localities knows is less likely than a namesake of standing
MINOR_PRIOR = 0.25
#: weight of the training reports that name a place (per tenfold): where the war was fought
REPORT_PRIOR = 0.15
#: GeoNames feature codes that make a place likelier (admin seats) or less likely (abandoned)
FEATURE_PRIOR = {"PPLA": 0.15, "PPLA2": 0.1, "PPLA3": 0.05, "PPLQ": -0.1}
#: weight (per tenfold) of the training reports named at other places within ``ACTIVITY_KM``:
#: of two hamlets of one name, the one where the war was fought around is likelier
ACTIVITY_PRIOR = 0.1
ACTIVITY_KM = 15.0
LEVEL_PRIOR = {"city": 1.0, "country": 0.95, "governorate": 0.9, "neighbourhood": 0.8,
               "landmark": 0.6, "district": 0.5, "subdistrict": 0.45}

_SPLIT = re.compile(r"[^a-z0-9]+")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʿ`][^\W\d_]+)*")
_FUZZ_CUTOFF = 88.0
_VERIFY_ONE = 82.0   # spelling similarity needed when one word matched a key
_VERIFY_SHORT = 86.0  # ... of five or six letters ("Palmer" is not "Palmyre")
_VERIFY_MANY = 70.0
_SPELL_MIN = 0.70    # spelling similarity a fuzzy key hit needs
#: the spelling score of another transliteration of a name ("Ein" for "Ayn"): nearly its own
_TRANSLIT_SPELLING = 0.98
_NEAR_SPELLING = 85.0  # "Kfar Nabl" for "Kafr Nabl": a near spelling of a name
_BIG_PLACE = 100_000
#: a spelling without one short vowel ("Lahtheh" for Lahithah): at least this many
#: consonants, and the match's score
_VOWELLESS_MIN = 4
_VOWELLESS_SCORE = 0.9
#: ... and the theater named within this many characters of it
_ABOUT_CHARS = 300
_VOWELS_RX = re.compile(r"[aiu]")
#: an all-caps word this short naming only small places is an acronym or ticker
_ACRONYM_LETTERS = 4
#: levels of small places (``Gazetteer.small``)
_SMALL_LEVELS = frozenset({"city", "neighbourhood", "landmark"})
_SMALL_SPELLED = 0.75
#: training reports that make a place a known battlefield, not small ("Eastern Ghouta")
_KNOWN_BATTLEFIELD = 10
_MAX_NGRAM = 5
#: letters a short name's spelling needs ("fua" of al-Fouaa; not "ta", "la")
_SHORT_SPELLING = 3


#: read-only indexes keyed by pack identity and language (a cache, like theaters.PACK_CACHE)
_CACHE: dict[tuple, Gazetteer] = {}


class GazetteerError(MarsadError, ValueError):
    """The pack's gazetteer cannot be indexed (no places, bad rows)."""


@dataclass(frozen=True)
class PlaceMatch:
    """A span of text that names a place; ``candidates`` are place ids, best prior first."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]
    score: float = 1.0      # 1.0 exact key; rapidfuzz ratio / 100 for a near miss
    before: str = ""        # lowercased word before the span
    after: str = ""         # lowercased word after the span


@dataclass(slots=True)
class _Tok:
    text: str
    start: int
    end: int
    key: str
    low: str
    cap: bool
    article: bool


@lru_cache(maxsize=65536)   # pure
def surface(name: str) -> str:
    """Lowercase letters of a name without articles: what a spelling looks like."""
    return "".join(t for t in _SPLIT.split(fold_ascii(name)) if t and t not in ARTICLES)


_FINAL_H = re.compile(r"(?<=[aeiou])h$")
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)   # pure
def spelling(name: str) -> str:
    """A name's spelling with the differences outlets make without meaning another name
    folded away: a dropped or added final h, doubled letters, ou/oo for u, ee for i, a
    final e for a, Kfar for Kafr ("Harastah" = "Harasta", "Dumah" = "Douma")."""
    s = surface(name)
    s = s.replace("ou", "u").replace("oo", "u").replace("ee", "i")
    if s.startswith(("kfar", "kfer", "kefr")):
        s = "kafr" + s[4:]
    s = _DOUBLE.sub(r"\1", _FINAL_H.sub("", s))
    return s[:-1] + "a" if s.endswith("e") else s


#: vowels, and y where it is one (not first, not before a vowel: "Jubayn", not "Yaqubiyah")
_VOWEL_RUN = re.compile(r"(?:[aeiou]|(?<=.)y(?![aeiou]))+")
_FINAL_VOWEL = re.compile(r"(?<=[^aiu])[aiu]h?$")


def _vowel_class(m: re.Match) -> str:
    run = m.group()
    if "i" in run or "y" in run or "ee" in run:
        return "i"     # i, y, ee, ei, ay, iy: "Jubeen", "Jubayn"
    if "u" in run or "o" in run:
        return "u"     # u, o, ou, oo: "Mutqalta", "Moutqelta"
    return "a"         # a, e: "Mutkelte"


@lru_cache(maxsize=65536)   # pure
def transliteration(surf: str) -> str:
    """A surface (``surface``) with the letters outlets write for one Arabic sound made
    one: q/k/c, a vowel run as its quality (a/e, i/y/ee/ay, u/o/ou), doubled letters and a
    final vowel with or without h dropped ("Quqfin" = "Quqfinah", "Jubeen" = "Jubayn",
    "Mutkelte" = "Mutqalta"). Unlike the lookup key it keeps what vowel a name has, so an
    English word that folds onto a name's key is not taken for it."""
    s = _VOWEL_RUN.sub(_vowel_class, surf.replace("q", "k").replace("c", "k"))
    s = _DOUBLE.sub(r"\1", s)
    return _FINAL_VOWEL.sub("", s) if len(s) > 4 else s


def skeleton(key: str) -> str:
    return key.replace("a", "")


def focus_data(pack: TheaterPack) -> dict[str, dict[str, list[str]]]:
    """The pack's ``place_focus.json`` ({} sections when the pack has none)."""
    path = Path(pack.path) / "place_focus.json"
    empty: dict[str, dict[str, list[str]]] = {"outlets": {}, "actors": {}}
    if not path.is_file():
        return empty
    raw = json.loads(path.read_text(encoding="utf-8"))
    for key in empty:
        section = raw.get(key, {})
        if not isinstance(section, dict) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in section.values()):
            raise GazetteerError(f"{path}: {key!r} must map names to lists of governorates")
        empty[key] = section
    return empty


def _rapidfuzz_version() -> str:
    import rapidfuzz
    return str(getattr(rapidfuzz, "__version__", "unknown"))


def _built(cls: type[Gazetteer], pack: TheaterPack, lang: str) -> Gazetteer:
    """``cls(pack, lang)``, its state (all but the pack) read from the build cache when an
    earlier process saved it for the same pack files, code and data
    (:func:`marsad.core.cache.cached_build`): a third of a second of a run's start. Only
    for a pack exactly as ``load_pack`` read it from its files (``files_key``)."""
    from ..core.cache import build_key, cached_build
    from ..theaters import files_key

    made_from = files_key(pack)
    if made_from is None:
        return cls(pack, lang)

    def build() -> dict:
        gaz = cls(pack, lang)
        return {k: v for k, v in gaz.__dict__.items() if k != "pack"}

    key = build_key(f"gazetteer-{cls.__module__}.{cls.__qualname__}",
                    extra=(made_from, lang, f"rapidfuzz={_rapidfuzz_version()}"))
    state = cached_build("gazetteer", build, key=key)
    if not isinstance(state, dict):   # not what this code saves
        return cls(pack, lang)
    gaz = cls.__new__(cls)
    gaz.__dict__.update(state)
    gaz.pack = pack
    return gaz


class Gazetteer:
    """Read-only index of a pack's places: ``lookup(name)`` and ``find(text)``."""

    def __init__(self, pack: TheaterPack, lang: str = "en"):
        if not pack.places:
            raise GazetteerError(f"theater pack {pack.name!r} has no places (places.csv)")
        self.pack = pack
        self._arabic: ArabicMatcher | None = None
        self._activity: dict[str, int] = {}
        self._translits: dict[str, frozenset[str]] = {}
        self._vowelless: dict[str, tuple[str, ...]] | None = None
        self._report_grid: dict[tuple[int, int], list[tuple[float, float, int, str]]] | None = None
        #: words never matched as places: the language's and the pack's ("not_places")
        self.stop_words = place_stop_words(lang) | pack.not_places
        #: "near Syrian Al-Raqqa": the theater's demonym before a name is no part of it
        self._demonyms = frozenset(d.lower() for d in pack.demonyms)
        self.heads = place_heads(lang)
        # places abroad are looked up by id (their mentions' norm) but never indexed by name:
        # geo.abroad matches them exactly
        self.places: dict[str, Place] = {p.id: p for p in (*pack.places, *pack.places_abroad)}
        self.population = dict(pack.place_population)
        #: places known only from Who's On First's long list of localities (no population,
        #: no training report, no admin seat): thousands of villages named like people
        #: ("Mubarak", "Ibrahim") and words; they need a text about the theater and a
        #: locative word before them (see ``_minor_ok``)
        #: one-word country names ("syria", "russia"): no word of a longer place name
        self.country_words = frozenset(p.name.lower() for p in (*pack.places, *pack.places_abroad)
                                       if p.level == "country" and " " not in p.name)
        #: the names of places abroad, folded: never read as a theater name in another
        #: transliteration family ("Ghat" of Libya, ``_alternate_key``)
        self.abroad_names = frozenset(
            " ".join(_SPLIT.sub(" ", fold_ascii(n)).split())
            for p in pack.places_abroad for n in (p.name, *pack.abroad_aliases.get(p.id, ())))
        self.minor = frozenset(p.id for p in pack.places
                               if p.source == "wof" and p.level == "city"
                               and FEATURE_PRIOR.get(pack.place_features.get(p.id, ""), 0) <= 0)
        #: place id -> its name without the word that tells it from a neighbour of the same
        #: name ("Baghuz" of Baghuz Fawqani and Baghuz Tahtani): a variant (``_names``)
        self._bases: dict[str, tuple[str, ...]] = {}
        self._bases = self._qualified_bases(pack)
        index: dict[str, list[str]] = defaultdict(list)
        surfaces: dict[str, set[str]] = defaultdict(set)
        #: key -> surfaces of names and aliases only (not WOF's variants, many of them French
        #: transliterations: "Soussa", "Flitah")
        named: dict[str, set[str]] = defaultdict(set)
        #: spelling -> places of a one-word name whose key is too short to index ("Al Fu'ah"
        #: keys as "fa"): matched only as ``_short_name`` allows
        short: dict[str, list[str]] = defaultdict(list)
        real: set[tuple[str, str]] = set()
        base_held: set[tuple[str, str]] = set()
        for p in pack.places:
            n_named = 1 + len(pack.place_aliases.get(p.id, ()))
            bases = self._bases.get(p.id, ())
            for i, n in enumerate(self._names(p.id, p.name)):
                k = place_name_key(n)
                if len(k) < 3:
                    spelled = spelling(n)
                    if (len(spelled) >= _SHORT_SPELLING and spelled not in self.stop_words
                            and len([w for w in _SPLIT.split(fold_ascii(n)) if w and w not in ARTICLES]) == 1
                            and p.id not in short[spelled]):
                        short[spelled].append(p.id)
                if len(k) >= 3:
                    surfaces[k].add(surface(n))
                    if i < n_named or n in bases:   # a name's base is spelled as the name
                        named[k].add(surface(n))
                    if p.id not in index[k]:
                        index[k].append(p.id)
                    if n not in bases:
                        real.add((k, p.id))
                    elif (k, p.id) not in real:
                        base_held.add((k, p.id))
        #: (key, place id) of a place that has the key only as its name's base (``_bases``):
        #: no evidence for a near-miss spelling (``_fuzzy_run``)
        self.base_held = frozenset(base_held - real)
        self.surfaces = {k: tuple(sorted(v)) for k, v in surfaces.items()}
        self.named_surfaces = {k: tuple(sorted(v)) for k, v in named.items()}
        self.place_surfaces = {
            p.id: tuple(dict.fromkeys(surface(n) for n in self._names(p.id, p.name)))
            for p in pack.places}
        #: spellings of a place from its name and aliases, not its variants: a match spelled
        #: only like variants is weak (``_minor_ok``)
        self.strong_surfaces = {
            p.id: frozenset(spelling(n) for n in (p.name, *pack.place_aliases.get(p.id, ())))
            for p in pack.places}
        self.index: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(ids, key=self._prior_sort)) for k, ids in index.items()}
        self.short = {k: tuple(sorted(ids, key=self._prior_sort)) for k, ids in short.items()}
        skel: dict[str, list[str]] = defaultdict(list)
        buckets: dict[str, list[str]] = defaultdict(list)
        for k in sorted(self.index):
            skel[skeleton(k)].append(k)
            buckets[k[0]].append(k)
        self.skeletons = {s: tuple(v) for s, v in skel.items()}
        self.buckets = {c: tuple(v) for c, v in buckets.items()}
        self.actor_keys = self._actor_keys(pack)
        #: numbered military units and coded bases -> the landmarks named after them
        #: ("Division 17 Army Base", "137th Brigade Army Base", "T3 Airport")
        units: dict[tuple[str, int], list[str]] = defaultdict(list)
        for p in pack.places:
            if p.level != "landmark":
                continue
            for n in (p.name, *pack.place_aliases.get(p.id, ())):
                for key in unit_keys(n):
                    if p.id not in units[key]:
                        units[key].append(p.id)
        self.units = {k: tuple(sorted(v, key=self._prior_sort)) for k, v in units.items()}
        self.governorates = {p.admin1 or p.name: p for p in pack.places
                             if p.level == "governorate"}
        #: the theater's country as a place (a name whose namesakes tie across governorates)
        self.country = next((p for p in pack.places if p.level == "country"),
                            Place(id=f"country:{pack.country.lower()}", name=pack.country,
                                  lat=None, lon=None, level="country", country=pack.country))
        #: governorate id -> its capital city (the biggest city of its name inside it)
        self.capitals: dict[str, Place] = {}
        for gov in self.governorates.values():
            cities = [self.places[pid] for pid in self.lookup(gov.admin1 or gov.name, fuzzy=False)]
            cities = [c for c in cities if c.level == "city" and c.admin1 == gov.admin1]
            if cities:
                self.capitals[gov.id] = max(cities, key=lambda c: self.prior(c.id))
        self.capital_ids = frozenset(c.id for c in self.capitals.values())
        names = {pack.country, *pack.demonyms}
        for p in pack.places:
            if p.level == "country":
                names.add(p.name)
                names.update(pack.place_aliases.get(p.id, ()))
        #: the theater's own armed groups (place_focus.json's actors): a text naming one is
        #: about the theater ("SDF fighters captured ...")
        aliases = sorted({a for actor in pack.actors if actor.id in focus_data(pack)["actors"]
                          for a in (actor.name, *actor.aliases)}, key=lambda a: (-len(a), a))
        first = "".join(sorted({re.escape(a[0]) for a in aliases}))
        self._theater_actors = re.compile(rf"\b(?=[{first}])(?:" + "|".join(
            map(re.escape, aliases)) + r")\b") if aliases else None
        #: the theater's country's names and its people's ("Syria", "Syrian")
        self.theater_names = re.compile(r"\b(?:" + "|".join(
            re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)) if n) + r")\b")

    def _names(self, place_id: str, name: str) -> tuple[str, ...]:
        names = (name, *self.pack.place_aliases.get(place_id, ()),
                 *self.pack.place_variants.get(place_id, ()))
        # "Ej Jid", "Ett Tall": an article written as the sound it takes before a sun
        # letter, as French transliterations do; the name without it is a variant too
        bare = tuple(n[m.end():] for n in names if (m := _ASSIMILATED.match(n)) is not None)
        names = names + bare if bare else names
        base = self._bases.get(place_id)
        return names + base if base else names

    def _qualified_bases(self, pack: TheaterPack) -> dict[str, tuple[str, ...]]:
        """Villages whose name ends in a word that tells them from a neighbour of the same
        name ("X as Saghirah" and "X al Kabirah", the small and the big; "Baghuz Fawqani"
        and "Baghuz Tahtani", the upper and the lower; "X al Gharbiyah", the western):
        outlets often write the name alone ("Baghuz"), meaning the pair. The name
        without that word is a variant of each (matched as variants are: after a locative
        word, in a text about the theater), unless it is a name of a place of standing
        elsewhere (the bare name is that place's) or too short or common a word."""
        held: dict[str, bool] = {}   # key of a name -> some place of standing has it
        for p in pack.places:
            standing = p.id not in self.minor
            for n in self._names(p.id, p.name):
                k = place_name_key(n)
                held[k] = held.get(k, False) or standing
        # the names of places of standing as spelled: a bare name a letter away from one is
        # more often that place misspelled than the pair ("Raqqas" of Raqqa)
        spelled = sorted({surface(n) for p in pack.places if p.id not in self.minor
                          for n in (p.name, *pack.place_aliases.get(p.id, ()))})
        #: key -> (place id, lat, lon, base) of each village whose name has that base
        found: dict[str, list[tuple[str, float, float, str]]] = defaultdict(list)
        for p in pack.places:
            if p.level != "city" or p.lat is None or p.lon is None:
                continue
            for n in (p.name, *pack.place_aliases.get(p.id, ())):
                m = _QUALIFIER.search(n)
                if m is None or m.start() == 0:
                    continue
                base = n[:m.start()].strip(" -")
                words = [w for w in _SPLIT.split(fold_ascii(base)) if w and w not in ARTICLES]
                key = place_name_key(base)
                if (not words or len(key) < 4 or len(surface(base)) < _BASE_LETTERS
                        or held.get(key, False) or base.lower() in self.stop_words
                        or (len(words) == 1 and words[0] in self.heads)
                        or process.extractOne(surface(base), spelled, scorer=fuzz.ratio,
                                              score_cutoff=_BASE_NEAR) is not None):
                    continue
                found[key].append((p.id, p.lat, p.lon, base))
        out: dict[str, list[str]] = defaultdict(list)
        for pairs in found.values():
            for pid, lat, lon, base in pairs:
                # only a village with a neighbour of that name ("as Saghirah" beside "al
                # Kabirah"): a lone "X Tahtani" is no pair the bare name could mean
                if base not in out.get(pid, ()) and any(
                        qid != pid and haversine_km(lat, lon, qlat, qlon) <= _BASE_PAIR_KM
                        for qid, qlat, qlon, _ in pairs):
                    out[pid].append(base)
        return {pid: tuple(v) for pid, v in out.items()}

    @classmethod
    def for_pack(cls, pack: TheaterPack, lang: str = "en") -> Gazetteer:
        """A shared index per pack and language (read-only once built; rebuilt for a pack
        that ``load_pack`` read again because its files changed)."""
        key = (pack.name, pack.path, pack.overlays, len(pack.places),
               pack.places[0].id if pack.places else "", len(pack.actors), lang)
        gaz = _CACHE.get(key)
        if gaz is None or gaz.pack is not pack and gaz.pack != pack:
            gaz = _built(cls, pack, lang)
            if len(_CACHE) >= 4:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = gaz
        return gaz

    # -- priors -------------------------------------------------------------

    def prior(self, place_id: str) -> float:
        """How likely a report means this place rather than a namesake, before context:
        its level, population, the training reports that name it, and its standing (a
        district or sub-district seat; an abandoned place)."""
        p = self.places[place_id]
        pop = self.population.get(place_id, 0)
        reports = self.pack.place_reports.get(place_id, 0)
        return (LEVEL_PRIOR.get(p.level, 0.5) + 0.05 * math.log10(pop + 1)
                + REPORT_PRIOR * math.log10(reports + 1)
                + FEATURE_PRIOR.get(self.pack.place_features.get(place_id, ""), 0.0)
                - (MINOR_PRIOR if place_id in self.minor else 0.0))

    def activity(self, place_id: str) -> int:
        """Training reports named at other places within ``ACTIVITY_KM`` of this one: how
        much fighting was reported around it (0 without coordinates)."""
        hit = self._activity.get(place_id)
        if hit is not None:
            return hit
        if self._report_grid is None:
            grid: dict[tuple[int, int], list[tuple[float, float, int, str]]] = defaultdict(list)
            for pid, n in self.pack.place_reports.items():
                q = self.places.get(pid)
                if n and q is not None and q.lat is not None and q.lon is not None:
                    grid[_cell(q.lat, q.lon)].append((q.lat, q.lon, n, pid))
            self._report_grid = dict(grid)
        p = self.places[place_id]
        total = 0
        if p.lat is not None and p.lon is not None:
            ci, cj = _cell(p.lat, p.lon)
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    for lat, lon, n, pid in self._report_grid.get((ci + di, cj + dj), ()):
                        if pid != place_id and haversine_km(p.lat, p.lon, lat, lon) <= ACTIVITY_KM:
                            total += n
        self._activity[place_id] = total
        return total

    def _prior_sort(self, place_id: str):
        return (-self.prior(place_id), place_id)

    def spelling_score(self, place_id: str, text: str) -> float:
        """0..1: how closely ``text`` is spelled like one of the place's names."""
        surf = surface(text)
        names = self.place_surfaces.get(place_id, ())
        if surf in names:
            return 1.0
        score = max((fuzz.ratio(surf, n) for n in names), default=0.0) / 100
        if score < _TRANSLIT_SPELLING and len(surf) >= 4:
            # "Ras al Ein" spells Ra's al 'Ayn as well as the hamlet Ras El Ein: one Arabic
            # name in another transliteration (Ain/Ayn/Ein, a final h, q/k) is spelled alike
            forms = self._translits.get(place_id)
            if forms is None:
                forms = self._translits[place_id] = frozenset(transliteration(n) for n in names)
            if transliteration(surf) in forms:
                return _TRANSLIT_SPELLING
        return score

    def governorate_of(self, place: Place) -> Place | None:
        if place.level == "governorate":
            return place
        return self.governorates.get(place.admin1 or "")

    @staticmethod
    def _actor_keys(pack: TheaterPack) -> frozenset[str]:
        """Keys of multi-word names of actors and outlets: a place inside one ("Raqqa Is
        Being Slaughtered Silently", "Aleppo Media Center") is no event's location."""
        names = [n for actor in pack.actors for n in (actor.name, *actor.aliases)]
        names += [n for outlet in pack.outlets
                  for n in (outlet.get("name") or "", *outlet.get("aliases", ()))]
        keys = {place_name_key(n) for n in names if len(n.split()) >= 2}
        return frozenset(k for k in keys if len(k) >= 4)

    # -- lookup -------------------------------------------------------------

    def lookup(self, name: str, *, fuzzy: bool = True) -> tuple[str, ...]:
        """Place ids for a name (best prior first); () when unknown."""
        key = place_name_key(name)
        if key in self.index:
            return self.index[key]
        if fuzzy:
            hit = self._fuzzy(key, name)
            if hit:
                return self.index[hit[0]]
        return ()

    def _fuzzy(self, key: str, text: str) -> tuple[str, float] | None:
        hit = self._fuzzy_key(key)
        # the spelling must resemble a name of the place, not only its folded key
        if hit and max(self.spelling_score(pid, text) for pid in self.index[hit[0]]) >= _SPELL_MIN:
            return hit
        return None

    def _fuzzy_key(self, key: str) -> tuple[str, float] | None:
        if len(key) < 5:
            return None
        best: tuple[str, float] | None = None
        for k in self.skeletons.get(skeleton(key), ()):
            score = fuzz.ratio(key, k)
            if score >= 75 and (best is None or score > best[1]):
                best = (k, score)
        if best:
            return best
        hit = process.extractOne(key, self.buckets.get(key[0], ()), scorer=fuzz.ratio,
                                 score_cutoff=_FUZZ_CUTOFF)
        return (hit[0], hit[1]) if hit else None

    # -- text ---------------------------------------------------------------

    def find(self, text: str) -> list[PlaceMatch]:
        """Place-name spans in ``text``, longest match first, left to right."""
        matches: list[PlaceMatch] = []
        cache: dict[str, str] = {}
        short: list[PlaceMatch] = []
        for m in _RUN.finditer(text):
            run = m.group()
            if run.lower() in self.stop_words:  # "The", "Syrian", "Monday": most runs
                continue
            toks = _run_tokens(run, m.start(), cache)
            while len(toks) > 1 and toks[-1].low in _WEEKDAYS:
                toks.pop()   # "captured Brega Wednesday": the day is no part of the name
            low = _LOWER_TAIL.match(text, m.end())
            if low is not None and toks:
                # "Deir ezzor": a name whose last word is written in lower case, when the
                # whole spells a name of a place of standing
                tail = toks + _run_tokens(low.group(1), low.start(1), cache)
                spelled = spelling(text[m.start():low.end()])
                if len(tail) <= _MAX_NGRAM and any(
                        pid not in self.minor and spelled in self.strong_surfaces.get(pid, ())
                        for pid in self.index.get(join_keys([t.key for t in tail]), ())):
                    toks = tail
            if len(toks) > 1 and (toks[0].low in _LEADING_FUNCTION_WORDS
                                  or toks[0].low in self._demonyms) and not toks[0].article:
                # "In Deraa, tanks shelled ...": a sentence's first word is no part of the
                # name after it, unless the two together name a place of standing
                lead_key = join_keys([t.key for t in toks[:_MAX_NGRAM]])
                if not any(pid not in self.minor for pid in self.index.get(lead_key, ())):
                    toks = toks[1:]
            if toks and text[m.start() - 1:m.start()] == " ":
                toks = self._direction_name(text, toks, matches)
            joined = _JOIN_BEFORE.search(text, max(0, m.start() - 30), m.start()) if toks else None
            if joined is not None:
                # "Tall as Samn", "Jubb as Sukkar": one name that English "as" split in two;
                # matched whole if the gazetteer has it (replacing a match of its first
                # word); after a word that begins names, not at all ("Khirbat as X" is not X)
                start = joined.start(1)
                whole = _run_tokens(text[start:m.end()], start, cache)
                found: list[PlaceMatch] = []
                self._match_run(text, whole, found, whole_only=True)
                if found:
                    matches[:] = [x for x in matches if not (start <= x.start and x.end <= m.end())]
                    matches.extend(found)
                    continue
                if joined.group(1).lower() in self.heads:
                    continue
            if toks and len(toks) == 1 and toks[0].low in self.heads and (
                    _JOIN_AFTER.match(text, m.end()) or _NUMBER_AFTER.match(text, m.end())):
                continue          # "Jabal at Turkuman", "Tall 900": the head word alone is no place
            if (len(toks) == 1 and toks[0].low in VERBS_BEFORE_OBJECT
                    and _LOWER_WORDS.match(text, m.end()) is not None):
                continue          # "Tell us what you saw": an English verb, not At Tall
            if toks and self._facility(text, m.start(), m.end(), cache, matches):
                continue
            if toks:
                self._match_run(text, toks, matches, short=short)
        if short and not self._about(text, [m for m in matches if m not in short]):
            # a short name ("al-Fouaa") only in a text about the theater
            matches = [m for m in matches if m not in short]
        if any(self.weak(m) or self.small(m) for m in matches):
            matches = self._minor_ok(text, matches)
            matches = self._near_its_neighbours(text, matches)
        if self.units and _DIGIT.search(text) is not None and (
                any(w in text for w in _UNIT_HINTS) or _CODE.search(text) is not None):
            self._unit_bases(text, matches)
        if ARABIC_LETTER.search(text):
            matches.extend(self.arabic.find(text))
        return matches

    def _unit_bases(self, text: str, matches: list[PlaceMatch]) -> None:
        """"the 17th Division", "Brigade 93", "T4": a numbered unit or coded base that the
        gazetteer has a landmark of (its base, learned from training reports) is that
        landmark, where the text puts something at it ("in", "near", "stormed", "the 17th
        Division base") in a text about the theater; a unit that acts ("the 4th Division
        attacked Zabadani") or one the gazetteer has no base of is no place. A number
        and a unit word alone never make a place: neither is in the name index."""
        about: bool | None = None
        added = False
        for m in _UNIT.finditer(text):
            ids = self.units.get(_unit_key(m))
            if not ids:
                continue
            start, end = m.start(), m.end()
            if any(x.start < end and start < x.end for x in matches):
                continue
            before, after = _word_before(text, start), _word_after(text, end)
            if not (before in CUE_BEFORE or before in WEAK_LOCATIVE or after in FACILITY_AFTER
                    or _SITE_OF.search(text, max(0, start - 40), start) is not None):
                continue
            if about is None:
                about = self._about(text, matches)
            if not about:
                return
            matches.append(PlaceMatch(start, end, text[start:end], ids, 1.0, before, after))
            added = True
        if added:
            matches.sort(key=lambda x: x.start)

    def _facility(self, text: str, start: int, end: int, cache: dict[str, str],
                  out: list[PlaceMatch]) -> bool:
        """"Deir ez Zor airport", "Khan Tuman dam", "Arak gas field": a run and the
        lowercase facility words after it, matched whole when the gazetteer has the facility
        (a landmark learned from training reports) rather than the town it is named after."""
        after = _LOWER_WORDS.match(text, end)
        if after is None:
            return False
        words = after.group().split()
        for k in range(len(words), 0, -1):
            if words[k - 1] not in FACILITY_AFTER:
                continue
            stop = end + len(" ".join(words[:k])) + (len(after.group()) - len(after.group().lstrip()))
            whole = _run_tokens(text[start:stop], start, cache)
            found: list[PlaceMatch] = []
            self._match_run(text, whole, found, whole_only=True)
            # the facility itself (or a town called a town), not a town whose variant
            # spelling looks like the run and a head word of area ("al-Mazzeh area" is no
            # "Mouazzara" 90 km off)
            head = words[k - 1]
            found = [m for m in found if any(
                self.places[pid].level == "landmark"
                or (head in _SETTLEMENT_WORDS and self.places[pid].level == "city")
                or spelling(m.text) in self.strong_surfaces.get(pid, ()) for pid in m.candidates)]
            if found:
                out.extend(found)
                return True
        return False

    @property
    def arabic(self) -> ArabicMatcher:
        """The matcher of the pack's Arabic names (built on the first Arabic text)."""
        if self._arabic is None:
            self._arabic = ArabicMatcher(self)
        return self._arabic

    def small(self, match: PlaceMatch) -> bool:
        """Every candidate is a small place: no population on record, not a provincial
        capital, a governorate or a district, not one the pack's authors added, named in
        fewer than ten training reports
        ("Sayah", "Sarah": villages of a report or two, and names of people in texts about
        elsewhere)."""
        named = [pid for pid in match.candidates if self.places[pid].level != "country"]
        reports = self.pack.place_reports
        tiny = {pid for pid in named
                if self.population.get(pid, 0) == 0 and pid not in self.capital_ids
                and self.places[pid].source != "pack"   # the pack authors' own: of standing
                and reports.get(pid, 0) < _KNOWN_BATTLEFIELD and self.places[pid].level in _SMALL_LEVELS}
        if len(tiny) == len(named) or not tiny:
            return bool(tiny)
        # the namesakes the text spells, not those whose key only folds alike ("Sarah" is
        # Sara, not Syria or Al 'Asharah; "Jane" is not Jinniyah)
        spelled = spelling(match.text)
        named = ([pid for pid in named if spelled in self.strong_surfaces.get(pid, ())]
                 or [pid for pid in named if self.spelling_score(pid, match.text) >= _SMALL_SPELLED]
                 or named)
        return all(pid in tiny for pid in named)

    def weak(self, match: PlaceMatch) -> bool:
        """A match that needs more evidence: no candidate but a minor place is spelled so by
        its name or an alias, up to ``spelling``'s foldings (the text spells a minor place,
        or a variant spelling: "Hussein" for Husayniyah). A near spelling is no better:
        "Marie" is spelled much like a name."""
        spelled = spelling(match.text)
        return not any(pid not in self.minor and spelled in self.strong_surfaces.get(pid, ())
                       for pid in match.candidates)

    def _near_spelling(self, match: PlaceMatch) -> bool:
        """The text spells a place of standing nearly as one of its names ("Kfar Nabl" for
        Kafr Nabl): a locative word is evidence enough, whatever the text is about."""
        surf = spelling(match.text)
        return any(fuzz.ratio(surf, k) >= _NEAR_SPELLING
                   for pid in match.candidates if pid not in self.minor
                   for k in self.strong_surfaces.get(pid, ()))

    def _about(self, text: str, matches: list[PlaceMatch]) -> bool:
        """The text is about the theater: it names the country or its people, a provincial
        capital or a governorate, or one of the theater's armed groups."""
        return self.theater_names.search(text) is not None or any(
            not self.weak(m) and any(
                pid in self.capital_ids or self.places[pid].level == "governorate"
                for pid in m.candidates[:1]) for m in matches) or (
            self._theater_actors is not None and self._theater_actors.search(text) is not None)

    def _minor_ok(self, text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """Keep a weak match (minor places, or a variant spelling) only in a text about the
        theater (it names the country, its people, a provincial capital or a governorate;
        or the match is a near spelling of a place of standing) and after a locative word ("in", "near", "the village of"), with a place type after
        it ("X village"), or as the next item of a list ("Kafr Nabl, Hass and Kansafra")."""
        about = self._about(text, matches)
        out: list[PlaceMatch] = []
        for m in matches:
            if not about and not self.weak(m) and self.small(m):
                # a small place in a text that is not about the theater: only after a
                # locative word or before a place type ("in Sayah", "Sayah village"), or as
                # the next item of a list
                before = "town" if m.before == "of" and _TYPE_OF.search(
                    text, max(0, m.start - 40), m.start) else m.before
                listed = bool(out) and _LIST_GAP.fullmatch(text, out[-1].end, m.start) is not None \
                    or in_head_list(text, m.start)
                if not (before in CUE_BEFORE or before in WEAK_LOCATIVE or m.after in CUE_AFTER
                        or m.after in FACILITY_AFTER or listed or self._named_facility(m)
                        or _FACILITY_PAIR.match(text, m.end) is not None):
                    continue
            elif self.weak(m):
                if m.text.isupper() or not (about or self._near_spelling(m)):
                    continue
                before = m.before
                if before == "of" and (_TYPE_OF.search(text, max(0, m.start - 40), m.start)
                                       or self._people_of(text, m.start)):
                    before = "town"
                if surface(m.text) in PERSON_FIRST or text.startswith(("'s", "’s"), m.end):
                    continue  # "Hussein", "Mubarak's": a person
                listed = bool(out) and _LIST_GAP.fullmatch(text, out[-1].end, m.start) is not None \
                    or in_head_list(text, m.start)
                if not (before in CUE_BEFORE or before in WEAK_LOCATIVE
                        or m.after in CUE_AFTER or m.after in FACILITY_AFTER or listed
                        or _FACILITY_PAIR.match(text, m.end) is not None):
                    continue
            out.append(m)
        return out

    def _near_its_neighbours(self, text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """"shells fell on Bab al-Nasr, Bab al-Hadid and other quarters of old Aleppo":
        a place known only from Who's On First's long list, named in a sentence with towns
        or quarters of standing, is one of them only if it lies near one of them (a village's
        variant name spells the Aleppo quarter "Bab al-Hadid", 400 km away)."""
        out = []
        for m in matches:
            if m.candidates and all(pid in self.minor for pid in m.candidates):
                lo, hi = _sentence_bounds(text, m.start)
                peers = [self.places[pid] for o in matches if o is not m and lo <= o.start < hi
                         and not all(pid in self.minor for pid in o.candidates)
                         for pid in o.candidates if self.places[pid].level in _PEER_LEVELS]
                points = [(p.lat, p.lon) for pid in m.candidates for p in [self.places[pid]]
                          if p.lat is not None and p.lon is not None]
                near = [(q.lat, q.lon) for q in peers if q.lat is not None and q.lon is not None]
                if near and points and not any(haversine_km(a, b, c, d) <= _PEER_KM
                                               for a, b in points for c, d in near):
                    continue
            out.append(m)
        return out

    def _named_facility(self, match: PlaceMatch) -> bool:
        """The match spells a landmark's whole name, a proper name and the facility word
        that ends it ("Abu al-Duhur Military Airbase", "Al-Tabaqa Dam"): its own words say
        it is a place, wherever the text is about."""
        words = match.text.replace("-", " ").split()
        return (len(words) >= 2 and words[-1].lower() in FACILITY_AFTER
                and any(w.lower() not in FACILITY_AFTER and w.lower() not in self.stop_words
                        and w.lower() not in ARTICLES for w in words[:-1])
                and any(self.places[pid].level == "landmark"
                        and spelling(match.text) in self.strong_surfaces.get(pid, ())
                        for pid in match.candidates))

    def _direction_name(self, text: str, toks: list[_Tok], out: list[PlaceMatch]) -> list[_Tok]:
        """"the eastern Qalamoun": a lowercase direction word that begins a gazetteer name.
        Returns the tokens left to match."""
        d = _DIRECTION_BEFORE.search(text, max(0, toks[0].start - 12), toks[0].start)
        if d is None:
            return toks
        head = token_key(d.group(1).lower())
        for j in range(min(len(toks), _MAX_NGRAM - 1), 0, -1):
            if toks[j - 1].article:
                continue
            key = join_keys([head] + [t.key for t in toks[:j]])
            if key in self.index:
                start, end = d.start(1), toks[j - 1].end
                out.append(PlaceMatch(start, end, text[start:end], self.index[key], 1.0,
                                      _word_before(text, start), _word_after(text, end)))
                return toks[j:]
        return toks

    def _match_run(self, text: str, toks: list[_Tok], out: list[PlaceMatch], *,
                   whole_only: bool = False, short: list[PlaceMatch] | None = None) -> None:
        if whole_only:
            key = join_keys([t.key for t in toks])
            if key in self.index and self._looks_like(toks, 0, len(toks), key):
                out.append(_make(text, toks, 0, len(toks), self.index[key], 1.0))
            return
        i, end = 0, len(toks)
        # each word's readings in another transliteration family (most words: none)
        alts = [alternate_keys(t.low) if not t.article else () for t in toks]
        any_alt = any(alts)
        found_before = len(out)
        blocked = self._actor_spans(toks)
        matched_any = False
        last_end = 0   # tokens before this were taken by an earlier match
        while i < end:
            hit = None
            alternate = False
            also: tuple[str, ...] = ()
            for j in range(min(end, i + _MAX_NGRAM), i, -1):
                if toks[j - 1].article:
                    continue
                key = join_keys([t.key for t in toks[i:j]])
                if key in self.index and not self._near_bare_name(toks, i, j, key):
                    hit = (j, key)
                    if any_alt and any(alts[i:j]):
                        if not self._looks_like(toks, i, j, key):
                            # "Al Qassaniyah": keyed like a hamlet it is not spelled as,
                            # and spelled as Al Ghassaniyah with ghayn written Q
                            alt = self._alternate_key(toks, i, j, alts[i:j])
                            if alt is not None:
                                hit, alternate = (j, alt), True
                        elif all(pid in self.minor for pid in self.index[key]):
                            # "Kafr Qan": a hamlet only Who's On First knows (Kafr Kan)
                            # and, with ghayn written Q, a town of standing (Kafr Ghan):
                            # both are candidates, the namesake rules choose
                            alt = self._alternate_key(toks, i, j, alts[i:j])
                            if alt is not None and alt != key:
                                also = tuple(pid for pid in self.index[alt]
                                             if pid not in self.minor)
                    break
                if any_alt and any(alts[i:j]):
                    alt = self._alternate_key(toks, i, j, alts[i:j])
                    if alt is not None:
                        hit, alternate = (j, alt), True
                        break
            if hit is None:
                if short is not None and len(toks[i].key) < 3 and toks[i].cap:
                    found = self._short_name(text, toks, i)
                    if found is not None:
                        out.append(found)
                        short.append(found)
                        matched_any = True
                        last_end = i + 1
                i += 1
                continue
            j, key = hit
            matched_any = True  # a key hit rejected below is not retried fuzzily
            # a provincial capital counts as big ("Daraa al-Balad" is no person's name)
            pops = [_BIG_PLACE if pid in self.capital_ids else self.population.get(pid, 0)
                    for pid in self.index[key]]
            # "the villages of Habra al-Sharqi Rasm Hamideh Abu Hawadid" (commas stripped): in
            # a run a plural place type opens, a name that begins with a name head ("Rasm",
            # "Abu", "Tall") is the next item, not the tail of the unknown one before it
            item = i > 0 and toks[i].low in self.heads and in_head_list(text, toks[i].start)
            if (not self._blocked(text, toks, i, j, blocked, pops)
                    and (item or not self._tail_or_head(toks, i, j, last_end))
                    and (item or not self._tail_of_small(toks, i, last_end, pops))
                    and (alternate or self._looks_like(toks, i, j, key, text))):
                ids = self._short_spelled(toks, i, j, key)
                out.append(_make(text, toks, i, j, ids + tuple(p for p in also if p not in ids),
                                 _ALTERNATE_SCORE if alternate else 1.0))
                last_end = i = j
            else:
                # a rejected span ("In Khan" keyed like a hamlet) must not swallow the first
                # word of the name after it ("In Khan Shaykhun")
                i += 1
        if not matched_any and not blocked:
            self._fuzzy_run(text, toks, out)
        elif len(out) == found_before and not blocked:
            # a key hit rejected as an English word or a weak spelling: another
            # transliteration of a village's name is still tried, as strictly as above
            self._vowel_run(text, toks, out)

    def _alternate_key(self, toks: list[_Tok], i: int, j: int,
                       options: list[tuple[str, ...]]) -> str | None:
        """The key of ``toks[i:j]`` read in another transliteration family the lookup key
        keeps apart (``alternate_keys``: ghayn written Q or Gh, a qualifier's
        -i for its -iyah), when the gazetteer has it and a name of it is spelled as the
        words are up to that family (``family_form``), in words that look transliterated
        (not "Green", "Grand"). The match is weak (``weak``): kept only after a locative
        word in a text about the theater (``_minor_ok``)."""
        words = [t for t in toks[i:j] if not t.article]
        surf = "".join(t.low for t in words)
        if (len(surf) < _ALTERNATE_LETTERS or any(t.text.isupper() for t in words)
                or all(t.low in self.stop_words for t in words)
                or " ".join(t.low for t in words) in self.abroad_names
                or not _ARABIC_LOOKING.search(" ".join(t.low for t in words))):
            return None   # "Quit", "Qur", "Ghat" (Libya's), "Ghana": never read so
        form = family_form(" ".join(t.low for t in words))
        combos = [[t.key] for t in toks[i:j]]
        for k, alts in enumerate(options):
            combos[k].extend(alts)
        for keys in islice(product(*combos), 1, _ALTERNATE_COMBOS):
            key = join_keys(list(keys))
            ids = self.index.get(key)
            # a name or alias, not one of the long list's variant spellings (many French
            # or loose: "Qana" of Qanyah would make "Ghana" a village)
            if ids and any(family_form(n) == form for pid in ids
                           for n in (self.places[pid].name, *self.pack.place_aliases.get(pid, ()))
                           if place_name_key(n) == key):
                return key
        return None

    def _short_spelled(self, toks: list[_Tok], i: int, j: int, key: str) -> tuple[str, ...]:
        """The candidates of a key hit: all its places, but for a short word taken as
        another transliteration after the article ("al Sora", ``_looks_like``) only those
        spelled so (As Surah, not Al 'Asharah, whose key folds alike)."""
        ids = self.index[key]
        words = [t for t in toks[i:j] if not t.article]
        surf = "".join(_SPLIT.sub("", t.low) for t in words)
        if len(words) != 1 or len(surf) > 4 or surf in self.surfaces.get(key, ()):
            return ids
        form = _short_form(surf)
        return tuple(pid for pid in ids
                     if any(_short_form(n) == form for n in self.place_surfaces.get(pid, ()))) or ids

    @staticmethod
    def _articled(toks: list[_Tok], i: int, text: str) -> bool:
        """The word at ``toks[i]`` (or after the article there) follows the Arabic article
        that begins the name: the first token of its run ("At Tel", "al-Hola"; not the
        second name of "al-Tloul al-Sud") or, in lower case before the run, the article
        assimilated to the word's first letter, after a locative word ("in as Sura", "the
        village of ad Dana"; English "as", "at" and "an" before a word of another first
        letter, or after no locative word, do not count)."""
        if toks[i].article or i > 0:
            if not toks[0].article or i > 1 or len(toks) < 2:
                return False
            # "At Tel", "An Nabk": an article other than al/el is the sound it takes before
            # the name's first letter ("An Ally" is English)
            art = toks[0].low
            return art in ("al", "el", "il", "ul") or toks[1].low.startswith(art[1:])
        lead = _ASSIMILATED_BEFORE.search(text, max(0, toks[i].start - 5), toks[i].start)
        # ... after a locative word: "in as Sura", not "over at Time", where English "at"
        # is the locative word itself
        return (lead is not None and toks[i].low.startswith(lead.group(1))
                and _word_before(text, lead.start()) in _ARTICLE_CUES)

    def _near_bare_name(self, toks: list[_Tok], i: int, j: int, key: str) -> bool:
        """Only the bare name of a pair of villages (``_qualified_bases``) has this key, and
        the words spell it nearly, not in another transliteration: no match, and the words
        are tried shorter ("Raqqa US-led" is Raqqa, not the pair Raqqas)."""
        if not self.base_held or not all((key, pid) in self.base_held for pid in self.index[key]):
            return False
        surf = "".join(_SPLIT.sub("", t.low) for t in toks[i:j] if not t.article)
        return transliteration(surf) not in {transliteration(k) for k in self.surfaces.get(key, ())}

    def _short_name(self, text: str, toks: list[_Tok], i: int) -> PlaceMatch | None:
        """A one-word name too short for the key index ("Al Fu'ah" keys as "fa"), spelled
        with at least three letters as a place's name is ("al-Fouaa", "Foua"), where the
        text marks it as a name: the Arabic article written before it ("al-Fouaa", "Al
        Eis"), a place type before it ("the town of Foua", "the villages of Kafraya and
        Fuaa"), or a place of the gazetteer beside it in a pair ("Fuaa and Kafraya"). The
        caller keeps it only in a text about the theater."""
        tok = toks[i]
        if tok.article or tok.text.isupper() or tok.low in self.stop_words:
            return None
        ids = self.short.get(spelling(tok.text))
        if not ids:
            return None
        start = i
        art = toks[i - 1] if i > 0 and toks[i - 1].article else None
        if art is not None and (art.low in ("al", "el") or text[art.end:tok.start] == "-"):
            start = i - 1
        elif not (_TYPE_OF.search(text, max(0, tok.start - 40), tok.start)
                  or in_head_list(text, tok.start) or self._paired(text, tok.start, tok.end)
                  or self._people_of(text, tok.start)):
            return None
        return _make(text, toks, start, i + 1, ids, 1.0)

    def _people_of(self, text: str, start: int) -> bool:
        """"the residents of X", "inhabitants of X": X is a place where people live, as after
        a locative word, when the words around it name the theater (its country, people or
        armed groups): "the people of Sabha and of Sirte" in a page about Libya
        that names Syria elsewhere is no Syrian village."""
        if _PEOPLE_OF.search(text, max(0, start - 40), start) is None:
            return False
        a, b = max(0, start - _ABOUT_CHARS), start + _ABOUT_CHARS
        return self.theater_names.search(text, a, b) is not None or (
            self._theater_actors is not None and self._theater_actors.search(text, a, b) is not None)

    def _paired(self, text: str, start: int, end: int) -> bool:
        """The word before ``start`` ("Kafraya and X") or after ``end`` ("X and Kafraya") is a
        name of a place of standing, joined by "and" or a comma."""
        names: list[str] = []
        after = _PAIR_AFTER.match(text, end)
        if after is not None:
            words = after.group(1).split()
            names += [" ".join(words[:k]) for k in range(1, len(words) + 1)]
        before = _PAIR_BEFORE.search(text, max(0, start - 60), start)
        if before is not None:
            words = before.group(1).split()
            names += [" ".join(words[k:]) for k in range(len(words))]
        return any(pid not in self.minor for n in names
                   for pid in self.index.get(place_name_key(n), ()))

    def _fuzzy_run(self, text: str, toks: list[_Tok], out: list[PlaceMatch]) -> None:
        words = [t.low for t in toks if not t.article]
        if not words or all(w in self.stop_words for w in words):
            return
        before = _word_before(text, toks[0].start)
        if before == "of" and _TYPE_OF.search(text, max(0, toks[0].start - 40), toks[0].start):
            before = "town"  # "the town of X", "the village of X"
        if before not in CUE_BEFORE and _word_after(text, toks[-1].end) not in CUE_AFTER and not (
                before in WEAK_CUE_BEFORE and _ARABIC_LOOKING.search(toks[0].low)):
            return
        key = join_keys([t.key for t in toks])
        hit = self._fuzzy(key, text[toks[0].start:toks[-1].end])
        # a near miss of a minor hamlet's name is a guess at another village ("Ghadban" is not
        # Ghaban): only places of standing are matched fuzzily
        if hit and not all(pid in self.minor or (hit[0], pid) in self.base_held
                           for pid in self.index[hit[0]]):
            out.append(_make(text, toks, 0, len(toks), self.index[hit[0]], hit[1] / 100))
        else:
            self._vowel_run(text, toks, out)

    def vowelless(self) -> dict[str, tuple[str, ...]]:
        """The consonants of each transliterated spelling of a village, town or quarter (its
        name, aliases and variants), in order -> the places spelled so (built on first use)."""
        if self._vowelless is None:
            index: dict[str, list[str]] = defaultdict(list)
            for p in self.pack.places:
                if p.level not in ("city", "neighbourhood"):
                    continue
                for surf in self.place_surfaces.get(p.id, ()):
                    consonants = _VOWELS_RX.sub("", transliteration(surf))
                    if len(consonants) >= _VOWELLESS_MIN and p.id not in index[consonants]:
                        index[consonants].append(p.id)
            self._vowelless = {k: tuple(sorted(v, key=self._prior_sort)) for k, v in index.items()}
        return self._vowelless

    def _vowel_run(self, text: str, toks: list[_Tok], out: list[PlaceMatch]) -> None:
        """A name written without one short vowel that every spelling the gazetteer has
        voices, the word-initial vowel aside ("Lahtheh" for Lahithah, "Anqrati" for
        Inqirat): Arabic writes no short vowels, and outlets drop an unstressed one. Only in
        a word that looks transliterated (not "Center", "Guardian"), after a locative word
        ("in", "the village of"), in a text about the theater. A vowel more than the
        gazetteer's spelling is not matched ("Qalamoun" is not the village Qalmun), nor two
        fewer ("Misrata" is not Mu'aysirat)."""
        words = [t for t in toks if not t.article]
        if (not words or not _ARABIC_LOOKING.search(" ".join(t.low for t in words))
                or any(t.text.isupper() for t in words)
                or all(t.low in self.stop_words for t in words)):
            return
        before = _word_before(text, toks[0].start)
        if before == "of" and _TYPE_OF.search(text, max(0, toks[0].start - 40), toks[0].start):
            before = "town"
        if before not in CUE_BEFORE and before not in WEAK_LOCATIVE:
            return
        span = text[toks[0].start:toks[-1].end]
        consonants = _VOWELS_RX.sub("", transliteration(surface(span)))
        if len(consonants) < _VOWELLESS_MIN:
            return
        forms = _word_forms(span)
        ids = tuple(pid for pid in self.vowelless().get(consonants, ()) if any(
            _one_vowel_dropped_words(forms, _word_forms(n))
            for n in self._names(pid, self.places[pid].name)))
        # the words around it are about the theater, not only the page ("Another protester
        # in Misratah" on a page that names Syria elsewhere)
        a, b = max(0, toks[0].start - _ABOUT_CHARS), toks[-1].end + _ABOUT_CHARS
        if ids and self._about(text[a:b], [m for m in out if a <= m.start and m.end <= b]):
            out.append(_make(text, toks, 0, len(toks), ids, _VOWELLESS_SCORE))

    def _tail_or_head(self, toks: list[_Tok], i: int, j: int, last_end: int) -> bool:
        """Part of a longer name the gazetteer lacks: "Khirbat as-Sawda" is not As-Suwayda,
        "Ruwaysat al-Malik" is not Malik, "Jabal" of "Jabal at-Turkuman" is not Jablah."""
        k = i - 1
        article = toks[i].article or (k >= 0 and toks[k].article)
        while k >= 0 and toks[k].article:
            k -= 1
        if k >= last_end and k >= 0 and toks[k].cap and toks[k].low not in _COMPASS:
            # an unmatched name word before, joined by an article ("X al-Y": one name) or
            # itself a word that begins names ("Khirbat Y", "Tall Y"); not a compass word
            # ("Northeastern As Suwaydah" is As Suwaydah's northeast)
            if article or toks[k].low in self.heads:
                return True
        if j == i + 1 and toks[i].low in self.heads and j < len(toks):
            return True
        return False

    def _tail_of_small(self, toks: list[_Tok], i: int, last_end: int, populations) -> bool:
        """A small place's name after an unmatched capitalized word of the same run is the
        end of a longer name the gazetteer lacks ("Khabrat Hawi Husayn" is not Husayn)."""
        k = i - 1
        if k < last_end or k < 0 or toks[k].article or not toks[k].cap:
            return False
        word = toks[k]
        return (word.low not in self.stop_words and not word.text.isupper()
                and all(pop < _BIG_PLACE for pop in populations))

    def _actor_spans(self, toks: list[_Tok]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if not self.actor_keys or len(toks) < 2:
            return spans
        end = len(toks)
        for a in range(end):
            for b in range(min(end, a + 6), a + 1, -1):
                if join_keys([t.key for t in toks[a:b]]) in self.actor_keys:
                    spans.append((a, b))
                    break
        return spans

    def _blocked(self, text: str, toks: list[_Tok], i: int, j: int, actor_spans, populations) -> bool:
        words = [t.low for t in toks[i:j] if not t.article]
        if all(w in self.stop_words for w in words):
            return True
        if len(words) > 1 and any(w in self.country_words for w in words):
            return True   # "Syria UK" in a list of tags: two names, no village "Ash Sharikah"
        if any(a <= i and j <= b and (a, b) != (i, j) for a, b in actor_spans):
            return True
        # "the monitor's head Rami Khalil": a person named like a village
        if (i == 0 and j < len(toks) and toks[j].cap
                and _word_before(text, toks[0].start) in PERSON_BEFORE):
            return True
        small = all(pop < _BIG_PLACE for pop in populations)
        if (small and j == i + 1 and toks[i].text.isupper()
                and len(toks[i].text) <= _ACRONYM_LETTERS):
            return True  # "Halliburton (HAL.N)", "SUR": an acronym, not a small place
        nxt = j
        while nxt < len(toks) and toks[nxt].article:
            nxt += 1
        if (j == i + 1 and nxt < len(toks) and toks[nxt].cap and small
                and text[toks[i].end:toks[j].start] != "-"  # "Khanasir-Aleppo road"
                and toks[nxt].low not in FACILITY_AFTER and toks[nxt].low not in ORG_AFTER):
            # "Rami Khalil", "Haider al-Abadi": a small place's name, then a name; not a
            # facility named after it ("X Crossroad", "X Checkpoint", "X Airport")
            return True
        prv = i - 1
        while prv >= 0 and toks[prv].article:
            prv -= 1
        if prv >= 0 and toks[prv].low in PERSON_FIRST and small:
            return True  # "Muhammad al-Ansari", "Bassel Haidar"
        # "Liwaa Al-Quds", "Ahrar al-Sham", "Quds Brigade": part of an armed group's name
        k = i - 1
        while k >= 0 and toks[k].article:
            k -= 1
        if k >= 0 and toks[k].low in ORG_BEFORE:
            return True
        # "Idlib Free Army", "Homs Martyrs Brigade": an armed group named after the place
        for nxt in range(j, min(j + 3, len(toks))):
            if toks[nxt].low in ORG_AFTER:
                return True
            if not toks[nxt].cap or toks[nxt].low in LANDMARK_AFTER:
                break
        return False

    def _looks_like(self, toks: list[_Tok], i: int, j: int, key: str, text: str = "") -> bool:
        """Guard against English words that fold onto a name key ("Room" ~ "Rami")."""
        words = [t for t in toks[i:j] if not t.article]
        surf = "".join(_SPLIT.sub("", t.low) for t in words)
        known = self.surfaces.get(key, ())
        if surf in known:
            return True
        if len(words) == 1 and surf in self.stop_words:
            return False
        if len(words) == 1 and len(surf) <= 4:
            # "Sen", "Fed", "Mail": a short word must be spelled as a known name, or be
            # another transliteration of one after the Arabic article, as the last word of
            # its run ("At Tel" for At Tall, "as-Sura"; not "At Tel Aviv")
            return (j == len(toks) and not words[0].text.isupper()
                    and self._articled(toks, i, text)
                    and _short_form(surf) in {_short_form(k) for k in self.named_surfaces.get(key, ())})
        if (len(surf) >= 5 and not any(t.text.isupper() for t in words)
                and _ARABIC_LOOKING.search(" ".join(t.low for t in words))
                and transliteration(surf) in {transliteration(k)
                                              for k in self.named_surfaces.get(key, ())}):
            # "Jubeen" for Jubayn, "Quqfin" for Quqfinah: another transliteration of a
            # place's name, in a word that looks transliterated (not "China" for Shin's
            # variant "Chine", not "Sousse" for a variant "Soussa")
            return True
        cutoff = _VERIFY_MANY if len(words) > 1 else _VERIFY_SHORT if len(surf) <= 6 else _VERIFY_ONE
        return any(fuzz.ratio(surf, k) >= cutoff for k in known)


#: an article spelled as it sounds before a sun letter, not among ``ARTICLES`` ("Ej Jid",
#: "Ett Tall", "Enn Nabi", "Eth Thawrah"): the letter is repeated at the next word's start
_ASSIMILATED = re.compile(r"(?i)(?!(?:al|el|ar|er|as|es|ash|esh|ech|ad|ed|at|et|az|ez|an|en|ath|adh)[ -])"
                          r"[ae](th|dh|sh|ch|t|d|r|z|s|n|l|j)\1?[ -]+(?=\1)")
#: a lower-case article assimilated before the next word's first letter ("as Sura")
_ASSIMILATED_BEFORE = re.compile(r"(?<![\w'’-])[ae](sh|th|dh|[tdrzsn])[ -]$")
#: the word after a village's name that tells it from a neighbour of the same name (the
#: upper / lower, small / big, eastern / western ... one: "Fawqani", "as Saghirah", "ash
#: Sharqiyah"), with its article
_QUALIFIER = re.compile(
    r"(?i)[ -]+(?:(?:al|as|ash|at|el|es|esh|ech)[ -]+)?(?:fawqani|fouqani|tahtani|tahtani|"
    r"saghir|saghirah|kabir|kabirah|sharqi|sharqiyah|gharbi|gharbiyah|shamali|shamaliyah|"
    r"janubi|janubiyah|qibli|qibliyah|wusta|wustani)$")
#: letters a name's base needs ("Baghuz"; not "Kurd"), and how near its namesake with
#: another qualifier must lie
_BASE_LETTERS = 5
_BASE_PAIR_KM = 10.0
_BASE_NEAR = 90.0
_DIGIT = re.compile(r"\d")
#: words between a unit's number and its kind ("113th Air Defense Brigade")
_UNIT_MODIFIER = (r"(?:[A-Z][a-z]+|air|defen[cs]e|armou?red|mechani[sz]ed|infantry|special|"
                  r"forces|artillery|missile|reserve|tank|rocket|guards?|republican|army)")
_UNIT_KIND = {"division": "division", "firqa": "division", "brigade": "brigade", "liwa": "brigade",
              "liwaa": "brigade", "regiment": "regiment", "fawj": "regiment", "fouj": "regiment",
              "battalion": "battalion", "corps": "corps"}
#: a numbered unit ("the 17th Division", "Brigade 93", "Liwa 93", "Fawj 46") or a coded
#: base ("T4")
_UNIT = re.compile(
    r"\b(?P<num>\d{1,3})(?:st|nd|rd|th)?(?:[ -]" + _UNIT_MODIFIER + r"){0,3}[ -]"
    r"(?P<kind>[Dd]ivision|[Bb]rigade|[Rr]egiment|[Bb]attalion|[Cc]orps)\b"
    r"|\b(?P<kind2>[Dd]ivision|[Bb]rigade|[Rr]egiment|[Bb]attalion|Liwaa?|Fawj|Fouj|Firqa)"
    r"[ -](?:[Nn]o\.? ?)?(?P<num2>\d{1,3})(?![\d.,]*\d)\b(?!\s*(?:km|kilomet|people|soldiers|fighters|men|%))"
    r"|\bT-?(?P<code>[1-4])\b")
#: cheap tests for a unit word or a coded base before the full pattern is run
_UNIT_HINTS = ("ivision", "rigade", "egiment", "attalion", "orps", "Liwa", "Fawj", "Fouj", "Firqa")
_CODE = re.compile(r"T-?[1-4]\b")
#: "the base of", "the outskirts of" before a unit: its base
_SITE_OF = re.compile(r"\b(?:base|bases|headquarters|barracks|positions?|outskirts|siege|perimeter|"
                      r"vicinity|gates?)\s+of\s+(?:the\s+)?$", re.I)


def _unit_key(m: re.Match) -> tuple[str, int]:
    if m.group("code"):
        return ("T", int(m.group("code")))
    kind = (m.group("kind") or m.group("kind2")).lower()
    return (_UNIT_KIND[kind], int(m.group("num") or m.group("num2")))


def unit_keys(name: str) -> list[tuple[str, int]]:
    """The numbered units and coded bases a landmark's name names ("Division 17 Army
    Base" -> [("division", 17)], "Tiyas Military Airbase T4" -> [("T", 4)])."""
    return [_unit_key(m) for m in _UNIT.finditer(name)]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    """A grid cell at least ``ACTIVITY_KM`` wide (0.2 degrees: ~22 km of latitude, ~18 km
    of longitude at Syria's latitudes)."""
    return int(math.floor(lat / _CELL_DEG)), int(math.floor(lon / _CELL_DEG))


_CELL_DEG = 0.2


#: the score of a match read in another transliteration family (``alternate_keys``), and
#: how many readings of one span are tried
_ALTERNATE_SCORE = 0.95
_ALTERNATE_COMBOS = 9
#: letters a span needs to be read so (a shorter word must be spelled as a known name)
_ALTERNATE_LETTERS = 5
#: the qualifier words written with the masculine nisba -i or the feminine -iyah/-iya/-iyeh
#: ("Kabsh Sharqi", "Kabsh Sharqiyah"): one village, as outlets agree it with "village" or not
_NISBA_QUALIFIER = re.compile(
    r"^(sharq|shark|charq|gharb|garb|shamal|chamal|janub|jenub|qibl|fawqan|fouqan|foqan|"
    r"tahtan|wustan)(?:(i)|iy+ah?|iy+eh|iy+e|ieh|ia)$")


@lru_cache(maxsize=65536)   # pure
def alternate_keys(low: str) -> tuple[str, ...]:
    """Token keys of a lowercase word read in a transliteration family the lookup key keeps
    apart: the letter ghayn written Q or Gh, as Levantine reporting and the gazetteer's
    sources disagree ("Qouta" for Ghouta, "Gharbi" for a Qarbi), a qualifier's masculine
    nisba -i for its feminine -iyah or back ("Sharqiyah" for Sharqi). A bare G is no
    ghayn to read as Q ("Green", "Grand"). () for most words."""
    word = _SPLIT.sub("", low)
    own = token_key(word)
    out: list[str] = []
    if "q" in word:
        out.append(token_key(word.replace("q", "gh")))
    if "gh" in word:
        out.append(token_key(word.replace("gh", "q")))
    m = _NISBA_QUALIFIER.match(word)
    if m is not None:
        out.append(token_key(m.group(1) + ("iyah" if m.group(2) else "i")))
    return tuple(k for k in dict.fromkeys(out) if k and k != own)


_NISBA_WORD = re.compile(r"(?<=\w)(?:iy+ah?|iy+eh|iy+e|ieh|ia)\b")


@lru_cache(maxsize=65536)   # pure
def family_form(name: str) -> str:
    """A name's spelling with the families of ``alternate_keys`` folded away (ghayn, qaf,
    g and k one letter; a nisba ending as -i), articles and spaces out: two spellings of
    one name in these families fold alike, an English word rarely folds onto a name."""
    words = [_NISBA_WORD.sub("i", w) for w in _SPLIT.split(fold_ascii(name)) if w and w not in ARTICLES]
    form = transliteration("".join(words))
    return form.replace("gh", "k").replace("g", "k")


def _short_form(surf: str) -> str:
    """A short name's transliteration (``transliteration``) with a final h after a vowel
    dropped first, its final vowel kept: "Sora" and "Surah" alike, "Teen" not "Tinah"."""
    if len(surf) > 2 and surf[-1] == "h" and surf[-2] in "aeiou":
        surf = surf[:-1]
    return transliteration(surf)


def _one_vowel_dropped(short: str, full: str) -> bool:
    """``short`` is ``full`` (transliterations) without one vowel between two consonants,
    the word-initial vowel's quality aside ("ankrat" of "inkirat", "lahth" of "lahith")."""
    if len(full) != len(short) + 1:
        return False
    if short[:1] in "aiu" and full[:1] in "aiu":
        short, full = full[:1] + short[1:], full
    return any(full[k] in "aiu" and full[k - 1] not in "aiu" and full[k + 1] not in "aiu"
               and full[:k] + full[k + 1:] == short for k in range(1, len(full) - 1))


def _word_forms(name: str) -> list[str]:
    """The transliterations of a name's words, articles left out."""
    return [transliteration(w) for w in _SPLIT.split(fold_ascii(name)) if w and w not in ARTICLES]


def _one_vowel_dropped_words(short: list[str], full: list[str]) -> bool:
    """Word for word alike but one word without one vowel ("Sahl al-Qab" is not Sahl al
    Laqabah: its article did not swallow a letter)."""
    if len(short) != len(full):
        return False
    differ = [(a, b) for a, b in zip(short, full) if a != b]
    return len(differ) == 1 and _one_vowel_dropped(*differ[0])


def _make(text: str, toks: list[_Tok], i: int, j: int, candidates, score: float) -> PlaceMatch:
    start, end = toks[i].start, toks[j - 1].end
    return PlaceMatch(start, end, text[start:end], tuple(candidates), score,
                      _word_before(text, start), _word_after(text, end))


def _word_before(text: str, start: int) -> str:
    """The lowercased word just before ``start`` in the same line ("" if none)."""
    words = text[max(0, start - 30):start].split(" ")
    if len(words) < 2 or "\n" in words[-1]:
        return ""
    k = len(words) - 2 if words[-1] == "" else len(words) - 1
    w = words[k]
    if w.lower() == "the" and len(words) > 2:
        w = words[k - 1] if words[-1] == "" else words[-3]
    elif (w in _SUN_ARTICLES and k > 0 and words[k - 1].lower() in _ARTICLE_CUES
          and text[start:start + len(w) - 1].lower() == w[1:]):
        # "in as Sura", "the village of ad Dana": the article assimilated to the name's
        # first letter is part of the name; the locative word is the one before it
        w = words[k - 1]
    return w.lower() if w.isalpha() else ""


#: lower-case articles assimilated to a sun letter, and the locative words they may follow
_SUN_ARTICLES = frozenset({"as", "ash", "ad", "at", "ar", "az", "an", "adh", "ath", "es", "esh",
                           "ed", "et", "er", "ez", "en"})
_ARTICLE_CUES = CUE_BEFORE | WEAK_LOCATIVE | {"of"}


def _word_after(text: str, end: int) -> str:
    m = _AFTER.match(text, end, end + 40)
    return m.group(1).lower() if m else ""


def _run_tokens(run: str, offset: int, cache: dict[str, str]) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(run):
        t, start, stop = m.group(), m.start() + offset, m.end() + offset
        if t[-2:] in ("'s", "’s"):  # possessive: "Aleppo's countryside"
            t, stop = t[:-2], stop - 2
        low = t.lower() if t.isascii() else fold_ascii(t)
        if "'" in low or "`" in low:
            low = low.replace("'", "").replace("`", "")
        key = cache.get(low)
        if key is None:
            key = cache[low] = token_key(_SPLIT.sub("", low))
        out.append(_Tok(t, start, stop, key, low, t[:1].isupper(), low in ARTICLES))
    while out and out[-1].article:
        out.pop()
    return out


_UPPER = "".join(chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00)) if chr(c).isupper())
_WORD = rf"[{_UPPER}][^\W\d_]*(?:['’ʿ`][^\W\d_]+)*"
_ART = r"(?:al|el|ad|ar|as|ash|at|az|ez|an|ed|es|et|en|il|ul|er|esh|adh|ath)"
#: a run of capitalized words, possibly joined by lowercase articles ("Deir ez-Zor")
_ART_SPACED = r"(?:al|el|ad|ar|ash|az|ez|adh|ath|es|esh)"  # not English "at", "as", "an"
_RUN = re.compile(
    rf"(?<![\w'’-])(?:(?:al|el)[- ]|{_ART}-)?{_WORD}"
    rf"(?:(?:[ -]|[ -]{_ART}-|[ -]{_ART_SPACED} ){_WORD})*")
#: weekdays written right after a name, with no "on" ("captured Brega Wednesday")
_WEEKDAYS = frozenset(w.lower() for w in json_data("en", "dates")["weekdays"])
#: compass words that begin a run before a name without being part of it
_COMPASS = frozenset(f"{a}{b}" for a in ("", "north", "south") for b in (
    "", "east", "west", "eastern", "western") if a or b) | {"northern", "southern"}
_DIRECTION_BEFORE = re.compile(r"\b(eastern|western|northern|southern) $")
#: the articles English shares ("as", "at", "an") between two capitalized words of one name
_JOIN_BEFORE = re.compile(r"\b([A-Z][a-z]+)[ -](?:as|at|an)[ -]$")
_LIST_GAP = re.compile(r",? (?:and |or )?|, ")
_JOIN_AFTER = re.compile(r"[ -](?:as|at|an)[ -][A-Z]")
_NUMBER_AFTER = re.compile(r"[ -]\d")
#: a capitalized word paired with a name by "and" or a comma ("Fuaa and Kafraya")
_PAIR_AFTER = re.compile(r"(?:,| and) ((?:(?:al|el|[Aa][lrstdnz])-)?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})")
_PAIR_BEFORE = re.compile(r"\b((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+),? (?:and )?(?:(?:al|el)-)?$")
#: up to two lowercase words after a run ("airport", "gas field")
_LOWER_WORDS = re.compile(r"[ \t]+[a-z]+(?:[ \t]+[a-z]+)?")
_TYPE_OF = re.compile(r"\b(?:village|town|city|district|neighbou?rhood|quarter|suburb|area)s?\s+of\s+$",
                      re.I)
#: the people who live in a place, before "of" ("the residents of X"): see ``_people_of``
_PEOPLE_OF = re.compile(r"\b(?:residents|inhabitants|people)\s+of\s+(?:the\s+)?$", re.I)
#: a lower-case word right after a run of capitalized ones ("Deir ezzor")
_LOWER_TAIL = re.compile(r"[ -]([a-z][a-z'-]{2,})\b")
#: English words that open a sentence before a place name ("In Deraa, ..."), none of them a
#: word that begins Arabic names
_LEADING_FUNCTION_WORDS = frozenset({"in", "on", "near", "from", "to", "the", "by", "for", "with",
                                     "of", "into", "inside", "outside", "around", "across"})
#: "the villages of A, B, C and D" (commas kept or stripped): every name of the run that a
#: plural settlement type opens is a settlement (not "the neighbourhoods of": a city's quarters
#: are no villages, and a village's variant name may spell one, "Bab al-Hadid")
_NAME_WORD = r"(?:(?:[Aa]l|[Ee]l|[Aa][dnrstz]|[Aa]sh)-)?[A-Z][\w'`\u2019-]*"
_HEAD_LIST = re.compile(r"\b(?:villages|towns|hamlets)\s+of\s+"
                        r"(?:" + _NAME_WORD + r"(?:,\s*|\s+and\s+|\s+))+$")
_HEAD_LIST_REACH = 240
#: between two items of such a run: names the gazetteer lacks, commas, "and"
HEAD_LIST_GAP = re.compile(r"(?:,\s*|\s+and\s+|\s+)(?:" + _NAME_WORD + r"(?:,\s*|\s+and\s+|\s+))*")
_AFTER = re.compile(r"(?:['’]s)?[ \t]+(?:(?:northern|southern|eastern|western)[ \t]+)?([A-Za-z]+)")


def in_head_list(text: str, start: int) -> bool:
    """Whether the name at ``start`` is an item of a run of names that a plural place type opens
    ("the villages of A, B and C"), though the items before it are not in the gazetteer."""
    return _HEAD_LIST.search(text, max(0, start - _HEAD_LIST_REACH), start) is not None


#: the places of standing a minor place must lie near, when its sentence names some, and how near
_PEER_LEVELS = frozenset({"city", "neighbourhood", "landmark"})
_PEER_KM = 150.0
_SENTENCE_END = re.compile(r"[.!?]\s")


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """Where the sentence holding ``at`` begins and ends (roughly: at '. ', '! ', '? ')."""
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, at - 400), at)), default=max(0, at - 400))
    nxt = _SENTENCE_END.search(text, at, at + 400)
    return lo, (nxt.start() if nxt else min(len(text), at + 400))
