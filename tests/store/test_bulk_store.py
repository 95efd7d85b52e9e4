"""A run's worth of typical articles goes into the store whole, on each backend (the
multi-row inserts of store.sql). Speed is a benchmark figure (`marsad benchmark`'s store
stage), never a timed assertion here."""

from __future__ import annotations

import dataclasses

from store_fixtures import make_article
from marsad.model import Sentence, stable_id
from marsad.store import Store


def typical(i: int):
    """~15 sentences, 60 mentions, 5 event mentions, 5 claims (a 320-word report)."""
    a = make_article(make_article().text + f" Report {i}.", n_events=3)
    a.sentences = [Sentence(k, k * 130, k * 130 + 120, "word " * 24) for k in range(15)]
    a.mentions = [dataclasses.replace(make_article().mentions[k % 3], sentence=k % 15)
                  for k in range(60)]
    a.events += [dataclasses.replace(e, id=stable_id(e.id, "b")) for e in a.events[:2]]
    a.claims += [dataclasses.replace(c, id=stable_id(c.id, "b")) for c in a.claims[:2]]
    return a


def test_typical_articles_are_stored_whole(backend, store_url):
    batch = [typical(i) for i in range(300)]
    with Store(store_url) as store:
        for a in batch:
            assert store.add_article(a)
        stats = store.stats()
        back = store.get_article(batch[7].id)
    assert stats["articles"] == 300
    assert stats["sentences"] == 300 * 15 and stats["mentions"] == 300 * 60
    assert len(back.sentences) == 15 and len(back.mentions) == 60
    assert len(back.events) == len(batch[7].events) and len(back.claims) == len(batch[7].claims)


def test_a_batch_stores_each_article_once_and_says_which_were_new(backend, store_url):
    batch = [typical(i) for i in range(6)]
    with Store(store_url) as store:
        assert store.add_article(batch[2])
        stream = [batch[0], batch[1], batch[2], batch[1], batch[3]]   # a stored one, a copy
        out = [(a.id, new) for a, new in store.add_articles(stream, batch_size=10)]
        assert out == [(batch[0].id, True), (batch[1].id, True), (batch[2].id, False),
                       (batch[1].id, False), (batch[3].id, True)]
        assert store.stats()["articles"] == 4 and store.stats()["mentions"] == 4 * 60
        assert store.stored_article_ids(a.id for a in batch) == {a.id for a in batch[:4]}
        assert store.stored_article_ids([]) == set()
