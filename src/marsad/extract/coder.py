"""Stage ``events``: sentences (and clauses) -> coded :class:`EventMention` records.

For each sentence the classifier names an ACLED sub-event type (or none). A sentence that
joins separate events ("took control of X; meanwhile Y was bombed", "confirmed ... but
denied ...") is split into clauses, and each clause that is an event of its own (another
sub-type, place or modality) becomes its own mention. Then, per mention:

- trigger: where the event word is (``triggers``), so roles and modality read around it;
- roles: actor1/actor2 and associates from the clause's actor mentions (``roles``), with
  pure sources ("according to X") left out, then the reporter ("X announced they had
  taken..."), then the earlier clause's subject, then the subject of the paragraph's
  previous sentence;
- classifier doubts: a label below 0.5 with no trigger word of its kind yields to the
  trigger words present; a "not an event" below 0.3 yields to a weapon/territory word;
  a catch-all label (change to group, other) below 0.5 with no cue is not coded;
- sub-type correction: territory taken by a government-side actor is "Government regains
  territory", by anyone else "Non-state actor overtakes territory"; a taking told with a
  withdrawal and no fighting word is a "Non-violent transfer of territory";
- protests: each protest mention takes the most severe demonstration sub-type told with
  confidence in the same paragraph (ACLED codes a protest by its worst part);
- modality and background (``modality``); date, place text, fatalities from mentions.

Date rule (DESIGN.md): a date in the sentence; else the nearest earlier date in the same
paragraph; else the week before publication (precision "week", relative); else unknown.
Fatalities come only from number mentions with ``casualty == "killed"``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any, Protocol, cast

from ..core.landmarks import landmark_for
from ..core.sides import DEFAULT_SIDES
from ..errors import MarsadError
from ..lang import CueData
from ..model import (SUB_EVENT_TO_TYPE, Article, CodingNotes, EventMention, Fatalities, Mention,
                     stable_id)
from ..nlp.numbers import NUMBER_PATTERN
from ..theaters import TheaterPack
from .context import ArticleContext, Unit
from .modality import Modality, assess
from .classify import load_classifier
from .roles import Roles, assign_roles, reporter_of, reports_itself, subject_zone
from .distribute import even_shares
from .triggers import KIND_SUBTYPE, SUBTYPE_KINDS, RuleClassifier, Trigger, best_trigger


class CoderConfigError(MarsadError, ValueError):
    """The event coder was given a bad option or an unusable classifier."""


class Classifier(Protocol):
    """What the coder needs of a classifier: ``predict_many`` (``predict`` per text is the
    fallback the coder uses when a classifier has only that)."""

    def predict_many(self, texts: list[str]) -> list[Any]: ...


class SingleClassifier(Protocol):
    def predict(self, text: str) -> Any: ...


#: the coder's cue words, per language: ``lang/<lang>/coder.json`` (the patterns around them are grammar)
_CUES = CueData("en", "coder")
_W = _CUES.alternatives
_ALSO, _BUT, _AND, _TO, _THE = (_CUES.word(k) for k in ("also", "but", "and", "to", "the"))

_CLAUSE_SPLIT = re.compile(
    rf";\s+|\s+{_CUES.word('meanwhile')},?\s+|,\s+{_CUES.word('while')}\s+(?:{_ALSO}\s+)?"
    rf"|,?\s+{_BUT}\s+(?=(?:{_ALSO}\s+)?(?:{_W('but_reporting')})\b)"
    rf"|,?\s+{_AND}\s+(?=(?:{_ALSO}\s+)?(?:{_W('and_reporting')})\b)|\s+{_BUT}\s+"
    rf"|,\s+(?=(?:{_W('comma_gerunds')})\b)",
    re.IGNORECASE)
_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")
_VAC = ("Attack", "Abduction/forced disappearance", "Sexual violence")
_ACCOMPLISHED_TERRITORY = re.compile(_W("accomplished_territory"), re.IGNORECASE)
#: a page's list of other headlines run into a sentence ("Print Tweet Views 1430 Related ...")
_LINK_LIST = re.compile(r"\b(?:" + _W("link_list_markers") + r")\b")
#: "the capture of X": a taking told as done by its noun (the article and the noun's start)
_TAKING_NOUN = re.compile(_CUES.word("taking_noun"), re.IGNORECASE)
_TAKING_NOUN_BEFORE = len("the ")
_MIN_CLAUSE_CHARS = 12
_UNSURE_NONE = 0.3       # a "not an event" this unsure yields to a weapon/territory word
_NEAR_TIE = 0.1          # ... and so does one this close to the cue's own label
_STRONG_KINDS = {"air", "shelling", "remote", "suicide", "chemical"}
_CHEMICAL = "Chemical weapon"
_UNSURE_DROP = 0.2       # ... and with no trigger word at all, is not coded
_UNSURE = 0.5            # a label this unsure, with no trigger word of its kind, yields to the words present
_STATE_FORCES, _EXTERNAL_FORCES = 1, 8   # ACLED inter codes of state and external forces
#: ACLED inter codes of armed, organised actors: state forces, rebels, political and identity
#: militias, external forces
_ARMED_INTERS = frozenset({1, 2, 3, 4, 8})
_ATTACK = "Attack"
_AIR = "Air/drone strike"
#: people held when violence was done to them: an attack on them stays violence against civilians
_CAPTIVE = re.compile(r"\b(?:" + _W("captive_words") + r")\b", re.IGNORECASE)



class EventCoder:
    name = "events"
    requires = ("sentences", "mentions.place", "mentions.actor", "mentions.date",
                "mentions.number")
    assigns = ("events",)

    def __init__(self, pack: TheaterPack, classifier: Classifier, *, split_clauses: bool = True,
                 min_score: float = 0.0, civilians_actor: str | None = None):
        if not hasattr(classifier, "predict_many") and not hasattr(classifier, "predict"):
            raise CoderConfigError(f"classifier {classifier!r} has neither predict_many nor predict")
        if not 0.0 <= float(min_score) <= 1.0:
            raise CoderConfigError(f"min_score must be within [0, 1], got {min_score!r}")
        self.pack = pack
        self.classifier = classifier
        self.split_clauses = bool(split_clauses)
        self.min_score = float(min_score)
        self.civilians_actor = civilians_actor or _find_civilians(pack)
        self.protesters_actor = _find_protesters(pack)
        self.forces_of = _forces_of_governments(pack)

    # -- classification -------------------------------------------------------------------

    def _predict(self, texts: list[str]) -> list[Any]:
        if not texts:
            return []
        if hasattr(self.classifier, "predict_many"):
            return list(self.classifier.predict_many(texts))
        single = cast(SingleClassifier, self.classifier)
        return [single.predict(t) for t in texts]

    def _units(self, article: Article) -> tuple[list[Unit], list[list[Unit]]]:
        text = article.text
        para_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        wholes: list[Unit] = []
        clauses: list[list[Unit]] = []
        for sent in article.sentences:
            para = bisect.bisect_right(para_starts, sent.start) - 1
            end = sent.end
            listed = _LINK_LIST.search(text, sent.start + _MIN_CLAUSE_CHARS, sent.end)
            if listed is not None:
                # "... killed 38 soldiers Print Tweet Views 1430 Related <other headlines>":
                # the page's list of other headlines is no part of the sentence's event
                end = listed.start()
            wholes.append(Unit(sent.index, sent.start, end, para, True))
            parts: list[Unit] = []
            if self.split_clauses:
                body = text[sent.start:end]
                low = body.lower()
                cuts = [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(body)] if (
                    ";" in body or "while" in low or "but" in low or "meanwhile" in low
                    or " and " in low or "adding" in low or "noting" in low) else []
                if cuts:
                    pos = 0
                    for a, b in cuts + [(len(body), len(body))]:
                        if a - pos >= _MIN_CLAUSE_CHARS:
                            parts.append(Unit(sent.index, sent.start + pos, sent.start + a, para, False))
                        pos = b
                    if len(parts) < 2:
                        parts = []
            clauses.append(parts)
        return wholes, clauses

    # -- the stage ------------------------------------------------------------------------

    def __call__(self, article: Article) -> Article:
        text = article.text
        wholes, clauses = self._units(article)
        flat = wholes + [c for cs in clauses for c in cs]
        preds = self._predict([text[u.start:u.end] for u in flat])
        pred_of = {id(u): p for u, p in zip(flat, preds)}
        by_sentence: dict[int, list[Mention]] = {}
        for m in article.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        ctx = ArticleContext(article, by_sentence, self.pack)
        analyses: list[_Analysis] = []
        for whole, parts in zip(wholes, clauses):
            if _subheading(article, whole):
                continue
            analyses.extend(self._choose(whole, parts, pred_of, ctx))
        _escalate_protests(analyses, ctx)
        _adopt_antecedents(analyses, ctx)
        _raids_of_air_campaign(analyses, ctx, self.civilians_actor)
        article.events = [self._mention(an, ctx) for an in analyses]
        _air_strikes_attacker(article.events, ctx)
        return article

    def _choose(self, whole: Unit, parts: list[Unit], pred_of: dict, ctx: ArticleContext) -> list[_Analysis]:
        """Whole sentence, or its clauses when they are distinct events; a clause telling of
        two remote weapons ("pounded with air strikes and artillery") is two events."""
        return [b for a in self._choose_units(whole, parts, pred_of, ctx)
                for b in _by_weapon(a, ctx)]

    def _choose_units(self, whole: Unit, parts: list[Unit], pred_of: dict,
                      ctx: ArticleContext) -> list[_Analysis]:
        analyses: list[_Analysis] = []
        prev: _Analysis | None = None
        for unit in parts:
            an = self._analyze(unit, pred_of[id(unit)], ctx, prev)
            if an is not None:
                analyses.append(an)
                prev = an
        if len(analyses) >= 2:
            keys = {(a.sub, ctx.main_place_text(a.unit, a.trigger), a.modality.modality) for a in analyses}
            if len(keys) >= 2:
                return analyses
        an = self._analyze(whole, pred_of[id(whole)], ctx, None)
        if an is not None:
            return [an]
        return analyses[:1]

    def _analyze(self, unit: Unit, pred: Any, ctx: ArticleContext, prev: _Analysis | None) -> _Analysis | None:
        clause = ctx.article.text[unit.start:unit.end]
        triggers = ctx.triggers(unit)
        if triggers:
            # words inside a source phrase ("the group fighting alongside X, conceded ...")
            # describe the source, not the event
            spans = ctx.source_spans(unit)
            if spans:
                triggers = [t for t in triggers
                            if not any(a <= unit.start + t.start < b for a, b in spans)]
        if triggers and ('"' in clause or "\u201c" in clause):
            # words of a quoted operation name ("the battle to \u201cBreak the Siege\u201d") are no event
            names = [q.span() for q in _QUOTED_NAME.finditer(clause)]
            triggers = [t for t in triggers if not any(a <= t.start < b for a, b in names)]
        shown = False
        if triggers and (_SHOWING.search(clause) or _POSSESSED.search(clause)):
            # weapons on display or in someone's hands ("among the weapons carried by") are
            # no attack
            kept = [t for t in triggers if not (t.kind in _WEAPON_NOUN_KINDS and _WEAPON_NOUN.fullmatch(t.text)
                                                and (_SHOWING.search(clause, max(0, t.start - 40), t.start)
                                                     or _possessed(clause, t, triggers)))]
            shown, triggers = len(kept) < len(triggers), kept
        sub = getattr(pred, "sub_event_type", None)
        sub = str(sub) if sub else None          # numpy strings from the model -> plain str
        score = float(getattr(pred, "score", 1.0) or 0.0)
        if not sub:
            # the model barely rejects it (or nearly ties with the cue's label) but a
            # weapon/territory word is there: go with the cue
            strong = [t for t in triggers if t.kind in _STRONG_KINDS or (
                t.kind == "territory" and _ACCOMPLISHED_TERRITORY.search(t.text))]
            if strong:
                cue = _rule_subtype(strong)
                if score < _UNSURE_NONE or score - _label_score(pred, cue) < _NEAR_TIE:
                    sub, score = cue, _label_score(pred, cue)
        if not sub or sub not in SUB_EVENT_TO_TYPE or score < self.min_score:
            return None
        evidenced = any(t.kind in SUBTYPE_KINDS.get(sub, ()) for t in triggers)
        taking = next((t for t in triggers if t.kind == "territory" and (
            _ACCOMPLISHED_TERRITORY.search(t.text)
            or _TAKING_NOUN.match(clause, max(0, t.start - _TAKING_NOUN_BEFORE)))
            and not _attempted(clause, t.start)), None)
        if sub in _CATCH_ALL and taking is not None and (not evidenced or not any(
                t.start < taking.start for t in triggers if t.kind in SUBTYPE_KINDS.get(sub, ()))):
            # "announced the liberation of X" reports a taking, not a change to the group
            sub, evidenced = "Non-state actor overtakes territory", True
        if shown and not triggers:
            # "photos showing artillery and trucks", "obtained the missiles from X": weapons on
            # display or in hand were the clause's only event words, whatever the label
            return None
        if not evidenced and not triggers and (score < _UNSURE_DROP or _main_stative(clause)):
            return None   # "X is considered a major center for Y": a description, no event
        if not evidenced and SUB_EVENT_TO_TYPE[sub] in _CROWD_LABELS and any(
                t.kind in _STRONG_KINDS for t in triggers):
            # "The blast went off as fighters gathered at the mosque": a crowd label with no
            # crowd word, beside a weapon word, is the weapon's event
            sub = KIND_SUBTYPE[next(t for t in triggers if t.kind in _STRONG_KINDS).kind]
            evidenced = True
        if not evidenced and triggers and (score < _UNSURE or (
                SUB_EVENT_TO_TYPE[sub] == "Explosions/Remote violence" and any(
                    t.kind != "group" for t in triggers))):
            # an unsure model and a cue of another kind: go with the cue. A weapon label with no
            # weapon word but another cue ("pushed back rebels from an artillery base") is as
            # doubtful as an unsure one. The first cue is usually the main verb's; a bare
            # "killed" before a weapon word ("were killed in Russian strikes") says only harm
            first = triggers[0]
            if _BARE_HARM.fullmatch(first.text):
                first = next((t for t in triggers if t.kind in _STRONG_KINDS), first)
            sub = KIND_SUBTYPE[first.kind]
        if sub in _TERRITORY and not any(t.kind in ("territory", "transfer") for t in triggers):
            # "the army stormed IS gatherings in the villages of A and B": a taking with no word
            # of a taking, beside a word of fighting, is the fight
            fight = next((t for t in triggers if t.kind == "clash"), None)
            if fight is not None:
                sub, evidenced = KIND_SUBTYPE[fight.kind], True
        if sub in _CATCH_ALL and score < _UNSURE and not evidenced:
            return None   # a catch-all label with no cue of its kind: only when the model is sure
        if (sub in _CATCH_ALL or sub in _NON_VIOLENT and not evidenced and taking is None) \
                and not shown:
            # "began a new push and drove a truck bomb into X": the attack is the event; a
            # non-violent label with no word of its kind beside a weapon word ("the village
            # came under an air attack") yields to the weapon
            weapon = next((t for t in triggers if t.kind in _STRONG_KINDS), None)
            if weapon is not None:
                sub, evidenced = KIND_SUBTYPE[weapon.kind], True
        if sub in _AIR_ARM_SUBS and evidenced:
            # "a tunnel blast killed 38 soldiers": the weapon word says how, where the clash
            # or attack label rests on a bare "killed" alone
            weapons = [t for t in triggers if t.kind in _STRONG_KINDS]
            if weapons and all(_BARE_HARM.fullmatch(t.text) for t in triggers
                               if t.kind in SUBTYPE_KINDS.get(sub, ())):
                sub = KIND_SUBTYPE[weapons[0].kind]
        if SUB_EVENT_TO_TYPE[sub] == "Explosions/Remote violence" and sub != _CHEMICAL \
                and any(t.kind == "chemical" for t in triggers):
            # ACLED codes a chemical attack by its agent, whatever carried it ("shells that
            # released toxic fumes over the suburb")
            sub = _CHEMICAL
        sent = ctx.article.sentences[unit.sentence]
        offset = unit.start - sent.start
        trig = best_trigger(triggers, sub)
        if SUB_EVENT_TO_TYPE[sub] == "Battles":
            # a battle that took ground is coded by the taking ("took the base after heavy
            # fighting"), unless it was only attempted
            for t in triggers:
                if t.kind == "territory" and not _attempted(clause, t.start) \
                        and assess(clause, (t.start, t.end), sentence=sent.text, offset=offset).asserted:
                    trig = t
                    break
        span = (trig.start, trig.end) if trig else None
        mod = assess(clause, span, sentence=sent.text, offset=offset)
        roles = self._roles(unit, clause, trig, ctx, prev, sub)
        sub = self._correct_subtype(sub, trig, roles, ctx, clause)
        if sub == _IED and _AERIAL_BOMBING.search(clause) and not _DEVICE.search(clause):
            # "19 civilians killed in regime bombing", "Tuesday's bombing run": a state's
            # forces bomb from the air; a device planted or carried is another weapon
            sub = _AIR_STRIKE
        if sub in _AIR_ARM_SUBS and self._air_arm(roles.actor1) and all(
                t.kind == "clash" and _BARE_HARM.fullmatch(t.text) for t in triggers):
            # "the air force killed 10 people": an air arm kills from the air
            sub = "Air/drone strike"
        elif sub == _DISRUPTED and self._air_arm(roles.actor1) and _AIR_ARM_DESTROYS.search(clause):
            # "the NATO operation destroyed seven ammunition bunkers": an air arm destroys
            # from the air; the codebook's disrupted weapons are seized or defused ones
            sub = "Air/drone strike"
        if sub in _TERRITORY and any(t.kind == "transfer" for t in triggers) and not any(
                t.kind in _VIOLENT_KINDS for t in triggers):
            # "took over the base after the troops withdrew": control changed hands with no
            # fighting told, which the codebook codes as a non-violent transfer
            sub = "Non-violent transfer of territory"
        elif sub == "Non-violent transfer of territory" and taking is not None and not any(
                t.kind == "transfer" for t in triggers) and any(t.kind in _VIOLENT_KINDS for t in triggers):
            # "entered the base after the blast": a taking with violence told
            sub = self._correct_subtype(KIND_SUBTYPE["territory"], taking, roles, ctx, clause)
        if roles.actor1 is not None and SUB_EVENT_TO_TYPE[sub] in _VIOLENT_TYPES and \
                ctx.side_of(roles.actor1) in ("civilian", "civilians"):
            # "a woman and her children were killed when a barrel bomb hit": victims, not attackers
            carried = roles.source in _CARRIED_ROLE_SOURCES
            roles.actor1, roles.actor2 = None, roles.actor2 or (None if carried else roles.actor1)
            roles.source = "none"
        if roles.actor1 is None and SUB_EVENT_TO_TYPE[sub] in _VIOLENT_TYPES:
            # "killed in barrel bomb attacks": a weapon only one actor uses names the attacker,
            # also from the sentence's other clause ("eight people were killed when a barrel
            # bomb hit a building")
            user = next((self.pack.weapon_users[m.norm] for m in ctx.by_sentence.get(unit.sentence, ())
                         if m.kind == "weapon" and m.norm and m.norm in self.pack.weapon_users),
                        None)
            if user is not None:
                roles.actor1, roles.source = user, "weapon"
        if SUB_EVENT_TO_TYPE[sub] == _PROTESTS:
            self._crowd_roles(sub, roles, ctx)
        if SUB_EVENT_TO_TYPE[sub] in _VIOLENT_TYPES:
            # ACLED codes violence by (or on) a state as its military forces, the government
            # being the actor of policies and agreements ("regime strikes" -> Military Forces)
            roles.actor1 = self.forces_of.get(roles.actor1 or "", roles.actor1)
            roles.actor2 = self.forces_of.get(roles.actor2 or "", roles.actor2)
        if sub == "Air/drone strike" and roles.actor1 is not None and not (
                trig is not None and _DRONE.search(trig.text)) and \
                not self._may_fly(roles.actor1, ctx):
            # only states fly war planes: a rebel group, militia or civilians carried over from
            # the context ("... rebels said. Air strikes hit the market") is not the striker,
            # and one taken as the subject of "Russia says it killed X in an air strike" is the
            # target when the state is named too; a body such as the UN ("U.N.-mandated air
            # strikes", "UNICEF called the airstrikes an outrage") is neither
            if roles.actor2 is not None and ctx.inter_of(roles.actor1) is not None \
                    and ctx.inter_of(roles.actor2) in (_STATE_FORCES, _EXTERNAL_FORCES):
                roles.actor1, roles.actor2 = roles.actor2, roles.actor1
            elif roles.actor2 is not None and ctx.inter_of(roles.actor2) == _EXTERNAL_FORCES:
                roles.actor1, roles.actor2 = roles.actor2, None   # "a U.N.-mandated British strike"
            else:
                roles.actor1, roles.source = None, "none"
        if sub == _ATTACK and roles.actor1 is not None and roles.actor2 is not None \
                and not roles.actor2_held \
                and ctx.inter_of(roles.actor2) in _ARMED_INTERS and not _CAPTIVE.search(clause):
            # ACLED: an attack is violence against civilians; one on a state's or an armed
            # group's forces ("stormed ISIS gatherings", "shot down the helicopter") is a
            # clash, unless they were held (executed prisoners, hostages). Only with an
            # attacker named: a lone "gunmen" may be the attackers read as the target
            sub = "Armed clash"
        if sub in _VAC and roles.actor2 is None and self.civilians_actor:
            roles.actor2 = self.civilians_actor
        elif SUB_EVENT_TO_TYPE[sub] == "Explosions/Remote violence" and self.civilians_actor \
                and (roles.actor2 is None or roles.actor2_held) \
                and roles.actor1 != self.civilians_actor \
                and _civilian_victims(clause, trig, ctx.in_span(unit), unit.start):
            # ACLED: remote violence whose only victims are civilians has Civilians as actor2
            # ("shells hit a market, killing 12 people"); a side that merely holds the place
            # ("raids on a rebel-held village killed 12 civilians") is not the target
            roles.actor2, roles.actor2_held = self.civilians_actor, False
        return _Analysis(unit, sub, score, trig, mod, roles)

    def _mention(self, an: _Analysis, ctx: ArticleContext) -> EventMention:
        article, unit = ctx.article, an.unit
        numbers = [m for m in ctx.in_span(unit) if m.kind == "number"]
        place_text, coding = ctx.main_place_text(unit, an.trigger), CodingNotes()
        # with no event word, a landmark is the place only when no gazetteer place competes
        t_abs = unit.start + an.trigger.start if an.trigger else unit.end
        lm = landmark_for(ctx.landmarks, unit.start, unit.end, t_abs,
                          [m for m in ctx.in_span(unit) if m.kind == "place"])
        if lm is not None:  # "captured al-Hikmah School south of Aleppo": the school, near Aleppo
            place_text = lm.name
            coding = CodingNotes(
                landmark=lm.key, landmark_span=(lm.named_start, lm.named_end),
                landmark_ref=article.text[lm.start:lm.end] if lm.anaphor else None)
        if an.roles.source in ("reporter", "paragraph", "previous clause"):
            coding = replace(coding, actor1_from=an.roles.source)
        if an.escalated_from:
            coding = replace(coding, escalated_from=an.escalated_from)
        if an.share:
            coding = replace(coding, fatalities_split=an.share[1])
        return EventMention(
            id=stable_id(article.id, unit.start, unit.end, an.sub),
            article_id=article.id,
            sentence=unit.sentence,
            start=unit.start,
            end=unit.end,
            text=article.sentences[unit.sentence].text,
            event_type=SUB_EVENT_TO_TYPE[an.sub],
            sub_event_type=an.sub,
            actor1=an.roles.actor1,
            actor2=an.roles.actor2,
            assoc_actor1=an.roles.assoc_actor1,
            assoc_actor2=an.roles.assoc_actor2,
            place_text=place_text,
            date=ctx.date_for(an.antecedent or unit, None if an.antecedent or an.trigger is None
                              else unit.start + an.trigger.start),
            fatalities=_share(_fatalities(numbers, article.text,
                                          unit.start + an.trigger.start if an.trigger else None), an.share),
            modality=an.modality.modality,
            background=an.modality.background,
            confidence=round(an.score, 4),
            coding=coding,
        )

    def _roles(self, unit: Unit, clause: str, trig: Trigger | None, ctx: ArticleContext,
               prev: _Analysis | None, sub: str) -> Roles:
        sent = ctx.article.sentences[unit.sentence]
        atts = ctx.attributions(unit.sentence)
        t_abs = unit.start + (trig.start if trig else 0)
        # Sources (before a reporting verb, after "according to") are not actors, nor is
        # anything before the last reporting verb that precedes the trigger ("conceded the
        # rebels' advance, adding that airstrikes...").
        source_spans = [(sent.start + a.start, sent.start + a.end) for a in atts if a.source]
        cut = max((sent.start + a.verb_end for a in atts
                   if a.verb != "according to" and sent.start + a.verb_end <= t_abs), default=0)
        actors = [m for m in ctx.in_span(unit) if m.kind == "actor" and not ctx.is_monitor(m)
                  and not ctx.is_outlet(m)]
        own = [m for m in actors if m.start >= cut and not any(m.start < b and m.end > a for a, b in source_spans)]
        zone = subject_zone(clause, trig.start if trig else 0) + unit.start
        span = (trig.start, trig.end) if trig else None
        if trig is not None and trig.kind in _STRONG_KINDS:
            # "Russian strikes": an actor named inside a weapon trigger is its user
            inside = [m.end - unit.start for m in own if t_abs <= m.start and m.end <= unit.start + trig.end]
            if inside:
                span = (max(inside), max(max(inside), trig.end))
        roles = assign_roles(clause, unit.start, span, own, self.pack, zone=zone)
        if (roles.actor1 is None or trig is None) and \
                reports_itself(clause, trig, sub, atts, sent.start, unit.start):
            sent_actors = [m for m in ctx.by_sentence.get(unit.sentence, ()) if m.kind == "actor"]
            reporter = reporter_of(atts, sent.start, t_abs if trig else unit.end, sent_actors)
            if reporter is not None and not ctx.is_monitor(reporter) and not ctx.is_outlet(reporter):
                roles = assign_roles(clause, unit.start, span, [reporter] + own, self.pack)
                roles.source = "reporter"
        if roles.actor1 is None and roles.actor2 is not None and any(
                m.norm == roles.actor2
                and _BY_AGENT.search(clause[max(0, m.start - unit.start - 30):m.start - unit.start])
                for m in own):
            # "... a battle launched by rebel factions": an agent phrase names the actor
            roles.actor1, roles.actor2 = roles.actor2, None
        if roles.actor1 is None and prev is not None and prev.roles.actor1 \
                and _SUBJECTLESS.match(clause) and prev.roles.actor1 != roles.actor2:
            # "X regained the hill, while also regaining ...": the clauses share a subject
            roles.actor1 = prev.roles.actor1
            roles.assoc_actor1 = prev.roles.assoc_actor1
            roles.source = "previous clause"
        elif roles.actor1 is None and not unit.whole and _SUBJECTLESS.match(clause):
            earlier = [m for m in ctx.by_sentence.get(unit.sentence, ()) if m.kind == "actor" and m.norm
                       and m.end <= unit.start and not ctx.is_monitor(m)
                       and not any(m.start < b and m.end > a for a, b in source_spans)]
            if earlier and earlier[0].norm != roles.actor2:
                roles.actor1, roles.source = earlier[0].norm, "previous clause"
        # "He said 700 fighters were killed": the earlier sentence names the speaker, not the actor
        spoken = any(a.verb != "according to" and a.pronoun and sent.start + a.verb_end <= t_abs
                     for a in atts) if trig else False
        if roles.actor1 is None and unit.whole and not spoken and not _OWN_SUBJECT.search(
                clause[:trig.start if trig else len(clause)]) and not self._weapon_subject(
                unit, clause, trig, ctx):
            prev_actor = ctx.paragraph_actor(unit)
            if prev_actor is not None and prev_actor.norm != roles.actor2:
                roles.actor1 = prev_actor.norm
                roles.source = "paragraph"
        return roles

    def _crowd_roles(self, sub: str, roles: Roles, ctx: ArticleContext) -> None:
        """ACLED's roles in a protest: the protesters (the pack's inter-6 actor) are actor1 of
        a protest and of one with intervention, where the force that intervenes is actor2;
        they are actor2 of excessive force, whose actor1 is the force (or nobody named). A
        peaceful protest has no actor2: what it protests against ("against the regime") is
        no party to it."""
        crowd = self.protesters_actor
        if crowd is None:
            return
        other = next((a for a in (roles.actor1, roles.actor2) if a and a != crowd), None)
        if sub == _PEACEFUL_PROTEST:
            if ctx.inter_of(roles.actor1) != _PROTESTER_INTER:
                roles.actor1 = crowd
            roles.actor2, roles.assoc_actor2 = None, ()
        elif sub == _EXCESSIVE_FORCE:
            roles.actor1, roles.actor2 = other, crowd
        else:   # protest with intervention
            roles.actor1, roles.actor2 = crowd, other

    @staticmethod
    def _weapon_subject(unit: Unit, clause: str, trig: Trigger | None, ctx: ArticleContext) -> bool:
        """The clause's subject is a weapon ("A car bomb exploded ...", "Two mortar shells
        hit ..."): it names no attacker, so none is carried over from the paragraph (the
        last sentence's subject did not set off the bomb)."""
        t_end = trig.end if trig is not None else len(clause)
        for m in ctx.in_span(unit):
            rel = m.start - unit.start
            if m.kind == "weapon" and 0 <= rel <= t_end and len(clause[:rel].split()) <= _SUBJECT_LEAD_WORDS:
                return True
        return False

    def _may_fly(self, actor_id: str, ctx: ArticleContext) -> bool:
        """A state's or foreign forces, an air arm, or an actor the pack does not know; not a
        rebel group, militia, civilians or a body such as the UN (inter 0)."""
        inter = ctx.inter_of(actor_id)
        if inter in (_STATE_FORCES, _EXTERNAL_FORCES) or self._air_arm(actor_id):
            return True
        return inter is None and self.pack.actor(actor_id) is None

    def _air_arm(self, actor_id: str | None) -> bool:
        actor = self.pack.actor(actor_id) if actor_id else None
        return actor is not None and actor.arm == "air"

    def _correct_subtype(self, sub: str, trig: Trigger | None, roles: Roles, ctx: ArticleContext,
                         clause: str) -> str:
        """Who took territory decides between the two territory sub-types (codebook)."""
        if trig is None or trig.kind != "territory":
            return sub
        if sub not in _TERRITORY and (SUB_EVENT_TO_TYPE[sub] != "Battles"
                                      or not _ACCOMPLISHED_TERRITORY.search(trig.text)):
            return sub
        if _attempted(clause, trig.start):
            # "tried to capture X": ground aimed at, not taken, is fought over (ACLED codes the
            # attempt as a clash)
            return "Armed clash" if sub in _TERRITORY else sub
        if _PASSIVE_BEFORE.search(clause[max(0, trig.start - 30):trig.start]) and \
                " by " not in clause[trig.end:trig.end + 60]:
            return sub       # "were driven out of X": the subject lost the ground
        side = ctx.side_of(roles.actor1)
        if side is None or side == "unknown":
            return sub
        sides = getattr(self.pack, "sides", None) or DEFAULT_SIDES
        inter = ctx.inter_of(roles.actor1)
        if sides.is_government(side) or inter == _STATE_FORCES:
            return "Government regains territory"
        if inter == _EXTERNAL_FORCES or sides.is_state(side):
            return sub       # a foreign state's forces: leave as coded
        if sides.is_fighting_side(side):
            return "Non-state actor overtakes territory"
        return sub


