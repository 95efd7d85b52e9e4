"""Stage ``screen``: which coded mentions may enter the record (issue 12).

The event coder reads sentence by sentence; this stage looks at each coded mention with
the whole article in view and holds back what an ACLED coder would not code, saying why
(``EventMention.held_back``). A held-back mention is stored with its reason and stays out
of linking and of the exports unless asked for:

- ``off-topic article``: the ``relevance`` stage judged the article not about the
  theater's conflict (another country's war, an oil spill, a market report);
- ``running toll``: the only number is a cumulative toll ("more than 20,000 have been
  killed since March") and the sentence gives the incident no date or place of its own;
  when it does, the mention stays but the cumulative figure is not its fatalities;
- ``before the article's window``: dated more than ``window_days`` before publication
  with no word that it is background ("in 2012", "in 1982" read as a new event);
- ``unlocated``: no place at all, not even the governorate (an ACLED row always has one).
"""

from __future__ import annotations

import re

from ..model import Article, EventMention, Fatalities
from ..theaters import TheaterPack

#: how far before publication an event may be dated and still be news
WINDOW_DAYS = 30

#: words after (or around) a death toll that make it a running total, not one incident's
_CUMULATIVE = re.compile(
    r"\b(?:since (?:the )?(?:start|beginning|outbreak)|since (?:19|20)\d\d|since (?:January|"
    r"February|March|April|May|June|July|August|September|October|November|December)|"
    r"since the (?:uprising|conflict|war|revolt|revolution|crisis)|so far|to date|in total|"
    r"in all|overall|this year|last year|(?:death|casualty) toll (?:has )?(?:risen|rose|climbed|"
    r"reached|stands)|bringing the (?:overall |total |death )*toll|over the (?:past|last) "
    r"(?:\w+ )?(?:years|months)|during the (?:\w+ )?(?:years|months)|in the (?:uprising|conflict|"
    r"war|civil war|revolt|revolution|crisis))\b",
    re.IGNORECASE)


def cumulative_toll(sentence: str, fatalities: Fatalities) -> bool:
    """Whether the sentence tells its death toll as a running total."""
    if not fatalities.known or not fatalities.text:
        return False
    at = sentence.find(fatalities.text)
    if at < 0:
        return bool(_CUMULATIVE.search(sentence))
    # the cue must sit in the same stretch of the sentence as the number
    window = sentence[max(0, at - 60): at + len(fatalities.text) + 90]
    return bool(_CUMULATIVE.search(window))


class EventScreen:
    name = "screen"
    requires = ("events", "relevance", "events.place")
    assigns = ("events.held_back",)

    def __init__(self, pack: TheaterPack, *, window_days: int = WINDOW_DAYS,
                 keep_off_topic: bool = False):
        self.pack = pack
        self.window_days = int(window_days)
        self.keep_off_topic = bool(keep_off_topic)

    def reason(self, article: Article, mention: EventMention) -> str | None:
        relevance = getattr(article, "relevance", None)
        if relevance is not None and not relevance.relevant and not self.keep_off_topic:
            return f"off-topic article: {relevance.reasons[0]}"
        if mention.attrs.get("cumulative_toll") and not _own_date_or_place(article, mention):
            return "running toll: a cumulative death toll, no incident of its own"
        last = mention.date.end or mention.date.start
        if article.published is not None and last is not None and not mention.background:
            age = (article.published - last).days
            if age > self.window_days:
                return (f"before the article's window: dated {last.isoformat()}, "
                        f"{age} days before publication")
        if mention.place is None:
            return "unlocated: no place, not even a governorate"
        return None

    def __call__(self, article: Article) -> Article:
        for mention in article.events:
            if cumulative_toll(mention.text, mention.fatalities):
                mention.attrs["cumulative_toll"] = mention.fatalities.text
                mention.fatalities = Fatalities()
            mention.held_back = self.reason(article, mention)
        return article


def _own_date_or_place(article: Article, mention: EventMention) -> bool:
    """The sentence itself names a date or a place (not inherited from the paragraph)."""
    kinds = {m.kind for m in article.mentions_in(mention.sentence)}
    return "date" in kinds or "place" in kinds


def make_event_screen(pack: TheaterPack, *, window_days: int = WINDOW_DAYS,
                      keep_off_topic: bool = False) -> EventScreen:
    return EventScreen(pack, window_days=window_days, keep_off_topic=keep_off_topic)

