"""Actor roles around an event trigger: who acts (actor1) and who is acted upon (actor2).

Reads the actor mentions of one clause relative to the trigger position:

- "clashes between X and Y"                -> X, Y
- "Y was attacked by X", "seized by X"     -> X, Y (agent after "by")
- "X attacked Y", "X regained ... from Y"  -> X, Y (subject before, object after)
- same-side actors next to actor1/actor2 become ``assoc_actor1``/``assoc_actor2``.

Offsets are absolute (``Article.text``); the clause text is given with its start offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.sides import DEFAULT_SIDES
from ..lang import CueData
from ..model import SUB_EVENT_TO_TYPE, Mention
from ..theaters import TheaterPack
from .attribution import Attribution
from .triggers import Trigger

#: the role cue words, per language: ``lang/<lang>/roles.json`` (the patterns around them are grammar)
_CUES = CueData("en", "roles")
_W = _CUES.alternatives

_BETWEEN = re.compile(r"\b" + _CUES.word("between") + r"\b", re.IGNORECASE)
_BY = re.compile(r"\b" + _CUES.word("by") + r"\b", re.IGNORECASE)
_PASSIVE_AUX = re.compile(r"\b(?:" + _W("passive_auxiliaries") + r")\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: what may stand between an event noun and its agent phrase: a participle that the "by"
#: phrase completes ("an attack carried out by X", "a barrel bomb dropped by X", "strikes,
#: believed to be carried out by X") -- at most a few words, no other verb or clause
_AGENT_LINK = re.compile(r"^[\s,]*(?:[\w-]+\s+){0,2}?(?:(?:to\s+have\s+been|to\s+be|being|been)\s+)?(?:\w+ly\s+)?(?:"
                         + _W("agent_participles") + r")[\s,]*$", re.IGNORECASE)

#: a deed participle after the comma that ends the event noun's phrase: "airstrikes on the
#: town of X, purportedly carried out by Y" (a plain "-ed" is too loose here: "the town,
#: surrounded by rebels")
_AGENT_TAIL = re.compile(r",\s*(?:\w+ly\s+)?(?:(?:to\s+have\s+been|to\s+be|being|been)\s+)?(?:"
                         + _W("deed_participles") + r")[\s,]*$", re.IGNORECASE)

#: the clause's subject is the one harmed: "X were killed (in clashes with Y)", "X died in ..."
_VICTIM_VERB = re.compile(
    r"\b(?:(?:" + _W("passive_auxiliaries") + r")\s+(?:\w+ly\s+)?(?:" + _W("harm_participles")
    + r")|" + r"(?:" + _W("victim_verbs") + r"))\b", re.IGNORECASE)


#: at most this many words before a harm verb are its subject ("At least 12 civilians
#: including three children were killed")
_VICTIM_SUBJECT_WORDS = 8


@dataclass
class Roles:
    actor1: str | None = None
    actor2: str | None = None
    assoc_actor1: tuple[str, ...] = ()
    assoc_actor2: tuple[str, ...] = ()
    source: str = "none"    # how actor1 was found: "clause", "reporter", "paragraph", "none"
    #: actor2 is only the side holding the place ("strikes on a rebel-held town"), not a named target
    actor2_held: bool = False


def actor_side(mention: Mention, pack: TheaterPack | None) -> str:
    side = mention.actor_info.side
    if not side and pack is not None and mention.norm:
        actor = pack.actor(mention.norm)
        side = actor.side if actor else None
    return (side or "unknown").lower()


def _camp(m: Mention, pack: TheaterPack | None) -> str:
    return (getattr(pack, "sides", None) or DEFAULT_SIDES).coding_camp(actor_side(m, pack))


def _allied(a: Mention | None, b: Mention, pack: TheaterPack | None) -> bool:
    """"Rebels, backed by NATO, ...": the pack's allies are not each other's opponents."""
    sides = getattr(pack, "sides", None)
    return a is not None and sides is not None and sides.are_allies(actor_side(a, pack),
                                                                    actor_side(b, pack))


def _aid(m: Mention) -> str | None:
    return m.norm or None


def _pick(cands: list[Mention]) -> Mention | None:
    """Prefer a named actor over a generic word ("rebels") of the same side."""
    if not cands:
        return None
    first = cands[0]
    if first.actor_info.generic:
        side = first.actor_info.side
        for m in cands[1:]:
            if not m.actor_info.generic and m.norm and (side is None or m.actor_info.side in (side, None)):
                return m
    return first


def _dedupe(ids, *exclude) -> tuple[str, ...]:
    out: list[str] = []
    for i in ids:
        if i and i not in exclude and i not in out:
            out.append(i)
    return tuple(out)


_HELD = re.compile(
    r"^[\s'\u2019s-]*(?:" + _W("held_nouns") + r")\b|"
    # "regime-held", "rebel held areas"; not the verb in "the army held talks"
    r"^-(?:" + _W("held_participles") + r")\b|^\s+(?:" + _W("held_participles") + r")\s+(?:"
    + _W("held_places") + r")\b",
    re.IGNORECASE)


_HOLDER = re.compile(r"^[\s-](?:" + _W("held_participles") + r")\b", re.IGNORECASE)


def _holder(text: str, offset: int, m: Mention) -> bool:
    """"rebel-held", "IS controlled": the side holding a place, not a target of its own."""
    rel = m.end - offset
    return bool(_HOLDER.match(text[rel:rel + 16]))


def _modifier(text: str, offset: int, m: Mention) -> bool:
    """"army positions", "regime-held", "the opposition's lines": a possessor, not an agent."""
    rel = m.end - offset
    return bool(_HELD.match(text[rel:rel + 24]))


_BY_BEFORE = re.compile(r"\b" + _CUES.word("by") + r"\s+(?:the\s+)?$", re.IGNORECASE)


def _after_by(text: str, offset: int, m: Mention) -> bool:
    rel = m.start - offset
    return bool(_BY_BEFORE.search(text[max(0, rel - 12):rel]))


def _victim_verb(text: str, offset: int, trigger: tuple[int, int] | None,
                 actors: list[Mention]) -> int | None:
    """Absolute end of a harm verb whose subject is harmed ("were killed", "died"), when it
    comes after an actor and by the end of the trigger, with no actor inside it."""
    if trigger is None:
        return None
    found = None
    for v in _VICTIM_VERB.finditer(text, 0, trigger[1]):
        found = v
    if found is None:
        return None
    start, end = found.start() + offset, found.end() + offset
    # the harmed subject is an actor ("Three soldiers were killed when ...") or a short
    # phrase of people the actor list does not hold ("Two farmers were killed when gunmen ...")
    subject = any(m.end <= start for m in actors) or \
        len(text[:found.start()].split()) <= _VICTIM_SUBJECT_WORDS
    if not subject or any(start < m.end and m.start < end for m in actors):
        return None
    return end


def assign_roles(text: str, offset: int, trigger: tuple[int, int] | None,
                 actors: list[Mention], pack: TheaterPack | None = None, *,
                 zone: int | None = None) -> Roles:
    """Roles from the clause's own actor mentions (already stripped of pure sources).

    ``zone``: absolute start of the subclause holding the trigger ("... after regime forces
    took control"); an actor there is preferred as the agent over earlier ones.
    """
    actors = sorted((m for m in actors if m.norm), key=lambda m: m.start)
    if not actors:
        return Roles()
    t_start = trigger[0] + offset if trigger else offset
    t_end = trigger[1] + offset if trigger else offset

    agents: list[Mention]
    patients: list[Mention]
    between = None
    for b in _BETWEEN.finditer(text):
        if trigger is None or abs(b.start() + offset - t_end) < 40 or b.start() + offset >= t_start:
            between = b
            break
    by_match = None
    if trigger is not None:
        for b in _BY.finditer(text, trigger[1]):
            if b.start() - trigger[1] < 60 or (b.start() - trigger[1] < 120 and _AGENT_TAIL.search(
                    text, trigger[1], b.start()) is not None):
                by_match = b
            break
    passive = trigger is not None and by_match is not None and (
        _PASSIVE_AUX.search(text[max(0, trigger[0] - 25):trigger[0]]) is not None
        # a noun trigger directly followed by its agent: "airstrikes by the coalition", or
        # through a participle: "an attack carried out by the coalition"
        or not text[trigger[1]:by_match.start()].strip(" ,")
        or (_AGENT_LINK.match(text[trigger[1]:by_match.start()]) is not None
            or _AGENT_TAIL.search(text, trigger[1], by_match.start()) is not None) and not any(
            trigger[1] + offset <= m.start < by_match.start() + offset for m in actors))
    if between is not None:
        after = [m for m in actors if m.start >= between.end() + offset]
        agents, patients = after[:1], after[1:2]
        rest = [m for m in actors if m not in agents and m not in patients]
        agents += [m for m in rest if m.start < t_start]
        patients += [m for m in rest if m.start >= t_start]
    elif passive and by_match is not None:   # passive implies by_match
        by_abs = by_match.end() + offset
        agents = [m for m in actors if m.start >= by_abs]
        patients = [m for m in actors if m.start < t_start]
    elif trigger is None:
        agents, patients = actors[:1], actors[1:]
    elif (victim_verb := _victim_verb(text, offset, trigger, actors)) is not None:
        # "X were killed in clashes with Y", "X were killed following Y's rocket attacks":
        # the subject is harmed; the agent is whoever else the clause names, nearest the
        # event word first ("Y rocket attacks"), a place's holder ("Y-held") last
        # ("hostages taken by Y were executed": an agent phrase inside the subject acts)
        victims = [m for m in actors if m.end <= victim_verb and not _after_by(text, offset, m)]
        rest = [m for m in actors if m.start >= victim_verb] + [
            m for m in actors if m.end <= victim_verb and _after_by(text, offset, m)]
        agents = [m for m in rest if not _modifier(text, offset, m)]
        patients = victims + [m for m in rest if m not in agents]
    else:
        agents = [m for m in actors if m.start < t_start and not _modifier(text, offset, m)]
        patients = [m for m in actors if m not in agents]
        if zone is not None:
            near = [m for m in agents if m.start >= zone]
            if near:
                agents = near + [m for m in agents if m.start < zone]
        if not agents and patients and trigger is not None and trigger[0] < 3:
            # a gerund/noun trigger opening the clause: "Attacking X, Y ..." keeps order
            agents, patients = patients[:1], patients[1:]

    a1 = _pick(agents)
    side1 = _camp(a1, pack) if a1 else "unknown"
    # actor2: first patient on another side (or of unknown side)
    a2 = None
    for m in patients:
        if a1 is not None and m.norm == a1.norm:
            continue
        s = _camp(m, pack)
        if (a1 is None or s == "unknown" or side1 == "unknown" or s != side1) and not _allied(a1, m, pack):
            a2 = m
            break
    if a2 is None and a1 is not None and trigger is not None:
        # "X attacked ... positions of Y" where both were before: take a different-side agent
        for m in agents:
            if m is not a1 and _camp(m, pack) not in (side1, "unknown") and not _allied(a1, m, pack):
                a2 = m
                break
    id1, id2 = (_aid(a1) if a1 else None), (_aid(a2) if a2 else None)
    if id1 == id2:
        id2 = None
    side2 = _camp(a2, pack) if a2 else "unknown"
    assoc1 = [m.norm for m in agents + patients if m is not a1 and m is not a2
              and (_camp(m, pack) == side1 and side1 != "unknown" or m in agents)
              and not (a2 is not None and _camp(m, pack) == side2 and side2 != side1)]
    assoc2 = [m.norm for m in agents + patients if m is not a1 and m is not a2
              and m.norm not in assoc1 and m in patients]
    return Roles(id1, id2, _dedupe(assoc1, id1, id2), _dedupe(assoc2, id1, id2, *assoc1),
                 "clause" if id1 else "none",
                 actor2_held=id2 is not None and a2 is not None and _holder(text, offset, a2))


# -- the reporter as actor, and where a subject is (used by the event coder) ---------------

_PRONOUN_SUBJECT = re.compile(r"\b(?:" + _W("pronoun_subjects") + r")\b", re.IGNORECASE)
_GERUND_LEAD = re.compile(r"^\W*(?:(?:" + _W("time_lead") + r")\s+\w+\s+)*(?:" + _W("gerund_lead") + r")\b",
                          re.IGNORECASE)
#: what may stand between a reporting verb and its own event ("announced that the ...")
_EMPTY_BETWEEN = re.compile(r"\b(?:" + _W("empty_between") + r")\b")
_SELF_REPORTED_TYPES = ("Battles", "Strategic developments", "Protests")


def reports_itself(clause: str, trig: Trigger | None, sub: str, atts: list[Attribution],
                    sent_start: int, unit_start: int) -> bool:
    """"X announced they had taken ...", "X announced the liberation of ...": X is the actor."""
    if trig is None:
        # no event word: an announcement/statement sentence is about its announcer
        # ("X kept control ..., residents said": a trailing speaker; a denier denies others' acts)
        return SUB_EVENT_TO_TYPE[sub] in _SELF_REPORTED_TYPES and any(
            a.verb != "according to" and not a.trailing and a.stance != "denies" for a in atts)
    t_abs = unit_start + trig.start
    verbs = [a for a in atts if a.verb != "according to" and sent_start + a.verb_start <= t_abs]
    if not verbs:
        return False
    v_end = sent_start + verbs[-1].verb_end
    between = clause[max(0, v_end - unit_start):trig.start] if v_end > unit_start else clause[:trig.start]
    if _PRONOUN_SUBJECT.search(between):
        return True
    # nothing but a time phrase, or a gerund whose subject is the announcer ("announced on
    # Sunday launching a major offensive")
    empty = not _EMPTY_BETWEEN.sub("", between).strip(" ,") or bool(
        _GERUND_LEAD.match(between))
    return (empty or v_end > t_abs) and SUB_EVENT_TO_TYPE[sub] in _SELF_REPORTED_TYPES


_SUBJECT_START = re.compile(r"(?:[;,\u2013\u2014(]|\b(?:" + _W("subject_start") + r")\b)", re.IGNORECASE)


def subject_zone(clause: str, t_start: int) -> int:
    """Start of the (sub)clause whose subject governs the trigger (clause-relative)."""
    zone = 0
    for m in _SUBJECT_START.finditer(clause, 0, t_start):
        zone = m.end()
    return zone


def reporter_of(atts: list[Attribution], sent_start: int, t_abs: int,
              actors: list[Mention]) -> Mention | None:
    """The actor who reports the clause's event about itself ("X announced they had taken")."""
    for k in range(len(atts) - 1, -1, -1):
        att = atts[k]
        if att.verb == "according to" or sent_start + att.verb_start > t_abs:
            continue
        if not att.source:   # "... but said ...": the earlier subject
            earlier = [a for a in atts[:k] if a.source and a.verb != "according to"]
            if not earlier:
                continue
            att = earlier[-1]
        inside = [m for m in actors if m.start < sent_start + att.end and m.end > sent_start + att.start]
        if inside:
            return inside[0]
    return None