#: remote weapons ACLED codes as events of their own at one place and day
_SPLIT_KINDS = ("air", "shelling")


def _by_weapon(an: _Analysis, ctx: ArticleContext) -> list[_Analysis]:
    """ACLED codes one event per sub-event type: a clause whose attack is told with an air
    word and an artillery word ("warplanes and artillery pounded the town") is an air strike
    and a shelling. Only an asserted remote attack coded by one of the two."""
    if an.modality.modality != "asserted" or an.trigger is None \
            or an.sub not in (KIND_SUBTYPE[k] for k in _SPLIT_KINDS):
        return [an]
    kinds = {t.kind: t for t in ctx.triggers(an.unit) if t.kind in _SPLIT_KINDS}
    if len(kinds) < 2:
        return [an]
    other = next(t for k, t in kinds.items() if KIND_SUBTYPE[k] != an.sub)
    # the clause's toll is split evenly over the two (ACLED's practice for a toll told for
    # several events), as over a list of places
    return [replace(an, share=(0, 2)), replace(an, sub=KIND_SUBTYPE[other.kind], trigger=other,
                                               share=(1, 2))]


def _share(total: Fatalities, share: tuple[int, int] | None) -> Fatalities:
    """The k-th of n even shares of a toll (the remainder to the first)."""
    if share is None or not total.known:
        return total
    shares = even_shares(total, share[1])
    return shares[share[0]] if shares else total


