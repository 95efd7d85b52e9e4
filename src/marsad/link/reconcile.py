"""Reconciliation: every source's version of each field, a consensus, and contradictions.

An event keeps :attr:`~marsad.model.Event.versions`: per field (``occurred``, ``sub_event_type``, ``date``,
``place``, ``actors``, ``fatalities``, ``outcome``) a list of entries
(:class:`~marsad.model.VersionEntry`: ``{value, mention_id, article_id, outlet, source,
source_kind, source_actor, stance, claim, ...}``). The consensus fields of the :class:`Event` are recomputed from these versions
alone, so an event can grow incrementally without reloading its old mentions.

A field keeps at most ``SAMPLE_VERSIONS`` entries as they come; past that, an entry that
says what a kept one says (same value, outlet, source, stance: a copy or a syndicated
report) only adds to that entry's ``count`` (absent = 1), and every count-aware consensus
(majorities, medians, spreads) weighs entries by it. Past ``MAX_VERSIONS`` distinct
entries, new ones fold into an entry with the same value, else only into
``Event.versions_dropped``. So an event's stored size stays bounded however many
articles repeat it.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..core.geometry import haversine_km
from ..core.landmarks import landmark_link_keys
from ..model import (PLACE_LEVELS, SUB_EVENT_TO_TYPE, Claim, Contradiction, ContradictionSide,
                     DateRange, Event, EventMention, Fatalities, Place, ResolvedDate,
                     VersionEntry)
from ..lang import CueData
from .keys import outcome_winner, outcomes_conflict, side_words_pattern
from .textutil import AREA_NAME, direction_of, directions_conflict, outcome_of

FIELDS = ("occurred", "sub_event_type", "date", "place", "actors", "fatalities", "outcome")
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
#: km within which two places can be the same thing, by ACLED geo_precision
RADIUS_KM = {1: 12.0, 2: 30.0, 3: 80.0, None: 30.0}
BATTLE_TYPES = ("Armed clash", "Non-state actor overtakes territory",
                "Government regains territory")
MAX_COMPARED = 200   # versions compared pairwise per field (bounds the cost of huge events)
SAMPLE_VERSIONS = 20   # entries per field kept as they come
MAX_VERSIONS = 60      # entries per field at most (distinct accounts past the sample)
_SOURCE_RANK = {"party": 0, "named": 1, "anonymous": 2, "outlet": 3}
#: the claim tagger's source when a reporting verb has no subject it can name
UNKNOWN_SOURCE = "unknown"


def primary_claim(mention: EventMention, claims: Iterable[Claim]) -> Claim | None:
    """The most specific claim about a mention (a denial first, then named sources)."""
    mine = [c for c in claims if c.event_mention in (None, mention.id)]
    if not mine:
        return None
    return min(mine, key=lambda c: (c.stance != "denies" if mention.modality == "denied" else 0,
                                    _SOURCE_RANK.get(c.source_kind, 4), c.id))


def mention_outcome(mention: EventMention, side_of=None, side_re=None) -> dict | None:
    """How a battle went and for whom: ``{"result", "winner"|"loser", "campaign"}``.

    The side is the party the sentence names before the outcome word ("the army pushed
    back", "rebels broke the siege"; ``side_re``: the pack's camp words), else the coded actor1's side (``side_of(actor id)``
    gives a side group). Without a side the outcome is kept but contradicts nothing.
    """
    if mention.sub_event_type not in BATTLE_TYPES:
        return None
    found = outcome_winner(mention.text, side_re)
    if found is not None:
        return {**found, "explicit": True}   # the sentence names who won or lost
    result = outcome_of(mention.text)
    if result is None:
        return None
    out: dict[str, Any] = {"result": result, "campaign": False}
    group = side_of(mention.actor1) if side_of and mention.actor1 else None
    if group:
        out["winner" if result == "succeeded" else "loser"] = group
    return out


def outcome_values_conflict(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):   # versions saved before sides were kept
        ra = a if isinstance(a, str) else a.get("result")
        rb = b if isinstance(b, str) else b.get("result")
        return ra != rb
    return outcomes_conflict(a, b)


def mention_versions(mention: EventMention, outlet: str | None,
                     claims: Iterable[Claim] = (), side_of=None,
                     side_re=None) -> dict[str, dict[str, Any]]:
    """Field -> version entry for one mention (fields it says nothing about are left out)."""
    claim = primary_claim(mention, claims)
    stance = claim.stance if claim else ("denies" if mention.modality == "denied" else "asserts")
    if mention.modality == "denied":
        stance = "denies"
    base = {
        "mention_id": mention.id, "article_id": mention.article_id, "outlet": outlet,
        "source": claim.source if claim else (outlet or "unknown outlet"),
        "source_kind": claim.source_kind if claim else "outlet",
        "source_actor": claim.source_actor if claim else None,
        # the camp the speaking party fights in: two voices of one camp ("the ministry",
        # "the army") do not contradict each other
        "source_camp": side_of(claim.source_actor) if side_of and claim and claim.source_actor
        else None,
        "stance": stance, "claim": claim.id if claim else None,
        "background": mention.background, "position": mention.start,
        "modality": mention.modality,
    }
    out: dict[str, dict[str, Any]] = {
        "occurred": {**base, "value": mention.modality, "sub": mention.sub_event_type,
                     "date": mention.date.start.isoformat() if mention.date.start else None,
                     "specific": is_specific(mention),
                     "place_id": mention.place.id if mention.place else None,
                     "sentence_index": mention.sentence, "answers_nearby": answers_nearby(mention),
                     "control": tells_control(mention, side_re)},
    }
    claimant = reported_claimant(mention, side_re)
    if claimant is not None:
        out["occurred"]["claimant"] = claimant
    # non-asserted versions keep where/when/what (a denied-only event needs them to be
    # found again), but never figures or outcomes
    out["sub_event_type"] = {**base, "value": mention.sub_event_type}
    d = mention.date
    if d.start is not None:   # d.known
        out["date"] = {**base, "value": {
            "start": d.start.isoformat(), "end": (d.end or d.start).isoformat(),
            "precision": d.precision, "relative": d.relative}}
    if mention.place is not None:
        p = mention.place
        out["place"] = {**base, "value": {
            "id": p.id, "name": p.name, "level": p.level, "lat": p.lat, "lon": p.lon,
            "admin1": p.admin1, "admin2": p.admin2, "admin3": p.admin3,
            "country": p.country, "iso": p.iso,
            "geo_precision": mention.geo_precision, "text": mention.place_text,
            "direction": direction_of(mention.place_text)}}
    if mention.actor1 or mention.actor2:
        out["actors"] = {**base, "value": {"actor1": mention.actor1, "actor2": mention.actor2}}
    if mention.modality != "asserted":
        return out
    f = mention.fatalities
    if f.known:
        value: dict[str, Any] = {"low": f.low, "best": f.best, "high": f.high,
                                 "qualifier": f.qualifier}
        if mention.coding.fatalities_split:   # a share of a list's toll, not a reported figure
            value["split"] = mention.coding.fatalities_split
        if d.known and d.precision == "day" and d.start is not None:
            value["day"] = d.start.isoformat()   # the figure's scope: one day's incident
        out["fatalities"] = {**base, "value": value}
    outcome = mention_outcome(mention, side_of, side_re)
    if outcome:
        out["outcome"] = {**base, "value": outcome, "specific": is_specific(mention),
                          "place_id": mention.place.id if mention.place else None,
                          "geo_precision": mention.geo_precision,
                          "day": d.start.isoformat()
                          if d.start is not None and d.precision == "day" else None}
    return out


_STANDING = re.compile(r"\b(?:" + CueData("en", "link").alternatives("standing_denial") + "|"
                       + CueData("en", "link").alternatives("aim_denial") + r")\b",
                       re.IGNORECASE)
#: "denied the report", "denies the charge", "denied it": a denial of a report told beside it
_ANSWERED = re.compile(r"\b(?:" + CueData("en", "link").alternatives("answered_denial") + r")",
                       re.IGNORECASE)


TERRITORY_TYPES = ("Non-state actor overtakes territory", "Government regains territory")
#: "is under rebel control", "has fallen": who holds a place
_CONTROL_STATE = re.compile(r"\b(?:" + CueData("en", "link").alternatives("control_state") + r")\b",
                            re.IGNORECASE)
_TAKEN = re.compile(r"\b(?:" + CueData("en", "link").alternatives("won") + r")\b", re.IGNORECASE)


def tells_control(mention: EventMention, side_re=None) -> bool:
    """Is the mention about who holds ground: a capture, or a place under someone's control?
    A denial of that ("deny the town is under rebel control") answers only a report of it,
    not one of fighting near the place or of an advance towards it."""
    if mention.sub_event_type in TERRITORY_TYPES or _CONTROL_STATE.search(mention.text):
        return True
    if mention.modality == "denied":
        return bool(_TAKEN.search(mention.text))
    found = outcome_winner(mention.text, side_re)   # a capture told as done, not as an aim
    return bool(found and found.get("result") == "succeeded")


_LINK_CUES = CueData("en", "link")
#: "denied a rebel report that ...", "rejected government claims", "denied a report from X"
_REPORTED_CLAIM = re.compile(
    r"\b(?:" + _LINK_CUES.alternatives("reported_claim_verbs") + r")\s+(?:(?:a|an|the)\s+)?"
    r"(?P<camp>(?:[\w'\u2019-]+\s+){0,2}?)(?P<noun>" + _LINK_CUES.alternatives("reported_claim_nouns")
    + r")\b(?:\s+(?:from|by)\s+(?P<src>[^,;.:\"\u201c\u201d]{2,60}?)(?=\s+that\b|\s*[,;.:]|$))?",
    re.IGNORECASE)


def reported_claimant(mention: EventMention, side_re=None) -> dict[str, Any] | None:
    """Whose report a denial says it denies ("X denied a rebel report that ...": the rebels';
    "denied a report from Y that ...": Y's), as ``{"source", "camp"}``; None when the denial
    names no claimant ("denied reports that ...", "denied the report")."""
    if mention.modality != "denied":
        return None
    m = _REPORTED_CLAIM.search(mention.text)
    if m is None:
        return None
    camps = side_words_pattern(None) if side_re is None else side_re
    src = (m.group("src") or "").strip()
    lead = m.group("camp").strip()
    named = src or lead
    camp = next((c.lastgroup for c in camps.finditer(named)), None) if named else None
    if src:
        return {"source": src, "camp": camp}
    if lead and camp is not None:
        return {"source": f"{lead} {m.group('noun')}", "camp": camp}
    return None


def answers_nearby(mention: EventMention) -> bool:
    """Does a denial answer "the report" told in its own or the previous sentence ("State TV
    said ..., but NATO denied the report")? Then it contradicts that report only."""
    return mention.modality == "denied" and bool(_ANSWERED.search(mention.text))


def is_specific(mention: EventMention) -> bool | None:
    """Does the sentence itself say which event it is about: its own place phrase, date
    phrase or named landmark? "X denies attacking civilians" names none: it can answer
    only a report in its own article. None: a standing position ("has repeatedly
    denied"), or the denial of an aim ("denied targeting the leader"): the denial of no
    report."""
    text = mention.text
    if mention.modality == "denied" and _STANDING.search(text):
        return None   # a standing position: contradicts nothing
    low = text.lower()
    if mention.place_text and mention.place_text.lower() in low \
            and mention.geo_precision in (1, 2):
        return True
    if mention.coding.landmark or landmark_link_keys(text):
        return True
    dt_text = mention.date.text
    return bool(dt_text and dt_text.lower() in low and mention.date.precision == "day")


#: the ``attrs`` key of :attr:`Event.version_sentences`, where an event keeps its versions'
#: sentences, once per mention: the sentence used to be repeated in up to seven fields'
#: entries and was most of an event's weight in memory and in the store
SENTENCES = "version_sentences"


def version_sentence(sentences: Mapping[str, str] | None,
                     entry: Mapping[str, Any]) -> str | None:
    """The sentence a version entry came from, from the event's ``version_sentences``
    (entries saved before those carry their own)."""
    mention_id = entry.get("mention_id")
    return entry.get("sentence") or (
        (sentences or {}).get(mention_id) if mention_id is not None else None)


def add_mention(event: Event, mention: EventMention, outlet: str | None,
                claims: Iterable[Claim] = (), side_of=None, *, replace: bool = True,
                side_re=None) -> int:
    """Add one mention's versions to ``event.versions`` and its sentence to
    ``event.version_sentences`` when an entry of it is kept; returns the entries dropped.
    Both containers are changed in place: copy them first if another event shares them."""
    if event.versions is None:
        event.versions = {}
    versions = event.versions
    dropped = add_versions(versions, mention_versions(mention, outlet, claims, side_of, side_re),
                           replace=replace)
    if any(v and v[-1].get("mention_id") == mention.id for v in versions.values()):
        if event.version_sentences is None:
            event.version_sentences = {}
        event.version_sentences[mention.id] = mention.text
    return dropped


def add_versions(versions: dict[str, list], new: Mapping[str, dict], *,
                 replace: bool = True) -> int:
    """Append one mention's versions; ``replace`` drops an older entry of the same mention.

    A field holding ``SAMPLE_VERSIONS`` entries or more folds a repeat of a kept account
    into that entry's ``count`` instead (see the module doc). Returns how many entries were
    dropped outright (past ``MAX_VERSIONS`` with no entry of the same value)."""
    dropped = 0
    for field_name, entry in new.items():
        entries = versions.setdefault(field_name, [])
        if replace:
            entries[:] = [e for e in entries if e["mention_id"] != entry["mention_id"]]
        if len(entries) < SAMPLE_VERSIONS:
            entries.append(entry)
            continue
        sig = _signature(entry)
        i = next((i for i, e in enumerate(entries) if _signature(e) == sig), None)
        if i is None and len(entries) < MAX_VERSIONS:
            entries.append(entry)
            continue
        if i is None:
            value = repr(entry.get("value"))
            i = next((i for i, e in enumerate(entries) if repr(e.get("value")) == value), None)
        if i is None:
            dropped += 1
            continue
        # a new dict: entries may be shared with the event this one was copied from
        entries[i] = {**entries[i], "count": weight(entries[i]) + weight(entry)}
    return dropped


def weight(entry: Mapping) -> int:
    """How many mentions a version entry stands for."""
    return entry.get("count", 1)


def _signature(e: Mapping) -> tuple:
    # what consensus, contradictions and credibility read of an entry
    return (repr(e.get("value")), e.get("outlet") or e.get("article_id"), e.get("source"),
            e.get("source_kind"), e.get("stance"), e.get("modality"), bool(e.get("background")),
            e.get("sub"))


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _by_outlets(entries: list[VersionEntry], key) -> list[tuple[Any, int, int]]:
    """(value, distinct outlets, entries) sorted best first."""
    outlets: dict[Any, set] = defaultdict(set)
    counts: Counter = Counter()
    for e in entries:
        k = key(e)
        if k is None:
            continue
        outlets[k].add(e["outlet"] or e["article_id"])
        counts[k] += weight(e)
    return sorted(((k, len(outlets[k]), counts[k]) for k in counts),
                  key=lambda t: (-t[1], -t[2], str(t[0])))


def _primary(entries: list[VersionEntry]) -> list[VersionEntry]:
    """Entries from asserted, non-background mentions (the others only if there are none)."""
    entries = [e for e in entries if e.get("modality", "asserted") == "asserted"] or entries
    fresh = [e for e in entries if not e.get("background")]
    return fresh or entries


def consensus_date(entries: list[VersionEntry]) -> tuple[ResolvedDate, DateRange | None]:
    entries = _primary(entries)
    if not entries:
        return ResolvedDate(), None
    values = [e["value"] for e in entries]
    finest = min(_PRECISION_RANK.get(v["precision"], 4) for v in values)
    best = [v for v in values if _PRECISION_RANK.get(v["precision"], 4) == finest]
    # the date most sources agree on at the finest precision; a spread coarsens it
    starts: Counter = Counter()
    for e in entries:
        if _PRECISION_RANK.get(e["value"]["precision"], 4) == finest:
            starts[e["value"]["start"]] += weight(e)
    top = max(starts.values())
    chosen = sorted(s for s, n in starts.items() if n == top)[0]
    ends = [v["end"] for v in best if v["start"] == chosen]
    precision = best[0]["precision"] if len({v["precision"] for v in best}) == 1 else "week"
    date = ResolvedDate(start=_iso(chosen), end=_iso(max(ends)), precision=precision,
                        relative=all(v.get("relative") for v in best))
    span = DateRange(start=min(v["start"] for v in values), end=max(v["end"] for v in values),
                     sources=sum(weight(e) for e in entries))
    return date, span


def consensus_place(entries: list[VersionEntry]) -> tuple[Place | None, int | None]:
    """The place most outlets give; on a tie the finer level, then the more precisely given
    (geo_precision 2 "in X" before 3 "X countryside"). A country is only the fallback:
    a sentence placed no finer than a country ("a monitor based in Britain", "into Iraq")
    never outvotes the towns and regions the other reports give."""
    entries = _primary(entries)
    entries = [e for e in entries if e["value"].get("level") != "country"] or entries
    ranked = _by_outlets(entries, lambda e: e["value"]["id"])
    if not ranked:
        return None, None
    values = {e["value"]["id"]: e["value"] for e in entries}
    given: dict[str, list[int]] = defaultdict(list)   # place id -> its geo precisions
    for e in entries:
        if e["value"].get("geo_precision"):
            given[e["value"]["id"]].append(e["value"]["geo_precision"])
    top = ranked[0][1]
    tied = [r for r in ranked if r[1] == top]
    # on a tie: the finer level, then the place given more precisely (a town named as the
    # spot before the same-level town whose countryside another sentence names)
    best_id = max(tied, key=lambda r: (_fineness(values[r[0]]), -min(given[r[0]], default=3),
                                       r[2], _neg(r[0])))[0]
    v = values[best_id]
    precisions = given[best_id]
    place = Place(id=v["id"], name=v["name"], lat=v["lat"], lon=v["lon"], level=v["level"],
                  country=v.get("country"), iso=v.get("iso"),   # absent in versions saved before
                  admin1=v.get("admin1"), admin2=v.get("admin2"), admin3=v.get("admin3"))
    return place, (min(precisions) if precisions else None)


_LEVEL_RANK = {lvl: i for i, lvl in enumerate(PLACE_LEVELS)}


def _fineness(place: Mapping[str, Any]) -> int:
    """How fine a place is: its level's rank, an area landmark ("Eastern Ghouta", "the
    Qalamoun mountains") ranked as a district, coarser than the towns in it."""
    level = str(place.get("level"))
    if level == "landmark" and AREA_NAME.search(place.get("name") or ""):
        level = "district"
    return _LEVEL_RANK.get(level, 0)


def _neg(s: str) -> tuple[int, ...]:
    # reverses string order for max(): smallest id wins ties deterministically
    return tuple(-ord(c) for c in s)


def consensus_fatalities(entries: list[VersionEntry],
                         places: list[VersionEntry] | None = None) -> Fatalities:
    """UCDP style: low = min, high = max, best = median of the sources' bests. A bound
    alone ("dozens": at least 24) is no count: it gives the best only when no source
    gives a number. ``places``: the event's place versions; a toll told of a wider place
    than the finest place a toll is told of ("strikes on Aleppo killed 16" beside "nine
    were killed in Qaterji") counts a wider area's incidents, not this one's."""
    entries = _narrowest_scope(_primary(entries), places or [])
    counted = any(e["value"]["best"] is not None for e in entries)
    lows, highs, bests = [], [], []
    for e in entries:
        v = e["value"]
        best = v["best"] if v["best"] is not None else v["low"]
        if best is None:
            continue
        if v["best"] is not None or not counted:
            bests.extend([best] * weight(e))
        lows.append(v["low"] if v["low"] is not None else best)
        highs.append(v["high"] if v["high"] is not None else best)
    if not bests:
        return Fatalities()
    return Fatalities(low=min(lows), high=max(highs), best=int(statistics.median_low(bests)),
                      qualifier=None if len(bests) == 1 else "range across sources",
                      text=f"{len(bests)} source(s)")


def _narrowest_scope(entries: list[VersionEntry],
                     places: list[VersionEntry]) -> list[VersionEntry]:
    """The tolls told of the finest place any toll is told of (those of mentions without a
    place kept: nothing says their scope is wider)."""
    fineness = {e["mention_id"]: _fineness(e["value"]) for e in places}
    counted = [fineness[e["mention_id"]] for e in entries
               if e["mention_id"] in fineness
               and (e["value"]["best"] is not None or e["value"]["low"] is not None)]
    if not counted:
        return entries
    finest = max(counted)
    return [e for e in entries if fineness.get(e["mention_id"], finest) >= finest]


def reconcile(event: Event) -> Event:
    """Recompute the event's fields, status and contradictions from ``event.versions``."""
    if event.versions is None:
        event.versions = {}
    versions: dict[str, list[VersionEntry]] = event.versions
    occurred = versions.get("occurred", [])
    asserted = [e for e in occurred if e["value"] == "asserted"]
    subs = _by_outlets(_primary(versions.get("sub_event_type", [])), lambda e: e["value"])
    if subs:
        top = subs[0][1]
        # on a tie, a territory change is more informative than a plain clash
        tied = sorted(s[0] for s in subs if s[1] == top)
        event.sub_event_type = next((s for s in tied if s != "Armed clash"), tied[0])
        event.event_type = SUB_EVENT_TO_TYPE.get(event.sub_event_type, event.event_type)
    event.date, span = consensus_date(versions.get("date", []))
    event.place, event.geo_precision = consensus_place(versions.get("place", []))
    event.fatalities = consensus_fatalities(versions.get("fatalities", []),
                                            versions.get("place", []))
    actors = _primary(versions.get("actors", []))
    a1 = _by_outlets(actors, lambda e: e["value"]["actor1"])
    event.actor1 = a1[0][0] if a1 else None
    a2 = [r for r in _by_outlets(actors, lambda e: e["value"]["actor2"])
          if r[0] != event.actor1]
    event.actor2 = a2[0][0] if a2 else None
    event.mentions = sorted({e["mention_id"] for e in occurred} | set(event.mentions))
    event.articles = sorted({e["article_id"] for e in occurred} | set(event.articles))
    denied = any(e["value"] == "denied" or e["stance"] == "denies" for e in occurred)
    if not asserted:
        status = "denied_only" if denied else "unasserted"
    elif all(e.get("background") for e in asserted):
        status = "background_only"
    else:
        status = "disputed" if denied else "asserted"
    event.status = status
    event.background_only = status == "background_only"
    event.date_range = span
    event.sub_event_types = {s[0]: s[1] for s in subs}
    event.outlets = sorted({e["outlet"] for e in occurred if e["outlet"]})
    event.contradictions = find_contradictions(event.id, versions, event.version_sentences)
    return event


# --- contradictions ----------------------------------------------------------------------


def _side(entry: Mapping[str, Any], sentences: Mapping[str, str] | None = None
          ) -> ContradictionSide:
    return {"claim": entry.get("claim"),
            "text": version_sentence(sentences, entry),
            "stance": entry.get("stance"), "source": entry.get("source"),
            "outlet": entry.get("outlet"), "article_id": entry.get("article_id"),
            "mention_id": entry.get("mention_id"), "value": entry.get("value")}


def _places_conflict(a: dict, b: dict) -> bool:
    if a["id"] == b["id"]:
        return directions_conflict(a.get("direction"), b.get("direction"))
    radius = max(RADIUS_KM.get(a.get("geo_precision"), 30.0),
                 RADIUS_KM.get(b.get("geo_precision"), 30.0))
    if None not in (a["lat"], a["lon"], b["lat"], b["lon"]):
        if haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) > radius:
            return True
    return directions_conflict(a.get("direction"), b.get("direction"))


_OPEN_ABOVE = ("at least", "more than", "over", "dozens", "scores", "hundreds", "thousands",
               "tens", "several", "many")


def _interval(v: dict) -> tuple[float, float]:
    """The range a figure allows: "at least 12" is open above, "up to 20" open below."""
    best = next((x for x in (v["best"], v["low"], v["high"]) if x is not None), 0)
    low = v["low"] if v["low"] is not None else (0 if v["high"] is not None else best)
    high = v["high"]
    if high is None:
        open_above = (v.get("qualifier") or "").lower() in _OPEN_ABOVE or v["best"] is None
        high = float("inf") if open_above else best
    return low * 0.9, high * 1.1   # figures are rounded in reporting


def _pairwise(entries: list[VersionEntry], conflict) -> list[tuple[VersionEntry, VersionEntry]]:
    """First conflicting pair per (source, source) so one disagreement is reported once.

    Only versions from different articles are compared: one article quoting two sources
    on different aspects of a battle is not a contradiction between outlets.
    """
    found, seen = [], set()
    for i, a in enumerate(entries):
        for b in entries[i + 1:]:
            if a.get("article_id") == b.get("article_id") or a.get("source") == b.get("source") \
                    or UNKNOWN_SOURCE in (a.get("source"), b.get("source")):
                continue
            key = tuple(sorted((str(a.get("source")), str(b.get("source")))))
            if key in seen or not conflict(a, b):
                continue
            seen.add(key)
            found.append((a, b))
    return found


#: Differing tolls are shown as the event's spread (fatalities low/best/high, each source's
#: figure in ``versions``), not as contradictions: read by a coder, none of 20 sampled
#: "fatality contradictions" on FA-KES dev was a real disagreement (other incidents linked
#: in, other scopes, rising tolls, misread counts). Switch on to study them.
FATALITY_CONTRADICTIONS = False


def find_contradictions(event_id: str, versions: Mapping[str, list],
                        sentences: Mapping[str, str] | None = None) -> list[Contradiction]:
    out: list[Contradiction] = []
    occurred = versions.get("occurred", [])
    # a denial contradicts a report only when each says which event it is about (its own
    # place, day or landmark): "X denies attacking civilians" is a standing position
    # place, day or landmark), or when one article tells both, the denial after the report
    # ("... killed scores. The regime has denied any responsibility"); a standing position
    # ("has repeatedly denied") never
    # a side whose speaker the text does not name ("..., denying ...", no subject found)
    # cannot be told as one source's word against another's
    occurred = [e for e in occurred if e.get("source") != UNKNOWN_SOURCE]
    claims = [e for e in occurred if e["value"] == "asserted" and e["stance"] != "denies"
              and not e.get("background")]
    denials = [e for e in occurred if (e["value"] == "denied" or e["stance"] == "denies")
               and e.get("specific", True) is not None]
    if denials:
        pairs: set[tuple[str, str]] = set()
        for d in denials:
            # the denial of a capture contradicts the claim of that capture, not a clash;
            # the claim the denial answers best: same place, then a named or party source
            same = [c for c in claims if c.get("source") != d.get("source")
                    and not _one_party(c, d)
                    # a denial that ground changed hands answers a report that it did
                    and not (d.get("control") and c.get("control") is False)
                    and c.get("sub", d.get("sub")) == d.get("sub")
                    and ((c.get("specific", True) and d.get("specific", True))
                         or c.get("article_id") == d.get("article_id"))]
            same.sort(key=lambda c: (c.get("place_id") != d.get("place_id"),
                                     _SOURCE_RANK.get(c.get("source_kind") or "", 4),
                                     str(c.get("mention_id"))))
            if d.get("answers_nearby"):
                # "..., but NATO denied the report": the report it answers is told beside it
                same = [c for c in same if c.get("article_id") == d.get("article_id")
                        and c.get("sentence_index") is not None
                        and d.get("sentence_index") is not None
                        and d["sentence_index"] - 1 <= c["sentence_index"] <= d["sentence_index"]]
            c = same[0] if same else None
            if c is None:
                # "X denied a rebel report that ...": the sentence tells both sides
                c = _claimant_side(d)
            if c is None:
                continue
            pair = (str(c.get("source")), str(d.get("source")))
            if c.get("reported"):   # one reported disagreement per claimant's camp
                pair = ("reported", str(c.get("source_camp") or c.get("source")))
            if pair not in pairs:
                pairs.add(pair)   # one disagreement between two sources, told once
                out.append({"event_id": event_id, "field": "occurred",
                            "kind": "claim and denial",
                            "sides": [_side(c, sentences), _side(d, sentences)]})
    battle = any(e.get("sub") in BATTLE_TYPES for e in claims)
    checks: list[tuple[str, str, Callable[[Any, Any], bool]]] = [
        ("place", "incompatible places", lambda a, b: _places_conflict(a["value"], b["value"])),
        ("outcome", "incompatible outcomes",
         lambda a, b: battle and _same_engagement(a, b)
         and outcome_values_conflict(a["value"], b["value"])),
    ]
    if FATALITY_CONTRADICTIONS:
        checks.append(("fatalities", "fatality figures differ beyond their bounds",
                       lambda a, b: _same_scope(a["value"], b["value"])
                       and _disjoint(_interval(a["value"]), _interval(b["value"]))))
    for field_name, kind, conflict in checks:
        entries = [e for e in _primary(versions.get(field_name, []))
                   if e.get("modality", "asserted") == "asserted"][:MAX_COMPARED]
        for a, b in _pairwise(entries, conflict):
            out.append({"event_id": event_id, "field": field_name, "kind": kind,
                        "sides": [_side(a, sentences), _side(b, sentences)]})
    return out


def _claimant_side(d: Mapping[str, Any]) -> dict[str, Any] | None:
    """The claimant a denial names as the other side, from the denial's own sentence: not
    the denier itself nor of the denier's camp."""
    who = d.get("claimant")
    if not who or who.get("source") == d.get("source") \
            or (who.get("camp") and who.get("camp") == d.get("source_camp")):
        return None
    return {**d, "source": who["source"], "source_kind": "party" if who.get("camp") else "named",
            "source_actor": None, "source_camp": who.get("camp"), "stance": "asserts",
            "claim": None, "value": "asserted", "reported": True}


def _one_party(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Do two sides speak for one party: the same actor, or actors of one camp ("a senior
    official of the regime" and "the army")?"""
    if a.get("source_actor") and a.get("source_actor") == b.get("source_actor"):
        return True
    return bool(a.get("source_camp")) and a.get("source_camp") == b.get("source_camp")


def _same_engagement(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two outcomes can contradict only when each sentence names who won or lost and
    says where (one town or site, the same for both), on days a day apart at most when
    both give one: otherwise they are outcomes of two fights, or of a campaign."""
    if "specific" not in a or "specific" not in b:
        return True   # versions saved before outcomes kept their scope
    va, vb = a["value"], b["value"]
    if not (isinstance(va, dict) and isinstance(vb, dict)):
        return False
    if not (va.get("explicit") and vb.get("explicit") and a["specific"] and b["specific"]):
        return False
    if not a.get("place_id") or a.get("place_id") != b.get("place_id") \
            or a.get("geo_precision") != 1 or b.get("geo_precision") != 1:
        return False
    if not a.get("day") or not b.get("day"):
        return True   # a window: linking already put both in the event's window
    gap = abs(dt.date.fromisoformat(a["day"]) - dt.date.fromisoformat(b["day"]))
    return gap.days <= 1


def _same_scope(a: dict, b: dict) -> bool:
    """Two tolls can contradict only when each is a reported figure for one day's incident
    and the days agree within one: a share of a split toll, a toll over a week ("since
    Wednesday"), or another day's count differs in scope, not in fact."""
    if a.get("split") or b.get("split") or not a.get("day") or not b.get("day"):
        return False
    gap = abs(dt.date.fromisoformat(a["day"]) - dt.date.fromisoformat(b["day"]))
    return gap.days <= 1


def _disjoint(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[1] < b[0] or b[1] < a[0]
