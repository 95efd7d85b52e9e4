"""Sides and camps: which actor sides fight, which fight together, where outlets stand.

Each table had a copy in the package that used it; they live here until they become
theater-pack data. The coder's and the linker's camp tables differ on purpose (the linker
also folds the US-led coalition into the SDF's camp), so each keeps its own name.
"""

from __future__ import annotations

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
