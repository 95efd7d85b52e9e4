"""Deleting an article (issue 15, Security: "with a write token, ingest and delete need
it"): the article goes with everything that hangs off it, the events its mentions were in
are re-linked from what they have left, and the record afterwards is the one a store into
which the article was never put holds, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "link"))
from linkfixtures import claim, fake_pack, mention  # noqa: E402
from store_fixtures import backend_url  # noqa: E402

from marsad import api  # noqa: E402
from marsad.link import delete_article, link_store  # noqa: E402
from marsad.link import service  # noqa: E402
from marsad.model import Article, Sentence  # noqa: E402
from marsad.store import NotFoundError, Store, schema  # noqa: E402

# invented reports of one front (no text from any real article)
TEXTS = [
    "Opposition fighters stormed the cement factory south of Aleppo.",
    "Rebels seized the cement factory area south of Aleppo city after heavy clashes.",
    "Fighters took control of the cement factory on the southern edge of Aleppo.",
    "Government forces shelled Ramouseh in southern Aleppo.",
    "Army artillery pounded the Ramouseh district of Aleppo.",
    "Warplanes struck Tal Sheikh in the Hama countryside.",
    "The army regained the cement factory from Jaish al-Fatah.",
]
SUBS = ["Non-state actor overtakes territory", "Armed clash", "Government regains territory",
        "Shelling/artillery/missile attack", "Air/drone strike"]
OUTLETS = ["SANA", "Enab Baladi", "Reuters", "Orient News", "Al-Masdar News"]


def _article(aid: str, ms: list, outlet: str, *, sources: tuple[str, ...] = ()) -> Article:
    for i, m in enumerate(ms):
        m.start, m.end = i * 200, i * 200 + len(m.text)
    claims = [claim(m, s, stance="denies" if s == "SANA" else "asserts")
              for m in ms for s in sources]
    for m in ms:
        m.claims = [c.id for c in claims if c.event_mention == m.id]
    return Article(id=aid, text="\n".join(m.text.ljust(199) for m in ms), title=ms[0].text,
                   outlet=outlet, published=dt.date(2016, 8, 10),
                   sentences=[Sentence(i, m.start, m.end, m.text) for i, m in enumerate(ms)],
                   events=ms, claims=claims)


def corpus(n: int = 24, seed: int = 5) -> list[Article]:
    """``n`` articles of one to three reports each on a few days and places of one front
    (many near-matches: events of several articles, contradictions, held-back mentions)."""
    rng = random.Random(seed)
    base = dt.date(2016, 8, 5)
    out = []
    for a in range(n):
        aid = f"art{a:03d}"
        ms = []
        for s in range(rng.randint(1, 3)):
            day = base + dt.timedelta(days=rng.randint(0, 3))
            m = mention(rng.choice(TEXTS), article=aid, sentence=s, sub=rng.choice(SUBS),
                        place=rng.choice(["cement-factory", "ramouseh", "tal-sheikh"]),
                        day=day.isoformat() if rng.random() < 0.85 else None,
                        actor1=rng.choice(["jaish-al-fatah", "saa", None]),
                        actor2=rng.choice(["saa", "civilians", None]),
                        modality=rng.choice(["asserted"] * 6 + ["denied", "future"]),
                        killed=rng.choice([None, None, (None, rng.randint(1, 12), None, None)]))
            if rng.random() < 0.1:
                m.held_back = "off-topic article: invented"
            ms.append(m)
        sources = tuple(rng.sample(["SANA", "activists", "Reuters"], rng.randint(0, 2)))
        out.append(_article(aid, ms, OUTLETS[a % len(OUTLETS)], sources=sources))
    return out


def build(url: str, batches: list[list[Article]]) -> Store:
    store = Store(url)
    for batch in batches:
        for article in batch:
            store.add_article(article)
        link_store(store, fake_pack())
    return store


def record(store: Store) -> dict:
    """What the store holds, less the times rows were written: counts and the events'
    checksum, each event's fields, each mention's event, both blocking indexes."""
    out: dict = {"stats": api.stats(store),
                 "events": [e.to_dict() for e in store.events()]}
    with store.connect() as conn:
        em, mb, eb = schema.event_mentions, schema.mention_blocks, schema.event_blocks
        out["mentions"] = sorted(conn.execute(sa.select(em.c.id, em.c.event_id)).tuples())
        out["unlinked"] = sorted(conn.execute(sa.select(em.c.id, em.c.link_checked)
                                              .where(em.c.event_id.is_(None))).tuples())
        out["mention_blocks"] = sorted(conn.execute(sa.select(*mb.c)).tuples())
        out["event_blocks"] = sorted(conn.execute(sa.select(*eb.c)).tuples())
        out["articles"] = sorted(conn.scalars(sa.select(schema.articles.c.id)))
    return out


def _linked_articles(store: Store) -> list[str]:
    """The articles whose mentions are in an event of several articles (first), then the
    others: the cases where deleting one changes other articles' events come first."""
    shared = {a for e in store.events() if len(set(e.articles)) > 1 for a in e.articles}
    return sorted(shared) + sorted({a.id for a in store.articles(with_text=False)} - shared)


