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

_SEIZABLE = (r"(?:weapons|arms|firearms|rifles|pistols|guns|ammunitions?|rounds|explosives?|launchers?|"
             r"bombs|grenades|munitions|drugs|narcotics|cash|contraband|vehicles?|cars|trucks|tanks?|"
             r"documents|passports)\b")
#: what a weapons seizure takes: "a cache of rifles and ammunition was found" is disrupted
#: weapons use (drugs or cash found are not)
_WEAPONS_FOUND = (r"(?:weapons|arms|firearms|rifles|pistols|guns|ammunitions?|explosives?|"
                  r"launchers?|bombs|grenades|munitions)\b(?:\s+\S+){0,8}?\s+(?:were|was|have been|"
                  r"has been|had been|are|is) (?:\w+ )?(?:seized|confiscated|recovered|impounded|"
                  r"found|discovered|uncovered|defused)\b")

# Order matters only for overlapping matches: earlier kinds win at the same start.
_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("suicide", r"suicide[- ](?:car[- ])?(?:bomb\w*|attack\w*|vest\w*)|blew (?:himself|herself|themselves) up"),
    ("chemical", r"chemical (?:weapon|attack|agent|munition)s?|chlorine|sarin|toxic gas|poison gas|"
                 r"poisonous gas(?:es)?|nerve (?:agent|gas)s?|mustard gas|sulfur mustard|tabun"),
    ("remote", r"car[- ]bomb\w*|vbied\w*|\bieds?\b|improvised explosive|roadside bomb\w*|landmines?|"
               r"explosive device\w*|booby[- ]trap\w*|bomb(?:ing)? exploded|explosions?|blasts?|bombings?|"
               r"bomb attacks?|detonat(?:ed|ion|ing)|explosive-laden"),
    ("grenade", r"(?<!propelled )grenades?"),
    ("air", r"air[- ]?strikes?|air[- ]?raids?|war ?planes?|(?:jets|planes|aircraft|helicopters?|drones?)\b[^.;]{0,30}?\b(?:bomb|strik|struck|pound|target|hit|raid|"
            r"fired|launched)\w*|"
            r"barrel[- ]bomb\w*|drone strikes?|(?:russian|coalition|syrian|israeli|turkish|us) (?:air )?strikes?|"
            r"bombard\w* from the air|aerial \w+"),
    ("shelling", r"shell(?:ing|ed|s)\b|artillery(?! (?:base|battalion|college|academy|regiment|school|brigade))|"
                 r"mortars?|rocket-propelled grenades?|rpgs?|rockets?|missiles?|preparatory fire|"
                 r"bombard\w*|tank fire|sniper fire"),
    ("territory", r"captur(?:e|es|ed|ing)(?!(?:\s+\S+){0,4}?\s+%s)|seiz(?:e|es|ed|ing)(?! (?:the|this|an?) (?:moment|opportunity|chance|initiative))"
                  r"(?!(?:\s+\S+){0,5}?\s+%s)|" % (_SEIZABLE, _SEIZABLE) +
                  r"(?:took|taken|take|takes|taking) (?:\w+ ){0,2}(?:positions?|checkpoints?|villages?|towns?|areas?|"
                  r"parts|part(?! in\b)|neighbou?rhoods?|districts?|hills?|bases?|entrances?)\b|(?:took|taken|take|takes|taking|seized|gained|"
                  r"gaining|asserting|assert(?:ed)?|wrested|regained|retook|retaken|retake|declared) "
                  r"(?:full |complete |total )?control|recaptur\w*|regain\w*|retak(?:e|es|en|ing)|retook|"
                  r"liberat(?:e|es|ed|ing|ion)|overr(?:an|un|unning)|(?<!the )(?<!-)occupied|advanc(?:ed|ing) (?:into|on)|"
                  r"broken? (?:through|the siege)|break(?:ing)? (?:through|the siege)|"
                  r"took over|taken over|(?:drove|driven|driving|pushed) (?:\w+ ){0,3}?out of|expell(?:ed|ing)|ousted"),
    ("abduction", r"abduct\w*|kidnapp?\w*|forcibly disappeared|taken hostage|captivated"),
    ("sexual", r"rap(?:e|ed|ing)\b|sexual(?:ly)? (?:assault|violence|abuse)\w*"),
    ("civilians", r"executed|executions?|massacr\w*|beheaded|shot dead|killed civilians|"
                  r"opened fire on (?:civilians|residents)"),
    ("riot", r"riot\w*|mobs?|torched"),
    ("protest", r"protest(?!ers?\b)\w*|demonstrat(?:ions?|ed)|(?:took|take|taking|takes) to the streets|"
                r"rall(?:y|ies|ied)|sit-in|marched|gathered"),
    ("arrest", r"arrest\w*|detain\w*|rounded up"),
    ("agreement", r"ceasefires?|cease-fires?|truces?|agreements?|(?:reached|signed) (?:a|an) (?:deal|accord)|"
                  r"evacuation deal|reconciliation deal"),
    ("disrupted", r"defus\w*|dismantl\w*|intercept\w*|shot down|foiled|"
                  r"seiz\w*(?:\s+\S+){0,5}?\s+%s|%s" % (_SEIZABLE, _WEAPONS_FOUND)),
    ("looting", r"loot\w*|looted|burn(?:ed|t) (?:down )?(?:houses|homes|shops)|demolish\w*|razed"),
    ("base", r"(?:established|set up|setting up|sets up) (?:a |an |its |two |three |several )?(?:new )?"
             r"(?:military )?(?:bases?|headquarters|positions?|posts?|outposts?)"),
    ("transfer", r"hand(?:ed|s|ing)? (?:\w+ ){0,3}?over|handover|withdr(?:ew|awn|aws|awing|awal|aw) "
                 r"(?:from|its|their|all)|pull(?:ed|s|ing)? out (?:of|from)|vacat(?:ed|ing)|evacuated from|"
                 r"without (?:a |any )?(?:fight\w*|resistance|clashes|a shot)|unopposed|"
                 r"(?:met|meeting|faced|facing|encounter(?:ed|ing)?) (?:no|little) (?:resistance|opposition)|"
                 r"(?:did not|didn't|without) (?:meet|meeting|encounter\w*|fac\w+) (?:any |much )?"
                 r"(?:resistance|opposition)|"
                 r"abandon(?:ed|ing)? (?:their |its |the )?(?:positions?|bases?|posts?|town|city|village)|"
                 r"after (?:\w+ ){1,4}?(?:left|departed|withdrew|pulled out|moved out)"),
    ("group", r"announc\w*[^.;]{0,40}?\b(?:start|launch|formation|merger|new stage|new phase|second phase|"
              r"dissolution|joining)\w*|(?:launch\w*|began|start\w*) (?:a |an |the )?(?:new |major |large-scale )?"
              r"(?:military )?(?:battle|offensive|operation|campaign)s?|formed|merged|defect\w*|"
              r"pledged allegiance"),
    ("clash", r"clash\w*|fighting|fought|battles?\b|battling|firefights?|attack\w*|offensive|assault\w*|"
              r"ambush\w*|pushed back|repel\w*|repuls\w*|skirmish\w*|counter-?attack\w*|"
              r"killed|wounded|stormed"),
)

