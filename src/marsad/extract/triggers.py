"""Event trigger words: where in a clause the event verb/noun is, and what kind it is.

The classifier decides *whether* a clause is an event and of which sub-type; the coder
still needs the trigger's position (roles are read relative to it, modality cues scope
over it) and a few codebook distinctions the text states outright (who took territory).
``RuleClassifier`` turns the same lexicon into a tiny stand-in classifier, used when the
trained classifier is not available or for tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang import LanguageDataError, json_data
from ..model import SUB_EVENT_TO_TYPE
from . import memo

#: kind -> default sub-event type (territory is corrected by the taker's side)
KIND_SUBTYPE = {
    "territory": "Non-state actor overtakes territory",
    "clash": "Armed clash",
    "air": "Air/drone strike",
    "shelling": "Shelling/artillery/missile attack",
    "remote": "Remote explosive/landmine/IED",
    "suicide": "Suicide bomb",
    "chemical": "Chemical weapon",
    "grenade": "Grenade",
    "civilians": "Attack",
    "abduction": "Abduction/forced disappearance",
    "sexual": "Sexual violence",
    "protest": "Peaceful protest",
    "riot": "Violent demonstration",
    "agreement": "Agreement",
    "arrest": "Arrests",
    "group": "Change to group/activity",
    "disrupted": "Disrupted weapons use",
    "looting": "Looting/property destruction",
    "base": "Headquarters or base established",
    "transfer": "Non-violent transfer of territory",
}

#: ``{{name}}`` in a trigger pattern: the named fragment (regex quantifiers use single braces)
_FRAGMENT = re.compile(r"\{\{(\w+)\}\}")


def load_lexicon(lang: str = "en") -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]]:
    """The trigger lexicon of ``lang/<lang>/triggers.json`` (its ``_about`` says the format):
    ``(kind, regex)`` pairs in the file's order (earlier kinds win at the same start), and
    the word stems per kind. Any fault in the file is a LanguageDataError naming it."""
    source = f"lang/{lang}/triggers.json"
    doc = json_data(lang, "triggers")
    try:
        fragments = doc["fragments"]
        entries = doc["triggers"]
        if not isinstance(fragments, dict) or not isinstance(entries, list) or not entries:
            raise TypeError("'fragments' must be an object, 'triggers' a non-empty list")

        def fragment(m: re.Match[str]) -> str:
            if m.group(1) not in fragments:
                raise KeyError(f"no fragment {m.group(1)!r}")
            return str(fragments[m.group(1)])

        triggers: list[tuple[str, str]] = []
        stems: dict[str, tuple[str, ...]] = {}
        for entry in entries:
            kind, pattern, kind_stems = entry["kind"], entry["pattern"], entry["stems"]
            if kind not in KIND_SUBTYPE or kind in stems:
                raise ValueError(f"unknown or repeated kind {kind!r}")
            if not isinstance(pattern, list) or not pattern or not all(isinstance(p, str) for p in pattern):
                raise TypeError(f"{kind}: 'pattern' must be a non-empty list of strings")
            if not isinstance(kind_stems, list) or not all(
                    isinstance(x, str) and x.isalpha() and x.islower() and len(x) <= 4 for x in kind_stems):
                raise TypeError(f"{kind}: 'stems' must be lower-case words of 1-4 letters")
            regex = _FRAGMENT.sub(fragment, "|".join(pattern))
            re.compile(regex)
            triggers.append((kind, regex))
            stems[kind] = tuple(kind_stems)
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise LanguageDataError(f"{source}: {exc}") from None
    return tuple(triggers), stems


#: (kind, regex) pairs in match order, and the word stems (3-4 letters, lower case) each
#: kind's alternatives can start with: a word start is only tried against the kinds its stem
#: names, which keeps this ~20x faster than one big alternation scanned at every character
_TRIGGERS, _STEMS = load_lexicon("en")
_KIND_ORDER = [kind for kind, _ in _TRIGGERS]
# every match must end at a word boundary ("mob" is not "mobilized", "mortar" not "mortality")
_KIND_RE = {kind: re.compile(rf"(?:{pat})\b", re.IGNORECASE) for kind, pat in _TRIGGERS}
_STEM_KINDS: dict[str, tuple[str, ...]] = {}
for _kind in _KIND_ORDER:
    for _stem in _STEMS[_kind]:
        _STEM_KINDS[_stem] = _STEM_KINDS.get(_stem, ()) + (_kind,)
del _kind, _stem


def _prefix_index() -> dict[str, tuple[str, ...]]:
    """Word prefix (first 1-4 letters) -> kinds, so each word costs one dict lookup."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    index: dict[str, set[str]] = {}
    for stem, kinds in _STEM_KINDS.items():
        keys = [stem]
        while len(keys[-1]) < 4:
            keys = keys + [k + c for k in keys if len(k) == len(keys[-1]) for c in letters]
        for key in keys:
            index.setdefault(key, set()).update(kinds)
    return {k: tuple(kind for kind in _KIND_ORDER if kind in v) for k, v in index.items()}


