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
from typing import Any

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
        return _to_plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
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
    attrs: dict[str, Any] = field(default_factory=dict)


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
    attrs: dict[str, Any] = field(default_factory=dict)  # how it was coded (cues, fallbacks)

    @property
    def is_event(self) -> bool:
        return self.modality == "asserted"


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

    @staticmethod
    def make_id(text: str) -> str:
        return stable_id(" ".join(text.split()))

    def sentence_of(self, index: int) -> Sentence:
        return self.sentences[index]

    def mentions_in(self, sentence: int, kind: str | None = None) -> list[Mention]:
        return [m for m in self.mentions
                if m.sentence == sentence and (kind is None or m.kind == kind)]


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
    attrs: dict[str, Any] = field(default_factory=dict)  # reconciliation, credibility, ...


# ---------------------------------------------------------------------------
# dict round trip
# ---------------------------------------------------------------------------


def _to_plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


_NESTED = {
    "place": Place,
    "date": ResolvedDate,
    "fatalities": Fatalities,
}
_NESTED_LISTS = {
    "sentences": Sentence,
    "mentions": Mention,
    "events": EventMention,
    "claims": Claim,
}


def _from_plain(cls, data: dict[str, Any]):
    kwargs: dict[str, Any] = {}
    names = {f.name: f for f in dataclasses.fields(cls)}
    for key, value in data.items():
        if key not in names:
            continue
        if value is not None and key in _NESTED and isinstance(value, dict):
            value = _from_plain(_NESTED[key], value)
        elif (cls is Article and key in _NESTED_LISTS and isinstance(value, list)
              and value and isinstance(value[0], dict)):
            value = [_from_plain(_NESTED_LISTS[key], v) for v in value]
        elif key in ("published", "start", "end") and isinstance(value, str) and cls in (
            Article, ResolvedDate,
        ):
            value = dt.date.fromisoformat(value)
        elif isinstance(value, list) and key in ("aliases", "assoc_actor1", "assoc_actor2"):
            value = tuple(value)
        kwargs[key] = value
    return cls(**kwargs)
