"""marsad's data model: the records every stage reads and writes.

One article travels through the pipeline as an :class:`Article` carrier (like spaCy's
``Doc``): ingest fills ``text``/``title``/``outlet``/``published``; the language layer adds
``sentences`` and ``mentions``; extraction adds ``events`` (one :class:`EventMention` per
coded event sentence) and ``claims``; geo resolves each event's :class:`Place`. Linking
across articles groups event mentions into :class:`Event` records.

Every record is a plain dataclass with ``to_dict()``/``from_dict()`` so it can cross a
process boundary (multiprocessing, Dask, Ray) or go into the store unchanged.
IDs are content hashes, stable across runs and machines.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Self, TypedDict, TypeVar

# ---------------------------------------------------------------------------
# Controlled vocabularies
# ---------------------------------------------------------------------------

#: ACLED's 6 event types and 25 sub-event types (ACLED codebook, 2023).
ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": (
        "Violent demonstration",
        "Mob violence",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

SUB_EVENT_TO_TYPE: dict[str, str] = {
    sub: etype for etype, subs in ACLED_TAXONOMY.items() for sub in subs
}

#: ACLED disorder_type per event type (Strategic developments are their own disorder type).
DISORDER_TYPE: dict[str, str] = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Political violence; Demonstrations",
    "Strategic developments": "Strategic developments",
}

#: ACLED actor "inter" codes.
INTER_CODES: dict[int, str] = {
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")
#: ACLED time_precision: 1 = day known, 2 = week or a few days, 3 = month or coarser.
TIME_PRECISION_CODE = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}

PLACE_LEVELS = (
    "country",
    "governorate",   # ACLED admin1
    "district",      # ACLED admin2 (mantiqa)
    "subdistrict",   # ACLED admin3 (nahiya)
    "city",          # city / town / village
    "neighbourhood",
    "landmark",      # a factory, school, base, road...
)

MENTION_KINDS = ("actor", "place", "person", "weapon", "date", "number", "source")

STANCES = ("asserts", "confirms", "denies", "reports_unverified")
MODALITIES = ("asserted", "hypothetical", "future", "negated", "denied")


def stable_id(*parts: Any, length: int = 16) -> str:
    """A short hex id derived only from content, so it is the same on every machine."""
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


class Record:
    """Mixin: plain-dict round trip for storage and process boundaries."""

    def to_dict(self) -> dict[str, Any]:
        return _fields_to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return _from_plain(cls, data)


@dataclass(frozen=True)
class Actor(Record):
    """A canonical actor from a theater pack (or a new one found in text)."""

    id: str                      # slug, e.g. "jaish-al-fatah"
    name: str                    # canonical display name, ACLED style
    side: str = "unknown"        # pack-defined: "government", "opposition", "sdf", "isis", "civilian", ...
    inter: int = 0               # ACLED inter code (0 = unknown)
    aliases: tuple[str, ...] = ()
    country: str | None = None
    parent: str | None = None    # id of an alliance/umbrella actor it belongs to
    is_new: bool = False         # True when found in text but not in the dictionary
    arm: str | None = None       # service arm, "air" for an air force: what it kills with
    #: earlier names, oldest first: ``(until, name)`` with ``until`` the last day (ISO date)
    #: the group bore ``name``; ``name`` is the one it bears after the last ``until``
    #: (Al Nusrah Front until 2016-07-27, then Jabhat Fateh al Sham, then HTS)
    names: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # a plain-dict round trip gives lists: keep the field hashable and comparable
        if self.names and not all(isinstance(n, tuple) for n in self.names):
            object.__setattr__(self, "names", tuple((str(u), str(n)) for u, n in self.names))

    def name_on(self, day: dt.date | None) -> str:
        """The name the actor bore on ``day`` (its current ``name`` when ``day`` is None or
        after its last renaming)."""
        if day is not None:
            iso = day.isoformat()
            for until, name in self.names:
                if iso <= until:
                    return name
        return self.name


@dataclass(frozen=True)
class Place(Record):
    """A gazetteer entry, resolved with a level."""

    id: str
    name: str
    lat: float | None
    lon: float | None
    level: str = "city"          # one of PLACE_LEVELS
    country: str | None = None
    iso: int | None = None       # ISO 3166 numeric (Syria 760), as ACLED's `iso`
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    source: str | None = None    # "geonames", "ocha", "ucdp", "pack", "reference:<file>"


@dataclass(frozen=True)
class ResolvedDate(Record):
    """A date as the text gives it: a window [start, end] and how precisely it is known."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: str = "unknown"   # one of DATE_PRECISIONS
    text: str | None = None      # the phrase it came from ("on Sunday")
    relative: bool = False       # resolved against the publication date

    @property
    def known(self) -> bool:
        return self.start is not None


