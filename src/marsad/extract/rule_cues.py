"""Cue words: which pattern rules can fire on a text, read off the rules' regexes.

A rule's regex often needs a whole word ("suicide bomb\\w*" needs the word "suicide";
"grenades?" needs "grenade" or "grenades"). Reading those words off the parsed regex lets
the classifier skip the regex search for rules none of whose words occur. Only words the
regex cannot match without are taken, so the skip never changes a result; a pattern with
no such word is always searched.
"""

from __future__ import annotations

import re
from typing import overload
from collections.abc import Sequence

# the regex parser (Python >= 3.11); typeshed leaves these private modules out
from re import _constants as _sre_c  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]

WORDS = re.compile(r"\w+")  # the tokens cue words are matched against

_MAX_STRINGS = 256
_AT_BOUNDARY = _sre_c.AT_BOUNDARY


def _fixed(item) -> set[str] | None:
    """The strings a parsed regex item matches when they are few and fixed, else None."""
    op, av = item
    if op is _sre_c.LITERAL:
        return {chr(av)}
    if op is _sre_c.IN:
        if all(o is _sre_c.LITERAL for o, _ in av):
            return {chr(c) for _, c in av}
        return None
    if op is _sre_c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _fixed_seq(list(sub))
    if op is _sre_c.BRANCH:
        out: set[str] = set()
        for seq in av[1]:
            strings = _fixed_seq(list(seq))
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= _MAX_STRINGS else None
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[1] in (0, 1) and av[0] in (0, 1) \
            and av[1] >= av[0]:
        lo, hi, sub = av
        if hi == 0:
            return {""}
        strings = _fixed_seq(list(sub))
        if strings is None:
            return None
        return strings | {""} if lo == 0 else strings
    return None


def _fixed_seq(items: list) -> set[str] | None:
    out = {""}
    for item in items:
        strings = _fixed(item)
        if strings is None or len(out) * len(strings) > _MAX_STRINGS:
            return None
        out = {a + b for a in out for b in strings}
    return out


def _string_cue(s: str, left: bool, right: bool) -> str | None:
    """What every text matching ``s`` holds: its longest whole word (a \\w run not cut by
    an end of ``s`` unless that end is a word boundary in the regex: ``left``/``right``),
    else its longest \\w run as a substring (marked by a leading space), else None."""
    best = part = None
    for m in WORDS.finditer(s):
        w = m.group()
        if (m.start() > 0 or left) and (m.end() < len(s) or right):
            if best is None or len(w) > len(best):
                best = w
        elif len(w) >= 3 and (part is None or len(w) > len(part)):
            part = w
    return best if best is not None else (" " + part if part else None)


def _non_words(item) -> bool:
    """Whether the item matches one or more non-word characters only (\\W+)."""
    op, av = item
    if op is _sre_c.IN:
        return av == [(_sre_c.CATEGORY, _sre_c.CATEGORY_NOT_WORD)]
    if op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1 and len(av[2]) == 1:
        return _non_words(av[2][0])
    return False


def _seq_cue(items: list, left: bool, right: bool) -> frozenset[str] | None:
    """Cues (whole words, or substrings marked by a leading space) one of which every
    match of the item sequence holds, or None."""
    found: list[frozenset[str]] = []
    n = len(items)

    def edge(item) -> bool:  # does the item put a word boundary next to its neighbour?
        return (item[0] is _sre_c.AT and item[1] is _AT_BOUNDARY) or _non_words(item)

    def bounded(i: int) -> bool:  # is the position before item i a word boundary?
        return left if i == 0 else edge(items[i - 1])

    def bounded_right(j: int) -> bool:  # is the position before item j a word boundary?
        return right if j >= n else edge(items[j])

    i = 0
    while i < n:
        strings = _fixed(items[i])
        if strings is None:
            op, av = items[i]
            sub = None
            if op is _sre_c.SUBPATTERN and not (av[1] or av[2]):
                sub = [list(av[3])]
            elif op is _sre_c.BRANCH:
                sub = [list(seq) for seq in av[1]]
            if sub is not None:
                if op is _sre_c.SUBPATTERN and len(sub[0]) == 1 and sub[0][0][0] is _sre_c.BRANCH:
                    sub = [list(seq) for seq in sub[0][0][1][1]]
                cues = [_seq_cue(seq, bounded(i), bounded_right(i + 1)) for seq in sub]
                known = [c for c in cues if c is not None]
                if len(known) == len(cues):
                    found.append(frozenset[str]().union(*known))
            elif op in (_sre_c.MAX_REPEAT, _sre_c.MIN_REPEAT) and av[0] >= 1:
                cue = _seq_cue(list(av[2]), False, False)
                if cue is not None:
                    found.append(cue)
            i += 1
            continue
        j, run = i + 1, strings  # a run of fixed items: the strings it can match
        while j < n:
            nxt = _fixed(items[j])
            if nxt is None or len(run) * len(nxt) > _MAX_STRINGS:
                break
            run = {a + b for a in run for b in nxt}
            j += 1
        words = {_string_cue(s, bounded(i), bounded_right(j)) for s in run}
        if None not in words:
            found.append(frozenset(w for w in words if w is not None))
        i = j
    if not found:
        return None
    # fewest cues, whole words before substrings, longest
    return min(found, key=lambda ws: (len(ws), sum(w[0] == " " for w in ws),
                                      -min(map(len, ws)), sorted(ws)))


def _pattern_cue(pattern: re.Pattern) -> frozenset[str] | None:
    if pattern.flags & (re.IGNORECASE | re.VERBOSE) or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    return _seq_cue(list(parsed), False, False)


Cue = tuple[frozenset[str], tuple[str, ...]]  # (whole words, substrings): one must occur


@overload
def _split_cue(cues: frozenset[str]) -> Cue: ...
@overload
def _split_cue(cues: None) -> None: ...
def _split_cue(cues: frozenset[str] | None) -> Cue | None:
    if cues is None:
        return None
    return (frozenset(c for c in cues if c[0] != " "),
            tuple(sorted(c[1:] for c in cues if c[0] == " ")))


def has_cue(cue: Cue, words: set[str], text: str) -> bool:
    return not cue[0].isdisjoint(words) or any(sub in text for sub in cue[1])


def rule_cues(any_pattern: re.Pattern, all_patterns: Sequence[re.Pattern] = ()
              ) -> tuple[Cue | None, tuple[Cue, ...]]:
    """(the cues one of which ``any_pattern`` needs, the same for each of ``all_patterns``)."""
    all_cues = tuple(_split_cue(c) for c in map(_pattern_cue, all_patterns) if c is not None)
    return _split_cue(_pattern_cue(any_pattern)), all_cues


def cue_index(cues: Sequence[tuple[Cue | None, tuple[Cue, ...]]]):
    """(word -> rule indices, [(substring, rule indices)], rules with no cue)."""
    by_word: dict[str, list[int]] = {}
    by_sub: dict[str, list[int]] = {}
    always = []
    for k, (any_cue, _) in enumerate(cues):
        if any_cue is None:
            always.append(k)
            continue
        for w in any_cue[0]:
            by_word.setdefault(w, []).append(k)
        for sub in any_cue[1]:
            by_sub.setdefault(sub, []).append(k)
    return ({w: tuple(ks) for w, ks in by_word.items()},
            tuple((sub, tuple(ks)) for sub, ks in sorted(by_sub.items())), tuple(always))