def _air_strikes_attacker(events: list[EventMention], ctx: ArticleContext) -> None:
    """Only states fly: when the article's air strikes that name their striker in their
    own clause all name one state's forces ("regime warplanes ..."), its air strikes that
    name none ("air strikes hit the market") are that state's (``actor1_from``: "article")."""
    strikers = {e.actor1 for e in events
                if e.sub_event_type == _AIR and e.actor1 and e.coding.actor1_from is None
                and ctx.inter_of(e.actor1) in (_STATE_FORCES, _EXTERNAL_FORCES)}
    if len(strikers) != 1:
        return
    (striker,) = strikers
    for e in events:
        if e.sub_event_type == _AIR and e.actor1 is None and e.actor2 != striker:
            e.actor1 = striker
            e.coding = replace(e.coding, actor1_from="article")


#: sub-types a bare killing is coded as by the model, and the bare words of it (an air arm's
#: is an air strike; one told with a weapon word is coded by the weapon)
_AIR_ARM_SUBS = frozenset({"Armed clash", "Attack"})
_BARE_HARM = re.compile(r"killed|wounded|attack\w*", re.IGNORECASE)
_DISRUPTED = "Disrupted weapons use"
_AIR_ARM_DESTROYS = re.compile(r"\b(?:destroy(?:ed|s|ing)?|hit|struck|strikes?|knocked out)\b",
                               re.IGNORECASE)


