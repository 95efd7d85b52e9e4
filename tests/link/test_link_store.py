"""link_store and the commands against the real Store (SQLite in a temp folder)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from linkfixtures import claim, fake_pack, mention

from marsad.model import Article, Sentence, stable_id

store_mod = pytest.importorskip("marsad.store")


def _article(aid, outlet, mentions, claims=()):
    text = " ".join(m.text for m in mentions)
    sentences, pos = [], 0
    for i, m in enumerate(mentions):
        m.sentence, m.start, m.end = i, pos, pos + len(m.text)
        m.article_id = aid
        sentences.append(Sentence(i, pos, pos + len(m.text), m.text))
        pos += len(m.text) + 1
    claims = list(claims)
    for m in mentions:
        m.claims = [c.id for c in claims if c.event_mention == m.id]
    return Article(id=aid, text=text, title=mentions[0].text, outlet=outlet,
                   published=dt.date(2016, 8, 7), sentences=sentences, events=list(mentions),
                   claims=claims)


@pytest.fixture
def db(tmp_path):
    from marsad.link import link_store
    path = tmp_path / "m.db"
    store = store_mod.Store(str(path), create=True)
    a = mention("Opposition fighters stormed the cement factory south of Aleppo.", article="x1")
    b = mention("Terrorists seized the cement factory area south of Aleppo city.", article="x2")
    d = mention("A military source denied that the cement factory had fallen.", article="x2",
                modality="denied")
    c = mention("Warplanes struck Tal Sheikh in the Hama countryside.", article="x3",
                sub="Air/drone strike", place="tal-sheikh", actor1="saa", actor2=None)
    store.add_article(_article("x1", "Enab Baladi", [a]))
    store.add_article(_article("x2", "SANA", [b, d],
                               [claim(d, "a military source", kind="anonymous",
                                      stance="denies")]))
    report = link_store(store, fake_pack())
    assert report.mentions == 3 and report.events_created == 1 and report.linked == 3
    store.add_article(_article("x3", "Reuters", [c]))
    report = link_store(store, fake_pack())
    assert report.mentions == 1 and report.events_created == 1
    again = link_store(store, fake_pack())
    assert again.mentions == 0
    store.close()
    return str(path)


def test_link_store_saves_events_and_links_mentions(db):
    store = store_mod.Store(db)
    events = store.events()
    assert len(events) == 2
    factory = next(e for e in events if e.place and e.place.id == "cement-factory")
    assert set(factory.articles) == {"x1", "x2"}
    assert factory.status == "disputed"
    assert all(m.event_id for m in store.event_mentions())
    store.close()


def test_commands(db):
    from marsad.cli import linking as commands
    runner = CliRunner()
    r = runner.invoke(commands.contradictions, ["--db", db, "--json"])
    assert r.exit_code == 0, r.output
    found = json.loads(r.output)
    assert [c["field"] for c in found] == ["occurred"]
    r = runner.invoke(commands.timeline, ["--db", db, "--json"])
    assert r.exit_code == 0, r.output
    assert [row["start"] for row in json.loads(r.output)] == ["2016-08-06", "2016-08-06"]
    eid = found[0]["event_id"]
    r = runner.invoke(commands.summary, [eid[:6], "--db", db])
    assert r.exit_code == 0, r.output
    assert "[1]" in r.output and "SANA" in r.output
    r = runner.invoke(commands.credibility, ["--all", "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    shown = json.loads(r.output)
    assert {x["article_id"] for x in shown} == {"x1", "x2", "x3"}
    # reasons, not a number: the score has shown no predictive signal
    assert all(x["reasons"] and "score" not in x for x in shown)
    r = runner.invoke(commands.summary, ["--db", db])
    assert r.exit_code != 0
    r = runner.invoke(commands.timeline, ["--db", db + ".missing"])
    assert r.exit_code != 0 and "no store" in r.output


def test_link_command_rebuild_gives_the_same_events(db, monkeypatch):
    from marsad.cli import linking as commands
    from marsad import api
    monkeypatch.setattr(api, "store_pack", lambda store, theater=None: fake_pack())
    before = {e.id: sorted(e.mentions) for e in store_mod.Store(db).events()}
    r = CliRunner().invoke(commands.link, ["--db", db, "--rebuild", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["mentions"] == 4
    after = {e.id: sorted(e.mentions) for e in store_mod.Store(db).events()}
    assert after == before
    r = CliRunner().invoke(commands.timeline, ["--db", db, "--from", "2016-08-07", "--json"])
    assert json.loads(r.output) == []
    r = CliRunner().invoke(commands.timeline, ["--db", db, "--from", "yesterday"])
    assert r.exit_code != 0


def test_events_stored_before_the_block_index_are_indexed_by_the_next_link(tmp_path):
    """A store from before migration 0004 has events but no blocking keys: the next link run
    (the store migrated since, 0015 marking it for that search) indexes them, and a new
    report of one of them joins it instead of making a second."""
    import sqlalchemy as sa

    from marsad.link import link_store
    from marsad.store.migrations import MIGRATIONS
    store = store_mod.Store(str(tmp_path / "old.db"), create=True,
                            migrations=MIGRATIONS[:-1])   # before 0015
    text = "Opposition fighters stormed the cement factory south of Aleppo."
    store.add_article(_article("y1", "Enab Baladi", [mention(text, article="y1")]))
    link_store(store, fake_pack())
    with store._engine.begin() as conn:   # as a store written before the index existed
        conn.execute(sa.text("DELETE FROM event_blocks"))
    store.close()
    store = store_mod.Store(str(tmp_path / "old.db"))   # migrated now
    [old] = store.events()
    assert [e.id for e in store.unblocked_events()] == [old.id]
    store.add_article(_article("y2", "SANA", [mention(text.replace("stormed", "seized"),
                                                       article="y2")]))
    report = link_store(store, fake_pack())
    assert report.candidates == 1 and report.linked == 1
    assert store.unblocked_events() == []
    [grown] = store.events()   # one event, named after its smallest mention id
    assert grown.articles == ["y1", "y2"]
    assert grown.id == stable_id("event", min(grown.mentions))
    store.close()


def test_a_batch_loads_only_events_sharing_a_block(tmp_path):
    from marsad.link import link_store
    store = store_mod.Store(str(tmp_path / "b.db"), create=True)
    store.add_article(_article("z0", "SANA", [
        mention("Warplanes struck Tal Sheikh in the Hama countryside.", article="z0",
                sub="Air/drone strike", place="tal-sheikh", actor1="saa", actor2=None)]))
    store.add_article(_article("z1", "SANA", [
        mention("Opposition fighters stormed the cement factory south of Aleppo.",
                article="z1")]))
    link_store(store, fake_pack())
    assert len(store.events()) == 2
    store.add_article(_article("z2", "Reuters", [
        mention("Fighters seized the cement factory area south of Aleppo city.",
                article="z2")]))
    report = link_store(store, fake_pack())
    assert report.candidates == 1   # the air strike in Hama shares no block with it


def _two_reports():
    a = mention("Opposition fighters stormed the cement factory south of Aleppo.", article="r1")
    b = mention("Terrorists seized the cement factory area south of Aleppo city.", article="r2")
    d = mention("A military source denied that the cement factory had fallen.", article="r2",
                modality="denied")
    return [_article("r1", "Enab Baladi", [a]),
            _article("r2", "SANA", [b, d], [claim(d, "a military source", kind="anonymous",
                                                 stance="denies")])]


def test_linking_what_was_just_stored_from_memory_gives_the_same_events(tmp_path):
    from marsad.link import RecentArticles, link_store
    out = []
    for name, use_recent in (("read", False), ("memory", True)):
        store = store_mod.Store(str(tmp_path / f"{name}.db"), create=True)
        recent = RecentArticles()
        for article in _two_reports():
            store.add_article(article)
            recent.add(article)
        # a mention stored by an earlier process is read from the store either way
        old = mention("Warplanes struck Tal Sheikh in the Hama countryside.", article="r0",
                      sub="Air/drone strike", place="tal-sheikh", actor1="saa", actor2=None)
        store.add_article(_article("r0", "Reuters", [old]))
        report = link_store(store, fake_pack(), recent=recent if use_recent else None)
        assert report.mentions == 4 and report.linked == 4
        out.append([(e.id, e.mentions, e.articles, e.contradictions,
                     e.outlets) for e in store.events()])
        store.close()
    assert out[0] == out[1]
    assert any(c for *_, c, _o in out[1])   # the denial's claim came through from memory