@dataclass(frozen=True)
class Fatalities(Record):
    """Fatalities as reported: never invented. None everywhere means unknown."""

    low: int | None = None
    high: int | None = None
    best: int | None = None
    qualifier: str | None = None  # "at least", "more than", "some", "dozens", ...
    text: str | None = None

    @property
    def known(self) -> bool:
        return self.best is not None or self.low is not None


# ---------------------------------------------------------------------------
# Mention payloads: what each kind of mention carries (the stage contract)
# ---------------------------------------------------------------------------
# Each payload is stored and exported as the mention's ``attrs`` dict: ``to_attrs`` writes
# exactly the keys listed in docs/DESIGN.md ("Mention conventions") and ``from_attrs``
# reads them back, so records and databases written before the payloads were typed load
# unchanged. A key that is absent reads as the field's default.


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class PlaceInfo:
    """A ``place`` mention (stage ``places``): where the gazetteer puts it and how the
    text relates the event to it."""

    level: str = "city"                 # one of PLACE_LEVELS
    lat: float | None = None
    lon: float | None = None
    relation: str = "in"                # "in", "near", "south of", "countryside", ...
    anchor: str | None = None           # place id the relation is relative to
    candidates: tuple[str, ...] = ()    # other place ids the name could be
    fuzzy: float | None = None          # match score when the name was matched fuzzily
    abroad: bool = False                # from the pack's places_abroad.csv
    country: str | None = None          # abroad only
    locative: bool = False              # abroad only: "in", "north of"... puts something there
    admin1: str | None = None           # set only by callers without a pack id (evaluation)
    choice: str | None = None           # why this namesake won ("context: ...", "prior: ...")

    def to_attrs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"level": self.level, "lat": self.lat, "lon": self.lon,
                               "relation": self.relation, "anchor": self.anchor,
                               "candidates": list(self.candidates)}
        if self.fuzzy is not None:
            out["fuzzy"] = self.fuzzy
        if self.choice is not None:
            out["choice"] = self.choice
        if self.abroad:
            out.update(abroad=True, country=self.country, locative=self.locative)
        if self.admin1 is not None:
            out["admin1"] = self.admin1
        return out

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> PlaceInfo:
        return cls(level=str(attrs.get("level") or "city"), lat=attrs.get("lat"),
                   lon=attrs.get("lon"), relation=str(attrs.get("relation") or "in"),
                   anchor=_opt_str(attrs.get("anchor")),
                   candidates=tuple(str(c) for c in attrs.get("candidates") or ()),
                   fuzzy=attrs.get("fuzzy"), abroad=bool(attrs.get("abroad")),
                   country=_opt_str(attrs.get("country")), locative=bool(attrs.get("locative")),
                   admin1=_opt_str(attrs.get("admin1")), choice=_opt_str(attrs.get("choice")))


@dataclass(frozen=True)
class ActorInfo:
    """An ``actor`` mention (stage ``entities``). ``side`` None means not given (readers
    then ask the pack)."""

    side: str | None = None             # pack-defined side ("government", "opposition", ...)
    inter: int | None = None            # ACLED inter code
    generic: bool = False               # a class word ("rebels"), not a name
    new: bool = False                   # a named group the pack lacks (norm "new:<slug>")
    ambiguous: bool = False             # "militants"/"terrorists": actor read from context
    name: str | None = None             # new groups: the name as written

    def to_attrs(self) -> dict[str, Any]:
        out: dict[str, Any] = {"side": self.side, "inter": self.inter,
                               "generic": self.generic, "new": self.new}
        if self.ambiguous:
            out["ambiguous"] = True
        if self.name is not None:
            out["name"] = self.name
        return out

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> ActorInfo:
        inter = attrs.get("inter")
        return cls(side=_opt_str(attrs.get("side")), inter=None if inter is None else int(inter),
                   generic=bool(attrs.get("generic")), new=bool(attrs.get("new")),
                   ambiguous=bool(attrs.get("ambiguous")), name=_opt_str(attrs.get("name")))


