"""Person names with roles, found only where a title or role vouches for them.

Patterns: "SNHR director Yusuf Darwish", "Syrian President Bashar al-Assad" (title before),
"Samir al-Hamdan, a press officer with Faylaq al-Sham" (role after),
"the UN's humanitarian adviser for Syria, Ingrid Solberg, said" (role, comma, name),
"Al Jazeera's Karim Haddad, reporting from" (outlet's reporter). A bare capitalized pair
without such a cue is not taken: it is too often a place or a group.
"""

from __future__ import annotations

import re

from ..lang import CueData

#: the title, role and name words, per language: ``lang/<lang>/persons.json`` (the name
#: grammar stays here)
_CUES = CueData("en", "persons")
_W = _CUES.alternatives

_TOK = r"[A-Z][a-z]+(?:['’](?!s\b)[a-z]+)?(?:-[A-Z][a-z]+)?"
_PARTICLE = r"(?:(?:" + _W("particles") + r")[-\s])"
NAME = rf"(?:{_CUES.word('name_lead')}\s+)?{_TOK}(?:\s+{_PARTICLE}?{_TOK}){{1,3}}"
_NOT_NAME = re.compile(r"\b(?:" + _W("not_name") + r")\b")

ROLE_NOUN = "(?:" + _W("role_nouns") + ")"
_TITLE_WORD = re.compile("^(?:" + _W("titles") + ")$")
_LOWER_TITLE = "(?:" + _W("lower_titles") + ")"
_STOP = "(?!(?:" + _W("not_qualifiers") + r")\b)"
_TOKEN = "(?:(?:" + _W("abbreviated_titles") + r")\.|" + _TOK + ")"
# a run of capitalized tokens (names, titles, qualifiers): the candidates
_RUN = re.compile(rf"(?<![\w’'-]){_TOKEN}(?:\s+{_PARTICLE}?{_TOKEN})+")
_NAME_RX = re.compile(NAME + r"$")
# left of a name: "SOHR head", "a Jaysh al-Fatah commander"
_LEFT_LOWER_TITLE = re.compile(
    rf"((?:{_STOP}[A-Z][\w'’-]*\s+){{0,3}}(?:[a-z][\w-]*\s+)?{_LOWER_TITLE})\s+$")
_LEFT_QUALIFIERS = re.compile(rf"(?:{_STOP}[A-Z][\w'’-]*\s+){{0,3}}$")
_LEFT_POSSESSIVE = re.compile(rf"((?:{_STOP}[A-Z][\w-]*\s+){{0,2}}[A-Z][\w-]*)['’]s\s+$")
_LEFT_ROLE_COMMA = re.compile(
    rf"(?<![\w'’])((?:[a-z][\w-]*\s+){{0,3}}{ROLE_NOUN}(?:\s+(?:{_W('role_comma_prepositions')})\s+[A-Z][\w-]+)?),\s+$")
_RIGHT_ROLE = re.compile(
    rf",\s+(?:(?:{_W('articles')})\s+)?((?:[a-z][\w-]*\s+){{0,4}}{ROLE_NOUN}"
    rf"(?:\s+(?:{_W('role_prepositions')})\s+(?:{_CUES.word('the')}\s+)?[A-Z][\w'’-]*"
    rf"(?:\s+(?:{_W('name_links')})?[A-Z][\w'’-]*){{0,4}})?)")
_RIGHT_SPEECH = re.compile(r",|\s+(?:" + _W("speech_verbs") + r")\b")


_SAID = re.compile(r"\s+(?:" + _W("said_verbs") + r")\b")
#: the role texts written for an outlet's reporter ("reporter for Al Jazeera") and a nom de guerre
_REPORTER_ROLE = _CUES.word("reporter_role")
_NICKNAME_ROLE = _CUES.word("nickname_role")


def _clean_name(name: str) -> bool:
    return bool(_NAME_RX.match(name)) and not _NOT_NAME.search(name)


def _person_in_run(text: str, start: int, end: int) -> tuple[int, int, str | None] | None:
    """Find the titled/role-cued name in a capitalized run ``text[start:end]``."""
    run = text[start:end]
    tokens = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", run)]
    for i, (_ts, te) in enumerate(tokens[:-2]):
        # an outlet's reporter: "Al Jazeera's Karim Haddad, reporting from ..."
        if text[te - 2:te] in ("'s", "’s") and _RIGHT_SPEECH.match(text, end):
            name_start = tokens[i + 1][0]
            if _clean_name(text[name_start:end]) and not _NOT_NAME.search(text[start:te]):
                return name_start, end, _REPORTER_ROLE + text[start:te - 2]
    # a title word inside the run: "Syrian President Bashar al-Assad"
    for i, (ts, te) in enumerate(tokens[:-1]):
        if _TITLE_WORD.match(text[ts:te]):
            if i + 2 < len(tokens) and _TITLE_WORD.match(text[tokens[i + 1][0]:tokens[i + 1][1]]):
                continue  # "Major General Igor Konashenkov": the name follows the last title
            name_start = tokens[i + 1][0]
            name = text[name_start:end]
            if _clean_name(name):
                left = _LEFT_QUALIFIERS.search(text, max(0, start - 60), start)
                role_start = left.start() if left else start
                return name_start, end, " ".join(text[role_start:te].split())
    name = run
    if not _clean_name(name):
        return None
    window = max(0, start - 80)
    left = _LEFT_LOWER_TITLE.search(text, window, start)
    if left:
        return start, end, " ".join(left.group(1).split())
    right = _RIGHT_ROLE.match(text, end)
    if right:
        return start, end, " ".join(right.group(1).split())
    if _SAID.match(text, end) and len(tokens) <= 3:
        return start, end, None  # "Ahmed al-Hamwi said"
    if _RIGHT_SPEECH.match(text, end):
        left = _LEFT_ROLE_COMMA.search(text, window, start)
        if left:
            return start, end, " ".join(left.group(1).split())
        left = _LEFT_POSSESSIVE.search(text, max(0, start - 40), start)
        if left and not _NOT_NAME.search(left.group(1)):
            return start, end, _REPORTER_ROLE + left.group(1)
    return None


_NICKNAME = re.compile(r"\b(?:" + _W("nickname_cues") + rf")\s+[\"“]({NAME})[\"”]")


def find_persons(text: str) -> list[tuple[int, int, str | None]]:
    """``(start, end, role)`` for each person name in ``text`` with a title or role cue."""
    out = []
    for m in _RUN.finditer(text):
        hit = _person_in_run(text, m.start(), m.end())
        if hit:
            out.append(hit)
    for m in _NICKNAME.finditer(text):  # a quoted nom de guerre: "Abu Islam al-Baghdadi"
        if not any(s < m.end(1) and m.start(1) < e for s, e, _ in out):
            out.append((m.start(1), m.end(1), _NICKNAME_ROLE))
    return sorted(out)