@pytest.mark.parametrize("seed", [5, 9])
def test_deleting_an_article_leaves_the_record_of_a_store_it_never_entered(
        backend, tmp_path, seed):
    articles = corpus(seed=seed)
    by_id = {a.id: a for a in articles}
    with backend_url(backend, tmp_path, "whole.db") as url:
        whole = build(url, [articles])
        ks = _linked_articles(whole)[:3] + _linked_articles(whole)[-1:]
        whole.close()
    assert len(ks) == 4
    for k in ks:
        rest = [a for a in articles if a.id != k]
        with backend_url(backend, tmp_path, f"a-{k}.db") as url_a, \
                backend_url(backend, tmp_path, f"b-{k}.db") as url_b:
            # A: every article, in two link runs; B: all but k, in one
            with build(url_a, [articles[:12], articles[12:]]) as a, build(url_b, [rest]) as b:
                before = record(a)
                report = delete_article(a, fake_pack(), k)
                assert report.mentions == len(by_id[k].events)
                assert record(a) == record(b), k
                assert record(a) != before
                # and a link run after it finds nothing to do
                assert link_store(a, fake_pack()).mentions == 0
                assert record(a) == record(b)


def test_deleting_several_one_by_one_and_linking_in_between(backend, tmp_path):
    articles = corpus(seed=3)
    with backend_url(backend, tmp_path, "a.db") as url_a, \
            backend_url(backend, tmp_path, "b.db") as url_b:
        with build(url_a, [articles]) as a:
            gone = _linked_articles(a)[:3]
            for k in gone:
                delete_article(a, fake_pack(), k)
            with build(url_b, [[x for x in articles if x.id not in gone]]) as b:
                assert record(a) == record(b)
                # stored back, then linked: the store of every article again
                for x in articles:
                    if x.id in gone:
                        a.add_article(x)
                link_store(a, fake_pack())
        with backend_url(backend, tmp_path, "all.db") as url_all, build(url_all, [articles]) as whole:
            with Store(url_a) as a:
                assert record(a)["stats"] == record(whole)["stats"]
                assert record(a)["events"] == record(whole)["events"]


def _bridge() -> list[Article]:
    """Two reports of one day that do not pair (another place, tolls ten times apart) and
    a third that pairs with both: with it the three are one event, without it two."""
    a = mention("The factory compound fell to Jaish al-Fatah after a dawn assault.",
                article="x1", place="ramouseh", day="2016-08-07", actor1=None, actor2=None,
                killed=(None, 3, None, None))
    b = mention("The factory compound fell to Jaish al-Fatah after a dawn assault.",
                article="x2", day="2016-08-07", actor1=None, actor2=None, geo_precision=2)
    c = mention("Fighters took control of the cement factory on the southern edge of Aleppo.",
                article="x3", day="2016-08-07", actor1=None, actor2=None, geo_precision=2,
                killed=(None, 30, None, None))
    return [_article(m.article_id, [m], "Reuters") for m in (a, b, c)]


def test_an_event_held_together_by_the_deleted_article_splits(backend, tmp_path):
    x1, x2, x3 = _bridge()
    with backend_url(backend, tmp_path, "a.db") as url_a, \
            backend_url(backend, tmp_path, "b.db") as url_b:
        with build(url_a, [[x1, x2, x3]]) as a, build(url_b, [[x1, x3]]) as b:
            assert len(a.events()) == 1 and len(b.events()) == 2
            report = delete_article(a, fake_pack(), "x2")
            assert len(a.events()) == 2
            assert report.events_removed + report.events_updated == 1
            assert record(a) == record(b)


