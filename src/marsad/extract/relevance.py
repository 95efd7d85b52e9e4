"""Stage ``relevance``: is this article about the theater's conflict? (issue 12)

Real pages as crawled are mostly not about the theater's war: other countries' wars, oil
spills, flu, markets. Coded sentence by sentence, every one of them yields "events" that
the geocoder then places in the theater. This stage judges the whole article once, from
what the earlier stages found, and says why:

- **theater**: how often the article names the theater (its country names and demonyms,
  "Syria", "Syrian") and how many distinct theater places it names;
- **abroad**: how often it names each other country (its name, one of its places, or its
  people: "Libyan", ``lang/<code>/demonyms``);
- **conflict**: how many distinct conflict words it uses (``lang/<code>/conflict_words``:
  clashes, shelling, rebels, troops, protesters...; not "killed" or "explosion", which
  disasters share).

An article is about the theater's conflict when the theater is named (twice, by name or
distinct places, or once by a city of 100,000), no single foreign country is named more often
than the theater, and it uses at least two distinct conflict words. The event coder holds back the events
of an article judged off-topic (``EventMention.held_back``), so they stay out of the
record by default but remain visible on request.
"""

from __future__ import annotations

import re
from collections import Counter

from ..lang import word_list, word_table
from ..model import Article, Mention, Relevance
from ..nlp.prefilter import trie_pattern
from ..theaters import TheaterPack

#: distinct conflict words an article needs to be about a conflict at all (one in a short
#: report: "Airstrikes hit three villages in Hama, killing 9" says it once)
MIN_CONFLICT_WORDS = 2
SHORT_REPORT_CHARS = 600
#: the theater's names and distinct places an article needs (one passing "Syria" is not enough)
MIN_THEATER_PLACES = 2
#: ... or one place this populous ("rocket attacks on Aleppo" need not say "Syria")
MAJOR_PLACE_POPULATION = 100_000


def judge(*, theater: str, theater_names: int, theater_places: int, major_places: int = 0,
          foreign: Counter[str], foreign_people: Counter[str] | None = None,
          conflict_words: int, short: bool = False,
          commentary: str | None = None) -> Relevance:
    """The decision rule, from counts (kept apart from the text so it is tested alone).

    ``foreign`` counts each other country's names and places, ``foreign_people`` its
    demonyms ("Russian"). Demonyms name foreign *actors* as often as foreign places
    ("Russian air raids over Raqqa"), so they weigh in only when the theater itself is
    not named by name, i.e. when a few theater places (perhaps namesakes of foreign
    towns) are all that ties the article to it.
    """
    reasons: list[str] = []
    foreign_people = foreign_people or Counter()
    named = (theater_names + theater_places >= MIN_THEATER_PLACES or major_places > 0)
    if not named:
        reasons.append(f"{theater} is hardly named ({theater_names} name"
                       f"{'s' if theater_names != 1 else ''}, {theater_places} distinct "
                       f"place{'s' if theater_places != 1 else ''})")
    theater_count = theater_names + theater_places
    rival = foreign if theater_names > 0 else foreign + foreign_people
    top, top_count = (rival.most_common(1)[0] if rival else (None, 0))
    if top is not None and top_count > theater_count:
        reasons.append(f"mostly about {top} ({top_count} mentions against {theater_count} "
                       f"for {theater})")
    if conflict_words < (1 if short else MIN_CONFLICT_WORDS):
        reasons.append(f"no conflict vocabulary ({conflict_words} conflict word"
                       f"{'s' if conflict_words != 1 else ''})")
    if commentary:
        reasons.append(f"commentary: an opinion piece ({commentary!r}), analysis not reporting")
    relevant = not reasons
    if relevant:
        reasons.append(f"about {theater}: named {theater_names}x, {theater_places} distinct "
                       f"places, {conflict_words} conflict words")
    return Relevance(relevant=relevant, theater_names=theater_names,
                     theater_places=theater_places, top_foreign=top,
                     top_foreign_count=top_count, conflict_words=conflict_words,
                     reasons=tuple(reasons))


def conflict_words_pattern(lang: str = "en") -> re.Pattern[str]:
    """Whole-word, case-blind matcher of the language's conflict words."""
    return re.compile(r"\b" + trie_pattern(
        sorted(w.lower() for w in word_list(lang, "conflict_words"))) + r"\b", re.IGNORECASE)


class ForeignPeople:
    """Other countries' demonyms ("Libyan", "Yemeni") in a text, as the countries they name."""

    def __init__(self, pack: TheaterPack, lang: str = "en"):
        self._country = {demonym: country for demonym, country in word_table(lang, "demonyms")
                         if country != pack.country}
        self._pattern = re.compile(r"\b" + trie_pattern(sorted(self._country)) + r"\b")

    def countries(self, text: str) -> list[str]:
        return [self._country[m.group()] for m in self._pattern.finditer(text)]


class RelevanceJudge:
    name = "relevance"
    requires = ("mentions.place",)
    assigns = ("relevance",)

    def __init__(self, pack: TheaterPack, *, lang: str = "en"):
        self.pack = pack
        names = {pack.country, *pack.demonyms}
        for place in pack.places:
            if place.level == "country":
                names.add(place.name)
                names.update(pack.place_aliases.get(place.id, ()))
        self._theater_names = re.compile(r"\b" + trie_pattern(sorted(names)) + r"\b")
        self.foreign_people = ForeignPeople(pack, lang)
        self._conflict = conflict_words_pattern(lang)
        self._commentary = re.compile("|".join(f"(?:{m})" for m in word_list(lang, "commentary_markers")),
                                      re.IGNORECASE)

    def assess(self, article: Article) -> Relevance:
        text = article.text
        theater_names = sum(1 for _ in self._theater_names.finditer(text))
        places: set[str] = set()
        foreign: Counter[str] = Counter()
        people: Counter[str] = Counter()
        for mention in article.mentions:
            if mention.kind != "place":
                continue
            country = _abroad_country(mention)
            if country is not None:
                foreign[country] += 1
            elif mention.norm and not _is_country(mention):
                places.add(mention.norm)
        people.update(self.foreign_people.countries(text))
        conflict = {m.group().lower() for m in self._conflict.finditer(text)}
        major = sum(1 for pid in places
                    if self.pack.place_population.get(pid, 0) >= MAJOR_PLACE_POPULATION)
        return judge(theater=self.pack.country, theater_names=theater_names,
                     theater_places=len(places), major_places=major, foreign=foreign,
                     foreign_people=people, conflict_words=len(conflict),
                     short=len(text) < SHORT_REPORT_CHARS,
                     commentary=(m.group(0)[:60] if (m := self._commentary.search(text)) else None))

    def __call__(self, article: Article) -> Article:
        article.relevance = self.assess(article)
        return article


def _abroad_country(mention: Mention) -> str | None:
    info = mention.place_info
    return info.country if info.abroad else None


def _is_country(mention: Mention) -> bool:
    return mention.place_info.level == "country"


def make_relevance_judge(pack: TheaterPack, *, lang: str = "en") -> RelevanceJudge:
    return RelevanceJudge(pack, lang=lang)