@dataclass
class _Analysis:
    unit: Unit
    sub: str
    score: float
    trigger: Trigger | None
    modality: Modality
    roles: Roles
    escalated_from: str | None = None   # the sub-type before _escalate_protests
    antecedent: Unit | None = None      # the event "the attack" points back to (its day)
    share: tuple[int, int] | None = None  # (k, n): the k-th of n events one clause tells


#: demonstration sub-types, least to most severe: ACLED codes one protest by its most severe
#: part (protesters who turn violent make it a riot; force used on peaceful ones outranks
#: a plain dispersal)
_PROTEST_RANK = {"Peaceful protest": 0, "Protest with intervention": 1,
                 "Excessive force against protesters": 2, "Violent demonstration": 3}
_PROTEST_REACH = 2       # sentences apart that can still tell of the same protest


def _escalate_protests(analyses: list[_Analysis], ctx: ArticleContext) -> None:
    """"Hundreds marched in X. Police fired tear gas ...": the later sentence tells how the
    same protest went, so each protest mention takes the most severe demonstration sub-type
    reported near it (same paragraph, same modality, no other place named)."""
    demos = [a for a in analyses if a.sub in _PROTEST_RANK]
    sure = [b for b in demos if b.score >= _UNSURE]   # only a sure report of force or violence recodes
    if len(demos) < 2 or len({a.sub for a in demos}) < 2:
        return
    places = {id(a): ctx.main_place_text(a.unit, a.trigger) for a in demos}
    for a in demos:
        best = a.sub
        for b in sure:
            if _PROTEST_RANK[b.sub] <= _PROTEST_RANK[best] or b.modality.modality != a.modality.modality \
                    or b.unit.paragraph != a.unit.paragraph \
                    or abs(b.unit.sentence - a.unit.sentence) > _PROTEST_REACH:
                continue
            pa, pb = places[id(a)], places[id(b)]
            if pa and pb and pa != pb:
                continue
            best = b.sub
        if best != a.sub:
            a.escalated_from, a.sub = a.sub, best


