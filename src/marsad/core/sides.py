"""Sides and camps: which actor sides fight, which fight together, where outlets stand.

A theater pack says it as data (``pack.json`` "sides" and "alignments", read by
``theaters.load_pack`` into a :class:`SideTable`, ``TheaterPack.sides``); the module-level
tables and functions below are the table used where no pack is given (Syria's, as the
code had them). The coder's and the linker's camps differ on purpose: an ally with no
camp of its own (the US-led coalition) links in its ally's camp (the SDF's) but is coded
as itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from dataclasses import dataclass, field

#: actor sides that are the government (``is_government``; "pro-gov..." prefixes too)
GOVERNMENT_SIDES = frozenset({"government", "pro-government", "regime", "state"})
#: actor sides that are no party to the fighting
NON_FIGHTING_SIDES = frozenset({
    "unknown", "civilian", "civilians", "media", "monitor", "international", "neutral",
    "humanitarian", "un", "ngo", "political", "protester", "protesters", ""})
#: an outlet's own side that does not make it a party to what it reports (claims)
OUTLET_SIDES_NOT_PARTY = frozenset({"unknown", "media", "monitor"})

#: event coding: allies in one camp are not each other's opponents (2016 Aleppo alignments)
CODING_CAMPS = {"pro-government": "government", "regime": "government", "state": "government",
                "jihadist": "opposition", "rebel": "opposition"}
#: linking: side -> camp, as the side words of ``link.keys`` name them
LINK_CAMPS = {"pro-government": "government", "jihadist": "opposition", "us-coalition": "sdf"}
#: linking: sides that fight on the same side (actor1/actor2 compatibility)
ALLIED_SIDES = (
    frozenset({"government", "pro-government"}),
    frozenset({"opposition", "jihadist"}),
    frozenset({"sdf", "us-coalition"}),
)
#: summaries: sides that are not a camp fighting a story
NOT_CAMPS = frozenset({"civilian", "protester", "monitor", "political", "unknown", "other"})

#: outlet alignment -> camp; corroboration across camps counts more than within one
CAMP_OF_ALIGNMENT = {
    "pro-government": "pro-government",
    "state-media-syria": "pro-government",
    "state-media-russia": "pro-government",
    "state-media-iran": "pro-government",
    "state-media-lebanon": "pro-government",
    "opposition": "opposition",
    "state-media-turkey": "opposition",
    "state-media-qatar": "opposition",
    "state-media-saudi-arabia": "opposition",
    "independent": "independent",
    "wire": "independent",
}
#: the two outlet camps whose agreement corroborates most
OPPOSING_CAMPS = ("pro-government", "opposition")


def coding_camp(side: str) -> str:
    """The camp an actor side codes in ("regime" -> "government")."""
    return CODING_CAMPS.get(side, side)


def link_camp(side: str) -> str:
    """The camp an actor side links in ("us-coalition" -> "sdf")."""
    return LINK_CAMPS.get(side, side)


def is_government(side: str) -> bool:
    return side in GOVERNMENT_SIDES or side.startswith("pro-gov")


def is_fighting_side(side: str) -> bool:
    return side not in NON_FIGHTING_SIDES


def alignment_camp(alignment: str | None) -> str | None:
    """The camp of an outlet alignment ("state-media-syria" -> "pro-government")."""
    if not alignment:
        return None
    return CAMP_OF_ALIGNMENT.get(alignment, CAMP_OF_ALIGNMENT.get(alignment.split("-")[0]))


#: ``pack.json`` "sides" keys one side may have
SIDE_KEYS = frozenset({"camp", "link_camp", "government", "state", "fighting", "allies"})


@dataclass(frozen=True)
class SideTable:
    """A theater's sides as data: camps, alliances, which sides are the state.

    Statehood of one actor comes from its ACLED inter code first (1: the state's forces,
    8: external forces, foreign states among them); ``state`` lists sides whose actors are
    foreign states whatever their code says.
    """

    camps: Mapping[str, str] = field(default_factory=dict)        # side -> coding camp
    link_camps: Mapping[str, str] = field(default_factory=dict)   # side -> linking camp
    allies: Mapping[str, frozenset[str]] = field(default_factory=dict)  # side -> its allies
    government: frozenset[str] = frozenset()
    state: frozenset[str] = frozenset()
    not_fighting: frozenset[str] = NON_FIGHTING_SIDES
    alignments: Mapping[str, str] = field(default_factory=dict)   # outlet alignment -> camp
    #: linking camp -> regex alternatives of the words naming it in a sentence ("rebels?")
    words: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, sides: Mapping[str, Mapping[str, Any]],
                  alignments: Mapping[str, str] | None = None,
                  words: Mapping[str, str] | None = None) -> SideTable:
        """The table of ``pack.json``'s "sides" (side -> {"camp", "link_camp", "government",
        "state", "fighting", "allies"}) and "alignments" (outlet alignment -> camp); callers check
        the shapes (``theaters`` raises ``PackError``)."""
        camps = {s: str(d.get("camp") or s) for s, d in sides.items()}
        allies: dict[str, set[str]] = {s: set(d.get("allies", ())) for s, d in sides.items()}
        for s, d in sides.items():          # an alliance goes both ways
            for a in d.get("allies", ()):
                allies.setdefault(a, set()).add(s)
        link_camps: dict[str, str] = {}
        for s, d in sides.items():
            ally = next(iter(d.get("allies", ())), None)
            link_camps[s] = str(d.get("link_camp") or (
                camps[s] if d.get("camp") or ally is None else camps.get(ally, ally)))
        return cls(
            camps=camps, link_camps=link_camps,
            allies={s: frozenset(a) for s, a in allies.items()},
            government=frozenset(s for s, d in sides.items() if d.get("government")),
            state=frozenset(s for s, d in sides.items() if d.get("state")),
            not_fighting=NON_FIGHTING_SIDES | {s for s, d in sides.items()
                                               if d.get("fighting") is False},
            alignments={**_GENERIC_ALIGNMENTS, **dict(alignments or {})}, words=dict(words or {}))

    def coding_camp(self, side: str) -> str:
        return self.camps.get(side, side)

    def link_camp(self, side: str) -> str:
        return self.link_camps.get(side, side)

    def is_government(self, side: str) -> bool:
        return side in self.government

    def is_state(self, side: str) -> bool:
        """Forces of a state (foreign ones included): never a non-state actor."""
        return side in self.state

    def is_fighting_side(self, side: str) -> bool:
        return side not in self.not_fighting

    def are_allies(self, a: str, b: str) -> bool:
        """Two sides that fight together: not each other's opponents."""
        return a in self.allies.get(b, ()) or b in self.allies.get(a, ())

    def link_allied(self, a: str, b: str) -> bool:
        """Linking: the two sides may stand for one party (same side, camp or alliance)."""
        return a == b or self.link_camp(a) == self.link_camp(b) or self.are_allies(a, b)

    def alignment_camp(self, alignment: str | None) -> str | None:
        if not alignment:
            return None
        return self.alignments.get(alignment, self.alignments.get(alignment.split("-")[0]))


#: alignment words any theater's outlets use
_GENERIC_ALIGNMENTS = {"pro-government": "pro-government", "opposition": "opposition",
                       "independent": "independent", "wire": "independent"}


class _DefaultSides(SideTable):
    """The module-level tables as a :class:`SideTable` (no pack given)."""

    def coding_camp(self, side: str) -> str:
        return coding_camp(side)

    def link_camp(self, side: str) -> str:
        return link_camp(side)

    def is_government(self, side: str) -> bool:
        return is_government(side)

    def link_allied(self, a: str, b: str) -> bool:
        return a == b or any(a in g and b in g for g in ALLIED_SIDES)

    def alignment_camp(self, alignment: str | None) -> str | None:
        return alignment_camp(alignment)


DEFAULT_SIDES: SideTable = _DefaultSides(
    state=frozenset({"turkey", "israel", "us-coalition", "other"}))
