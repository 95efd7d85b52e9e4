"""Stage ``entities``: actor, person and weapon mentions.

Actors come from three passes, in this order of precedence:

1. pack aliases (one trie regex, longest match; acronyms such as SAA/IS/SDF case-sensitive);
2. *new* named groups that follow Syrian naming patterns ("Jeish al-X", "Liwa X",
   "X Brigade", "X Operations Room", ...) and are not in the pack: ``norm="new:<slug>"``;
3. generic agents from the pack's ``generic`` patterns ("rebels", "the regime", "civilians");
   an entry with ``"named": true`` is a name used as an agent ("Israel struck", "Ankara
   denied"): its mention is not generic and, like other names, hides a place under it;
   ``"case": "sensitive"`` keeps the pattern's case, ``"ambiguous": true`` is explained below.
   A generic word right after a named actor is folded into it ("ISIS militants");
   "militants of X" takes X; ambiguous words ("militants", "terrorists") otherwise take the
   most recent named armed actor of a non-state side in the last sentences when that is
   ISIS, else the pattern's default.

Place mentions (from ``geo.places``) that lie inside a named actor span are removed:
"Ahrar al-Sham" is a group, not a place called Sham.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from rapidfuzz import fuzz, process

from ..lang import CueData, word_table
from ..model import Actor, ActorInfo, Article, Mention, PersonInfo, WeaponInfo
from ..theaters import PackError, TheaterPack
from .lexicon import PhraseMatcher, SpanSet, non_overlapping, norm_key, replace_mentions
from .persons import find_persons
from .prefilter import PrefilteredPattern
from .sentences import sentence_at, sentence_starts

FUZZY_CUTOFF = 90

# --- new named groups -------------------------------------------------------------------
#: the entity words, per language: ``lang/<lang>/entities.json`` (the name grammar stays here)
_CUES = CueData("en", "entities")
_W = _CUES.alternatives
_NAME_TOK = r"(?:(?:" + _W("name_particles") + r")[- \t‐])?[A-Z][\w'’]+(?:-[A-Z][\w'’]+)?"
_NAME = (_NAME_TOK + r"(?:[ \t]+(?:" + _CUES.word("name_of") + "|(?:" + _W("name_joiners") + r")[- \t])?"
         + _NAME_TOK + r"){0,3}")
_GROUP_PREFIX = _W("group_prefixes")
_GROUP_SUFFIX = _W("group_suffixes")
_NEW_GROUP = re.compile(
    r"(?<![\w-])(?:(?:" + _GROUP_PREFIX + r")[ \t]+" + _NAME + r"|(?P<suffixed>" + _NAME + r"[ \t]+(?:"
    + _GROUP_SUFFIX + r")))(?![\w])")
_LEAD_STOP = re.compile(r"^(?:" + _W("lead_stop") + r")\s+")
_SLUG_SUBS = tuple((_CUES.compile(rx, what="slug_spellings"), sub)
                   for rx, sub in _CUES.meanings("slug_spellings").items())
_MILITIA_CUE = re.compile(_W("militia_cues"), re.I)


def new_group_slug(name: str) -> str:
    key = norm_key(name)
    for rx, sub in _SLUG_SUBS:
        key = rx.sub(sub, key)
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")


# --- weapons ------------------------------------------------------------------------------
#: wording (a regex alternation) -> weapon class, in match order
WEAPONS: dict[str, str] = {rx: label for label, rx in _CUES.grouped_alternatives("weapons").items()}


def _weapon_regex() -> re.Pattern:
    parts = [f"(?P<w{i}>{rx})" for i, rx in enumerate(WEAPONS)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)


#: weapon classes only a state's forces field in this war (aircraft, guns, missiles)
_STATE_WEAPON_CLASSES = tuple(_CUES.words("state_weapon_classes"))
_FORCES_OF = "Military Forces of "    # ACLED's name of a state's forces


def _state_weapon_regex(pack: TheaterPack) -> tuple[re.Pattern, dict[str, str]] | None:
    """A demonym of a state whose forces the pack knows, then (a word of the state such as
    "government") one of that state's weapons; and demonym -> the forces' actor id."""
    forces_of: dict[str, str] = {}
    for actor in pack.actors:
        parent = next((a for a in pack.actors if a.id == actor.parent), None)
        if not actor.country or not actor.name.startswith(_FORCES_OF) or (
                parent is not None and actor.name.startswith(parent.name)):
            continue   # a branch ("... Air Force") goes under its force
        rest = actor.name[len(_FORCES_OF):]
        if rest.startswith(actor.country) or rest.startswith("the " + actor.country):
            forces_of.setdefault(actor.country, actor.id)
    demonyms = {d.lower(): c for d, c in word_table("en", "demonyms")}
    # the theater's own state also goes by its government ("government air raids")
    demonyms.update({d.lower(): pack.country for d in (*pack.demonyms, *_CUES.words("own_state_words"))})
    forces = {d: forces_of[c] for d, c in demonyms.items() if c in forces_of}
    weapons = [rx for rx, label in WEAPONS.items() if label in _STATE_WEAPON_CLASSES]
    if not forces or not weapons:
        return None
    names = "|".join(re.escape(d) for d in sorted(forces, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?P<demonym>" + names + r")\s+(?:(?:" + _W("state_weapon_joiners") + r")\s+)?(?:"
                      + "|".join(weapons) + r")(?![\w-])", re.IGNORECASE), forces


# --- the resolver ------------------------------------------------------------------------
#: a run of place names a plural place noun opens ("the districts of A, B and C"), up to
#: the point looked at, with no sentence or clause end between
_PLACE_LIST_BEFORE = re.compile(r"\b(?i:the)\s+(?i:" + _CUES.alternatives("place_list_heads")
                                + r")\s+(?i:of)\b[^.;:!?]*$")
_PLACE_LIST_REACH = 250

class ActorResolver:
    """Name -> pack Actor: alias or canonical name (normalized), then fuzzy match >= 90."""

    def __init__(self, pack: TheaterPack):
        self.pack = pack
        names: dict[str, str] = {}
        for actor in pack.actors:
            for name in (actor.name, _strip_parens(actor.name), actor.id, *actor.aliases):
                names.setdefault(name, actor.id)
        self.matcher = PhraseMatcher(names)
        self._keys = {norm_key(n): i for n, i in names.items() if norm_key(n)}
        self._generic = [(re.compile(g["pattern"], re.I), g["actor"]) for g in pack.generic]

    def resolve(self, name: str | None) -> Actor | None:
        name = re.sub(r"^(?i:the)\s+", "", (name or "").strip())
        if not name:
            return None
        actor_id = self.matcher.lookup(name.strip()) or self._keys.get(norm_key(_strip_parens(name)))
        if actor_id is None:
            for rx, gid in self._generic:
                if rx.fullmatch(name.strip()):
                    actor_id = gid
                    break
        if actor_id is None:
            best = process.extractOne(norm_key(name), list(self._keys), scorer=fuzz.ratio,
                                      score_cutoff=FUZZY_CUTOFF)
            if best is not None:
                actor_id = self._keys[best[0]]
        return self.pack.actor(actor_id) if actor_id else None


    def resolve_all(self, names: str | None) -> list[Actor]:
        """Every actor in a list such as UCDP's "Ahrar al-Sham, HTS, Southern Front" (comma,
        semicolon or " and " separated), in order, without repeats; unresolved parts are
        skipped. A name that resolves whole ("Army of Conquest") is not split."""
        whole = self.resolve(names)
        if whole is not None or not names:
            return [whole] if whole is not None else []
        out: list[Actor] = []
        for part in re.split(r"\s*[,;]\s*|\s+and\s+", names):
            actor = self.resolve(part)
            if actor is not None and actor not in out:
                out.append(actor)
        return out


def _strip_parens(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()


# --- the stage ---------------------------------------------------------------------------
class EntityTagger:
    name = "entities"
    # place mentions inside an actor's name are dropped when the places stage ran before
    # (drop_places_in_actors); without them there is nothing to drop, so they are optional
    requires = ("sentences",)
    assigns = ("mentions.actor", "mentions.person", "mentions.weapon")

    def __init__(self, pack: TheaterPack, *, new_groups: bool = True, persons: bool = True,
                 weapons: bool = True, drop_places_in_actors: bool = True):
        self.pack = pack
        self.actors = {a.id: a for a in pack.actors}
        phrases: dict[str, str] = {}
        for actor in pack.actors:
            for alias in (*actor.aliases, actor.name):
                phrases.setdefault(alias, actor.id)
        self.matcher = PhraseMatcher(phrases)
        #: governorate names: "Homs Army units killed ..." is a section heading run into a
        #: sentence about the army, not a group called "Homs Army"
        self._headings = frozenset(n.lower() for p in pack.places if p.level == "governorate"
                                   for n in (p.name, *pack.place_aliases.get(p.id, ())))
        # only multi-word names are safe fuzzy targets for group-like phrases
        self._fuzzy_keys = {norm_key(p): i for p, i in phrases.items() if len(p.split()) >= 2}
        self._fuzzy_list = list(self._fuzzy_keys)
        gparts, self._gmeta = [], []
        for i, g in enumerate(pack.generic):
            if g.get("actor") not in self.actors:
                raise PackError(f"actors.json: generic pattern {g.get('pattern')!r} names "
                                f"unknown actor {g.get('actor')!r}")
            try:
                re.compile(g["pattern"])
            except (re.error, KeyError, TypeError) as exc:
                raise PackError(f"actors.json: generic entry {g!r} has no valid 'pattern' "
                                f"regex ({exc})") from exc
            pattern = g["pattern"] if g.get("case") == "sensitive" else f"(?i:{g['pattern']})"
            gparts.append(f"(?P<g{i}>{pattern})")
            self._gmeta.append((g["actor"], bool(g.get("ambiguous")), bool(g.get("named"))))
        # a hundred-branch alternation each: tried only where a match can start
        self._generic = (PrefilteredPattern(re.compile(r"(?<![\w-])(?:" + "|".join(gparts)
                                                       + r")(?![\w-])"))
                         if gparts else None)
        self._state_weapon = _state_weapon_regex(pack)
        self._weapons = PrefilteredPattern(_weapon_regex()) if weapons else None
        self._weapon_classes = list(WEAPONS.values())
        self.new_groups, self.persons = new_groups, persons
        self.drop_places_in_actors = drop_places_in_actors

    def __call__(self, article: Article) -> Article:
        text = article.text
        starts = sentence_starts(article)
        mentions: list[Mention] = []
        named: list[tuple[int, int, str]] = list(self.matcher.finditer(text))
        if self.new_groups:
            named = self._add_new_groups(text, named)
        for start, end, actor_id in named:
            mentions.append(self._actor_mention(article, starts, start, end, actor_id,
                                                generic=False))
        mentions = self._add_generic(article, starts, mentions)
        mentions = self._add_state_weapons(article, starts, mentions)
        actor_spans = [(m.start, m.end) for m in mentions
                       if m.kind == "actor" and not m.actor_info.generic]
        taken = SpanSet(actor_spans)
        if self.persons:
            for start, end, role in find_persons(text):
                if taken.overlaps(start, end):
                    continue
                mentions.append(Mention("person", text[start:end], start, end,
                                        sentence_at(article, start, starts), None,
                                        PersonInfo(role=role or None)))
        if self._weapons is not None:
            for m in self._weapons.finditer(text):
                cls = self._weapon_classes[_alternative(m)]
                mentions.append(Mention("weapon", m.group(), m.start(), m.end(),
                                        sentence_at(article, m.start(), starts), cls,
                                        WeaponInfo()))
        if self.drop_places_in_actors and actor_spans:
            article.mentions = [m for m in article.mentions
                                if not (m.kind == "place" and taken.contains(m.start, m.end))]
        return replace_mentions(article, ("actor", "person", "weapon"), mentions)

    def _add_new_groups(self, text: str, named: list[tuple[int, int, str]]):
        spans = SpanSet((s, e) for s, e, _ in named)
        extra = []
        for m in _NEW_GROUP.finditer(text):
            if m.group("suffixed") and _in_title_case(text, m.start(), m.end()):
                continue  # "Rebels Attack Army" in a headline is not a group name
            start, phrase = m.start(), m.group()
            lead = _LEAD_STOP.match(phrase)
            while lead:
                start += lead.end()
                phrase = phrase[lead.end():]
                lead = _LEAD_STOP.match(phrase)
            end = start + len(phrase)
            words = phrase.split()
            if (len(words) >= 2 and " ".join(words[:-1]).lower() in self._headings
                    and _sentence_start(text, start)):
                continue  # "Homs Army units ...": a heading, then the army
            if not 2 <= len(phrase.split()) <= 5 or spans.overlaps(start, end):
                # "Jeish al-Fatah Operations Room": a known group plus a suffix stays known
                continue
            known = self._known_variant(phrase)
            if not known and _PLACE_LIST_BEFORE.search(text, max(0, start - _PLACE_LIST_REACH), start):
                continue  # "the districts of ... Ansar Bustan al-Basha ...": places, not a group
            extra.append((start, end, known or "new:" + new_group_slug(phrase)))
        return non_overlapping(named + extra)

    def _known_variant(self, phrase: str) -> str | None:
        """A pack actor spelled a little differently ("Jaish al-Fateh", "Ahrar al-Shams")."""
        for variant in (phrase, phrase[:-1] if phrase.endswith("s") else None):
            if variant and (hit := self.matcher.lookup(variant)):
                return hit
        best = process.extractOne(norm_key(phrase), self._fuzzy_list, scorer=fuzz.ratio,
                                  score_cutoff=FUZZY_CUTOFF)
        return self._fuzzy_keys[best[0]] if best else None

    def _actor_mention(self, article: Article, starts: list[int], start: int, end: int,
                       actor_id: str, *, generic: bool, ambiguous: bool = False) -> Mention:
        text = article.text
        sent = sentence_at(article, start, starts)
        if actor_id.startswith("new:"):
            # "the pro-regime Liwa X militia": cues right around the name only
            militia = bool(_MILITIA_CUE.search(text, max(0, start - 30), min(len(text), end + 12)))
            info = ActorInfo(side="pro-government" if militia else "unknown",
                             inter=3 if militia else 2, generic=False, new=True,
                             name=text[start:end])
        else:
            actor = self.actors[actor_id]
            generic = generic or _is_generic_wording(text[start:end])
            info = ActorInfo(side=actor.side, inter=actor.inter, generic=generic, new=False,
                             ambiguous=ambiguous)
        return Mention("actor", text[start:end], start, end, sent, actor_id, info)

    def _add_state_weapons(self, article: Article, starts: list[int],
                           mentions: list[Mention]) -> list[Mention]:
        """"Turkish airstrikes", "Syrian fighter jets", "US cruise missiles": a state's
        demonym on its weapon names that state's military forces as the weapon's user."""
        if self._state_weapon is None:
            return mentions
        regex, forces = self._state_weapon
        taken = SpanSet((m.start, m.end) for m in mentions if m.kind == "actor")
        extra = []
        for m in regex.finditer(article.text):
            actor_id = forces.get(m.group("demonym").lower())
            if actor_id and not taken.overlaps(m.start(), m.end()):
                extra.append(self._actor_mention(article, starts, m.start(), m.end(), actor_id,
                                                 generic=False))
        return sorted(mentions + extra, key=lambda x: x.start) if extra else mentions

    def _add_generic(self, article: Article, starts: list[int],
                     named: list[Mention]) -> list[Mention]:
        """Add generic agents around the named mentions (sorted, non-overlapping)."""
        if self._generic is None:
            return named
        text = article.text
        named = sorted(named, key=lambda m: m.start)
        named_starts = [m.start for m in named]
        generic: list[Mention] = []
        for m in self._generic.finditer(text):
            start, end = m.start(), m.end()
            i = bisect.bisect_right(named_starts, start) - 1   # last named starting <= start
            if (i >= 0 and named[i].end > start) or (
                    i + 1 < len(named) and named[i + 1].start < end):
                continue
            actor_id, ambiguous, is_name = self._gmeta[_alternative(m)]
            if ambiguous and i >= 0 and _GLUE.fullmatch(text, named[i].end, start):
                # "ISIS militants", "Hezbollah fighters": one mention of the named actor
                named[i] = replace(named[i], text=text[named[i].start:end], end=end)
                continue
            if ambiguous:
                actor_id = self._resolve_ambiguous(article, starts, named, named_starts, i,
                                                   start, end, actor_id)
            # "named" patterns are a state named as the one acting ("Israel struck")
            generic.append(self._actor_mention(article, starts, start, end, actor_id,
                                               generic=not is_name, ambiguous=ambiguous))
        return sorted(named + generic, key=lambda x: x.start)

    def _resolve_ambiguous(self, article: Article, starts: list[int], named: list[Mention],
                           named_starts: list[int], i: int, start: int, end: int,
                           default: str) -> str:
        """"militants of X" -> X; else ISIS when it is the latest named non-state armed
        actor within the last two sentences; else the pattern's default."""
        after = _OF_GROUP.match(article.text, end)
        if after:
            j = bisect.bisect_left(named_starts, after.end())
            if j < len(named) and named[j].start == after.end():
                return _actor_id(named[j])
        sent = sentence_at(article, start, starts)
        for m in reversed(named[max(0, i - 20):i + 1]):
            if m.sentence < sent - 2:
                break
            side = m.actor_info.side
            if side in ("isis", "opposition", "jihadist", "unknown"):
                return _actor_id(m) if side == "isis" else default
        return default


