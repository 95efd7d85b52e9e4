"""Stage ``claims``: for every EventMention, who asserts it and with which stance.

Attribution comes from the event's own sentence (``attribution.find_attributions``):
"according to X" scopes over the whole sentence; a reporting verb ("X said", "X denied")
scopes over what follows it; a trailing "..., X told Reuters." over what precedes it; a
verb after a conjunction ("... but said ...", "... and denied ...") inherits the sentence's
earlier source. A quote with no attribution of its own takes the next (or previous)
sentence's speaker; "he said" takes the last named source before it.

Stance: the verb's ("denied" -> denies, "confirmed/conceded" -> confirms, "claimed" ->
reports_unverified), or hedges in the clause ("reportedly", "apparently", "could not be
independently verified") -> reports_unverified; else asserts. With no attribution the claim
is the outlet's own voice. A source that is a party to the fighting (an actor mention with
a fighting side in the source phrase, or state media) has ``source_kind="party"``.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.sides import DEFAULT_SIDES, OUTLET_SIDES_NOT_PARTY
from ..lang import CueData
from ..errors import MarsadError
from ..model import Article, Claim, EventMention, Mention, stable_id
from ..theaters import TheaterPack
from .attribution import (Attribution, display_source, drop_attribution_memo, sentence_attributions,
                          unverified_cue)
from .roles import actor_side
from .triggers import Trigger, best_trigger, drop_trigger_memo, sentence_triggers


class ClaimConfigError(MarsadError, ValueError):
    """The claim tagger was given an unknown option."""


_QUOTE_CHARS = "\u201c\u201d\""
#: the source-kind cue words, per language: ``lang/<lang>/claims.json``
_CUES = CueData("en", "claims")
_ANONYMOUS = re.compile(r"^(?:(?:" + _CUES.alternatives("anonymous_modifiers") + r")\s+)*(?:"
                        + _CUES.alternatives("anonymous_sources") + r")\b", re.IGNORECASE)
_STATE_MEDIA = re.compile(r"\b(?:" + _CUES.alternatives("state_media") + r")\b", re.IGNORECASE)
_DETERMINERS = _CUES.words("determiners")
#: "..., a claim disputed by opposition leaders": the agent is the denier
_PASSIVE_DENIAL = re.compile(r"\b(?:" + _CUES.alternatives("passive_denial") + r")\s+by\s+"
                             r"(?P<src>[^,;.:\"\u201c\u201d()]{2,60}?)\s*(?=[,;.:\"\u201c\u201d()]|$)",
                             re.IGNORECASE)


#: "senior members of the government", "Gaddafi's government": the theater's government
_GOVERNMENT_NOUN = re.compile(r"\b(?:" + _CUES.alternatives("government_nouns") + r")\b(?!-)",
                              re.IGNORECASE)
_GOVERNMENT_NOT = frozenset(_CUES.words("government_not_before"))


def _speaks_for_government(source: str) -> bool:
    """Does a source phrase speak for the theater's government ("officials of the
    government", "the regime's spokesman", "Gaddafi's government")? Not a rebel or interim
    government, not "anti-regime" activists, not another state's ("the British government")."""
    for m in _GOVERNMENT_NOUN.finditer(source):
        before = source[:m.start()].rstrip()
        if before.endswith("-"):
            return False   # "anti-government", "pro-regime" is a camp word, not the speaker
        words = before.split()
        prev = words[-1] if words else ""
        if prev.lower().strip("'\u2019") in _GOVERNMENT_NOT:
            return False
        if prev[:1].isupper() and not prev.endswith(("'s", "\u2019s")) \
                and prev.lower() not in _DETERMINERS:
            return False   # "the British government": another state's
        return True
    return False