@dataclass(frozen=True)
class PersonInfo:
    """A ``person`` mention (stage ``entities``)."""

    role: str | None = None             # "spokesman", "head of SOHR", ...

    def to_attrs(self) -> dict[str, Any]:
        return {"role": self.role} if self.role else {}

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> PersonInfo:
        return cls(role=_opt_str(attrs.get("role")) or None)


@dataclass(frozen=True)
class WeaponInfo:
    """A ``weapon`` mention (stage ``entities``): the class is the mention's ``norm``."""

    def to_attrs(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> WeaponInfo:
        return cls()


@dataclass(frozen=True)
class SourceInfo:
    """A ``source`` mention: reserved (claims reads it; no stage writes it yet)."""

    def to_attrs(self) -> dict[str, Any]:
        return {}

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> SourceInfo:
        return cls()


@dataclass(frozen=True)
class DateInfo:
    """A ``date`` mention (stage ``dates``). ``date`` None: not resolved (readers fall back
    to the mention's ``norm``)."""

    date: ResolvedDate | None = None
    bound: str | None = None            # "since"/"until"/"from": a period's edge, not a day

    def to_attrs(self) -> dict[str, Any]:
        out: dict[str, Any] = {} if self.date is None else {"date": self.date.to_dict()}
        if self.bound:
            out["bound"] = self.bound
        return out

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> DateInfo:
        raw = attrs.get("date")
        date: ResolvedDate | None = None
        if isinstance(raw, ResolvedDate):
            date = raw
        elif isinstance(raw, dict):
            try:
                date = ResolvedDate.from_dict(raw)
            except (TypeError, ValueError):
                date = None
        return cls(date=date, bound=_opt_str(attrs.get("bound")) or None)


@dataclass(frozen=True)
class NumberInfo:
    """A ``number`` mention (stage ``numbers``). ``fatalities`` None: not parsed (readers
    fall back to the mention's ``norm``)."""

    fatalities: Fatalities | None = None
    noun: str | None = None             # the head noun counted
    casualty: str | None = None         # "killed", "wounded", "captured", "displaced"
    subset: bool = False                # a part-count ("including 8 children")

    def to_attrs(self) -> dict[str, Any]:
        return {"fatalities": None if self.fatalities is None else self.fatalities.to_dict(),
                "noun": self.noun, "casualty": self.casualty, "subset": self.subset}

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any]) -> NumberInfo:
        raw = attrs.get("fatalities")
        fat = raw if isinstance(raw, Fatalities) else (
            Fatalities.from_dict(raw) if isinstance(raw, dict) else None)
        return cls(fatalities=fat, noun=_opt_str(attrs.get("noun")),
                   casualty=_opt_str(attrs.get("casualty")), subset=bool(attrs.get("subset")))


MentionInfo = (PlaceInfo | ActorInfo | PersonInfo | WeaponInfo | SourceInfo | DateInfo
               | NumberInfo)

#: the payload record of each mention kind (MENTION_KINDS)
MENTION_INFO: dict[str, type[MentionInfo]] = {
    "place": PlaceInfo, "actor": ActorInfo, "person": PersonInfo, "weapon": WeaponInfo,
    "source": SourceInfo, "date": DateInfo, "number": NumberInfo,
}


def mention_info(kind: str, attrs: dict[str, Any] | None) -> MentionInfo:
    """The typed payload of a ``kind`` mention from its serialised ``attrs`` dict."""
    try:
        cls = MENTION_INFO[kind]
    except KeyError:
        raise ValueError(f"unknown mention kind {kind!r}; known: {', '.join(MENTION_INFO)}") from None
    return cls.from_attrs(attrs or {})