_PREFIX_KINDS = _prefix_index()
_WORD_PREFIX = re.compile(r"\b([a-z]{1,4})[a-z]*")


@dataclass(frozen=True)
class Trigger:
    kind: str
    start: int          # offsets relative to the text searched
    end: int
    text: str

    @property
    def sub_event_type(self) -> str:
        return KIND_SUBTYPE[self.kind]


def find_triggers(text: str) -> list[Trigger]:
    """Trigger words in text order (non-overlapping; at one position the earlier kind wins)."""
    low = text.lower()
    if len(low) != len(text):          # rare non-ASCII case changes: keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found: list[Trigger] = []
    pos_end = 0
    index = _PREFIX_KINDS
    for w in _WORD_PREFIX.finditer(low):
        kinds = index.get(w.group(1))
        if kinds is None:
            continue
        start = w.start()
        if start < pos_end:
            continue
        for kind in kinds:
            m = _KIND_RE[kind].match(text, start)
            if m is not None and m.end() > start:
                found.append(Trigger(kind, start, m.end(), m.group(0)))
                pos_end = m.end()
                break
    return found


#: name of the per-article memo of find_triggers (see extract.memo)
_MEMO = "_trigger_memo"


def sentence_triggers(article, index: int) -> list[Trigger]:
    """``find_triggers`` of sentence ``index`` (offsets relative to it), found once per article
    for the coder and the claim tagger; keyed by the sentence's text."""
    sent = article.sentences[index]
    return memo.memoized(article, _MEMO, article.text[sent.start:sent.end], find_triggers)


def drop_trigger_memo(article) -> None:
    memo.drop(article, _MEMO)


#: sub-event type -> trigger kinds that can evidence it
SUBTYPE_KINDS: dict[str, tuple[str, ...]] = {
    "Government regains territory": ("territory",),
    "Non-state actor overtakes territory": ("territory",),
    "Non-violent transfer of territory": ("transfer",),
    "Armed clash": ("clash", "territory"),
    "Air/drone strike": ("air",),
    "Shelling/artillery/missile attack": ("shelling",),
    "Remote explosive/landmine/IED": ("remote",),
    "Suicide bomb": ("suicide", "remote"),
    "Chemical weapon": ("chemical",),
    "Grenade": ("grenade",),
    "Attack": ("civilians", "clash"),
    "Abduction/forced disappearance": ("abduction", "arrest"),
    "Sexual violence": ("sexual",),
    "Peaceful protest": ("protest",),
    "Protest with intervention": ("protest",),
    "Excessive force against protesters": ("protest",),
    "Violent demonstration": ("riot", "protest"),
    "Mob violence": ("riot",),
    "Agreement": ("agreement",),
    "Arrests": ("arrest",),
    "Change to group/activity": ("group", "transfer"),   # a withdrawal with no taker is a troop movement
    "Disrupted weapons use": ("disrupted",),
    "Headquarters or base established": ("base",),
    "Looting/property destruction": ("looting",),
    "Other": (),
}


def best_trigger(triggers: list[Trigger], sub_event_type: str | None) -> Trigger | None:
    """The first trigger that evidences the sub-type; else the first trigger of any kind."""
    if not triggers:
        return None
    kinds = SUBTYPE_KINDS.get(sub_event_type or "", ())
    for kind in kinds:
        for trig in triggers:
            if trig.kind == kind:
                return trig
    return triggers[0]


@dataclass(frozen=True)
class RulePrediction:
    sub_event_type: str | None
    event_type: str | None
    score: float
    ranking: list = field(default_factory=list)


class RuleClassifier:
    """A lexicon-only stand-in for ``marsad.extract.classify`` (same ``predict`` API)."""

    #: lower wins when several kinds fire in one text
    _PRIORITY = ("suicide", "chemical", "remote", "air", "shelling", "territory", "abduction",
                 "sexual", "civilians", "riot", "protest", "arrest", "agreement", "disrupted",
                 "looting", "base", "transfer", "group", "clash")

    def predict(self, text: str) -> RulePrediction:
        kinds = {t.kind for t in find_triggers(text)}
        for kind in self._PRIORITY:
            if kind in kinds:
                sub = KIND_SUBTYPE[kind]
                return RulePrediction(sub, SUB_EVENT_TO_TYPE[sub], 0.5, [(sub, 0.5)])
        return RulePrediction(None, None, 0.5, [(None, 0.5)])

    def predict_many(self, texts) -> list[RulePrediction]:
        return [self.predict(t) for t in texts]