#: how many sentences back "the attack" may point
_ANTECEDENT_REACH = 3
#: the sub-types a weaponless "the attack" is coded as, and the kind of event it points to
_GENERIC_VIOLENCE = frozenset({"Armed clash", "Attack"})
_REMOTE_VIOLENCE = "Explosions/Remote violence"
_GENERIC_NOUN = re.compile(r"(?:" + _W("anaphoric_generic_nouns") + r")", re.IGNORECASE)
_ANAPHORIC_EVENT = re.compile(r"\b" + _CUES.word("anaphoric_event"), re.IGNORECASE)


def _adopt_antecedents(analyses: list[_Analysis], ctx: ArticleContext) -> None:
    """"... used sarin in an attack on the outskirts of Damascus on 21 August. 1,429 people
    died in the attack in the Ghouta area": a clause coded as a plain clash or attack only
    because of a weaponless word that points back ("the attack", "the blast") and that names
    no day of its own tells more of the remote-violence event told just before it (a few
    sentences back, same modality): it takes that event's kind and day, so the two are one
    event (the toll is this clause's own)."""
    for i, a in enumerate(analyses):
        trig = a.trigger
        if trig is None or a.sub not in _GENERIC_VIOLENCE or _own_date(a.unit, ctx):
            continue
        clause = ctx.article.text[a.unit.start:a.unit.end]
        if not (_GENERIC_NOUN.fullmatch(trig.text)
                and _ANAPHORIC_EVENT.search(clause[max(0, trig.start - 20):trig.start])):
            continue
        for b in reversed(analyses[:i]):
            if a.unit.sentence - b.unit.sentence > _ANTECEDENT_REACH:
                break
            if b.unit.sentence == a.unit.sentence or b.modality.modality != a.modality.modality:
                continue
            if SUB_EVENT_TO_TYPE[b.sub] != _REMOTE_VIOLENCE:
                continue
            a.sub, a.antecedent = b.sub, b.unit
            if a.roles.actor1 is None and b.roles.actor1 is not None and b.roles.actor1 != a.roles.actor2:
                a.roles.actor1 = b.roles.actor1
            break


