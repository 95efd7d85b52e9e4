"""add_article's budget is 3 ms for a typical article (SQLite); fail only on a gross regression."""

from __future__ import annotations

import dataclasses
import time

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


def test_add_article_speed(backend, store_url):
    batch = [typical(i) for i in range(300)]
    with Store(store_url) as store:
        store.add_article(typical(-1))  # warm up statement caches
        t0 = time.perf_counter()
        for a in batch:
            assert store.add_article(a)
        per_article_ms = (time.perf_counter() - t0) / len(batch) * 1000
    budget = {"sqlite": 10, "postgresql": 25}[backend]   # a server: a round trip per table
    assert per_article_ms < budget, f"add_article took {per_article_ms:.2f} ms per article"