class ClaimTagger:
    name = "claims"
    requires = ("sentences", "events", "mentions.actor", "mentions.person")
    assigns = ("claims", "events.claims")

    def __init__(self, pack: TheaterPack, *, unknown_outlet: str = "unknown outlet"):
        self.pack = pack
        self.sides = getattr(pack, "sides", None) or DEFAULT_SIDES
        self.unknown_outlet = unknown_outlet
        self.government_actor = _government_actor(pack)

    def __call__(self, article: Article) -> Article:
        atts_cache: dict[int, list[Attribution]] = {}
        by_sentence: dict[int, list[Mention]] = {}
        for m in article.mentions:
            by_sentence.setdefault(m.sentence, []).append(m)

        def atts(idx: int) -> list[Attribution]:
            if idx not in atts_cache:
                atts_cache[idx] = sentence_attributions(article, idx)
            return atts_cache[idx]

        claims: list[Claim] = []
        seen: set[str] = set()
        trig_cache: dict[int, list[Trigger]] = {}   # per call: stages hold no mutable state
        for em in article.events:
            em.claims = []
            for claim in self._claims_for(article, em, atts, by_sentence, trig_cache):
                if claim.id not in em.claims:
                    em.claims.append(claim.id)
                if claim.id not in seen:
                    seen.add(claim.id)
                    claims.append(claim)
        article.claims = claims
        drop_attribution_memo(article)
        drop_trigger_memo(article)
        return article

    # -- one event mention ----------------------------------------------------------------

    def _claims_for(self, article: Article, em: EventMention, atts, by_sentence,
                    trig_cache: dict) -> list[Claim]:
        sent = article.sentences[em.sentence]
        clause = article.text[em.start:em.end]
        passive = _PASSIVE_DENIAL.search(sent.text) if em.modality == "denied" else None
        if passive is not None and len(passive.group("src").split()) <= 8:
            # "X claimed ..., a claim disputed by Y": Y denies it, X is not the denier
            a, b = sent.start + passive.start("src"), sent.start + passive.end("src")
            span = [m for m in by_sentence.get(em.sentence, ()) if m.start < b and m.end > a]
            kind, actor = self._kind(passive.group("src"), span)
            return [self._claim(article, em, display_source(passive.group("src").strip()), kind,
                                actor, "denies", passive.group(0))]
        sent_atts = atts(em.sentence)
        chosen: list[tuple[Attribution, int]] = []
        if sent_atts:   # where the event word is decides which reporting verb governs it
            spans = [(a.start, a.end) for a in sent_atts if a.source and a.verb != "according to"]
            trigs = [t for t in self._clause_triggers(article, em, sent, trig_cache)
                     if not any(a <= em.start - sent.start + t.start < b for a, b in spans)]
            trig = best_trigger(trigs, em.sub_event_type)
            # no event word: the clause as a whole is what its reporting verb governs
            t_rel = (em.start - sent.start) + (trig.start if trig else em.end - em.start)
            governing = _governing(sent_atts, t_rel)
            if trig is None and all(a.verb == "according to" for a in governing):
                # no event word: a trailing '"...", X said.' after the clause governs it too
                governing = _governing(sent_atts, em.start - sent.start)
            deniers = [a for a in sent_atts if a.stance == "denies" and a.verb != "according to"]
            if em.modality == "denied" and deniers and not any(a.stance == "denies" for a in governing):
                # a denied event is the denier's ("X denied ..., but Y acknowledged ...")
                governing = [a for a in governing if a.verb == "according to"] + [deniers[0]]
            chosen = [(a, em.sentence) for a in governing]
        hedge = unverified_cue(clause)
        out: list[Claim] = []
        for att, sentence_idx in chosen or self._borrowed(article, em, atts):
            src_att = att if att.source else _inherited(atts(sentence_idx), att)
            src_idx = sentence_idx
            if src_att is not None and src_att.pronoun:
                # "he said": the last named source before it (with that sentence's mentions)
                src_att, src_idx = self._antecedent(sentence_idx, atts) or (src_att, src_idx)
            s = article.sentences[src_idx]
            source_text = src_att.source if src_att is not None else ""
            stance = att.stance
            if em.modality == "denied":
                stance = "denies"
            elif stance == "denies":
                stance = "asserts"
            if stance == "asserts" and hedge:
                stance = "reports_unverified"
            span_mentions = [] if src_att is None else [
                m for m in by_sentence.get(src_idx, ())
                if m.start < s.start + src_att.end and m.end > s.start + src_att.start]
            said = article.sentences[sentence_idx].text
            phrase = said[min(att.start, att.verb_start):max(att.end, att.verb_end)]
            if source_text and not _speaker_like(source_text, span_mentions):
                # a dateline, a wire slug or a teaser line read as the speaker ("TRIPOLI | Sun
                # May 1", "WRAPUP 9-..."): the outlet's own voice
                out.append(self._claim(article, em, article.outlet or self.unknown_outlet,
                                       "outlet", None, stance, phrase))
                continue
            kind, actor = self._kind(source_text, span_mentions)
            source_text = _short_source(source_text, span_mentions)
            out.append(self._claim(article, em, display_source(source_text) if source_text else "unknown",
                                   kind if source_text else "anonymous", actor, stance, phrase))
        if not out:
            stance = "reports_unverified" if hedge else "asserts"
            if em.modality == "denied":
                stance = "denies"
            outlet = article.outlet or self.unknown_outlet
            out.append(self._claim(article, em, outlet, "outlet", None, stance, hedge or ""))
        return out

    @staticmethod
    def _clause_triggers(article: Article, em: EventMention, sent, cache: dict) -> list[Trigger]:
        if em.sentence not in cache:
            cache[em.sentence] = sentence_triggers(article, em.sentence)
        lo, hi = em.start - sent.start, em.end - sent.start
        return [Trigger(t.kind, t.start - lo, t.end - lo, t.text)
                for t in cache[em.sentence] if t.start >= lo and t.end <= hi]

    def _claim(self, article: Article, em: EventMention, source: str, kind: str,
               actor: str | None, stance: str, phrase: str) -> Claim:
        return Claim(
            id=stable_id(article.id, em.sentence, source, stance, em.id),
            article_id=article.id, sentence=em.sentence, source=source, source_kind=kind,
            source_actor=actor, stance=stance, event_mention=em.id, text=phrase.strip())

    def _kind(self, source: str, mentions: list[Mention]) -> tuple[str, str | None]:
        actors = [m for m in mentions if m.kind == "actor" and m.norm]
        for m in actors:
            side = actor_side(m, self.pack)
            if self.sides.is_fighting_side(side) and side not in OUTLET_SIDES_NOT_PARTY:
                return "party", m.norm
        if _STATE_MEDIA.search(source) or (
                self.government_actor and not actors and _speaks_for_government(source)):
            return "party", self.government_actor
        if any(m.kind in ("person", "source") for m in mentions):
            return "named", None
        if _ANONYMOUS.match(source.strip()):
            return "anonymous", None
        if actors:
            return "named", None
        words = source.split()
        if any(w[:1].isupper() for w in words[1:] if w.lower() not in _DETERMINERS) or (
                words and words[0][:1].isupper() and words[0].lower() not in _DETERMINERS):
            return "named", None
        return "anonymous", None

    def _borrowed(self, article: Article, em: EventMention, atts) -> list[tuple[Attribution, int]]:
        """A quoted sentence with no attribution: the speaker of the next/previous sentence."""
        sent = article.sentences[em.sentence]
        if not any(c in sent.text for c in _QUOTE_CHARS):
            return []
        for idx in (em.sentence + 1, em.sentence - 1):
            if 0 <= idx < len(article.sentences):
                for att in atts(idx):
                    if att.verb != "according to" and (att.trailing or att.pronoun) and att.source:
                        return [(att, idx)]
        return []

    @staticmethod
    def _antecedent(sentence_idx: int, atts) -> tuple[Attribution, int] | None:
        for idx in range(sentence_idx, max(-1, sentence_idx - 6), -1):
            for att in reversed(atts(idx)):
                if att.source and not att.pronoun and att.verb != "according to":
                    return att, idx
        return None