_BARE_RAIDS = re.compile(r"\b" + _CUES.word("bare_raids"), re.IGNORECASE)
_GROUND_RAID = re.compile(r"\b(?:" + _W("ground_raid_words") + r")\b", re.IGNORECASE)
_AIR_STRIKE = "Air/drone strike"
_OTHER = "Other"
_IED = "Remote explosive/landmine/IED"
#: a bombing told as a state's or an air campaign's, and what makes one a device's
_AERIAL_BOMBING = re.compile(r"\b(?:" + _W("aerial_bombing") + r")\b", re.IGNORECASE)
_DEVICE = re.compile(r"\b(?:" + _W("device_words") + r")\b", re.IGNORECASE)
#: "five more civilians were killed", "another three died": more of a toll told before
_MORE_TOLL = re.compile(rf"(?<![\w-])(?:{NUMBER_PATTERN})\s+(?:" + _W("more_toll_after") + r")\b|\b(?:"
                        + _W("more_toll_before") + rf")\s+(?:{NUMBER_PATTERN})(?![\w-])", re.IGNORECASE)
_CAMPAIGN_SUBS = frozenset({_AIR_STRIKE, "Shelling/artillery/missile attack"})


#: where a clause's attacker came from when the clause names none itself
_CARRIED_ROLE_SOURCES = frozenset({"paragraph", "previous clause", "reporter"})
#: trigger words that only count the dead or hurt, and name no way of killing
_VICTIM_TRIGGERS = frozenset({"killed", "wounded"})


def _bare_killing(a: _Analysis, ctx: ArticleContext, civilians: str | None) -> bool:
    """"The monitor said nine civilians were killed in Qaterji": a toll with no attacker and
    no word of how (its only event words count the victims) tells more of the air strike or
    shelling a few sentences before, as "five more were killed" does."""
    if a.roles.actor1 is not None and a.roles.actor1 != civilians \
            and a.roles.source not in _CARRIED_ROLE_SOURCES:   # an attacker of its own
        return False
    triggers = ctx.triggers(a.unit)
    return bool(triggers) and all(t.text.lower() in _VICTIM_TRIGGERS for t in triggers)


def _raids_of_air_campaign(analyses: list[_Analysis], ctx: ArticleContext,
                           civilians: str | None) -> None:
    """"Air strikes near Damascus killed 22 ... The highest toll was in Douma, where raids
    killed 16": a clause coded as a plain attack or clash (or as "Other") whose only sign of
    the means is a bare "raids" or "was bombed", with nothing of a ground raid (troops,
    homes, arrests), tells more of the air campaign an Air/drone strike a few sentences
    before tells (same modality). So does a plain attack or clash whose toll is told as more
    of one before ("five more civilians were killed in X") for the air strike or shelling
    before it."""
    from_bare: set[int] = set()
    for i, a in enumerate(analyses):
        if a.sub not in _GENERIC_VIOLENCE and a.sub != _OTHER:
            continue
        clause = ctx.article.text[a.unit.start:a.unit.end]
        raid = _BARE_RAIDS.search(clause) is not None
        more = a.sub in _GENERIC_VIOLENCE and _MORE_TOLL.search(clause) is not None
        bare = not (raid or more) and a.sub in _GENERIC_VIOLENCE and _bare_killing(a, ctx, civilians)
        if not (raid or more or bare) or _GROUND_RAID.search(clause):
            continue
        if bare:
            from_bare.add(i)
        wanted = {_AIR_STRIKE} if raid else _CAMPAIGN_SUBS
        for j in range(i - 1, -1, -1):
            b = analyses[j]
            if a.unit.sentence - b.unit.sentence > _ANTECEDENT_REACH:
                break
            # not a bare toll recoded here: "three other fighters died in an ambush" after
            # it is no more of the air strike the toll before was read as
            if b.sub in wanted and j not in from_bare and b.unit.sentence < a.unit.sentence \
                    and b.modality.modality == a.modality.modality:
                a.sub = b.sub
                if a.roles.actor1 == civilians:   # "civilian locations ... were bombed": the target
                    a.roles.actor1, a.roles.actor2 = None, a.roles.actor2 or civilians
                if a.roles.actor1 is None and b.roles.actor1 is not None and b.roles.actor1 != a.roles.actor2:
                    a.roles.actor1 = b.roles.actor1
                break


