"""The shortcuts of the neighbourhood lookup give what the plain lookup gives: rows of
copies taken from a run's cache, unwritten rows counted as index rows, an empty index."""

from __future__ import annotations

import dataclasses

from linkfixtures import fake_pack, mention
from test_link_batches import _split, corpus

from marsad.link import link_store
from marsad.link.linker import Linker
from marsad.link.neighbourhood import index_rows, neighbourhood
from marsad.store import Store


def test_index_rows_of_copies_from_the_cache_are_their_own():
    linker = Linker(fake_pack())
    text = "Opposition fighters stormed the cement factory south of Aleppo."
    first = mention(text, article="a1")
    copy = dataclasses.replace(first, id="copy", article_id="a2")
    undated = mention(text, article="a3", day=None)
    cache: dict = {}
    for m in (first, copy, undated, copy):
        assert index_rows(linker, m, cache) == index_rows(Linker(fake_pack()), m)
    assert len(cache) == 1   # the dated report; undated ones are not shared


def test_unwritten_rows_count_as_index_rows_whatever_the_seeds(tmp_path):
    first, second = _split(corpus(), 2)
    with Store(tmp_path / "n.db") as store:
        assert not store.has_mention_blocks()
        for article in first:
            store.add_article(article)
        link_store(store, fake_pack())
        assert store.has_mention_blocks()
        for article in second:
            store.add_article(article)
        linker = Linker(fake_pack())
        seeds = store.unchecked_mention_ids()
        rows = {m.id: index_rows(linker, m) for m in store.event_mentions(ids=seeds)}

        def load(ids):
            return store.event_mentions(ids=sorted(ids))

        some = seeds[::3]   # unwritten rows of mentions that are not seeds too
        before = [neighbourhood(store, s, linker, load, unwritten=rows) for s in (seeds, some)]
        store.set_mention_blocks(rows)
        after = [neighbourhood(store, s, linker, load) for s in (seeds, some)]
        assert before == after
        assert set(some) < after[1] <= after[0]