def test_an_event_of_the_deleted_article_alone_disappears(backend, tmp_path):
    x1, x2, x3 = _bridge()
    far = _article("x9", [mention("Warplanes struck Tal Sheikh in the Hama countryside.",
                                  article="x9", sub="Air/drone strike", place="tal-sheikh",
                                  actor1="saa", actor2="civilians")], "SANA")
    with backend_url(backend, tmp_path, "a.db") as url_a:
        with build(url_a, [[x1, x2, x3, far]]) as a:
            before = record(a)
            (event,) = [e for e in a.events() if "x9" in e.articles]
            report = delete_article(a, fake_pack(), "x9")
            assert report.events_removed == 1 and report.relinked == 0
            assert a.get_event(event.id) is None
            after = record(a)
            assert after["events"] == [e for e in before["events"] if e["id"] != event.id]
            assert after["articles"] == ["x1", "x2", "x3"]
            assert after["stats"]["events"] == before["stats"]["events"] - 1


def test_mentions_no_link_run_has_seen_stay_for_the_next_run(backend, tmp_path):
    """Articles stored since the last link run keep their unlinked mentions: the next run
    links them, and the store is then the one without the deleted article."""
    articles = corpus(seed=7)
    k_store = [a for a in articles[:16]]
    late = articles[16:]
    with backend_url(backend, tmp_path, "a.db") as url_a, \
            backend_url(backend, tmp_path, "b.db") as url_b:
        with build(url_a, [k_store]) as a:
            k = _linked_articles(a)[0]
            for x in late:
                a.add_article(x)
            delete_article(a, fake_pack(), k)
            unchecked = set(a.unchecked_mention_ids())
            assert unchecked == {m.id for x in late for m in x.events if m.held_back is None}
            link_store(a, fake_pack())
            with build(url_b, [[x for x in articles if x.id != k]]) as b:
                assert record(a) == record(b)


def test_a_store_linked_before_the_blocking_indexes_is_indexed_first(backend, tmp_path):
    """A store whose mentions and events are missing from the blocking indexes (made
    before them; migration 0015 marks it): the deleted mentions' neighbourhood is found
    only once they are indexed, as the next link run would index them."""
    articles = corpus(seed=9)
    with backend_url(backend, tmp_path, "a.db") as url_a, \
            backend_url(backend, tmp_path, "b.db") as url_b:
        with build(url_a, [articles]) as a:
            k = _linked_articles(a)[0]
            with a.begin() as conn:
                conn.execute(schema.mention_blocks.delete())
                conn.execute(schema.event_blocks.delete())
                a.mark_link_index_check(conn)
            delete_article(a, fake_pack(), k)
            assert a.link_index_check() is None
            with build(url_b, [[x for x in articles if x.id != k]]) as b:
                assert record(a) == record(b)


def test_a_failure_mid_way_leaves_the_store_as_it_was(backend, tmp_path, monkeypatch):
    articles = corpus(seed=5)
    with backend_url(backend, tmp_path, "a.db") as url:
        with build(url, [articles]) as a:
            k = _linked_articles(a)[0]
            before = record(a)
            real = service.write_linked

            def write_then_fail(*args, **kwargs):
                real(*args, **kwargs)   # the article's rows are gone, the events written
                raise RuntimeError("the disk filled up")

            monkeypatch.setattr(service, "write_linked", write_then_fail)
            with pytest.raises(RuntimeError):
                delete_article(a, fake_pack(), k)
            assert record(a) == before
            assert a.has_article(k)


def test_an_unknown_article_is_not_found_and_nothing_changes(backend, tmp_path):
    with backend_url(backend, tmp_path, "a.db") as url:
        with build(url, [corpus(n=6)]) as a:
            before = record(a)
            with pytest.raises(NotFoundError, match="no article 'nope'"):
                delete_article(a, fake_pack(), "nope")
            assert record(a) == before


def test_an_article_whose_mentions_were_all_held_back_goes_alone(backend, tmp_path):
    articles = corpus(n=8, seed=5)
    held = _article("held", [mention("Fighters took control of the cement factory.",
                                     article="held")], "Reuters")
    held.events[0].held_back = "off-topic article: invented"
    with backend_url(backend, tmp_path, "a.db") as url_a, \
            backend_url(backend, tmp_path, "b.db") as url_b:
        with build(url_a, [articles + [held]]) as a, build(url_b, [articles]) as b:
            report = delete_article(a, fake_pack(), "held")
            assert report.mentions == 1 and report.events_removed == 0
            assert record(a) == record(b)