def _own_date(unit: Unit, ctx: ArticleContext) -> bool:
    return any(m.kind == "date" and unit.start <= m.start < unit.end
               for m in ctx.by_sentence.get(unit.sentence, ()))


def _subheading(article: Article, unit: Unit) -> bool:
    """A short unpunctuated line of its own inside the body ("Rebels publish videos for the
    battles"): a section heading that only announces what follows, not a report."""
    if unit.paragraph == 0:
        return False
    text = article.text
    line = text[text.rfind("\n", 0, unit.start) + 1:(text.find("\n", unit.end) + 1 or len(text) + 1) - 1].strip()
    body = text[unit.start:unit.end].strip()
    return (line == body and len(body.split()) <= _HEADING_WORDS and body[-1:] not in ".!?\"\u201d'"
            and not (article.title and body in article.title))


def _main_stative(clause: str) -> bool:
    """The main verb describes ("X is considered a base"), not a relative clause's ("which is")."""
    m = _STATIVE.search(clause)
    return m is not None and not _RELATIVE.search(clause[:m.start()])


def _label_score(pred: Any, label: str) -> float:
    for name, prob in getattr(pred, "ranking", None) or ():
        if name == label:
            return float(prob)
    return float(getattr(pred, "score", 0.0) or 0.0)


def _rule_subtype(triggers: list[Trigger]) -> str:
    kinds = {t.kind for t in triggers}
    for kind in RuleClassifier._PRIORITY:
        if kind in kinds:
            return KIND_SUBTYPE[kind]
    return KIND_SUBTYPE[triggers[0].kind]


_ATTEMPT = re.compile(r"\b(?:" + _W("attempt") + rf")\b(?: \w+)? {_TO}\b|\b{_CUES.word('attempt_by')}\b",
                      re.IGNORECASE)
_ATTEMPT_GERUND = re.compile(r"\b" + _CUES.word("attempt_gerund"), re.IGNORECASE)
#: a clause that starts with its verb shares the previous clause's subject ("..., while also
#: regaining ..."); "adding that airstrikes ..." has a subject of its own
_PROTESTS = "Protests"
#: crowd event types: a label of theirs needs a crowd word
_CROWD_LABELS = frozenset({"Protests", "Riots"})
_PROTESTER_INTER = 6
_PEACEFUL_PROTEST = "Peaceful protest"
_EXCESSIVE_FORCE = "Excessive force against protesters"
#: words that may come before a clause's subject ("On Sunday, a car bomb ...")
_SUBJECT_LEAD_WORDS = 4
_SUBJECTLESS = re.compile(r"^\W*(?:(?:" + _W("subjectless_lead") + r")\s+)*(?!" + _W("own_subject_gerunds")
                          + r")\w+(?:" + _W("verb_endings") + r")\b", re.IGNORECASE)
_INFINITIVE = re.compile(rf"\b{_TO}\s+$", re.IGNORECASE)
_ACHIEVED = re.compile(r"\b(?:" + _W("achieved") + rf")\s+{_TO}\s+$", re.IGNORECASE)
_PASSIVE_BEFORE = re.compile(r"\b(?:" + _W("passive_before") + r")\s+(?:\w+ly\s+)?$", re.IGNORECASE)


def _attempted(clause: str, start: int) -> bool:
    """"tried to capture", "an attack to capture", "focusing its efforts on capturing": the
    taking is aimed at, not done."""
    head = clause[max(0, start - 30):start]
    if _ATTEMPT.search(head) or _ATTEMPT_GERUND.search(head):
        return True
    return bool(_INFINITIVE.search(head)) and not _ACHIEVED.search(head)


#: a subject of its own before the event word: "We hold the ridge but there are air strikes"
_OWN_SUBJECT = re.compile(rf"\b{_CUES.word('there')}\s+(?:" + _W("there_verbs") + rf")\b|;|\b{_BUT}\b",
                          re.IGNORECASE)
#: a short quoted Title Case name: "Break the Siege on Aleppo", "Great Battle"
_QUOTED_NAME = re.compile(r"[\"\u201c](?:[A-Z0-9][\w'\u2019-]*\s*(?:(?:" + _W("quoted_name_small_words")
                          + r")\s+)*){1,8}[\"\u201d]")
_BY_AGENT = re.compile(r"\b(?:" + _W("by_agent") + rf")\s+{_CUES.word('by')}\s+(?:{_THE}\s+)?$", re.IGNORECASE)
_STATIVE = re.compile(r"\b(?:" + _W("stative_be") + r")\s+(?:(?:" + _W("stative_be_adverbs") + r")\s+)?(?:"
                      + _W("stative_be_predicates") + r")\b|\b(?:" + _W("stative_have") + r")\s+(?:(?:"
                      + _W("stative_have_adverbs") + r")\s+)?(?:" + _W("stative_have_quantities") + r")\b",
                      re.IGNORECASE)
_CIVILIAN_VICTIM = re.compile(r"(?:" + _W("civilian_victims") + r")", re.IGNORECASE)
_COMBATANT_VICTIM = re.compile(r"(?:" + _W("combatant_victims") + r")", re.IGNORECASE)
_CIVILIAN_SITE = re.compile(r"\b(?:" + _W("civilian_sites") + r")\b", re.IGNORECASE)


def _civilian_victims(clause: str, trig: Trigger | None, mentions: list[Mention], offset: int) -> bool:
    """Are the clause's victims civilians? Its casualty counts name civilians ("killing 12
    people", "five children were killed"), or, with no count of fighters, the weapon hit a
    civilian site ("an air raid on a hospital"). A count of fighters ("killed 30 militants")
    or an armed actor among the counted says no."""
    counted = [m.number_info.noun or "" for m in mentions
               if m.kind == "number" and m.number_info.casualty in ("killed", "wounded")]
    if any(_COMBATANT_VICTIM.fullmatch(n.strip()) for n in counted if n):
        return False
    if any(_CIVILIAN_VICTIM.fullmatch(n.strip()) for n in counted if n):
        return True
    start = trig.start if trig is not None else 0
    return bool(_CIVILIAN_SITE.search(clause, start))


_GOVERNMENT_OF, _FORCES_OF = "Government of ", "Military Forces of "   # ACLED's actor names
_DRONE = re.compile(r"\b(?:" + _W("drone_words") + r")\b", re.IGNORECASE)
_VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
_HEADING_WORDS = 10
_CATCH_ALL = ("Change to group/activity", "Other")
#: labels of no violence: agreements, arrests, bases, transfers of territory ... (not
#: disrupted weapons use: bombs defused and explosives seized are its subject)
_NON_VIOLENT = (frozenset(s for s, t in SUB_EVENT_TO_TYPE.items() if t == "Strategic developments")
                | {"Non-violent transfer of territory"}) - {"Disrupted weapons use"}
