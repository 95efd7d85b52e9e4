"""Record <-> row conversion for the store tables (pure functions, no I/O)."""

from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any

from ..model import (
    Article, Claim, CodingNotes, Event, EventMention, Fatalities, Mention, Place, Relevance,
    ResolvedDate, Sentence, mention_info,
)


def _place_cols(place: Place | None) -> dict[str, Any]:
    if place is None:
        return {"place_id": None, "place_name": None, "place_level": None, "place_lat": None,
                "place_lon": None, "place_admin1": None, "place_admin2": None,
                "place_admin3": None, "place": None}
    return {"place_id": place.id, "place_name": place.name, "place_level": place.level,
            "place_lat": place.lat, "place_lon": place.lon, "place_admin1": place.admin1,
            "place_admin2": place.admin2, "place_admin3": place.admin3,
            "place": dict(vars(place))}  # dates etc. are encoded by the JSON serializer


def _date_fatality_cols(date: ResolvedDate, fat: Fatalities) -> dict[str, Any]:
    return {"date_start": date.start, "date_end": date.end, "date_precision": date.precision,
            "date": dict(vars(date)),
            "fatalities_low": fat.low, "fatalities_best": fat.best, "fatalities_high": fat.high,
            "fatalities_qualifier": fat.qualifier, "fatalities": dict(vars(fat))}


#: JSON columns of records that repeat from row to row (a gazetteer place, a day, a
#: figure): reads may select them as text (:func:`shared_json`), each distinct text then
#: decoded once per process (the records are frozen, so rows may share them)
SHARED_JSON = ("place", "date", "fatalities")


def _place(row) -> Place | None:
    raw = row.place
    if isinstance(raw, str):
        return _place_text(raw)
    return Place.from_dict(raw) if raw else None


def _date(row) -> ResolvedDate:
    raw = row.date
    if isinstance(raw, str):
        return _date_text(raw)
    return ResolvedDate.from_dict(raw) if raw else ResolvedDate()


def _fatalities(row) -> Fatalities:
    raw = row.fatalities
    if isinstance(raw, str):
        return _fatalities_text(raw)
    return Fatalities.from_dict(raw) if raw else Fatalities()


@functools.lru_cache(maxsize=32768)
def _place_text(text: str) -> Place | None:
    data = json.loads(text)
    return Place.from_dict(data) if data else None


@functools.lru_cache(maxsize=8192)
def _date_text(text: str) -> ResolvedDate:
    data = json.loads(text)
    return ResolvedDate.from_dict(data) if data else ResolvedDate()


@functools.lru_cache(maxsize=4096)
def _fatalities_text(text: str) -> Fatalities:
    data = json.loads(text)
    return Fatalities.from_dict(data) if data else Fatalities()


def article_row(a: Article, now: dt.datetime) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published,
            "url": a.url, "source_path": a.source_path, "language": a.language,
            "text": a.text, "meta": a.meta, "ingested_at": now,
            "relevance": a.relevance.to_dict() if a.relevance is not None else None}


def sentence_rows(a: Article) -> list[dict[str, Any]]:
    return [{"article_id": a.id, "idx": s.index, "start_char": s.start, "end_char": s.end,
             "text": s.text} for s in a.sentences]


def mention_rows(a: Article) -> list[dict[str, Any]]:
    return [{"article_id": a.id, "seq": i, "kind": m.kind, "text": m.text,
             "start_char": m.start, "end_char": m.end, "sentence": m.sentence,
             "norm": m.norm, "attrs": m.attrs_dict()} for i, m in enumerate(a.mentions)]


def event_mention_row(m: EventMention, seq: int) -> dict[str, Any]:
    return {"id": m.id, "article_id": m.article_id, "seq": seq, "sentence": m.sentence,
            "start_char": m.start, "end_char": m.end, "text": m.text,
            "event_type": m.event_type, "sub_event_type": m.sub_event_type,
            "actor1": m.actor1, "actor2": m.actor2,
            "assoc_actor1": list(m.assoc_actor1), "assoc_actor2": list(m.assoc_actor2),
            **_place_cols(m.place), "place_text": m.place_text,
            "geo_precision": m.geo_precision, **_date_fatality_cols(m.date, m.fatalities),
            "modality": m.modality, "background": bool(m.background),
            "confidence": m.confidence, "claims": list(m.claims), "event_id": m.event_id,
            "attrs": m.attrs_dict(), "held_back": m.held_back}


