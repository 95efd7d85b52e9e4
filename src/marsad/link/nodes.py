"""What the linker compares: a node per new mention or existing event (its date window,
place, sides, sentences and text keys) and a cluster of nodes being built, plus the
helpers that read mentions into them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..core.landmarks import landmark_link_keys
from ..core.names import loose_name_key
from ..model import Claim, Event, EventMention, stable_id
from .keys import content_stems, partial_date, phrase_keys
from .reconcile import _interval
from .textutil import AREA_NAME, content_text

SPECIFIC_LEVELS = ("neighbourhood", "landmark")


@dataclass
class Node:
    key: str                        # mention id, or "event:<id>"
    mention: EventMention | None
    event: Event | None
    sub: str
    group: str
    start: int | None               # date window as ordinals, slack included
    end: int | None
    day: int | None                 # start ordinal when known to the day or week
    lat: float | None
    lon: float | None
    place_id: str | None
    radius: float
    actors: tuple[str | None, str | None]
    sides: tuple[str | None, str | None]
    sentences: tuple[str, ...]
    articles: frozenset[str]
    creates: str                    # "event" | "background" | "denied" | "none"
    landmark: str | list[str] | tuple[str, ...] | None = None   # coder's landmark key (EventMention.coding.landmark)
    place_level: str | None = None
    place_text: str | None = None
    place_name: str = ""
    vague: bool = False             # dated only by the publication-week fallback
    killed: tuple[float, float] | None = None   # fatality interval the report allows
    best_killed: int | None = None  # the report's incident toll (best, else low)
    precision: str = "unknown"      # the date's precision ("day", "week", "month", "year")
    relative: bool = False          # the date was resolved against the publication date
    geo_precision: int | None = None
    #: the place is the event's own spot: a town, quarter or site the event is in (placed to
    #: it, in a part of it, or by its paragraph), not one it is near, north of or outside
    own_spot: bool = False
    iso: int | None = None          # the place's country (ISO 3166 numeric)
    direction: str | None = None    # compass direction of the place phrase ("north of X")
    admin1: str | None = None       # the place's governorate
    copies: list[EventMention] = field(default_factory=list)   # identical mentions
    _texts: tuple[str, ...] | None = None
    _keys: tuple | None = None
    _spec: frozenset | None = None
    _phrases: frozenset | None = None

    def spec(self) -> frozenset:
        """Specific place keys: landmarks named or given, a neighbourhood's or landmark's
        place id and name (what the cluster guard compares for every member)."""
        if self._keys is not None:
            return self._keys[0]
        if self._spec is None:
            spec = {f"lm:{k}" for k in landmark_link_keys(" ".join(self.sentences), self.landmark)}
            if self.place_id and self.place_level in SPECIFIC_LEVELS \
                    and not AREA_NAME.search(f"{self.place_name} {self.place_text or ''}"):
                spec.add(f"pid:{self.place_id}")
                if self.place_text:
                    spec.add(f"lm:{loose_name_key(self.place_text)}")
            self._spec = frozenset(spec)
        return self._spec

    def phrases(self) -> frozenset:
        """The phrase keys alone (``keys()[1]``): all a dated pair compares of the text
        keys, so its nodes need not find their content stems and partial date, which only
        undated pairs read (most of the cost of ``keys``)."""
        if self._keys is not None:
            return self._keys[1]
        if self._phrases is None:
            self._phrases = phrase_keys(" ".join(self.sentences))
        return self._phrases

    def keys(self) -> tuple[frozenset, frozenset, frozenset, tuple]:
        """(specific place keys, phrase keys, content stems, partial date), computed only
        for nodes that need them (undated ones)."""
        if self._keys is None:
            text = " ".join(self.sentences)
            self._keys = (self.spec(), self.phrases(), content_stems(text),
                          partial_date(text))
        return self._keys

    @property
    def texts(self) -> tuple[str, ...]:
        """Sentences without stop-words, computed only for nodes that meet a candidate."""
        if self._texts is None:
            self._texts = tuple(dict.fromkeys(content_text(s) for s in self.sentences))
        return self._texts


@dataclass
class Cluster:
    nodes: list[int]
    event: int | None               # index of the existing-event node, if any
    dmin: int | None
    dmax: int | None
    lo: int | None                  # intersection of the members' date windows
    hi: int | None
    box: tuple[float, float, float, float] | None   # lat min, lat max, lon min, lon max
    specs: tuple[frozenset, ...] = ()   # specific-place keys of undated members
    vmin: int | None = None             # publication-week window starts (spread guard)
    vmax: int | None = None
    articles: frozenset = frozenset()
    dspecs: tuple[frozenset, ...] = ()  # specific-place keys of members dated to the day
    #: located members placed in a town, quarter or site (``Node.own_spot``): (place id,
    #: level, lat, lon, name); two distinct places of one kind never share an event
    points: tuple[tuple[str, str, float, float, str], ...] = ()   # ``linker.Spot``
    #: the members' (actor1 side, actor2 side), distinct: opposed parties never share an event
    parties: tuple[tuple[str | None, str | None], ...] = ()
    admin1: frozenset[str] = frozenset()   # the members' governorates: one event is in one


def keys_sig(n: Node) -> str:
    """Everything ``Node.keys`` reads, hashed: a stored key cache is valid only for it."""
    return stable_id(n.sentences, repr(n.landmark), n.place_id, n.place_level, n.place_name,
                     n.place_text)


def same_report(m: EventMention) -> tuple | None:
    """What the linker reads of a dated mention (None for undated ones: those count
    articles, see ``max_undated_articles``)."""
    d, p, f = m.date, m.place, m.fatalities
    if d.start is None:
        return None
    return (m.text, m.sub_event_type, m.modality, m.background, d.start, d.end, d.precision,
            d.relative, p.id if p else None, p.lat if p else None, p.lon if p else None,
            p.level if p else None, p.name if p else None, m.geo_precision, m.place_text,
            m.coding.place_relation, m.actor1, m.actor2, repr(m.coding.landmark), f.low, f.best, f.high,
            f.qualifier)


def best_killed(m: EventMention) -> int | None:
    f = m.fatalities
    if not f.known or m.coding.fatalities_split:
        return None   # a share of a list's toll is no reported figure
    return f.best if f.best is not None else f.low


def killed_interval(m: EventMention) -> tuple[float, float] | None:
    f = m.fatalities
    if not f.known:
        return None
    return _interval({"low": f.low, "best": f.best, "high": f.high, "qualifier": f.qualifier})


def claims_by_mention(claims) -> dict[str, list[Claim]]:
    if claims is None:
        return {}
    if isinstance(claims, Mapping):
        return {k: list(v) for k, v in claims.items()}
    by: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.event_mention:
            by[c.event_mention].append(c)
    return dict(by)