_VIOLENT_KINDS = frozenset({"clash", "air", "shelling", "remote", "suicide", "chemical", "grenade", "civilians"})
_SHOWING = re.compile(r"\b(?:" + _W("showing") + r")\b", re.IGNORECASE)
#: a possession word, then a list of things held ("left behind their uniforms, a crate of
#: food -- and a Scud missile") with no verb of its own before the weapon noun
_POSSESSED_BEFORE = re.compile(r"\b(?:" + _W("possessed_before") + r")\s+(?:[\w-]+\s+){0,3}?$"
                               r"|\b(?:" + _W("possessed_before_list") + r")\s+(?:(?:(?!(?:"
                               + _W("weapon_use_verbs") + r")\b)[\w'-]+|--|,)\s*){0,14}?$",
                               re.IGNORECASE)
_POSSESSED_AFTER = re.compile(r"^(?:\s+(?:and|or|,)?\s*[\w-]+){0,4}?\s+(?:" + _W("possessed_after") + r")\b",
                              re.IGNORECASE)
_POSSESSED = re.compile(r"\b(?:" + _W("possessed_before") + "|" + _W("possessed_before_list") + "|"
                        + _W("possessed_after") + r")\b",
                        re.IGNORECASE)


def _possessed(clause: str, t: Trigger, triggers: list[Trigger]) -> bool:
    """"fighters armed with rockets", "rockets were among the weapons carried by": weapons
    held, not fired (no other event word between the possession word and the weapon:
    "armed with rifles, gunmen fired rockets" fired them)."""
    lo = max(0, t.start - 100)
    m = _POSSESSED_BEFORE.search(clause, lo, t.start)
    if m is not None and not any(m.start() < o.start < t.start for o in triggers if o is not t):
        return True
    return _POSSESSED_AFTER.match(clause[t.end:t.end + 60]) is not None
_WEAPON_NOUN_KINDS = ("shelling", "air", "remote")
_WEAPON_NOUN = re.compile(f"(?:{_CUES.word('weapon_noun_modifier')} )?(?:" + _W("weapon_nouns") + ")",
                          re.IGNORECASE)
#: a relative pronoun: what follows it is a relative clause ("which is considered ...")
_RELATIVE = re.compile(r"\b(?:" + _W("relative_pronouns") + r")\b", re.IGNORECASE)



def _fatalities(numbers: list[Mention], text: str, trigger_at: int | None = None) -> Fatalities:
    """The clause's death toll. Counts of different victims joined by "and" ("ten children
    and five women were killed") add up; otherwise counts are often nested ("12, including
    5 children"), so the largest is kept rather than a sum that inflates the figure. A
    part-count ("including 5 children") never adds. Counts told as more of one before ("50
    were executed, 19 more were killed in a suicide attack and 16 others died in the
    assault") are the tolls of different incidents: the event's is the one nearest before
    its event word."""
    killed: list[tuple[Mention, Fatalities]] = []
    for m in numbers:
        info = m.number_info
        if info.casualty != "killed":
            continue
        if info.fatalities is not None:
            f = info.fatalities
        else:
            try:
                n = int(float(m.norm)) if m.norm is not None else None
            except ValueError:
                n = None
            f = Fatalities(best=n, low=n, high=n, text=m.text) if n is not None else Fatalities(text=m.text)
        if f.known:
            killed.append((m, f))
    whole = [x for x in killed if not x[0].number_info.subset]
    # "opened fire on thousands of protesters, killing at least 12 people": a bound alone
    # ("thousands") beside a count is the crowd's size, not the toll
    counted = [x for x in whole if x[1].best is not None]
    if counted:
        whole = counted
    if trigger_at is not None and len(whole) > 1 and any(
            _MORE_TOLL.match(text, m.start) for m, _ in whole):
        before = [x for x in whole if x[0].start < trigger_at]
        if before:
            return max(before, key=lambda x: x[0].start)[1]
    best: Fatalities | None = None
    for run in _joined_runs(whole, text):
        f = run[0][1] if len(run) == 1 else _summed([f for _, f in run])
        if best is None or (f.best or f.low or 0) > (best.best or best.low or 0):
            best = f
    if best is None:   # only part-counts: the largest of them is what is known
        for _, f in killed:
            if best is None or (f.best or f.low or 0) > (best.best or best.low or 0):
                best = f
    return best or Fatalities()


#: what joins two counts of different victims: their noun, then "and" or a comma
_COUNT_JOIN = re.compile(r"^\s*[A-Za-z-]+(?:\s+[A-Za-z-]+)?\s*(?:,\s*(?:and\s+)?|and\s+)$")


def _joined_runs(counts: list[tuple[Mention, Fatalities]],
                 text: str) -> list[list[tuple[Mention, Fatalities]]]:
    runs: list[list[tuple[Mention, Fatalities]]] = []
    for m, f in sorted(counts, key=lambda x: x[0].start):
        if runs and _COUNT_JOIN.match(text[runs[-1][-1][0].end:m.start]) and \
                m.number_info.noun != runs[-1][-1][0].number_info.noun:
            runs[-1].append((m, f))
        else:
            runs.append([(m, f)])
    return runs


def _summed(parts: list[Fatalities]) -> Fatalities:
    def total(values: list[int | None]) -> int | None:
        return sum(v for v in values if v is not None) if all(v is not None for v in values) else None
    low, best = total([p.low for p in parts]), total([p.best for p in parts])
    if low is None and best is None:
        return max(parts, key=lambda p: p.best or p.low or 0)
    return Fatalities(low=low, high=total([p.high for p in parts]), best=best, qualifier="sum",
                      text=" + ".join(p.text or "" for p in parts))


def _forces_of_governments(pack: TheaterPack) -> dict[str, str]:
    """Each "Government of X" actor of the pack -> its "Military Forces of X" actor."""
    by_name = {a.name: a.id for a in pack.actors}
    out = {}
    for actor in pack.actors:
        if actor.name.startswith(_GOVERNMENT_OF):
            forces = by_name.get(_FORCES_OF + actor.name[len(_GOVERNMENT_OF):])
            if forces:
                out[actor.id] = forces
    return out


def _find_civilians(pack: TheaterPack) -> str | None:
    for actor in pack.actors:
        if actor.inter == 7 or actor.side.lower() in ("civilian", "civilians"):
            return actor.id
    return "civilians"


def _find_protesters(pack: TheaterPack) -> str | None:
    """The pack's protesters (ACLED inter code 6), None when it has none."""
    return next((actor.id for actor in pack.actors if actor.inter == _PROTESTER_INTER), None)


def make_event_coder(pack: TheaterPack, *, classifier: Classifier | None = None,
                     **config: Any) -> EventCoder:
    """Build the ``events`` stage. ``classifier``: anything with ``predict_many``/``predict``
    returning objects with ``sub_event_type`` and ``score``; default: the trained one."""
    if classifier is None:
        if config.pop("rules_only", False):
            classifier = RuleClassifier()
        else:
            classifier = load_classifier()
    unknown = set(config) - {"split_clauses", "min_score", "civilians_actor"}
    if unknown:
        raise CoderConfigError(f"unknown option(s) for stage 'events': {sorted(unknown)}")
    return EventCoder(pack, classifier, **config)