_I = TypeVar("_I", PlaceInfo, ActorInfo, PersonInfo, DateInfo, NumberInfo)


@dataclass
class Sentence(Record):
    index: int
    start: int                   # char offsets into Article.text
    end: int
    text: str


@dataclass
class Mention(Record):
    """A span of an article that names something: actor, place, person, weapon, date, number."""

    kind: str                    # one of MENTION_KINDS
    text: str
    start: int                   # char offsets into Article.text
    end: int
    sentence: int                # Sentence.index
    norm: str | None = None      # canonical id (actor id, place id) or normalized value
    #: the kind's payload record (MENTION_INFO[kind]); None builds the kind's default
    info: MentionInfo | None = None

    def __post_init__(self) -> None:
        cls = MENTION_INFO.get(self.kind)
        if cls is None:
            raise ValueError(f"unknown mention kind {self.kind!r}; known: {', '.join(MENTION_INFO)}")
        if self.info is None:
            self.info = cls()
        elif not isinstance(self.info, cls):
            raise TypeError(f"a {self.kind} mention carries {cls.__name__}, "
                            f"not {type(self.info).__name__}")

    def _payload(self, cls: type[_I]) -> _I:
        if not isinstance(self.info, cls):
            raise TypeError(f"{self.kind} mention {self.text!r} has no {cls.__name__}")
        return self.info

    @property
    def place_info(self) -> PlaceInfo:
        return self._payload(PlaceInfo)

    @property
    def actor_info(self) -> ActorInfo:
        return self._payload(ActorInfo)

    @property
    def person_info(self) -> PersonInfo:
        return self._payload(PersonInfo)

    @property
    def date_info(self) -> DateInfo:
        return self._payload(DateInfo)

    @property
    def number_info(self) -> NumberInfo:
        return self._payload(NumberInfo)

    def attrs_dict(self) -> dict[str, Any]:
        """The payload as stored and exported (the ``attrs`` key)."""
        return self.info.to_attrs() if self.info is not None else {}

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "sentence": self.sentence, "norm": self.norm, "attrs": self.attrs_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        kind = str(data["kind"])
        return _from_plain(cls, data, info=mention_info(kind, data.get("attrs")))


@dataclass
class Claim(Record):
    """Who asserts what about an event mention, with which stance."""

    id: str
    article_id: str
    sentence: int
    source: str                  # who asserts: outlet name, "activists", "Syrian army", ...
    source_kind: str = "outlet"  # "outlet" | "named" | "party" | "anonymous"
    source_actor: str | None = None  # actor id when the source is a party to the fighting
    stance: str = "asserts"      # one of STANCES
    event_mention: str | None = None  # EventMention.id it is about
    text: str = ""               # the attribution phrase ("according to activists")


@dataclass(frozen=True)
class CodingNotes:
    """How an event mention was coded and placed (stored as ``EventMention`` ``attrs``);
    every field is optional provenance, absent from the dict when None."""

    landmark: str | None = None         # name key of a facility the gazetteer lacks (coder)
    landmark_span: tuple[int, int] | None = None  # where the landmark is named (coder)
    landmark_ref: str | None = None     # the anaphor naming it here ("the school") (coder)
    actor1_from: str | None = None      # actor1 found outside the clause: "reporter",
    #                                     "paragraph", "previous clause", "article" (coder)
    escalated_from: str | None = None   # the protest sub-type before escalation (coder)
    geo_step: str | None = None         # which geocoding fallback placed it (geocode)
    place_relation: str | None = None   # "in", "south of", "near", ... (geocode)
    place_choice: str | None = None     # why the place's namesake won (geocode, from places)
    cumulative_toll: str | None = None  # a running toll dropped from the fatalities (screen)
    fatalities_split: int | None = None  # a toll split evenly over this many places of a
    #                                      list (distribute) or events of one clause (events)
    coreferent: str | None = None       # the other telling of the incident in the article,
    #                                     held back and merged into this one (corefer)

    def to_attrs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_attrs(cls, attrs: dict[str, Any] | None) -> CodingNotes:
        attrs = attrs or {}
        span = attrs.get("landmark_span")
        return cls(landmark=_opt_str(attrs.get("landmark")),
                   landmark_span=(int(span[0]), int(span[1])) if span else None,
                   landmark_ref=_opt_str(attrs.get("landmark_ref")),
                   actor1_from=_opt_str(attrs.get("actor1_from")),
                   escalated_from=_opt_str(attrs.get("escalated_from")),
                   geo_step=_opt_str(attrs.get("geo_step")),
                   place_relation=_opt_str(attrs.get("place_relation")),
                   place_choice=_opt_str(attrs.get("place_choice")),
                   cumulative_toll=_opt_str(attrs.get("cumulative_toll")),
                   fatalities_split=(int(attrs["fatalities_split"])
                                     if attrs.get("fatalities_split") else None),
                   coreferent=_opt_str(attrs.get("coreferent")))


