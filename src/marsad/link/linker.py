"""Incremental cross-article linking of event mentions into events.

Pipeline: blocking (type group x week bucket x grid cell, or same article when a date or
place is unknown) -> pair scoring (type, time, place, actors, wording) -> a deterministic
union-find over accepted pairs, best pairs first, with a complete-link guard on each
cluster's date and place spread -> events built from the clusters and reconciled.

ACLED codes one event per location, day, type and pair of actors: two reports each placed
in its own named spot (a town, a quarter, a site; placed to it, in a part of it or by its
paragraph, not near it) at two different places of one kind are two events however near
(two quarters of a city, two villages of one area, a quarter and a town outside its city),
unless the places are two gazetteer entries of one (one point, two spellings of a name) or
a site in a quarter. A report of a wider place (the city, the province) may join a spot's
event. The cluster guard holds the spot rule along chains too.

Reports without a date link across articles only on what they are about (see ``keys``):
the same neighbourhood/landmark (place id, coder's landmark key, or a landmark named in
the sentence) with a compatible sub-type and shared content words, or a one-per-place
event phrase ("break+siege"). Different landmarks or event phrases, partial dates or
fatality figures that disagree keep them apart; an undated event gathers at most
``max_undated_articles`` articles. Dates from the publication-week fallback are windows,
not evidence: two such windows more than ``max_vague_spread`` days apart do not link.

Existing events are nodes too (their consensus fields and stored sentences); a new mention
joins at most one of them, two existing events are never merged, and existing event ids
never change: a new event's id is ``stable_id("event", smallest mention id)``. What a node
holds (a mention or an existing event, with its text keys) is in :mod:`.nodes`.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..core.geometry import haversine_km
from ..core.names import place_name_key
from ..core.sides import DEFAULT_SIDES
from ..errors import MarsadError
from ..model import SUB_EVENT_TO_TYPE, Claim, Event, EventMention, ResolvedDate, stable_id
from .credibility import alignment_lookup, event_credibility
from .keys import cached_keys, keys_cache, partial_dates_conflict, side_words_pattern
from .nodes import (Cluster, Node, best_killed, claims_by_mention, keys_sig,
                    killed_interval, same_report)
from .reconcile import RADIUS_KM, _interval, add_mention, reconcile, version_sentence
from .textutil import direction_of, directions_conflict

#: sub-types that can describe the same real event (same place and window)
COMPATIBLE_GROUPS = {
    "Armed clash": "battle",
    "Non-state actor overtakes territory": "battle",
    "Government regains territory": "battle",
    "Air/drone strike": "remote",
    "Shelling/artillery/missile attack": "remote",
}
#: days a window is widened by: reports of one day disagree by a day; a week or month is
#: already a window (the publication-week fallback included)
_DATE_SLACK = {"day": 1, "week": 0, "month": 0, "year": 0}
_CELL_DEG = 0.25
#: distinct stored sentences an existing event is compared on (a copy of any of them matches)
_EVENT_SENTENCES = 20
_BACKGROUND_LOOKBACK = 30   # days a background reference may point back
#: phrase objects that are one situation per place: a phrase key alone may link undated
#: reports of them across articles ("broke the siege" of a city); landmark objects need
#: the landmark itself to match
_UNIQUE_OBJECTS = frozenset({"siege"})
#: place levels that are one spot: a town, a quarter of it, a site in it
_TOWN_LEVELS = frozenset({"city"})
_QUARTER_LEVELS = frozenset({"neighbourhood", "landmark"})
#: how a place a sentence gives holds its event (``CodingNotes.place_relation``): in it or in
#: a part of it ("the northern district of X"); "near X", "north of X", "X's outskirts" or
#: "X countryside" place an event outside X, where another town may be its spot
_INSIDE_RELATIONS = frozenset({"in", "part"})
#: two spellings of one place name: the ratio (0-100) of their gazetteer keys
_SAME_NAME_RATIO = 80
#: a date window longer than this (days) is a month or a year: a summary ("in June",
#: "last year"), not a report of one day's incident
_COARSE_DAYS = 10


def _event_killed(f) -> tuple[float, float] | None:
    if not f.known:
        return None
    return _interval({"low": f.low, "best": f.best, "high": f.high,
                      "qualifier": None if f.qualifier == "range across sources"
                      else f.qualifier})


#: a place an event is in (``Linker._spot``): place id, level, lat, lon, name
Spot = tuple[str, str, float, float, str]


def _own_spot(m: EventMention) -> bool:
    """Whether a mention's place is the event's own spot (``Node.own_spot``): a town,
    quarter or site it is placed to (geo_precision 1), or a town or quarter it is in a part
    of ("the northern district of X") or that its paragraph gives (geo_precision 2 with an
    inside relation); not a place the event is near, north of or outside."""
    p = m.place
    if p is None or p.level not in _TOWN_LEVELS | _QUARTER_LEVELS:
        return False
    if m.geo_precision == 1:
        return True
    return m.geo_precision == 2 and p.level != "landmark" \
        and m.coding.place_relation in _INSIDE_RELATIONS


@lru_cache(maxsize=65536)   # pure
def _same_name(a: str, b: str) -> bool:
    """Two spellings of one place name (their gazetteer keys nearly equal)."""
    ka, kb = place_name_key(a), place_name_key(b)
    return bool(ka and kb) and (ka == kb or fuzz.ratio(ka, kb) >= _SAME_NAME_RATIO)


class LinkError(MarsadError, ValueError):
    """Linking input breaks the contract (e.g. duplicate mention ids)."""


@dataclass
class Linker:
    """Link event mentions across articles. Thresholds are keyword arguments."""

    pack: object
    threshold: float = 0.6
    max_spread_days: int = 1     # known days of one event: reports disagree by a day
    max_spread_km: float = RADIUS_KM[1]   # one ACLED location: a town and its outskirts
    max_neighbours: int = 60
    undated_penalty: float = 0.08
    undated_words: float = 0.85   # undated reports in different articles: near-copies only
    min_shared_words: int = 2     # content stems an undated pair on one landmark must share
    max_undated_articles: int = 8  # articles an event without any date may gather
    strict_vague: bool = False    # publication-week dates need undated-style evidence
    max_vague_spread: int = 2     # days between publication-week windows of one event
    #: ACLED codes an event per location: two different named places, each an event's own
    #: spot (``Node.own_spot``), are two events however near. Two town entries are one
    #: place only within ``same_spot_km`` (the gazetteer's sources give one village under
    #: two names at one point) or within ``same_town_km`` under two spellings of one name
    #: ("Tlafah", "Talafih": entries whose points differ by a km or two)
    same_town_km: float = 3.0
    same_spot_km: float = 0.5
    #: a site (landmark) and a quarter, or two sites, are one spot this close (a hospital in
    #: its quarter); two quarters are one only under two spellings of one name this close:
    #: a city's named quarters are each their own location, a few hundred metres apart
    same_quarter_km: float = 1.5
    #: a quarter is part of the most populous town this close to it (its city)
    quarter_city_km: float = 12.0
    #: reported tolls of one incident differ by rounding and rising counts, not by this
    #: factor when their bounds are also disjoint ("3 killed" vs "more than 40 killed")
    max_toll_ratio: float = 5.0
    weights: Mapping[str, float] = field(default_factory=lambda: {
        "type": 0.2, "time": 0.2, "place": 0.25, "actors": 0.15, "words": 0.2})

    def __post_init__(self) -> None:
        self._sides = {a.id: a.side for a in getattr(self.pack, "actors", ())}
        self._side_table = getattr(self.pack, "sides", None) or DEFAULT_SIDES
        self._side_re = side_words_pattern(self._side_table.words)
        self._alignment = alignment_lookup(self.pack)
        # text keys of mentions whose block keys were asked for (pure functions of the
        # mention): link() then need not compute them again
        self._mention_keys: dict[str, tuple] = {}
        # the pack's towns with a population, read when a quarter's city is first asked for
        self._populated: list[tuple[int, Spot]] | None = None
        self._quarter_city: dict[str, Spot | None] = {}

    # --- public API ----------------------------------------------------------------

    def link(self, new: list[EventMention], existing: list[Event],
             mentions_of: Callable[[str], list[EventMention]] | None = None, *,
             outlets: Mapping[str, str | None] | None = None,
             claims: Mapping[str, list[Claim]] | Iterable[Claim] | None = None) -> list[Event]:
        """Return the events that were created or grew (existing ones keep their ids).

        ``outlets`` maps article id -> outlet name, ``claims`` mention id -> claims (or a
        flat list of claims); both feed the per-source versions. ``mentions_of`` gives an
        existing event's mentions for wording similarity when its stored versions lack them.
        """
        seen: set[str] = set()
        for m in new:
            if m.id in seen:
                raise LinkError(f"mention {m.id} given twice")
            seen.add(m.id)
        known = {mid for e in existing for mid in e.mentions}
        new = sorted((m for m in new if m.id not in known), key=lambda m: m.id)
        if not new:
            return []
        claims_by = claims_by_mention(claims)
        outlets = outlets or {}
        nodes = [self._event_node(e, mentions_of) for e in sorted(existing, key=lambda e: e.id)]
        nodes += self._mention_nodes(new)
        pairs = self._score_pairs(nodes)
        clusters = self._cluster(nodes, pairs)
        return self._build(nodes, clusters, outlets, claims_by, mentions_of)

    def block_keys(self, item: Event | EventMention) -> list[str]:
        """The blocking keys of an event or a mention, as strings: a mention is scored only
        against events that share one, so a store can index events by them and hand the
        linker just those (see :func:`marsad.link.service.link_store`). The same-article
        keys are left out: an article's mentions are stored, and so linked, together."""
        node = (self._event_node(item, None) if isinstance(item, Event)
                else self._mention_node(item))
        art = f"{node.group}|art|"
        keys = sorted({k for k in self._block_keys(node) if not k.startswith(art)})
        if node.mention is not None and node._keys is not None:
            self._mention_keys[node.key] = node._keys
        return keys

    def mention_window(self, m: EventMention) -> tuple[list[str], int | None, int | None]:
        """A mention's blocking keys (as :meth:`block_keys`) and its date window as day
        ordinals, slack included (None, None when undated): two dated mentions whose
        windows do not overlap never pair (see :meth:`score`), whatever key they share."""
        node = self._mention_node(m)
        art = f"{node.group}|art|"
        keys = sorted({k for k in self._block_keys(node) if not k.startswith(art)})
        if node._keys is not None:
            self._mention_keys[node.key] = node._keys
        if node.start is None:
            return keys, None, None
        return keys, node.start, node.end if node.end is not None else node.start

    def report_nodes(self, mentions: list[EventMention]) -> list[Node]:
        """The nodes :meth:`link` builds for these mentions (identical dated reports share
        one), in mention id order."""
        return self._mention_nodes(sorted(mentions, key=lambda m: m.id))

    def may_pair(self, a: Node, b: Node) -> bool:
        """Whether :meth:`link` would accept the pair of these nodes (were it scored)."""
        if a is b:
            return True
        s = self.score(a, b)
        return s is not None and s >= self.threshold

    # --- nodes ---------------------------------------------------------------------

    def _window(self, date: ResolvedDate, relative_back: int = 0) -> tuple[int | None, ...]:
        if date.start is None:
            return None, None, None
        slack = _DATE_SLACK.get(date.precision, 0)
        start = date.start.toordinal() - slack - relative_back
        end = (date.end or date.start).toordinal() + slack
        # only a known day pins the cluster's date spread (a week window is just a window)
        day = date.start.toordinal() if date.precision == "day" else None
        return start, end, day

    def _mention_nodes(self, mentions: list[EventMention]) -> list[Node]:
        """One node per mention, except that dated mentions saying exactly the same thing
        (a syndicated or re-published report) share one node: they would score as a
        perfect pair and join the same cluster anyway, and sharing keeps the number of
        scored pairs from growing with the number of copies."""
        nodes: list[Node] = []
        seen: dict[tuple, Node] = {}
        undated: dict[tuple, Node] = {}
        for m in mentions:   # sorted by id: the first of identical mentions is the node
            sig = same_report(m)
            node = seen.get(sig) if sig is not None else None
            if node is not None:
                node.copies.append(m)
                node.articles = node.articles | {m.article_id}
                continue
            node = self._mention_node(m)
            nodes.append(node)
            if sig is not None:
                seen[sig] = node
                continue
            # undated copies stay apart (they count articles) but share their text keys
            p = m.place
            text_sig = (m.text, repr(m.coding.landmark), m.place_text,
                        p.id if p else None, p.level if p else None, p.name if p else None)
            twin = undated.get(text_sig)
            if twin is None:
                undated[text_sig] = node
            else:
                node._keys, node._texts = twin.keys(), twin.texts
        return nodes

    def _mention_node(self, m: EventMention) -> Node:
        back = _BACKGROUND_LOOKBACK if m.background and m.date.relative else 0
        start, end, day = self._window(m.date, back)
        if m.background:
            day = None   # a reference to an earlier event does not pin its date
        p = m.place
        if m.modality == "asserted":
            creates = "background" if m.background else "event"
        else:
            creates = "denied" if m.modality == "denied" else "none"
        return Node(
            key=m.id, mention=m, event=None, sub=m.sub_event_type,
            group=COMPATIBLE_GROUPS.get(m.sub_event_type, m.sub_event_type),
            start=start, end=end, day=day,
            lat=p.lat if p else None, lon=p.lon if p else None, place_id=p.id if p else None,
            radius=RADIUS_KM.get(m.geo_precision, 30.0),
            actors=(m.actor1, m.actor2), sides=(self._side(m.actor1), self._side(m.actor2)),
            sentences=(m.text,), articles=frozenset((m.article_id,)), creates=creates,
            landmark=m.coding.landmark, place_level=p.level if p else None,
            place_text=m.place_text, place_name=p.name if p else "",
            vague=m.date.known and m.date.relative and m.date.precision != "day",
            killed=killed_interval(m) if m.modality == "asserted" else None,
            best_killed=best_killed(m) if m.modality == "asserted" else None,
            precision=m.date.precision, relative=m.date.relative,
            geo_precision=m.geo_precision, own_spot=_own_spot(m), iso=p.iso if p else None,
            direction=direction_of(m.place_text), admin1=p.admin1 if p else None,
            _keys=self._mention_keys.get(m.id))

    def _event_node(self, e: Event, mentions_of) -> Node:
        start, end, day = self._window(e.date)
        p = e.place
        sentences = [t for v in (e.versions or {}).get("occurred", [])
                     if (t := version_sentence(e.version_sentences, v))]
        if not sentences and mentions_of is not None:
            sentences = [m.text for m in mentions_of(e.id)]
        n = Node(
            key=f"event:{e.id}", mention=None, event=e, sub=e.sub_event_type,
            group=COMPATIBLE_GROUPS.get(e.sub_event_type, e.sub_event_type),
            start=start, end=end, day=day,
            lat=p.lat if p else None, lon=p.lon if p else None, place_id=p.id if p else None,
            radius=RADIUS_KM.get(e.geo_precision, 30.0),
            actors=(e.actor1, e.actor2), sides=(self._side(e.actor1), self._side(e.actor2)),
            sentences=tuple(dict.fromkeys(sentences))[:_EVENT_SENTENCES],
            articles=frozenset(e.articles), creates="existing",
            landmark=None, place_level=p.level if p else None,   # events keep no landmark
            place_name=p.name if p else "",
            vague=e.date.known and e.date.relative and e.date.precision != "day",
            precision=e.date.precision, relative=e.date.relative,
            geo_precision=e.geo_precision, iso=p.iso if p else None,
            own_spot=bool(p and e.geo_precision == 1
                          and p.level in _TOWN_LEVELS | _QUARTER_LEVELS),
            admin1=p.admin1 if p else None, killed=_event_killed(e.fatalities),
            best_killed=e.fatalities.best if e.fatalities.best is not None
            else e.fatalities.low)
        n._keys = cached_keys(e.link_keys, keys_sig(n))
        return n

    def side_group(self, actor: str | None) -> str | None:
        """The camp an actor fights in ("pro-government" -> "government")."""
        side = self._side(actor)
        if side is None:
            return None
        return self._side_table.link_camp(side)

    def _side(self, actor: str | None) -> str | None:
        if not actor:
            return None
        side = self._sides.get(actor)
        return side if side and side != "unknown" else None

    # --- blocking and scoring -------------------------------------------------------

    def _block_keys(self, n: Node) -> list[str]:
        """Bucket keys as strings "<group>|<kind>|...": kind "art" (same article), "spec"
        (specific place), "phrase", or a week number for the time x place buckets."""
        g = n.group
        # within one article anything of a compatible type may pair (undated, unplaced)
        keys = [f"{g}|art|{a}" for a in sorted(n.articles)]
        if n.start is None:
            # undated reports across articles pair only on what they are about: the same
            # neighbourhood or landmark, or a one-per-place event phrase ("break+siege")
            spec, phrases, _stems, _pd = n.keys()
            keys += [f"{g}|spec|{k}" for k in sorted(spec)]
            keys += [f"{g}|phrase|{k}|{n.place_id}" for k in sorted(phrases)
                     if k.split("+")[1] in _UNIQUE_OBJECTS]
            return keys
        if n.lat is not None and n.lon is not None:
            dlat = n.radius / 111.0
            dlon = n.radius / (111.0 * max(0.2, math.cos(math.radians(n.lat))))
            places = [f"c{i},{j}"
                      for i in range(math.floor((n.lat - dlat) / _CELL_DEG),
                                     math.floor((n.lat + dlat) / _CELL_DEG) + 1)
                      for j in range(math.floor((n.lon - dlon) / _CELL_DEG),
                                     math.floor((n.lon + dlon) / _CELL_DEG) + 1)]
        elif n.place_id:
            places = [f"p{n.place_id}"]
        else:
            return keys
        end = n.end if n.end is not None else n.start
        keys += [f"{g}|{t}|{p}" for t in range(n.start // 7, end // 7 + 1) for p in places]
        return keys

    def _score_pairs(self, nodes: list[Node]) -> list[tuple[float, int, int]]:
        buckets: dict[str, list[int]] = defaultdict(list)
        for i, n in enumerate(nodes):
            for key in self._block_keys(n):
                buckets[key].append(i)
        candidates: set[tuple[int, int]] = set()
        for members in buckets.values():
            if len(members) < 2:
                continue
            members = sorted(members, key=lambda m: (nodes[m].start or 0, m))
            k = self.max_neighbours
            if len(members) <= k + 1:
                candidates.update((i, j) if i < j else (j, i)
                                  for pos, i in enumerate(members) for j in members[pos + 1:])
                continue
            # a crowded bucket: each new mention meets its k nearest new mentions after it
            # and its k nearest existing events on each side (events never pair: a store
            # full of events costs no more than their number)
            fresh = [i for i in members if nodes[i].event is None]
            olds = [i for i in members if nodes[i].event is not None]
            starts = [nodes[i].start or 0 for i in olds]
            for pos, i in enumerate(fresh):
                for j in fresh[pos + 1: pos + 1 + k]:
                    candidates.add((i, j) if i < j else (j, i))
                at = bisect.bisect_left(starts, nodes[i].start or 0)
                for j in olds[max(0, at - k): at + k]:
                    candidates.add((i, j) if i < j else (j, i))
        scored = []
        for i, j in candidates:
            a, b = nodes[i], nodes[j]
            if a.event is not None and b.event is not None:
                continue
            s = self.score(a, b)
            if s is not None and s >= self.threshold:
                scored.append((s, i, j))
        scored.sort(key=lambda t: (-t[0], nodes[t[1]].key, nodes[t[2]].key))
        return scored

    def score(self, a: Node, b: Node) -> float | None:
        """Weighted similarity in 0..1, or None when the pair cannot be the same event."""
        w = self.weights
        if a.group != b.group:
            return None
        if a.iso and b.iso and a.iso != b.iso and "country" not in (a.place_level, b.place_level):
            # an event placed in a town or region of another country is another event (a
            # country alone is the weakest place a sentence gives: "a monitor based in
            # Britain"; it never wins the consensus over a finer place, see reconcile)
            return None
        type_s = 1.0 if a.sub == b.sub else 0.7
        # time
        undated = a.start is None or b.start is None
        keyed: bool | None = False
        if a.start is None or b.start is None:
            keyed = self._undated_match(a, b)
            if keyed is None:
                return None
            time_s = 0.5
        else:
            a_end = a.end if a.end is not None else a.start
            b_end = b.end if b.end is not None else b.start
            gap = max(a.start, b.start) - min(a_end, b_end)
            if gap > 0:
                return None
            if (a.vague or b.vague) and a.spec() and b.spec() and not a.spec() & b.spec():
                # a publication-week window is no evidence against two named neighbourhoods
                # or landmarks ("liberated X" and "captured the Y school" that week)
                return None
            if a.day is not None and b.day is not None and abs(a.day - b.day) > 1:
                return None   # two reports of one day disagree by a day at most
            if a.day is not None and b.day is not None and a.day != b.day \
                    and a.relative and b.relative:
                # two days the texts name ("on Saturday", "on Sunday"), each read against its
                # publication date, are two days: the day of slack is for a report dated
                # only by its publication (a dateline), which may trail the event by one
                return None
            if self._coarse(a) != self._coarse(b) and not self._shares_keys(a, b):
                # "in June", "last year": a summary or another time, not this day's report,
                # unless it names the same landmark or event phrase
                return None
            time_s = 1.0 if a.day is not None and a.day == b.day else 0.8
            if a.vague and b.vague and abs(a.start - b.start) > self.max_vague_spread:
                # reports of one event come out within days of each other: two
                # publication-week windows far apart are more likely two events
                return None
            if self.strict_vague and (a.vague or b.vague) and not a.articles & b.articles:
                # "some day in the week before publication" is a window, not evidence:
                # ask for what undated reports need
                keyed = self._undated_match(a, b, dated=True)
                if keyed is None:
                    return None
                undated = not keyed
        # place
        if a.admin1 and b.admin1 and a.admin1 != b.admin1 and \
                "governorate" in (a.place_level, b.place_level):
            return None   # a governorate holds only its own towns
        if a.place_id and a.place_id == b.place_id:
            if directions_conflict(a.direction, b.direction):
                return None   # "north of X" and "south of X": two fronts, two events
            place_s = 1.0
        elif a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
            radius = max(a.radius, b.radius)
            d = haversine_km(a.lat, a.lon, b.lat, b.lon)
            if d > radius or self._distinct_spots(a, b):
                return None
            place_s = 1.0 - 0.6 * d / radius
        elif a.articles & b.articles:
            place_s = 0.5
        else:
            return None
        actors_s = self._actor_score(a, b)
        if actors_s is None:
            return None
        if self._air_by_non_state(a, b) or self._air_by_non_state(b, a):
            return None
        if self._tolls_differ(a.killed, a.best_killed, b.killed, b.best_killed):
            return None   # tolls of two incidents (a report's rising toll stays in bounds)
        words_s = max((fuzz.token_set_ratio(x, y) for x in a.texts for y in b.texts),
                      default=0.0) / 100.0
        if undated and not keyed and not (a.articles & b.articles) \
                and self._copy(a, b) < self.undated_words:
            return None
        if keyed and not (a.articles & b.articles):
            # a shared landmark or event phrase is the evidence; wording only adds to it
            words_s = max(words_s, 0.5)
        total = (w["type"] * type_s + w["time"] * time_s + w["place"] * place_s
                + w["actors"] * actors_s + w["words"] * words_s)
        # without dates only the wording and place speak for a match: ask for more
        return total - self.undated_penalty if undated and not keyed else total

    def _undated_match(self, a: Node, b: Node, dated: bool = False) -> bool | None:
        """Rules for a pair where a date is missing. None: not the same event; True: the
        pair shares a specific place or a one-per-place event phrase; False: only the
        ordinary score decides (same article, or near-copies)."""
        sa, pa, wa, da = a.keys()
        sb, pb, wb, db = b.keys()
        if sa and sb and not sa & sb:
            return None   # two different neighbourhoods or landmarks
        if partial_dates_conflict(da, db):
            return None   # "on August 6" vs "on August 9", "on Sunday" vs "on Wednesday"
        if a.killed and b.killed and not (a.articles & b.articles) and (
                a.killed[1] < b.killed[0] or b.killed[1] < a.killed[0]):
            return None   # "13 killed" and "65 killed": without dates, two events
        if pa and pb and not pa & pb:
            return None   # different things happened ("broke the siege", "seized a school")
        shared_spec = bool(sa & sb)
        shared_phrase = any(k.split("+")[1] in _UNIQUE_OBJECTS for k in pa & pb)
        overlap = len(wa & wb)
        if a.articles & b.articles:
            if ((sa or sb) or a.creates != b.creates) and not (shared_spec or pa & pb):
                # one names a specific place and the other not, or one is a reference to
                # an earlier event: only near-copies
                return None if self._words(a, b) < 0.7 else False
            return shared_spec or bool(pa & pb)
        if not dated and (a.start is not None or b.start is not None):
            return False   # undated vs dated across articles: near-copies only
        if shared_spec and overlap >= self.min_shared_words:
            return True
        if shared_phrase and (a.place_id is None or b.place_id is None
                              or a.place_id == b.place_id or not (sa or sb)):
            return True
        return False

    def _air_by_non_state(self, air: Node, other: Node) -> bool:
        """An air strike and a shelling whose attacker is a non-state group: armed groups
        have no aircraft, so the two reports are of two attacks (often one the reprisal of
        the other)."""
        if air.sub != "Air/drone strike" or other.sub == air.sub:
            return False
        side = other.sides[0]
        is_state = getattr(self._side_table, "is_state", None)
        if not side or is_state is None:
            return False
        return not (is_state(side) or self._side_table.is_government(side)) \
            and getattr(self._side_table, "is_fighting_side", lambda s: True)(side)

    @staticmethod
    def _coarse(n: Node) -> bool:
        """Dated to a month or a year (a window, not one day's report)."""
        return n.start is not None and n.end is not None and n.end - n.start > _COARSE_DAYS

    @staticmethod
    def _shares_keys(a: Node, b: Node) -> bool:
        """The same landmark or neighbourhood, or the same event phrase ("break+siege")."""
        if a.spec() & b.spec():
            return True
        return bool(a.phrases() & b.phrases())

    def _one_place(self, x: Spot, y: Spot) -> bool | None:
        """Whether two different gazetteer places, each an event's own spot, are one
        location (None: the radius decides). Two towns: one point, or two spellings of one
        name a km or two apart. Two quarters: two spellings of one name. A site (landmark)
        and a quarter or another site: within ``same_quarter_km`` (a hospital in its
        quarter). A quarter and a town: the town is the quarter's city (:meth:`_city_of`)."""
        (_ia, level_a, lat_a, lon_a, name_a), (_ib, level_b, lat_b, lon_b, name_b) = x, y
        if level_a in _TOWN_LEVELS and level_b in _TOWN_LEVELS:
            d = haversine_km(lat_a, lon_a, lat_b, lon_b)
            return d <= self.same_spot_km or (d <= self.same_town_km
                                              and _same_name(name_a, name_b))
        if level_a in _QUARTER_LEVELS and level_b in _QUARTER_LEVELS:
            d = haversine_km(lat_a, lon_a, lat_b, lon_b)
            if "landmark" in (level_a, level_b):
                return d <= self.same_quarter_km
            return d <= self.same_quarter_km and _same_name(name_a, name_b)
        if {level_a, level_b} == {"city", "neighbourhood"}:
            town, quarter = (x, y) if level_a == "city" else (y, x)
            city = self._city_of(quarter)
            if city is None:
                return None
            return city[0] == town[0] or bool(self._one_place(city, town))
        return None

    def _city_of(self, quarter: Spot) -> Spot | None:
        """The city a quarter is part of: the most populous town of the pack within
        ``quarter_city_km`` (None when the pack knows no populated town there)."""
        if self._populated is None:
            population = getattr(self.pack, "place_population", None) or {}
            self._populated = sorted(
                ((population[p.id], (p.id, p.level, p.lat, p.lon, p.name))
                 for p in getattr(self.pack, "places", ())
                 if p.level in _TOWN_LEVELS and population.get(p.id) and p.lat is not None
                 and p.lon is not None), key=lambda r: r[1][0])
        if quarter[0] not in self._quarter_city:
            near = [(pop, -d, t) for pop, t in self._populated
                    if (d := haversine_km(quarter[2], quarter[3], t[2], t[3]))
                    <= self.quarter_city_km]
            self._quarter_city[quarter[0]] = max(near, key=lambda r: (r[0], r[1]))[2] \
                if near else None
        return self._quarter_city[quarter[0]]

    @staticmethod
    def _spot(n: Node) -> Spot | None:
        """(place id, level, lat, lon, name) of a node placed in its own spot."""
        if not n.own_spot or not n.place_id or n.lat is None or n.lon is None:
            return None
        return (n.place_id, n.place_level or "", n.lat, n.lon, n.place_name)

    def _distinct_spots(self, a: Node, b: Node) -> bool:
        """Two different named places, each the event's own spot: ACLED codes one event per
        location (two quarters of a city, two villages a few km apart, a quarter of a city
        and a town outside it)."""
        x, y = self._spot(a), self._spot(b)
        if x is None or y is None or x[0] == y[0]:
            return False
        return self._one_place(x, y) is False

    def _tolls_differ(self, ka, ba, kb, bb) -> bool:
        """Two reported incident tolls that cannot be one incident's: disjoint bounds and an
        order of magnitude apart (a toll rises, but not from 3 to 40 within a day)."""
        if ka is None or kb is None or not ba or not bb:
            return False
        if not (ka[1] < kb[0] or kb[1] < ka[0]):
            return False
        return max(ba, bb) / min(ba, bb) > self.max_toll_ratio

    @staticmethod
    def _copy(a: Node, b: Node) -> float:
        """How near a copy: word order and length count (a short headline contained in a
        longer one is no copy, unlike token_set_ratio)."""
        return max((fuzz.token_sort_ratio(x, y) for x in a.texts for y in b.texts),
                   default=0.0) / 100.0

    @staticmethod
    def _words(a: Node, b: Node) -> float:
        return max((fuzz.token_set_ratio(x, y) for x in a.texts for y in b.texts),
                   default=0.0) / 100.0

    def _clash(self, sx: str | None, sy: str | None) -> bool:
        """Two armed parties on opposed sides in one role; a civilian target is no party
        (one report says "civilians", another the group the strike hit)."""
        fighting = getattr(self._side_table, "is_fighting_side", lambda s: True)
        return bool(sx and sy and fighting(sx) and fighting(sy)
                    and not self._side_table.link_allied(sx, sy))

    def _roles_clash(self, a: Node | tuple, b: Node | tuple) -> bool:
        """Opposed parties in a role read straight, and read swapped too (extraction may
        swap attacker and target; a battle's two sides come in either order). A swapped
        reading that sets civilians against an armed party is no reading: civilians are
        a target, never the attacker another report names."""
        sa = a.sides if isinstance(a, Node) else a
        sb = b.sides if isinstance(b, Node) else b
        if not self._clash(sa[0], sb[0]) and not self._clash(sa[1], sb[1]):
            return False
        fighting = getattr(self._side_table, "is_fighting_side", lambda s: True)

        def bad(x, y) -> bool:
            return self._clash(x, y) or bool(x and y and fighting(x) != fighting(y))

        return bad(sa[0], sb[1]) or bad(sa[1], sb[0])

    def _actor_score(self, a: Node, b: Node) -> float | None:
        def one(x, y, sx, sy):
            if x is None or y is None:
                return 0.5
            if x == y:
                return 1.0
            if sx and sy:
                if self._side_table.link_allied(sx, sy):
                    return 0.8
                return 0.0
            return 0.5
        straight = (one(a.actors[0], b.actors[0], a.sides[0], b.sides[0])
                    + one(a.actors[1], b.actors[1], a.sides[1], b.sides[1])) / 2
        swapped = (one(a.actors[0], b.actors[1], a.sides[0], b.sides[1])
                   + one(a.actors[1], b.actors[0], a.sides[1], b.sides[0])) / 2
        def one_party(n: Node) -> bool:
            # "the army and Hezbollah regained ...": both actors of one camp, no target
            sx, sy = n.sides
            return bool(sx and sy and self._side_table.link_allied(sx, sy))

        if not one_party(a) and not one_party(b) and self._roles_clash(a, b):
            return None   # whichever way round, one role names opposed parties
        best = max(straight, swapped)
        return None if best == 0.0 else best   # opposed sides in both roles: not the same

    # --- clustering ---------------------------------------------------------------

    def _cluster(self, nodes: list[Node], pairs) -> list[list[int]]:
        parent = list(range(len(nodes)))
        info = {i: self._singleton(i, n) for i, n in enumerate(nodes)}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for _s, i, j in pairs:
            ri, rj = find(i), find(j)
            if ri == rj:
                continue
            merged = self._merge(info[ri], info[rj])
            if merged is None:
                continue
            root, other = (ri, rj) if ri < rj else (rj, ri)
            parent[other] = root
            info[root] = merged
            del info[other]
        return [sorted(c.nodes) for _root, c in sorted(info.items())]

    def _singleton(self, i: int, n: Node) -> Cluster:
        # towns and "near X" pin the cluster's location; regions do not
        box = (n.lat, n.lat, n.lon, n.lon) if n.lat is not None and n.lon is not None \
            and n.radius <= RADIUS_KM[2] else None
        # undated and publication-week members naming specific places (neighbourhood,
        # landmark) must share one with every member that names one; members dated to
        # the day are checked only against those (a landmark and the quarter it is in may
        # both be named for one dated event)
        key = n.spec() if (n.start is None or n.vague or n.day is not None) else None
        specs = (key,) if key and (n.start is None or n.vague) else ()
        dspecs = (key,) if key and not specs else ()
        v = n.start if n.vague else None
        spot = self._spot(n)
        points = (spot,) if spot is not None else ()
        sx, sy = n.sides
        parties = () if (sx and sy and self._side_table.link_allied(sx, sy)) \
            or not (sx or sy) else ((sx, sy),)
        return Cluster([i], i if n.event is not None else None, n.day, n.day,
                        n.start, n.end, box, specs, v, v, n.articles, dspecs, points, parties,
                        frozenset((n.admin1,)) if n.admin1 else frozenset())

    def _merge(self, a: Cluster, b: Cluster) -> Cluster | None:
        """Complete-link guard: every member's date window must overlap every other's, the
        known days stay within ``max_spread_days`` and the located places within
        ``max_spread_km``, so a chain of pairwise matches cannot drift."""
        if a.event is not None and b.event is not None:
            return None
        # undated/vague members naming specific places share one with every such member
        if any(not x & y for x in a.specs for y in b.specs + b.dspecs) \
                or any(not x & y for x in a.dspecs for y in b.specs):
            return None
        los = [x for x in (a.lo, b.lo) if x is not None]
        his = [x for x in (a.hi, b.hi) if x is not None]
        lo, hi = (max(los) if los else None), (min(his) if his else None)
        if lo is not None and hi is not None and lo > hi:
            return None
        days = [d for d in (a.dmin, a.dmax, b.dmin, b.dmax) if d is not None]
        if days and max(days) - min(days) > self.max_spread_days:
            return None
        boxes = [x for x in (a.box, b.box) if x is not None]
        box = None
        if boxes:
            box = (min(x[0] for x in boxes), max(x[1] for x in boxes),
                   min(x[2] for x in boxes), max(x[3] for x in boxes))
            if haversine_km(box[0], box[2], box[1], box[3]) > self.max_spread_km:
                return None
        for x in a.points:   # distinct spots of one kind: never one event (see score)
            for y in b.points:
                if x[0] != y[0] and self._one_place(x, y) is False:
                    return None
        if len(a.admin1 | b.admin1) > 1:
            return None   # a chain through unplaced or foreign mentions must not join two
            #               governorates (region-level places have no box to spread)
        if any(self._roles_clash(x, y) for x in a.parties for y in b.parties):
            return None   # a chain must not join opposed parties' events (see score)
        vs = [x for x in (a.vmin, a.vmax, b.vmin, b.vmax) if x is not None]
        if vs and max(vs) - min(vs) > self.max_vague_spread \
                and not (days and a.articles & b.articles):
            # publication-week windows far apart are two events, unless one article joins
            # the two and a report known to the day anchors them (every window then holds
            # that day, lo..hi): the article tells of one fight
            return None
        articles = a.articles | b.articles
        if lo is None and len(articles) > self.max_undated_articles:
            # many undated reports of one place are more likely a recurring fight
            return None
        return Cluster(a.nodes + b.nodes, a.event if a.event is not None else b.event,
                        min(days) if days else None, max(days) if days else None,
                        lo, hi, box, a.specs + b.specs, min(vs) if vs else None,
                        max(vs) if vs else None, articles, a.dspecs + b.dspecs,
                        a.points + tuple(p for p in b.points
                                         if p[0] not in {q[0] for q in a.points}),
                        a.parties + tuple(p for p in b.parties if p not in a.parties),
                        a.admin1 | b.admin1)

    # --- events ----------------------------------------------------------------------

    def _build(self, nodes, clusters, outlets, claims_by, mentions_of) -> list[Event]:
        out: list[Event] = []
        for members in clusters:
            mentions = [m for i in members if nodes[i].mention is not None
                        for m in (nodes[i].mention, *nodes[i].copies)]
            if not mentions:
                continue
            existing = next((nodes[i].event for i in members if nodes[i].event is not None),
                            None)
            creates = {nodes[i].creates for i in members}
            if existing is None and not creates & {"event", "background", "denied"}:
                continue   # only future/hypothetical/negated versions: no event
            if existing is None:
                first = min(mentions, key=lambda m: m.id)
                primary = [m for m in mentions if m.modality == "asserted"] or mentions
                sub = primary[0].sub_event_type
                event = Event(id=stable_id("event", first.id),
                              event_type=SUB_EVENT_TO_TYPE.get(sub, "Strategic developments"),
                              sub_event_type=sub)
            else:
                # copy what grows; version entries themselves are never mutated
                event = dataclasses.replace(
                    existing, mentions=list(existing.mentions), articles=list(existing.articles),
                    versions={k: list(v) for k, v in (existing.versions or {}).items()},
                    version_sentences=dict(existing.version_sentences or {}),
                    sub_event_types=dict(existing.sub_event_types),
                    outlets=list(existing.outlets),
                    contradictions=list(existing.contradictions))
                if not event.versions and mentions_of is not None:
                    # an event saved without versions (e.g. one per mention): rebuild them
                    for m in sorted(mentions_of(existing.id), key=lambda m: m.id):
                        add_mention(event, m, outlets.get(m.article_id),
                                    claims_by.get(m.id, ()), self.side_group,
                                    side_re=self._side_re)
            dropped = 0
            for m in sorted(mentions, key=lambda m: m.id):
                dropped += add_mention(event, m, outlets.get(m.article_id),
                                       claims_by.get(m.id, ()), self.side_group, replace=False,
                                       side_re=self._side_re)
            event.versions_dropped += dropped
            event.mentions = sorted(set(event.mentions) | {m.id for m in mentions})
            event.articles = sorted(set(event.articles) | {m.article_id for m in mentions})
            reconcile(event)
            event.credibility = event_credibility(event, self._alignment,
                                                  self._side_table.alignment_camp)
            node = self._event_node(event, None)
            if node.start is not None and not node.vague:
                event.link_keys = None   # a dated event's text keys are rarely read
            elif node._keys is None:   # inputs changed: store keys for the next batches
                event.link_keys = keys_cache(node.keys(), keys_sig(node))
            out.append(event)
        out.sort(key=lambda e: e.id)
        return out