def claim_row(c: Claim, seq: int) -> dict[str, Any]:
    return {"id": c.id, "article_id": c.article_id, "seq": seq, "sentence": c.sentence,
            "source": c.source, "source_kind": c.source_kind, "source_actor": c.source_actor,
            "stance": c.stance, "event_mention": c.event_mention, "text": c.text}


def event_row(e: Event, now: dt.datetime) -> dict[str, Any]:
    return {"id": e.id, "event_type": e.event_type, "sub_event_type": e.sub_event_type,
            "actor1": e.actor1, "actor2": e.actor2, **_place_cols(e.place),
            "geo_precision": e.geo_precision, **_date_fatality_cols(e.date, e.fatalities),
            "mentions": list(e.mentions), "articles": list(e.articles),
            "attrs": e.attrs_dict(), "updated_at": now, **event_filter_cols(e)}


def event_filter_cols(e: Event) -> dict[str, Any]:
    """The copies of the linking fields the filters read (``schema.events``): ``attrs``
    holds the outlets and contradictions only once the event is reconciled (a status)."""
    reconciled = e.status is not None
    return {"status": e.status,
            "outlets_count": len(e.outlets) if reconciled else 0,
            "contradictions_count": len(e.contradictions) if reconciled else 0,
            "date_span": date_span(e.date.start, e.date.end)}


#: ``date_span`` of an event with an end date and no start: no bound on its start
OPEN_SPAN = 2**31 - 1


def date_span(start: dt.date | None, end: dt.date | None) -> int | None:
    """The days from ``start`` to ``end`` (``schema.events.c.date_span``): 0 for a single
    day or an end before the start, None when undated, :data:`OPEN_SPAN` when only the end
    is known. An event ending on or after a day D starts on or after D minus the largest."""
    if start is None:
        return None if end is None else OPEN_SPAN
    if end is None or end < start:
        return 0
    return (end - start).days



# --- rows -> records --------------------------------------------------------------------

def to_article(row, *, with_text: bool = True) -> Article:
    return Article(id=row.id, text=row.text if with_text else "", title=row.title,
                   outlet=row.outlet, published=row.published, url=row.url,
                   source_path=row.source_path, language=row.language or "en",
                   meta=dict(row.meta or {}), relevance=_relevance(row))


def _relevance(row) -> Relevance | None:
    raw = getattr(row, "relevance", None)   # absent when a query selects only some columns
    return Relevance.from_dict(raw) if raw else None


def to_sentence(row) -> Sentence:
    return Sentence(index=row.idx, start=row.start_char, end=row.end_char, text=row.text)


def to_mention(row) -> Mention:
    return Mention(kind=row.kind, text=row.text, start=row.start_char, end=row.end_char,
                   sentence=row.sentence, norm=row.norm, info=mention_info(row.kind, row.attrs))


def to_event_mention(row) -> EventMention:
    return EventMention(
        id=row.id, article_id=row.article_id, sentence=row.sentence, start=row.start_char,
        end=row.end_char, text=row.text, event_type=row.event_type,
        sub_event_type=row.sub_event_type, actor1=row.actor1, actor2=row.actor2,
        assoc_actor1=tuple(row.assoc_actor1 or ()), assoc_actor2=tuple(row.assoc_actor2 or ()),
        place=_place(row), place_text=row.place_text, geo_precision=row.geo_precision,
        date=_date(row), fatalities=_fatalities(row), modality=row.modality,
        background=bool(row.background), confidence=row.confidence,
        claims=list(row.claims or ()), event_id=row.event_id,
        coding=CodingNotes.from_attrs(row.attrs), held_back=getattr(row, "held_back", None))


def to_claim(row) -> Claim:
    return Claim(id=row.id, article_id=row.article_id, sentence=row.sentence,
                 source=row.source, source_kind=row.source_kind,
                 source_actor=row.source_actor, stance=row.stance,
                 event_mention=row.event_mention, text=row.text or "")


def to_event(row) -> Event:
    return Event(id=row.id, event_type=row.event_type, sub_event_type=row.sub_event_type,
                 mentions=list(row.mentions or ()), articles=list(row.articles or ()),
                 actor1=row.actor1, actor2=row.actor2, place=_place(row),
                 geo_precision=row.geo_precision, date=_date(row),
                 fatalities=_fatalities(row), **Event.attrs_fields(row.attrs))