@dataclass
class EventMention(Record):
    """One coded event as one article reports it (ACLED-style row before linking)."""

    id: str
    article_id: str
    sentence: int
    start: int                   # span of the sentence (or clause) in Article.text
    end: int
    text: str                    # the sentence it came from
    event_type: str
    sub_event_type: str
    actor1: str | None = None    # Actor.id
    actor2: str | None = None
    assoc_actor1: tuple[str, ...] = ()
    assoc_actor2: tuple[str, ...] = ()
    place: Place | None = None
    place_text: str | None = None
    geo_precision: int | None = None  # ACLED: 1 the place, 2 near/part of region, 3 province
    date: ResolvedDate = field(default_factory=ResolvedDate)
    fatalities: Fatalities = field(default_factory=Fatalities)
    modality: str = "asserted"   # one of MODALITIES; only "asserted" rows are events
    background: bool = False     # a reference to an earlier event ("had broken the siege")
    confidence: float = 1.0
    claims: list[str] = field(default_factory=list)  # Claim ids
    event_id: str | None = None  # the linked Event it belongs to
    coding: CodingNotes = field(default_factory=CodingNotes)  # how it was coded and placed
    #: stage ``screen``: why the mention stays out of the record ("off-topic article: ...",
    #: "running toll: ..."); None when it may enter it
    held_back: str | None = None

    @property
    def is_event(self) -> bool:
        """An asserted occurrence that may enter the record (not held back)."""
        return self.modality == "asserted" and self.held_back is None

    def attrs_dict(self) -> dict[str, Any]:
        """The coding notes as stored and exported (the ``attrs`` key)."""
        return self.coding.to_attrs()

    def to_dict(self) -> dict[str, Any]:
        out = _fields_to_plain(self)
        del out["coding"]
        out["attrs"] = self.attrs_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        return _from_plain(cls, data, coding=CodingNotes.from_attrs(data.get("attrs")))


@dataclass(frozen=True)
class Relevance(Record):
    """Stage ``relevance``: is the article about the theater's conflict, and why.

    The counts it rests on are kept so a reader can check the verdict."""

    relevant: bool
    theater_names: int = 0          # the theater's country names and demonyms ("Syria", "Syrian")
    theater_places: int = 0         # distinct theater places named
    top_foreign: str | None = None  # the other country named most often
    top_foreign_count: int = 0
    conflict_words: int = 0         # distinct conflict words used
    reasons: tuple[str, ...] = ()


@dataclass
class Article(Record):
    """The carrier: one article and everything the stages learn about it."""

    id: str                      # stable_id of the cleaned text
    text: str                    # cleaned body (page junk removed)
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source_path: str | None = None  # where it was read from (file, file:row)
    language: str = "en"
    meta: dict[str, Any] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    relevance: Relevance | None = None  # stage ``relevance``

    @staticmethod
    def make_id(text: str) -> str:
        return stable_id(" ".join(text.split()))

    def sentence_of(self, index: int) -> Sentence:
        return self.sentences[index]

    def mentions_in(self, sentence: int, kind: str | None = None) -> list[Mention]:
        return [m for m in self.mentions
                if m.sentence == sentence and (kind is None or m.kind == kind)]


# ---------------------------------------------------------------------------
# What linking records on an Event (stored as the event's ``attrs``)
# ---------------------------------------------------------------------------


