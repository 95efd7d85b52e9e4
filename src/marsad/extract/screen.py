"""Stage ``screen``: which coded mentions may enter the record (issue 12).

The event coder reads sentence by sentence; this stage looks at each coded mention with
the whole article in view and holds back what an ACLED coder would not code, saying why
(``EventMention.held_back``). A held-back mention is stored with its reason and stays out
of linking and of the exports unless asked for:

- ``off-topic article``: the ``relevance`` stage judged the article not about the
  theater's conflict (another country's war, an oil spill, a market report);
- ``running toll``: the only number is a cumulative toll ("more than 20,000 have been
  killed since March") and the sentence gives the incident no date or place of its own,
  or a place but no day ("since May 3 shelling of the town has killed 140"); when it
  gives a day, the mention stays but the cumulative figure is not its fatalities;
- ``before the article's window``: dated more than ``window_days`` before publication
  (or before the page's "last updated" stamp when it gives no publication date) with no
  word that it is background ("in 2012", "in 1982" read as a new event);
- ``elsewhere``: the sentence names no theater place but another country or a place there
  ("clashes in Yemen's north"), or it only borrows the article's place while the text last
  named another country, so the borrowed place would put it in the wrong country;
- ``unlocated``: no place at all, not even the governorate (an ACLED row always has one);
  or only the whole article's place, with no day and no toll of its own to tie the
  sentence to an incident ("Some groups have reported arbitrary arrests across the
  country", "the rebels fighting Gaddafi" in a paragraph on Washington's debate);
- ``caption``: a photo caption, tag line or source line ("Photo: ...", "(Source: ...)");
- ``generic``: a habitual or generic statement ("the airfield has been used for countless
  raids", "since 2012", "has recently come under attack") with no day of its own, or a
  mention dated only to a span longer than a month ("over the past year");
- ``rhetoric``: an accusation, warning or call ("X accused Y of ...") with no day and no
  toll of its own;
- ``description``: no event word or conflict word in the whole sentence, no day and no
  toll ("the village lies along the old frontier"): the classifier's guess alone is not
  an event; or what a video or picture shows, with no day or toll of its own;
- ``opinion``: a writer's or reader's own view ("I think these attacks were ..."), or a
  question, with no day or toll of its own;
- ``unsupported``: a strategic development (a non-violent catch-all of the classifier)
  whose clause has no word of the kind coded (an arrest without "arrested", a group
  change without "formed" or "launched") and no toll; an agreement named only in passing
  ("escaped under an evacuation deal", "covered by a truce"); a base or headquarters
  set up with no armed group named;
- ``elaboration``: a sentence that goes on about an event told before ("the victims
  included 51 children", "it said five civilians were killed") with no place, no day and
  no event word of its own (only "killed"/"wounded"), or whose only event words point back
  ("the attack was a message", "the strike served their interests") with no day, toll or
  place of its own:
  the earlier mention is the event.

The cue words are language data (``lang/<code>/screen_cues.json``).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ..lang import CueData, json_data, word_table
from ..model import Article, EventMention, Fatalities, Sentence
from ..nlp.dates import reference_date, report_day
from ..nlp.numbers import find_counts
from ..theaters import TheaterPack
from .context import since_before
from .modality import assess
from .relevance import conflict_words_pattern
from .triggers import SUBTYPE_KINDS, Trigger, find_triggers

#: trigger words that only count victims: alone, they tell of an event told before
_VICTIM_WORDS = frozenset({"killed", "wounded"})
#: geocoding steps that borrowed the place from an earlier sentence or the whole article
_BORROWED_PLACE = frozenset({"paragraph", "article", "landmark paragraph", "landmark article"})
#: the geocoding step that gave a sentence the whole article's place (its governorate)
_ARTICLE_PLACE = "article"
#: non-violent developments: the classifier's catch-all for text that is not an event
_DEVELOPMENTS = "Strategic developments"
_OTHER = "Other"
#: a sentence that ends in a question mark (a quotation mark may close it)
_QUESTION = re.compile(r"\?[\"'\u201d\u2019)\s]*$")
#: the sub-types of ground taken, and the trigger kinds that tell of a taking
#: a cheap gate before the 'calm' cues (each of them ends in one of these words)
_CALM_WORDS = re.compile(r"quiet|calm|peaceful|normal", re.IGNORECASE)
#: date words that are the day of writing itself
_WRITING_DAY = frozenset({"today", "now", "nowadays"})
_TAKINGS = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
_TAKING_KINDS = frozenset({"territory", "transfer"})
#: ACLED's inter code of civilians
_CIVILIAN_INTER = 7
#: ACLED codes a base set up by an armed group (non-state, as a rule); an aid agency's office is none
_BASE = "Headquarters or base established"
#: crowds chant and denounce: their words are the event, not rhetoric about one
_CROWD_TYPES = frozenset({"Protests", "Riots"})
#: trigger kinds that tell of a crowd
_CROWD_KINDS = frozenset({"protest", "riot"})
_PROTEST_KIND = "protest"
#: a reporting verb right after a crowd word: the crowd is the one speaking
_SPEAKS = re.compile(r"\s+(?:" + CueData("en", "screen_cues").alternatives("crowd_speaks") + r")\b",
                     re.IGNORECASE)
#: how far before publication an event may be dated and still be news
WINDOW_DAYS = 30
#: the widest date an incident may have: ACLED's coarsest time precision is a month
MAX_SPAN_DAYS = 31

#: words after (or around) a death toll that make it a running total, not one incident's
_CUMULATIVE = re.compile(r"\b(?:" + CueData("en", "screen_cues").alternatives("cumulative") + r")\b",
                         re.IGNORECASE)
#: a participle the running-total cue after it times ("hostages taken ... in the past week"):
#: the taking's span, not the toll's
_TIMED_ACT = re.compile(r"\b(?:" + CueData("en", "screen_cues").alternatives("timed_act")
                        + r")\b[^.;,:]{0,60}$", re.IGNORECASE)


#: a toll in the present perfect: with a cumulative cue anywhere in the sentence, a running count
_PERFECT_TOLL = re.compile(r"\b(?:" + CueData("en", "screen_cues").alternatives("perfect_toll") + r")\b",
                          re.IGNORECASE)

#: a campaign as a whole ("its crackdown on protesters, in which ... 3,500 people have been
#: killed"): with a toll in the present perfect, a running count
_CAMPAIGN = re.compile(r"\b(?:" + CueData("en", "screen_cues").alternatives("campaign") + r")\b",
                       re.IGNORECASE)

#: "the heaviest toll since March": a comparison, not a count since March
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:" + CueData("en", "screen_cues").alternatives("superlative")
                                 + r")\b[^.;]*$", re.IGNORECASE)


#: "33 killed in the city on Thursday": a toll with its own day
_OWN_DAY_AFTER = re.compile(r"\b(?:" + CueData("en", "screen_cues").alternatives("own_day_after") + r")\b", re.IGNORECASE)
#: how far after its toll a day may stand and still be the toll's own
_OWN_DAY_REACH = 80
#: how far after a running-toll cue its own count may stand ("bringing the toll ... to 136")
_CUE_COUNT_REACH = 40


def _only_victim_words(triggers: tuple[Trigger, ...]) -> bool:
    """The clause's only event words are a toll's ("killed"), none of a deed of its own."""
    return bool(triggers) and all(t.text.lower() in _VICTIM_WORDS for t in triggers)


def cumulative_toll(sentence: str, fatalities: Fatalities) -> bool:
    """Whether the sentence tells its death toll as a running total."""
    if not fatalities.known or not fatalities.text:
        return False
    at = sentence.find(fatalities.text)
    if at < 0:
        return bool(_CUMULATIVE.search(sentence))
    # the cue must begin in the same stretch of the sentence as the number ("since the
    # offensive began" may end beyond it)
    if _PERFECT_TOLL.search(sentence) and (any(
            not _SUPERLATIVE_BEFORE.search(sentence, max(0, m.start() - 90), m.start())
            for m in _CUMULATIVE.finditer(sentence)) or _CAMPAIGN.search(sentence)) and len(
            [c for c in find_counts(sentence) if c["casualty"] != "wounded" and not c["subset"]]) <= 1:
        # "545 people have been killed in the campaign ... since Tuesday" (one toll only:
        # "five were killed on Sunday, bringing the toll since Monday to 40" keeps its five)
        return True
    lo, hi = max(0, at - 100), at + len(fatalities.text) + 120
    own_day = _OWN_DAY_AFTER.search(sentence, at, at + len(fatalities.text) + _OWN_DAY_REACH)
    return any(lo <= m.start() < hi and not _SUPERLATIVE_BEFORE.search(sentence, max(0, m.start() - 90), m.start())
               and not _owns_later_count(sentence, m, at)
               and not (m.start() > at and _TIMED_ACT.search(sentence, at, m.start()))
               and not (own_day and m.end() <= at)  # a cue before a toll with its own day
               for m in _CUMULATIVE.finditer(sentence, lo))


def _owns_later_count(sentence: str, cue: re.Match[str], at: int) -> bool:
    """A cue after the number that has a count of its own ("killed 9 on Sunday, bringing the
    toll since April 1 to 136"): the running total is that count, not the incident's."""
    if cue.start() <= at:
        return False
    return any(cue.end() <= c["start"] <= cue.end() + _CUE_COUNT_REACH and c["start"] != at
               for c in _counts(sentence))


@lru_cache(maxsize=1024)
def _counts(sentence: str) -> tuple[dict, ...]:
    return tuple(find_counts(sentence))


def _foreign_ground(lang: str, demonyms: dict[str, str]) -> re.Pattern[str]:
    """'foreign_ground' cues with the language's demonyms in place of DEMONYM, the
    countries they name in place of COUNTRY."""
    names = "|".join(sorted((re.escape(d) for d in demonyms), key=len, reverse=True)) or "(?!)"
    countries = "|".join(sorted({re.escape(c) for c in demonyms.values()}, key=len,
                                reverse=True)) or "(?!)"
    cues = [c.replace("(?:DEMONYM)", f"(?P<demonym{i}>{names})")
            .replace("(?:COUNTRY)", f"(?P<country{i}>{countries})")
            for i, c in enumerate(json_data(lang, "screen_cues")["foreign_ground"])]
    return re.compile("|".join(rf"\b(?:{c})\b" for c in cues), re.IGNORECASE)


def _cues(lang: str) -> dict[str, re.Pattern[str]]:
    doc = json_data(lang, "screen_cues")
    return {kind: re.compile("|".join(f"(?:{c})" if c.startswith("^") else rf"\b(?:{c})\b"
                                      for c in cues), re.IGNORECASE)
            for kind, cues in doc.items() if not kind.startswith("_") and kind not in _FILLED}


#: cue lists with a placeholder filled when the screen is built
_FILLED = ("foreign_ground", "country_taken")


class EventScreen:
    name = "screen"
    requires = ("events", "events.place", "relevance", "mentions.place", "mentions.date")
    assigns = ("events.held_back",)

    def __init__(self, pack: TheaterPack, *, window_days: int = WINDOW_DAYS,
                 keep_off_topic: bool = False, lang: str = "en"):
        self.pack = pack
        self.cues = _cues(lang)
        self._conflict = conflict_words_pattern(lang)
        self.window_days = int(window_days)
        self.keep_off_topic = bool(keep_off_topic)
        self._demonym_country = {d.lower(): c for d, c in word_table(lang, "demonyms")}
        self._demonym_country.update({c.lower(): c for c in set(self._demonym_country.values())})
        self._foreign_ground = _foreign_ground(lang, self._demonym_country)
        # "Al-Qaeda's Syria affiliate seized the hill": a clause naming the theater's country
        # is not about the country the page named last
        home = sorted({re.escape(w) for w in (pack.country, *pack.demonyms) if w}, key=len,
                      reverse=True) or ["(?!)"]
        self._home_named = re.compile(r"\b(?:" + "|".join(home) + r")(?:'s|’s|s)?\b")
        countries = sorted({re.escape(c) for c in (*self._demonym_country.values(), pack.country)
                            if c}, key=len, reverse=True)
        self._country_taken = re.compile("|".join(
            rf"\b(?:{c.replace('COUNTRY', '(?:' + '|'.join(countries) + ')')})\b"
            for c in json_data(lang, "screen_cues")["country_taken"]), re.IGNORECASE)

    def reason(self, article: Article, mention: EventMention) -> str | None:
        relevance = article.relevance
        if relevance is not None and not relevance.relevant and not self.keep_off_topic:
            return f"off-topic article: {relevance.reasons[0]}"
        if mention.coding.cumulative_toll and not _own_date_or_place(article, mention):
            return "running toll: a cumulative death toll, no incident of its own"
        last = mention.date.end or mention.date.start
        published = reference_date(article)
        if published is not None and last is not None and not mention.background:
            age = (published - last).days
            if age > self.window_days:
                return (f"before the article's window: dated {last.isoformat()}, "
                        f"{age} days before publication")
        if mention.coding.cumulative_toll and (not _own_day(mention) or _only_victim_words(
                _triggers(article.text[mention.start:mention.end] or mention.text))):
            # "Since May 3 shelling of the town has killed 140": a count over a place, no
            # incident of one day; a day told for another deed ("suspended Syria on Saturday
            # over its crackdown, in which 3,500 people have been killed") is not the toll's
            return "running toll: a cumulative death toll over a place, no day of its own"
        first = mention.date.start
        if first is not None and last is not None and (last - first).days > MAX_SPAN_DAYS:
            return (f"generic: dated only to {first.isoformat()}..{last.isoformat()}, "
                    "a span longer than a month, not one incident")
        if mention.place is None:
            return "unlocated: no place, not even a governorate"
        best = mention.fatalities.best if mention.fatalities.best is not None else mention.fatalities.low
        if best is not None and best >= _NO_INCIDENT_TOLL:
            return (f"running toll: {best:,} dead is no one incident's toll (the deadliest single "
                    "incidents of these wars are told in hundreds)")
        if (_province_toll(mention) and not _own_day(mention)
                and _PERFECT_TOLL.search(article.text[mention.start:mention.end] or mention.text)):
            return ("running toll: a large toll told in the present perfect over a whole province, "
                    "no day of its own")
        clause = article.text[mention.start:mention.end] or mention.text
        if mention.coding.geo_step in _BORROWED_PLACE:
            elsewhere = self._elsewhere(article, mention, clause)
            if elsewhere:
                return f"elsewhere: the sentence is about {elsewhere}, not where it was placed"
        if self.cues["caption"].search(clause):
            return "caption: a caption, tag or source line"
        sentence = article.sentences[mention.sentence] if mention.sentence < len(article.sentences) else None
        if sentence is not None and self.cues["teaser_stamp"].search(
                article.text, sentence.start, sentence.end):
            return "caption: another story's teaser (headline, 'updated:' time and lead)"
        own_day = _own_day(mention)
        if self.pack.is_abroad(mention.place) and not own_day and not mention.fatalities.known:
            # "Britain has 10,000 troops fighting in Afghanistan", "talks in Paris on ramping
            # up air strikes": another country named in passing, no incident of its own
            return (f"elsewhere: in {mention.place.country}, with no day or toll of its own "
                    "(named in passing)")
        if not own_day and (self.cues["habitual"].search(clause) or self._since(clause)):
            return "generic: a habitual or generic statement with no day of its own"
        if (not own_day or _said_day(mention) or _writing_day(mention)) \
                and not mention.fatalities.known and self.cues["ongoing"].search(clause):
            # "an officer said on Friday the allies had been using more drones": the
            # day is the saying's; the fighting is told as going on
            return "generic: fighting told as going on, with no day or toll of its own"
        triggers = _triggers(clause)
        figures = [m.span() for m in self.cues["figurative"].finditer(clause)] if triggers else []
        if figures and all(any(a <= t.start and t.end <= b for a, b in figures) for t in triggers):
            return "description: its event words are figures of speech (\"a war of words\")"
        if (not own_day and mention.coding.geo_step in _BORROWED_PLACE
                and all(t.text.lower() in _VICTIM_WORDS for t in triggers)):
            return "elaboration: no place, day or event word of its own"
        if (not own_day and not mention.fatalities.known and triggers
                and mention.coding.geo_step in _BORROWED_PLACE
                and all(self._anaphoric(clause, t) for t in triggers)):
            return ("elaboration: speaks of an event told before (\"the attack\") or of none in "
                    "particular (\"any attack\"), no day or toll")
        if (mention.coding.geo_step == _ARTICLE_PLACE and not own_day
                and not mention.fatalities.known):
            return ("unlocated: no place, day or toll of its own; the article's place alone "
                    "does not tie it to an incident")
        if (not mention.fatalities.known and self.cues["spread"].search(clause)
                and (mention.coding.geo_step in _BORROWED_PLACE
                     or mention.place.level in _WIDE_LEVELS)):
            return "generic: told of many unnamed places, with no place or toll of its own"
        if not own_day and self.cues["accusation"].search(clause):
            return "rhetoric: a charge laid on someone, not a report of an incident with its own day"
        if (not own_day and not mention.fatalities.known
                and mention.event_type not in _CROWD_TYPES and self.cues["rhetoric"].search(clause)):
            return "rhetoric: an accusation, warning or call with no day or toll of its own"
        if not own_day and not mention.fatalities.known:
            if _QUESTION.search(article.text[mention.start:_sentence_end(article, mention)]):
                return "opinion: a question asks, it does not tell of an incident"
            if self.cues["opinion"].search(clause):
                return "opinion: a writer's or reader's own view, with no day or toll of its own"
            if self.cues["depiction"].search(clause):
                return "description: what a video or picture shows, with no day or toll of its own"
        if (mention.event_type in _CROWD_TYPES and not self.cues["crowd_words"].search(clause)
                and not any(t.kind in _CROWD_KINDS for t in triggers)):
            return "unsupported: no word of a crowd, protest or riot"
        if (mention.event_type in _CROWD_TYPES and not any(t.kind in _CROWD_KINDS for t in triggers)
                and all(_SPEAKS.match(clause, m.end()) for m in self.cues["crowd_words"].finditer(clause))):
            # "protesters said roadblocks were cutting supplies": the crowd is a source here
            return "unsupported: the crowd only speaks; no protest or riot is told"
        if (mention.event_type in _CROWD_TYPES and not mention.fatalities.known
                and self._crowd_only_as_cause(clause, triggers)):
            return ("description: a crackdown or protests named as the reason for another act, "
                    "none told")
        if (mention.event_type in _CROWD_TYPES and self.cues["celebration"].search(clause)
                and not any(t.kind == _PROTEST_KIND for t in triggers)):
            # "crowds cheered and honked horns to celebrate the news": joy, no protest
            return "description: a celebration, no protest or riot word"
        if mention.event_type == _DEVELOPMENTS and self._civilian(mention.actor1):
            return "unsupported: civilians are no party to a strategic development"
        if mention.sub_event_type == _BASE and not mention.actor1:
            return "unsupported: a base or headquarters set up by no armed group"
        if mention.sub_event_type == _OTHER and not own_day and not mention.fatalities.known:
            # ACLED's rare "Other" development has no words of its own: the classifier's
            # catch-all beside an event word told elsewhere ("after the battle the troops
            # were regrouping", "the bodies of those the attack had killed")
            return "unsupported: the catch-all 'Other' with no day or toll of its own"
        if (mention.event_type == _DEVELOPMENTS and not mention.fatalities.known
                and not _supports(triggers, mention.sub_event_type)
                and not (mention.sub_event_type == "Change to group/activity"
                         and self.cues["launch"].search(clause))):
            return ("unsupported: no word for the kind of development coded "
                    f"({mention.sub_event_type})")
        if mention.sub_event_type in _TAKINGS and not mention.fatalities.known:
            takings = [t for t in _triggers(clause) if t.kind in _TAKING_KINDS]
            taken = [m.span() for m in self.cues["person_taken"].finditer(clause)]
            if takings and all(any(a <= t.start and t.end <= b for a, b in taken) for t in takings):
                return "unsupported: people captured, no ground taken"
            if takings and self._country_taken.search(clause):
                return ("generic: a whole country seized (power taken, told as a whole), "
                        "not ground taken in a battle")
        if (mention.sub_event_type in _TAKINGS and not mention.fatalities.known
                and not any(t.kind in _TAKING_KINDS for t in _triggers(mention.text))):
            return "unsupported: no word for a taking of ground (captured, retook, entered, fell to)"
        if mention.sub_event_type == "Agreement" and not self._agreement_made(clause, triggers):
            return "unsupported: an agreement named in passing (\"under a truce\"), none made"
        quiet = not own_day and not mention.fatalities.known and mention.event_type not in _CROWD_TYPES
        if (quiet and self.cues["stative"].search(clause)
                and all(self._anaphoric(clause, t) for t in triggers)):
            # "still in full control of the town in spite of the assault": told before
            return "description: says what a place or group is, not what happened"
        if (not mention.fatalities.known and mention.event_type not in _CROWD_TYPES
                and _CALM_WORDS.search(clause)
                and self.cues["calm"].search(clause)
                and all(self._nonspecific(clause, t) for t in triggers)):
            return "description: tells a place was quiet, with no event word or toll"
        if not mention.fatalities.known and mention.event_type not in _CROWD_TYPES and triggers:
            # with or without a day of its own ("claimed it had the men to hold off any
            # assault", "today the town shelters families from areas within shelling range")
            spans = [m.span() for m in self.cues["nonspecific"].finditer(clause)]
            specific = [t for t in triggers
                        if not any(a <= t.start and t.end <= b for a, b in spans)]
            if not specific:
                return ("description: its event words name no particular event (\"any attack\", "
                        "\"due to the bombing campaign\")")
            if mention.modality == "asserted" and len(specific) < len(triggers) and all(
                    assess(clause, (t.start, t.end)).modality != "asserted" for t in specific):
                # "rebels fighting in the mountains prepared for a new offensive": the rebels'
                # description is no battle, and the offensive is yet to come
                return ("not asserted: the event words that name an event tell one planned, "
                        "denied or not happened")
        if (quiet and not _triggers(mention.text)
                and not self._conflict.search(mention.text)):
            return "description: no event word, day or toll of its own"
        if not triggers and not mention.fatalities.known and not self._deed_named(article, sentence, clause):
            return "description: no word of a deed (the classifier's label alone)"
        return None

    def _deed_named(self, article: Article, sentence: Sentence | None, clause: str) -> bool:
        """Some word of a deed in the sentence (a clause may be a list item whose verb opens
        the sentence: "targets hit included: -- one tank near X")."""
        if sentence is None:
            return self.cues["deed_words"].search(clause) is not None
        return self.cues["deed_words"].search(article.text, sentence.start, sentence.end) is not None

    def _elsewhere(self, article: Article, mention: EventMention, clause: str) -> str | None:
        """The other country a sentence without a theater place of its own is about: one it
        names (the country or a place there; not its people: "Russian jets" are actors, not a
        place), or, for a place borrowed from the whole article, the country the text last
        named before it (a round-up page's section on Egypt names no Syrian place)."""
        countries = [m.place_info.country for m in article.mentions_in(mention.sentence, "place")
                     if m.place_info.abroad and m.place_info.country]
        for m in self._foreign_ground.finditer(clause):   # "strikes on Iraqi territory"
            demonym = next(g for g in m.groups() if g)
            country = self._demonym_country.get(demonym.lower())
            if country and country != self.pack.country:
                countries.append(country)
        if not countries and mention.coding.geo_step == "article" \
                and not self._home_named.search(clause):
            before = [m for m in article.mentions
                      if m.kind == "place" and m.end <= mention.start and m.norm]
            if before:
                last = max(before, key=lambda m: m.start).place_info
                if last.abroad and last.country:
                    countries.append(last.country)
        return countries[0] if countries else None

    def _crowd_only_as_cause(self, clause: str, triggers: tuple[Trigger, ...]) -> bool:
        """Every crowd word and protest or riot word of the clause stands inside a reason
        given for another act ("froze their assets over the crackdown on protesters")."""
        causes = [m.span() for m in self.cues["crowd_as_cause"].finditer(clause)]
        if not causes:
            return False
        words = [m.span() for m in self.cues["crowd_words"].finditer(clause)]
        words += [(t.start, t.end) for t in triggers if t.kind in _CROWD_KINDS]
        return all(any(a <= s and e <= b for a, b in causes) for s, e in words)

    def _agreement_made(self, clause: str, triggers: tuple[Trigger, ...]) -> bool:
        """The clause tells of an agreement made ("agreed a truce", "a ceasefire took
        effect"), not one named in passing ("under an evacuation deal")."""
        if not self.cues["agreement_made"].search(clause):
            return False
        return any(t.kind == "agreement" and not self.cues["in_passing"].search(
            clause[max(0, t.start - 50):t.start].rstrip()) for t in triggers)

    def _civilian(self, actor_id: str | None) -> bool:
        actor = self.pack.actor(actor_id) if actor_id else None
        return actor is not None and (actor.inter == _CIVILIAN_INTER
                                      or actor.side.lower() in ("civilian", "civilians"))

    def _anaphoric(self, clause: str, trigger: Trigger) -> bool:
        """The trigger word tells of no new event: a definite event noun pointing back ("the
        attack") or one that names none in particular."""
        return self._nonspecific(clause, trigger) or any(
            m.start() <= trigger.start and trigger.end <= m.end()
            for m in self.cues["anaphoric"].finditer(clause))

    def _nonspecific(self, clause: str, trigger: Trigger) -> bool:
        """The trigger word names no particular event ("any attack", "enough men to repel")."""
        return any(m.start() <= trigger.start and trigger.end <= m.end()
                   for m in self.cues["nonspecific"].finditer(clause))

    def _since(self, clause: str) -> bool:
        """'since 2012' as background, not 'the heaviest shelling since 2012'."""
        for match in self.cues["habitual_since"].finditer(clause):
            if not self.cues["superlative"].search(clause[max(0, match.start() - 60):match.start()]):
                return True
        return False

    def __call__(self, article: Article) -> Article:
        for mention in article.events:
            if cumulative_toll(mention.text, mention.fatalities):
                mention.coding = dataclasses.replace(
                    mention.coding, cumulative_toll=mention.fatalities.text)
                mention.fatalities = Fatalities()
            mention.held_back = self.reason(article, mention)
        return article


#: trigger kinds of armed activity: an offensive announced or begun is a change of activity
_MILITARY_KINDS = frozenset({"clash", "territory", "shelling", "air", "remote", "suicide"})


def _supports(triggers: tuple[Trigger, ...], sub_event_type: str) -> bool:
    """Whether a clause's trigger words support a strategic-development sub-type: a word of
    its own kind; for a change to group/activity also armed activity ("began their
    operations"); for the catch-all "Other" any event word."""
    kinds = {t.kind for t in triggers}
    if sub_event_type == "Other":
        return bool(kinds)
    if sub_event_type == "Change to group/activity" and kinds & _MILITARY_KINDS:
        return True
    return bool(kinds & set(SUBTYPE_KINDS.get(sub_event_type, ())))


@lru_cache(maxsize=4096)
def _triggers(text: str) -> tuple[Trigger, ...]:
    """``find_triggers`` once per text: clauses of one sentence share their sentence."""
    return tuple(find_triggers(text))


def _own_date_or_place(article: Article, mention: EventMention) -> bool:
    """The sentence itself names a date or a place (not inherited from the paragraph) of an
    incident: not the day a running count starts ("since the war began in March 2011") and
    not a whole country ("killed in Syria")."""
    for m in article.mentions_in(mention.sentence):
        if m.kind == "date" and m.date_info.bound != "since" and not since_before(article.text, m.start):
            return True
        if m.kind == "place" and m.place_info.level != "country":
            return True
    return False




#: a toll this large over a whole province, with no day, is a count of many incidents
_PROVINCE_TOLL_MIN = 100
#: a toll this large is a war's or a year's count, whatever cue words the sentence lacks
_NO_INCIDENT_TOLL = 5000
#: place levels that are no incident's place
_WIDE_LEVELS = frozenset({"governorate", "country"})


def _province_toll(mention: EventMention) -> bool:
    best = mention.fatalities.best if mention.fatalities.best is not None else mention.fatalities.low
    return (best is not None and best >= _PROVINCE_TOLL_MIN and mention.place is not None
            and mention.place.level in _WIDE_LEVELS)


def _sentence_end(article: Article, mention: EventMention) -> int:
    """Where the mention's sentence ends (the mention's own end without sentences)."""
    if 0 <= mention.sentence < len(article.sentences):
        return max(mention.end, article.sentences[mention.sentence].end)
    return mention.end


def _own_day(mention: EventMention) -> bool:
    """The clause itself dates the event to a day ("on Sunday", "on 3 May"); not the day a
    running count starts ("since Sept. 19")."""
    date = mention.date
    if date.precision != "day" or not date.text or date.text not in mention.text:
        return False
    at = mention.text.find(date.text)
    return not since_before(mention.text, at)


def _writing_day(mention: EventMention) -> bool:
    """The clause's day is the day of writing ("today Derna is in rebel hands, and ... are
    fighting side by side"): a state told as it stands, not an incident's day."""
    return (mention.date.text or "").lower() in _WRITING_DAY


def _said_day(mention: EventMention) -> bool:
    """The clause's day is the day someone said so ("a spokesman said on Monday ...")."""
    date = mention.date
    at = mention.text.find(date.text) if date.text else -1
    return at >= 0 and report_day(mention.text, at)


def make_event_screen(pack: TheaterPack, *, window_days: int = WINDOW_DAYS,
                      keep_off_topic: bool = False, lang: str = "en") -> EventScreen:
    return EventScreen(pack, window_days=window_days, keep_off_topic=keep_off_topic, lang=lang)

