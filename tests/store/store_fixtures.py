"""Hand-built articles in the style of the seed reports (invented text) for store tests."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from marsad.model import (
    ActorInfo, Article, Claim, DateInfo, EventMention, Fatalities, Mention, Place, PlaceInfo,
    ResolvedDate, Sentence, stable_id,
)

ALEPPO_CEMENT = Place(id="aleppo-cement-factory", name="Cement Factory", lat=36.16, lon=37.14,
                      level="landmark", country="Syria", iso=760, admin1="Aleppo",
                      admin2="Jebel Saman", admin3="Jebel Saman", source="pack")

TEXT = ("Rebels storm cement factory south of Aleppo\n\n"
        "Rebels seized the cement factory south of Aleppo on Sunday, according to activists. "
        "At least 12 fighters were killed in the clashes. "
        "State media denied that the factory had fallen.")


def make_article(text: str = TEXT, *, outlet: str = "Example News",
                 published: dt.date | None = dt.date(2016, 8, 8), n_events: int = 2) -> Article:
    aid = Article.make_id(text)
    sentences, pos = [], 0
    for i, part in enumerate(p for p in text.replace("\n\n", ". ").split(". ") if p):
        start = text.find(part, pos)
        sentences.append(Sentence(index=i, start=start, end=start + len(part), text=part))
        pos = start + len(part)
    mentions = [
        Mention(kind="actor", text="Rebels", start=sentences[1].start,
                end=sentences[1].start + 6, sentence=1, norm="jaish-al-fatah",
                info=ActorInfo(side="opposition", inter=2, generic=True, new=False)),
        Mention(kind="place", text="cement factory", start=sentences[1].start + 19,
                end=sentences[1].start + 33, sentence=1, norm=ALEPPO_CEMENT.id,
                info=PlaceInfo(level="landmark", lat=36.16, lon=37.14, relation="in",
                               candidates=("x", "y"))),
        Mention(kind="date", text="on Sunday", start=0, end=1, sentence=1, norm="2016-08-07",
                info=DateInfo(date=ResolvedDate(dt.date(2016, 8, 7), dt.date(2016, 8, 7), "day",
                                                "on Sunday", True))),
    ]
    events, claims = [], []
    specs = [
        (1, "Battles", "Non-state actor overtakes territory", "jaish-al-fatah", "syrian-army",
         Fatalities(), "asserted"),
        (2, "Battles", "Armed clash", "jaish-al-fatah", "syrian-army",
         Fatalities(low=12, best=12, qualifier="at least", text="At least 12"), "asserted"),
        (3, "Battles", "Non-state actor overtakes territory", "jaish-al-fatah", None,
         Fatalities(), "denied"),
    ][:n_events]
    for sent, etype, sub, a1, a2, fat, modality in specs:
        s = sentences[sent]
        mid = stable_id(aid, s.index, sub)
        cid = stable_id(aid, s.index, "activists", "asserts", mid)
        claims.append(Claim(id=cid, article_id=aid, sentence=s.index, source="activists",
                            source_kind="anonymous", stance="asserts", event_mention=mid,
                            text="according to activists"))
        events.append(EventMention(
            id=mid, article_id=aid, sentence=s.index, start=s.start, end=s.end, text=s.text,
            event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2,
            assoc_actor1=("jabhat-fatah-al-sham",), place=ALEPPO_CEMENT,
            place_text="cement factory south of Aleppo", geo_precision=1,
            date=ResolvedDate(dt.date(2016, 8, 7), dt.date(2016, 8, 7), "day", "on Sunday", True),
            fatalities=fat, modality=modality, confidence=0.8, claims=[cid]))
    return Article(id=aid, text=text, title=text.split("\n")[0], outlet=outlet,
                   published=published, url="https://example.org/a", source_path="a.txt",
                   meta={"encoding": "utf-8", "tags": ["aleppo"]}, sentences=sentences,
                   mentions=mentions, events=events, claims=claims)


# --- the backends every store test runs on --------------------------------------------

#: a PostgreSQL database the store tests may create schemas in (.ci/run starts a server
#: and sets it); unset, the PostgreSQL cases skip
PG_URL = os.environ.get("MARSAD_TEST_PG_URL")
NO_PG = ("PostgreSQL cases need MARSAD_TEST_PG_URL=postgresql+psycopg2://USER:PASSWORD@HOST:PORT/DB "
         "(a database where the user may create schemas; .ci/run starts one)")
needs_pg = pytest.mark.skipif(not PG_URL, reason=NO_PG)
#: pytest params: SQLite always, PostgreSQL when MARSAD_TEST_PG_URL is set
BACKENDS = ["sqlite", pytest.param("postgresql", marks=needs_pg)]


@contextmanager
def pg_schema_url() -> Iterator[str]:
    """The URL of a new, empty schema in the test database (its search_path), dropped with
    everything in it afterwards: each test gets a store of its own."""
    assert PG_URL, NO_PG
    name = f"marsad_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
        url = sa.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={name}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL lock_timeout = '30s'"))
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        engine.dispose()


@contextmanager
def backend_url(backend: str, folder: Path, name: str = "t.db") -> Iterator[str]:
    """A new store's URL on ``backend``: a SQLite file in ``folder`` or a PostgreSQL schema."""
    if backend == "sqlite":
        yield str(folder / name)
    else:
        with pg_schema_url() as url:
            yield url