class VersionEntry(TypedDict, total=False):
    """One source's account of one field of an event (``Event.versions[field]``). Entries
    are an append-only log kept as plain dicts: entries saved by older versions lack
    ``position``/``modality`` or carry their own ``sentence``, and ``value`` depends on the
    field (see ``link.reconcile.mention_versions``)."""

    mention_id: str
    article_id: str
    outlet: str | None
    source: str
    source_kind: str            # "outlet" | "named" | "party" | "anonymous"
    source_actor: str | None
    stance: str                 # one of STANCES
    claim: str | None           # Claim id
    background: bool
    position: int               # the mention's start offset
    modality: str               # one of MODALITIES
    value: Any                  # the field's value as this source gives it
    sub: str                    # "occurred" entries: the mention's sub-event type
    date: str | None            # "occurred" entries: the mention's start date (ISO)
    count: int                  # mentions folded into this entry (absent = 1)
    sentence: str               # entries saved before Event.version_sentences


class ContradictionSide(TypedDict, total=False):
    claim: str | None
    text: str | None            # the sentence
    stance: str | None
    source: str | None
    outlet: str | None
    article_id: str | None
    mention_id: str | None
    value: Any


class Contradiction(TypedDict):
    """Two sources that disagree on one field of an event."""

    event_id: str
    field: str                  # "occurred", "place", "outcome", "fatalities"
    kind: str                   # "claim and denial", "incompatible places", ...
    sides: list[ContradictionSide]


class LinkKeys(TypedDict):
    """An undated event's text keys, cached for later link batches (``link.keys``)."""

    sig: str
    spec: list[str]
    phrase: list[str]
    stems: list[str]
    date: list[Any]


@dataclass
class Credibility(Record):
    """An event's credibility (``link.credibility.event_credibility``): reasons, no score
    (none has shown predictive signal: ``marsad eval credibility``); a ``score`` stored by
    older versions is dropped on load."""

    reasons: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    camps: dict[str, str] = field(default_factory=dict)   # outlet -> camp
    denied: bool = False


@dataclass
class DateRange(Record):
    """The span of the dates an event's sources give (ISO dates) and how many gave one."""

    start: str
    end: str
    sources: int


