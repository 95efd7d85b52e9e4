"""Credibility of events (corroboration across outlets and camps) and of articles.

Event credibility reads only an event's ``versions`` and the outlets' alignments
from the theater pack. Article credibility combines the corroboration of the article's
events with, when the user imported reference data (ACLED/UCDP rows), how well the
article's dates, places and casualty figures match it (the FA-KES / VDC method).

Both are reasons (with the counts behind them), never a score: no score built from these
signals, nor a text model trained on FA-KES dev, has predicted the FA-KES credible/fake
labels better than chance under cross-validation (``marsad eval credibility`` measures
them; README "Credibility"). A future score must pass that bar before it is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol, runtime_checkable

from ..core.sides import OPPOSING_CAMPS, alignment_camp
from ..errors import MarsadError
from ..model import Credibility, Event, EventMention, Fatalities, Place, ResolvedDate
from ..nlp.outlets import outlet_profile


@dataclass(frozen=True)
class ReferenceMatch:
    """How one reported event matches the best reference row (None: not checkable)."""

    date: bool
    place: bool
    fatalities: bool | None = None
    reference_id: str | None = None
    distance_km: float | None = None


@runtime_checkable
class ReferenceEvents(Protocol):
    """Imported reference events (ACLED/UCDP rows); see ``marsad.link.reference``.

    ``match`` returns the best matching row's agreement, or None when no row is near in
    time and space. It may return a :class:`ReferenceMatch`, a dict with the same keys, or
    any object with ``date``/``place``/``fatalities`` attributes.
    """

    def match(self, date: ResolvedDate, place: Place | None,
              fatalities: Fatalities | None) -> Any: ...


class CredibilityError(MarsadError, ValueError):
    """Credibility was asked for something that is not there."""


def alignment_lookup(pack) -> Callable[[str | None], str | None]:
    """outlet name -> alignment: the outlet's profile (``nlp.outlets``), else the pack's
    outlet table by name or alias."""
    table: dict[str, str | None] = {}
    for o in getattr(pack, "outlets", ()) or ():
        for name in [o.get("name", "")] + list(o.get("aliases", ())):
            if name:
                table.setdefault(name.lower(), o.get("alignment"))

    memo: dict[str, str | None] = {}   # per lookup closure, so per Linker: not global state

    def lookup(outlet: str | None) -> str | None:
        if not outlet:
            return None
        if outlet not in memo:
            memo[outlet] = _lookup(outlet)
        return memo[outlet]

    def _lookup(outlet: str) -> str | None:
        try:
            profile = outlet_profile(pack, outlet)
        except (KeyError, ValueError, AttributeError):
            profile = None
        if profile:
            return profile.get("alignment")
        return table.get(outlet.lower())

    return lookup


def _names(items: Iterable[str]) -> str:
    items = sorted(set(items))
    return ", ".join(items[:4]) + (f" and {len(items) - 4} more" if len(items) > 4 else "")


def event_signals(event: Event,
                  alignment: Callable[[str | None], str | None],
                  camp_of: Callable[[str | None], str | None] = alignment_camp) -> dict[str, Any]:
    """What the event's versions say about its support, as facts (no weighting): the
    outlets asserting it and their camps, whether opposing camps both report it, whether
    only parties claim it, whether every report is unverified, who denies it, and which
    other fields the sources disagree on. ``camp_of`` maps an outlet alignment to its camp
    (the pack's ``sides.alignment_camp``)."""
    occurred = (event.versions or {}).get("occurred", [])
    asserting = [e for e in occurred if e["value"] == "asserted" and e["stance"] != "denies"]
    denying = [e for e in occurred if e["value"] == "denied" or e["stance"] == "denies"]
    outlets = sorted({e["outlet"] or f"article {e['article_id'][:8]}" for e in asserting})
    camps = {o: camp_of(alignment(o)) for o in outlets}
    opposing = {c: [o for o, oc in camps.items() if oc == c] for c in OPPOSING_CAMPS}
    known = {c for c in camps.values() if c}
    return {
        "asserted": bool(asserting),
        "outlets": outlets,
        "camps": camps,
        "opposing": opposing,
        "across_camps": all(opposing.values()),
        "same_camp": (len(outlets) > 1 and len(known) == 1
                      and next(iter(known)) in OPPOSING_CAMPS),
        "independent": [o for o, c in camps.items() if c == "independent"],
        "party_only": bool(asserting) and all(e.get("source_kind") == "party" for e in asserting),
        "parties": sorted({e.get("source") or e.get("source_actor") or "a party"
                           for e in asserting if e.get("source_kind") == "party"}),
        "unverified_only": bool(asserting) and all(e["stance"] == "reports_unverified"
                                                   for e in asserting),
        "denied_by": [e.get("source") or "a source" for e in denying],
        "disagreements": [c["field"] for c in event.contradictions if c["field"] != "occurred"],
    }


def event_credibility(event: Event,
                      alignment: Callable[[str | None], str | None],
                      camp_of: Callable[[str | None], str | None] = alignment_camp) -> Credibility:
    """Reasons, without a number, from the event's versions (``event_signals``).

    No credibility score is given: the hand-weighted score marsad used to show had a
    cross-validated AUC of ~0.49 against the FA-KES credible/fake labels, and no score
    tried since has done better (``marsad eval credibility``), so a number would claim
    knowledge marsad does not have. The reasons are facts a reader can check."""
    sig = event_signals(event, alignment, camp_of)
    outlets, camps = sig["outlets"], sig["camps"]
    reasons: list[str] = []
    if not sig["asserted"]:
        reasons.append("No source asserts that this event happened.")
    elif len(outlets) == 1:
        reasons.append(f"Reported by a single outlet ({outlets[0]}).")
    else:
        reasons.append(f"Reported by {len(outlets)} different outlets ({_names(outlets)}).")
    if sig["across_camps"]:
        opposing = sig["opposing"]
        reasons.append("Corroborated across opposing sides: pro-government "
                       f"({_names(opposing['pro-government'])}) and opposition "
                       f"({_names(opposing['opposition'])}) outlets both report it.")
    elif sig["same_camp"]:
        reasons.append("All reporting outlets are from the same camp, so the corroboration "
                       "is weaker.")
    if sig["independent"] and len(outlets) > 1:
        reasons.append(f"Independent or wire outlets report it ({_names(sig['independent'])}).")
    if sig["party_only"]:
        reasons.append(f"Only claimed by a party to the fighting ({_names(sig['parties'])}).")
    if sig["unverified_only"]:
        reasons.append("Every report of it is marked as unverified.")
    if sig["denied_by"]:
        reasons.append(f"Denied by {_names(sig['denied_by'])}.")
    if sig["disagreements"]:
        reasons.append(f"Sources disagree on {_names(sig['disagreements'])}.")
    return Credibility(reasons=reasons, outlets=outlets,
                       camps={o: c for o, c in camps.items() if c},
                       denied=bool(sig["denied_by"]))


def _as_match(result: Any) -> ReferenceMatch | None:
    if result is None or result is False:
        return None
    if isinstance(result, ReferenceMatch):
        return result
    if result is True:
        return ReferenceMatch(date=True, place=True)
    if isinstance(result, Mapping):
        get = result.get
    else:
        def get(key, default=None):
            return getattr(result, key, default)
    return ReferenceMatch(date=bool(get("date", False)), place=bool(get("place", False)),
                          fatalities=get("fatalities"), reference_id=get("reference_id"),
                          distance_km=get("distance_km"))


def article_credibility(article_id: str, mentions: Iterable[EventMention],
                        events: Mapping[str, Event], *, outlet: str | None = None,
                        reference: ReferenceEvents | None = None) -> dict:
    """Reasons, with the counts behind them, for one article: how many of its events other
    outlets report, how many other sources contradict, and (with reference data) how many
    match a reference record. No score: see ``event_credibility``."""
    primary = [m for m in mentions if m.article_id == article_id and m.modality == "asserted"
               and not m.background]
    if not primary:
        return {"article_id": article_id, "events": 0,
                "reasons": ["The article reports no event of its own to check."]}
    reasons: list[str] = []
    corroborated, contradicted = 0, 0
    event_ids = sorted({m.event_id for m in primary if m.event_id is not None and m.event_id in events})
    for eid in event_ids:
        event = events[eid]
        others = [o for o in event.outlets if o != outlet]
        corroborated += bool(others)
        # reporting a denial is not being contradicted: another article must disagree
        contradicted += any(
            any(s.get("article_id") == article_id for s in c["sides"])
            and any(s.get("article_id") != article_id for s in c["sides"])
            for c in event.contradictions)
    n = len(event_ids) or len(primary)
    reasons.append(f"{corroborated} of {n} events it reports are also reported by other outlets.")
    if contradicted:
        reasons.append(f"Other sources contradict it on {contradicted} of {n} events.")
    result: dict[str, Any] = {"article_id": article_id, "events": n,
                              "event_ids": event_ids,
                              "corroborated": corroborated, "contradicted": contradicted}
    if reference is not None:
        checks, matched = 0, 0.0
        details: list[dict[str, Any]] = []
        for m in primary:
            found = _as_match(reference.match(m.date, m.place, m.fatalities))
            checks += 1
            if found is None:
                details.append({"mention_id": m.id, "match": None})
                continue
            parts = [found.date, found.place] + ([found.fatalities]
                                                 if found.fatalities is not None else [])
            matched += sum(parts) / len(parts)
            details.append({"mention_id": m.id, "match": asdict(found)})
        agreement = matched / checks if checks else 0.0
        hits = sum(1 for d in details if d["match"] is not None)
        reasons.append(f"{hits} of {checks} events match a reference record in date and place"
                       f" (agreement {agreement:.0%}, counting casualty figures where given).")
        result.update(reference_checked=checks, reference_matched=hits,
                      reference_agreement=round(agreement, 3), reference_matches=details)
    result["reasons"] = reasons
    return result
