"""Helpers for the geo tests: tiny articles and event mentions we write ourselves."""

import re

from marsad.model import Article, EventMention, Sentence


def make_article(text: str, title: str | None = None) -> Article:
    """An article split into sentences at '.', '!' or a newline (enough for these tests)."""
    sents = []
    for m in re.finditer(r"[^.!\n]+[.!]?", text):
        if m.group().strip():
            sents.append(Sentence(len(sents), m.start(), m.end(), m.group()))
    return Article(id=Article.make_id(text), text=text, title=title, sentences=sents)


def add_event(article: Article, sentence: int, place_text: str | None = None) -> EventMention:
    s = article.sentences[sentence]
    ev = EventMention(id=f"ev{len(article.events)}", article_id=article.id, sentence=sentence,
                      start=s.start, end=s.end, text=s.text, event_type="Battles",
                      sub_event_type="Armed clash", place_text=place_text)
    article.events.append(ev)
    return ev