_GLUE = re.compile(r"(?:['’]s)? ?")
_OF_GROUP = re.compile(r"\s+(?:" + _W("of_group") + r")\s+(?:" + _CUES.word("the") + r"\s+)?")


_GENERIC_ADJ = frozenset(_CUES.words("generic_adjectives"))


def _alternative(m: re.Match[str]) -> int:
    """Which alternative ("w3", "g12") of a named-group alternation matched."""
    assert m.lastgroup is not None  # every alternative is a named group
    return int(m.lastgroup[1:])


def _actor_id(m: Mention) -> str:
    """A named actor mention's actor id (``_actor_mention`` always sets it)."""
    assert m.norm is not None
    return m.norm


def _is_generic_wording(phrase: str) -> bool:
    """"Syrian rebel groups", "Afghan militias": no proper name, only class words."""
    return not any(w[:1].isupper() and w.casefold() not in _GENERIC_ADJ
                   for w in re.split(r"[\s-]+", phrase))


_CAP_WORD = re.compile(r"\b[A-Za-z][\w'’-]{3,}")


def _in_title_case(text: str, pos: int, pos_end: int) -> bool:
    """Whether the line around ``text[pos:pos_end]`` is a Title Case headline (judged by the
    words outside that span)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos_end)
    end = len(text) if end < 0 else end
    words = _CAP_WORD.findall(text[start:pos]) + _CAP_WORD.findall(text[pos_end:end])
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def make_entity_tagger(pack: TheaterPack, **config) -> EntityTagger:
    return EntityTagger(pack, **config)


def _sentence_start(text: str, at: int) -> bool:
    """Whether ``at`` opens a sentence or a paragraph."""
    before = text[max(0, at - 20):at].rstrip(" \t")
    return at == 0 or not before or before[-1] in ".!?\n"


__all__ = ["ActorResolver", "EntityTagger", "make_entity_tagger", "new_group_slug", "WEAPONS"]