@dataclass
class Event(Record):
    """A real-world event: one or more linked event mentions, reconciled across sources."""

    id: str
    event_type: str
    sub_event_type: str
    mentions: list[str] = field(default_factory=list)   # EventMention ids
    articles: list[str] = field(default_factory=list)   # Article ids
    actor1: str | None = None
    actor2: str | None = None
    place: Place | None = None
    geo_precision: int | None = None
    date: ResolvedDate = field(default_factory=ResolvedDate)
    fatalities: Fatalities = field(default_factory=Fatalities)
    # -- linking (link.linker / link.reconcile); stored together as the ``attrs`` dict --
    #: per field ("occurred", "date", "place", ...) one entry per kept account
    versions: dict[str, list[VersionEntry]] | None = None
    #: mention id -> its sentence, once each (read with ``link.reconcile.version_sentence``)
    version_sentences: dict[str, str] | None = None
    versions_dropped: int = 0        # accounts past MAX_VERSIONS that fit no kept entry
    #: reconciliation; set together by ``link.reconcile.reconcile`` (status None: not run,
    #: and date_range, sub_event_types, outlets, contradictions are then not stored)
    status: str | None = None        # "asserted", "disputed", "background_only", ...
    date_range: DateRange | None = None
    sub_event_types: dict[str, int] = field(default_factory=dict)   # sub-type -> outlets
    outlets: list[str] = field(default_factory=list)
    contradictions: list[Contradiction] = field(default_factory=list)
    background_only: bool | None = None  # reconcile, or True on a singleton event
    credibility: Credibility | None = None
    link_keys: LinkKeys | None = None    # undated events: cached text keys
    block_sig: str | None = None         # hash of the event's blocking keys
    linking: str | None = None           # "singleton": an event per mention, not linked

    def attrs_dict(self) -> dict[str, Any]:
        """The linking fields as stored and exported (the ``attrs`` key)."""
        out: dict[str, Any] = {}
        if self.linking is not None:
            out["linking"] = self.linking
        if self.versions is not None:
            out["versions"] = self.versions
        if self.version_sentences is not None:
            out["version_sentences"] = self.version_sentences
        if self.versions_dropped:
            out["versions_dropped"] = self.versions_dropped
        if self.status is not None:
            out["status"] = self.status
        if self.background_only is not None:
            out["background_only"] = self.background_only
        if self.status is not None:
            out["date_range"] = None if self.date_range is None else self.date_range.to_dict()
            out["sub_event_types"] = self.sub_event_types
            out["outlets"] = self.outlets
            out["contradictions"] = self.contradictions
        if self.credibility is not None:
            out["credibility"] = self.credibility.to_dict()
        if self.link_keys is not None:
            out["link_keys"] = self.link_keys
        if self.block_sig is not None:
            out["block_sig"] = self.block_sig
        return out

    @staticmethod
    def attrs_fields(attrs: dict[str, Any] | None) -> dict[str, Any]:
        """Keyword arguments of the linking fields from a stored ``attrs`` dict."""
        attrs = attrs or {}
        span, cred = attrs.get("date_range"), attrs.get("credibility")
        return {
            "versions": attrs.get("versions"),
            "version_sentences": attrs.get("version_sentences"),
            "versions_dropped": int(attrs.get("versions_dropped") or 0),
            "status": attrs.get("status"),
            "date_range": DateRange.from_dict(span) if isinstance(span, dict) else None,
            "sub_event_types": dict(attrs.get("sub_event_types") or {}),
            "outlets": list(attrs.get("outlets") or ()),
            "contradictions": list(attrs.get("contradictions") or ()),
            "background_only": attrs.get("background_only"),
            "credibility": Credibility.from_dict(cred) if isinstance(cred, dict) else None,
            "link_keys": attrs.get("link_keys"),
            "block_sig": attrs.get("block_sig"),
            "linking": attrs.get("linking"),
        }

    def to_dict(self) -> dict[str, Any]:
        out = {f: _to_plain(getattr(self, f)) for f in _EVENT_CORE}
        out["attrs"] = _to_plain(self.attrs_dict())
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        core = {k: v for k, v in data.items() if k in _EVENT_CORE}
        return _from_plain(cls, core, **cls.attrs_fields(data.get("attrs")))


# ---------------------------------------------------------------------------
# dict round trip
# ---------------------------------------------------------------------------


def _fields_to_plain(record: Any) -> dict[str, Any]:
    return {f.name: _to_plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _to_plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields_to_plain(value)
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


#: Event's fields outside ``attrs`` (the ACLED-style consensus)
_EVENT_CORE = ("id", "event_type", "sub_event_type", "mentions", "articles", "actor1", "actor2",
               "place", "geo_precision", "date", "fatalities")

_NESTED: dict[str, type[Record]] = {
    "place": Place,
    "date": ResolvedDate,
    "fatalities": Fatalities,
    "relevance": Relevance,
}
_NESTED_LISTS: dict[str, type[Record]] = {
    "sentences": Sentence,
    "mentions": Mention,
    "events": EventMention,
    "claims": Claim,
}

_R = TypeVar("_R", bound=Record)


def _from_plain(cls: type[_R], data: dict[str, Any], **typed: Any) -> _R:
    """``cls`` from a plain dict; ``typed`` gives fields already read (typed payloads)."""
    kwargs: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    for key, value in data.items():
        if key not in names or key in typed:
            continue
        if value is not None and key in _NESTED and isinstance(value, dict):
            value = _NESTED[key].from_dict(value)
        elif (cls is Article and key in _NESTED_LISTS and isinstance(value, list)
              and value and isinstance(value[0], dict)):
            value = [_NESTED_LISTS[key].from_dict(v) for v in value]
        elif key in ("published", "start", "end") and isinstance(value, str) and cls in (
            Article, ResolvedDate,
        ):
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list) and key in ("aliases", "assoc_actor1", "assoc_actor2",
                                                 "reasons"):
            value = tuple(value)
        kwargs[key] = value
    kwargs.update(typed)
    return cls(**kwargs)