#: the word stems each kind's alternatives can start with (3-4 letters, lower case); a word
#: start is only tried against the kinds its stem names, which keeps this ~20x faster than
#: one big alternation scanned at every character
_STEMS: dict[str, tuple[str, ...]] = {
    "suicide": ("suic", "blew"),
    "chemical": ("chem", "chlo", "sari", "toxi", "pois", "nerv", "must", "sulf", "tabu"),
    "remote": ("car", "vbie", "ied", "ieds", "impr", "road", "land", "expl", "boob", "bomb", "blas", "deto"),
    "grenade": ("gren",),
    "air": ("air", "airs", "airc", "war", "warp", "jets", "plan", "heli", "barr", "dron", "russ",
            "coal", "syri", "isra", "turk", "us", "bomb", "aeri"),
    "shelling": ("shel", "arti", "mort", "rock", "rpg", "rpgs", "miss", "prep", "bomb", "tank", "snip"),
    "territory": ("capt", "seiz", "took", "take", "taki", "gain", "asse", "wres", "rega", "reto",
                  "decl", "reca", "reta", "libe", "over", "occu", "adva", "ente", "brok", "brea",
                  "drov", "driv", "push", "expe", "oust"),
    "abduction": ("abdu", "kidn", "forc", "take", "capt"),
    "sexual": ("rap", "rape", "rapi", "sexu"),
    "civilians": ("exec", "mass", "behe", "shot", "kill", "open"),
    "riot": ("riot", "mob", "torc"),
    "protest": ("prot", "demo", "took", "take", "taki", "rall", "sit", "marc", "gath"),
    "arrest": ("arre", "deta", "roun"),
    "agreement": ("ceas", "truc", "agre", "reac", "sign", "evac", "reco"),
    "disrupted": ("defu", "dism", "inte", "shot", "foil", "seiz", "weap", "arms", "fire", "rifl",
                  "pist", "guns", "ammu", "expl", "laun", "bomb", "gren", "muni"),
    "looting": ("loot", "burn", "demo", "raze"),
    "base": ("esta", "set", "sett", "sets"),
    "transfer": ("hand", "with", "evac", "pull", "vaca", "unop", "aban", "afte", "met", "meet",
                 "face", "faci", "enco", "did"),
    "group": ("anno", "laun", "bega", "star", "form", "merg", "defe", "pled"),
    "clash": ("clas", "figh", "foug", "batt", "fire", "atta", "offe", "assa", "ambu", "push",
              "repe", "repu", "skir", "coun", "kill", "woun", "stor"),
}
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
