"""Linking gives the same events whatever the batch split and however often it re-runs
(issue 14, item 2): a corpus linked in one batch, in two and in three batches (in any
order of the batches) leaves the same event set in the store, and re-linking changes
nothing."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from linkfixtures import fake_pack, mention

from marsad import api
from marsad.link import link_store
from marsad.model import Article, Sentence
from marsad.store import Store

TEXTS = [
    "Opposition fighters stormed the cement factory south of Aleppo.",
    "Rebels seized the cement factory area south of Aleppo city after heavy clashes.",
    "Fighters took control of the cement factory on the southern edge of Aleppo.",
    "Government forces shelled Ramouseh in southern Aleppo.",
    "Army artillery pounded the Ramouseh district of Aleppo.",
    "Warplanes struck Tal Sheikh in the Hama countryside.",
    "Air strikes hit Tal Sheikh, killing civilians.",
    "Clashes erupted near Aleppo between the army and rebels.",
    "The army regained the cement factory from Jaish al-Fatah.",
]
SUBS = ["Non-state actor overtakes territory", "Armed clash", "Government regains territory",
        "Shelling/artillery/missile attack", "Air/drone strike"]
OUTLETS = ["SANA", "Enab Baladi", "Reuters", "Orient News", "Al-Masdar News"]


def corpus(n: int = 36, seed: int = 7) -> list[Article]:
    """``n`` articles of one to three reports each around a few days and places of one
    front: many near-matches, so the greedy clustering has choices to make."""
    rng = random.Random(seed)
    base = dt.date(2016, 8, 5)
    articles = []
    for a in range(n):
        aid = f"art{a:03d}"
        ms = []
        for s in range(rng.randint(1, 3)):
            day = base + dt.timedelta(days=rng.randint(0, 4))
            dated = rng.random() < 0.85
            ms.append(mention(
                rng.choice(TEXTS), article=aid, sentence=s, sub=rng.choice(SUBS),
                place=rng.choice(["cement-factory", "ramouseh", "aleppo", "tal-sheikh"]),
                day=day.isoformat() if dated else None,
                actor1=rng.choice(["jaish-al-fatah", "saa", "jfs", None]),
                actor2=rng.choice(["saa", "jaish-al-fatah", "civilians", None]),
                modality=rng.choice(["asserted"] * 6 + ["denied", "future"]),
                killed=rng.choice([None, None, (None, rng.randint(1, 12), None, None)])))
        for i, m in enumerate(ms):
            m.start, m.end = i * 200, i * 200 + len(m.text)
        text = "\n".join(m.text.ljust(199) for m in ms)
        articles.append(Article(
            id=aid, text=text, title=ms[0].text, outlet=OUTLETS[a % len(OUTLETS)],
            published=base + dt.timedelta(days=5),
            sentences=[Sentence(i, m.start, m.end, m.text) for i, m in enumerate(ms)],
            events=ms))
    return articles


def _events(store) -> list[tuple]:
    return [(e.id, tuple(e.mentions), e.sub_event_type, e.date.start, e.status)
            for e in store.events()]


def linked_in_batches(tmp_path, name: str, batches: list[list[Article]]) -> tuple[dict, list]:
    with Store(tmp_path / f"{name}.db") as store:
        for batch in batches:
            for article in batch:
                store.add_article(article)
            link_store(store, fake_pack())
        return api.stats(store), _events(store)


def _split(items: list, parts: int) -> list[list]:
    size = -(-len(items) // parts)
    return [items[i:i + size] for i in range(0, len(items), size)]


@pytest.mark.parametrize("seed", [7, 11])
def test_one_batch_two_and_three_batches_give_the_same_events(tmp_path, seed):
    articles = corpus(seed=seed)
    one_stats, one = linked_in_batches(tmp_path, "one", [articles])
    assert one_stats["events"] >= 10   # a corpus with choices to make
    for name, batches in [("halves", _split(articles, 2)),
                          ("thirds", _split(articles, 3)),
                          ("thirds-reversed", _split(articles, 3)[::-1]),
                          ("interleaved", [articles[0::3], articles[1::3], articles[2::3]]),
                          ("one-by-one", [[a] for a in articles[:12]] + [articles[12:]])]:
        stats, events = linked_in_batches(tmp_path, name, batches)
        assert events == one, name
        assert stats == one_stats, name


def test_relinking_changes_nothing_and_a_repeated_batch_is_a_no_op(tmp_path):
    articles = corpus()
    halves = _split(articles, 2)
    with Store(tmp_path / "r.db") as store:
        for batch in halves:
            for article in batch:
                store.add_article(article)
            link_store(store, fake_pack())
        before = api.stats(store)
        again = link_store(store, fake_pack())
        assert again.mentions == 0 and api.stats(store) == before
        for article in halves[0]:   # the same articles again: nothing stored, nothing linked
            assert store.add_article(article) is False
        assert link_store(store, fake_pack()).mentions == 0
        assert api.stats(store) == before
        rebuilt = link_store(store, fake_pack(), rebuild=True)
        assert rebuilt.mentions > 0 and api.stats(store) == before


def test_a_report_joining_two_stored_events_merges_them_as_one_batch_would(tmp_path):
    """Two reports of one capture, each too far from the other in wording to pair, are
    stored as two events; a third report close to both arrives later. One batch makes one
    event of the three: so must the later batch (it used to join one of the two)."""
    a = mention("Opposition fighters stormed the cement factory south of Aleppo.",
                article="x1", actor2=None)
    c = mention("The factory compound fell to Jaish al-Fatah after a dawn assault.",
                article="x3", actor2=None, place="cement-factory")
    b = mention("Opposition fighters stormed the cement factory compound after a dawn "
                "assault, Jaish al-Fatah said.", article="x2", actor2=None)
    arts = []
    for m in (a, b, c):
        m.start, m.end = 0, len(m.text)
        arts.append(Article(id=m.article_id, text=m.text, title=m.text, outlet="Reuters",
                            published=dt.date(2016, 8, 7),
                            sentences=[Sentence(0, 0, len(m.text), m.text)], events=[m]))
    one_stats, one = linked_in_batches(tmp_path, "one", [arts])
    two_stats, two = linked_in_batches(tmp_path, "two", [[arts[0], arts[2]], [arts[1]]])
    assert two == one and two_stats == one_stats


def _one(m, outlet="Reuters") -> Article:
    m.start, m.end = 0, len(m.text)
    return Article(id=m.article_id, text=m.text, title=m.text, outlet=outlet,
                   published=dt.date(2016, 8, 7),
                   sentences=[Sentence(0, 0, len(m.text), m.text)], events=[m])


def test_a_batch_re_links_only_what_its_mentions_could_cluster_with(tmp_path):
    """Reports in one place and week share blocking keys, but a stored event the new report
    cannot pair with (tolls of two incidents: 3 and 40 killed) is left alone; a report of
    the stored event re-links it."""
    text = "Opposition fighters stormed the cement factory south of Aleppo, killing {}."
    with Store(tmp_path / "n.db") as store:
        store.add_article(_one(mention(text.format("three soldiers"), article="n1",
                                       killed=(None, 3, None, None))))
        link_store(store, fake_pack())
        store.add_article(_one(mention(text.format("forty soldiers"), article="n2",
                                       killed=(None, 40, None, None))))
        other = link_store(store, fake_pack())
        assert (other.relinked, other.candidates, other.events_created) == (0, 0, 1)
        store.add_article(_one(mention(text.format("three soldiers"), article="n3",
                                       killed=(None, 3, None, None)), outlet="SANA"))
        same = link_store(store, fake_pack())
        assert (same.relinked, same.candidates, same.linked) == (1, 1, 1)
        assert sorted(len(e.articles) for e in store.events()) == [1, 2]


def test_a_later_link_run_reads_no_whole_table_and_gives_the_same_events(tmp_path,
                                                                          monkeypatch):
    """Once a link run has searched the store (a new store: nothing to search), the next
    ones read their new mentions and what those touch, never every mention or event
    (migration 0015); the events are those of one batch. Events saved outside a link run
    mark the store, and the next run searches it whole again and indexes them."""
    articles = corpus()
    one_stats, one = linked_in_batches(tmp_path, "one", [articles])
    first, second, third = _split(articles, 3)
    with Store(tmp_path / "later.db") as store:
        for article in first:
            store.add_article(article)
        link_store(store, fake_pack())
        assert store.link_index_check() is None
        unindexed = store.unindexed_mention_ids

        def whole(*args, **kwargs):
            raise AssertionError("a link run read the whole store")

        monkeypatch.setattr(store, "unblocked_events", whole)
        monkeypatch.setattr(store, "unindexed_mention_ids",
                            lambda among=None: whole() if among is None else unindexed(among))
        for article in second:
            store.add_article(article)
        assert link_store(store, fake_pack()).linked > 0
        assert store.link_index_check() is None
        monkeypatch.undo()
        [event] = store.events()[:1]   # saved outside a link run: its keys are dropped
        store.save_events([event])
        assert [e.id for e in store.unblocked_events()] == [event.id]
        assert store.link_index_check() is not None
        for article in third:
            store.add_article(article)
        link_store(store, fake_pack())
        assert store.unblocked_events() == [] and store.link_index_check() is None
        assert _events(store) == one and api.stats(store) == one_stats


def test_a_store_linked_before_the_mention_index_is_indexed_by_the_next_link(tmp_path):
    """Mentions stored before migration 0011 have no index rows: the next link run with new
    mentions (the store migrated since, 0015 marking it for that search) indexes them
    first, so the new ones still re-link what they touch."""
    import sqlalchemy as sa

    from marsad.store.migrations import MIGRATIONS

    articles = corpus()
    one_stats, one = linked_in_batches(tmp_path, "one", [articles])
    first, second = _split(articles, 2)
    with Store(tmp_path / "old.db", migrations=MIGRATIONS[:-1]) as store:   # before 0015
        for article in first:
            store.add_article(article)
        link_store(store, fake_pack())
        with store.begin() as conn:   # as a store from before the index
            conn.execute(sa.text("DELETE FROM mention_blocks"))
    with Store(tmp_path / "old.db") as store:   # migrated now
        assert len(store.unindexed_mention_ids()) == len(store.linkable_mention_ids())
        for article in second:
            store.add_article(article)
        link_store(store, fake_pack())
        assert store.unindexed_mention_ids() == []
        assert _events(store) == one and api.stats(store) == one_stats