def _governing(atts: list[Attribution], t_rel: int) -> list[Attribution]:
    """Attributions that scope over a trigger at ``t_rel`` (sentence-relative offsets)."""
    out = [att for att in atts if att.verb == "according to"]
    before = [a for a in atts if a.verb != "according to" and a.verb_end <= t_rel and not a.trailing]
    if before:
        out.append(before[-1])
    else:
        after = [a for a in atts if a.verb != "according to" and a.verb_start >= t_rel and a.trailing]
        if after:
            out.append(after[0])
    return out


#: what a speaker's name never holds: a dateline's bar or clock time, a teaser's bullets, a
#: wire slug in capitals
_NOT_SPEAKER = re.compile(r"[|*•]|\b\d{1,2}:\d\d\b|\b(?:WRAPUP|REFILE|UPDATE|CORRECTED)\b")


def _speaker_like(source: str, mentions: list[Mention]) -> bool:
    """Whether a source phrase can name a speaker: not a dateline ("TRIPOLI | Sun May 1",
    a place in capitals alone: "LIBYA"), a wire slug ("WRAPUP 9-Libyan forces ...") or a
    bullet list. Agencies in capitals ("SANA") are speakers."""
    if _NOT_SPEAKER.search(source):
        return False
    kinds = {m.kind for m in mentions}
    return not (source.isupper() and "place" in kinds and not kinds & {"actor", "person", "source"})


def _short_source(source: str, mentions: list[Mention]) -> str:
    """A long subject phrase ("A rebel alliance that includes ...") -> its first named part."""
    if len(source.split()) <= 8:   # "A local council official in Kafr Zita" stays whole
        return source
    for kind in ("person", "source", "actor"):
        for m in mentions:
            if m.kind == kind:
                return m.text
    return source


def _inherited(atts: list[Attribution], att: Attribution) -> Attribution | None:
    earlier = [a for a in atts if a.verb_start < att.verb_start and a.source
               and a.verb != "according to"]
    return earlier[-1] if earlier else None


def _government_actor(pack: TheaterPack) -> str | None:
    best, sides = None, getattr(pack, "sides", None) or DEFAULT_SIDES
    for actor in pack.actors:
        if sides.is_government(actor.side.lower()) and actor.inter == 1:
            if best is None or not actor.parent:
                best = actor.id
                if not actor.parent:
                    break
    return best


def make_claim_tagger(pack: TheaterPack, **config: Any) -> ClaimTagger:
    unknown = set(config) - {"unknown_outlet"}
    if unknown:
        raise ClaimConfigError(f"unknown option(s) for stage 'claims': {sorted(unknown)}")
    return ClaimTagger(pack, **config)
