"""The shortcuts of the neighbourhood lookup give what the plain lookup gives: rows of
copies taken from a run's cache, unwritten rows counted as index rows, an empty index."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from linkfixtures import fake_pack, mention
from test_link_batches import _split, corpus

from marsad.link import link_store
from marsad.link.linker import Linker
from marsad.link.neighbourhood import index_rows, neighbourhood
from marsad.model import Article, Place, Sentence
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


def _closure_by_definition(store, seeds, linker, unwritten) -> set[str]:
    """The neighbourhood as its definition reads, on every row of the index expanded to a
    key per grid cell: a bucket a member is in joins whole when it holds identical reports
    or more than ``max_neighbours`` + 1 mentions, else the mentions of it a member pairs
    with (overlapping windows, a score over the threshold on one-batch nodes); a member's
    event joins whole."""
    from collections import defaultdict

    from marsad.link.neighbourhood import COPY_KEY

    buckets: defaultdict[str, set] = defaultdict(set)
    keys_of: defaultdict[str, set] = defaultdict(set)
    linkable = store.linkable_mention_ids()
    rows = [(k, mid, lo, hi) for k, mid, lo, hi in store.mention_block_rows(mention_ids=linkable)]
    rows += [(k, mid, lo, hi) for mid, rs in unwritten.items() for k, lo, hi in rs]
    for k, mid, lo, hi in rows:
        buckets[k].add((mid, lo, hi))
        keys_of[mid].add((k, lo, hi))
    mentions = {m.id: m for m in store.event_mentions(ids=sorted(keys_of))}
    nodes = {}
    for mid in sorted(keys_of):
        group = sorted({mid} | {y for k, _, _ in keys_of[mid] if k.startswith(COPY_KEY)
                                for y, _, _ in buckets[k]})
        [nodes[mid]] = linker.report_nodes([mentions[y] for y in group])
    event_of = store.mention_event_ids(linkable)
    mates: defaultdict[str, set] = defaultdict(set)
    for mid, eid in event_of.items():
        mates[eid].add(mid)
    members, todo = set(seeds), set(seeds)
    while todo:
        found = set()
        for x in todo:
            for k, lo, hi in keys_of[x]:
                b = buckets[k]
                if k.startswith(COPY_KEY) or len(b) > linker.max_neighbours + 1:
                    found |= {y for y, _, _ in b}
                    continue
                found |= {y for y, lo2, hi2 in b
                          if (None in (lo, hi, lo2, hi2) or max(lo, lo2) <= min(hi, hi2))
                          and linker.may_pair(nodes[x], nodes[y])}
            if x in event_of:
                found |= mates[event_of[x]]
        found |= {y for f in found if f in event_of for y in mates[event_of[f]]}
        todo = found - members
        members |= todo
    return members


@pytest.mark.parametrize("max_neighbours", [2, 5, 60])
def test_the_lookup_by_week_rectangles_gives_the_closure_its_definition_gives(
        tmp_path, max_neighbours):
    """Grid cells read as the index keeps them (a rectangle of cells per mention and week,
    single cells on rows of their own) and paired once per week give the same set as
    every cell key on its own: crowded cells (few neighbours allowed), identical reports,
    stored events, unwritten rows of mentions that are not seeds."""
    thresholds = {"max_neighbours": max_neighbours}
    articles = corpus(n=48, seed=3)
    copies = [dataclasses.replace(a, id=f"{a.id}-copy", events=[
        dataclasses.replace(m, id=f"{m.id}-copy", article_id=f"{a.id}-copy") for m in a.events])
        for a in articles[:6]]
    first, second = _split(articles, 2)
    with Store(tmp_path / "w.db") as store:
        for article in first + copies[:3]:
            store.add_article(article)
        link_store(store, fake_pack(), **thresholds)
        for article in second + copies[3:]:
            store.add_article(article)
        linker = Linker(fake_pack(), **thresholds)
        seeds = store.unchecked_mention_ids()
        rows = {m.id: index_rows(linker, m) for m in store.event_mentions(ids=seeds)}
        assert any(i0 is not None for *_, i0, _i1, _j0, _j1 in store.mention_block_packed(
            {f"{k.rsplit('|', 1)[0]}|c*" for r in rows.values() for k, _, _ in r
             if "|c" in k}))   # the stored half has rectangle rows

        def load(ids):
            return store.event_mentions(ids=sorted(ids))

        for some in (seeds, seeds[::4]):   # the unwritten rows all seeds, or not
            got = neighbourhood(store, some, linker, load, unwritten=rows)
            assert got == _closure_by_definition(store, some, linker, rows)
            assert set(some) <= got


def _one_article(aid: str, ms: list) -> Article:
    for i, m in enumerate(ms):
        m.start, m.end = i * 200, i * 200 + len(m.text)
    return Article(id=aid, text="\n".join(m.text.ljust(199) for m in ms), title=ms[0].text,
                   outlet="Reuters", published=dt.date(2016, 8, 20),
                   sentences=[Sentence(i, m.start, m.end, m.text) for i, m in enumerate(ms)],
                   events=ms)


@pytest.mark.parametrize("max_neighbours", [2, 60])
def test_a_cell_kept_on_a_row_of_its_own_is_read_and_counted_with_the_rectangles(
        tmp_path, max_neighbours):
    """A town whose radius stays inside one grid cell is indexed on a row of its own; a
    town near a cell's corner under a rectangle of four. A new report pairs with a stored
    one of its own town and day (that row read), and the cell's stored reports of other
    days, which pair with nothing, join only when the cell is crowded (counted over both
    kinds of row)."""
    inside = Place("one-cell", "Onecell", 0.125, 0.125, "city", admin1="A")   # one cell
    corner = Place("corner", "Corner", 0.25, 0.25, "city", admin1="A")      # four cells
    monday = dt.date.fromordinal(dt.date(2016, 8, 1).toordinal() // 7 * 7)   # a week's first day
    text = "Warplanes struck the market of Onecell, killing civilians."

    def report(aid, place, day, words=text):
        m = mention(words, article=aid, sub="Air/drone strike", place="aleppo", day=day.isoformat(),
                    actor1="saa", actor2="civilians")
        return _one_article(aid, [dataclasses.replace(m, place=place)])

    stored = [report("same-day", inside, monday)]
    stored += [report(f"later{i}", place, monday + dt.timedelta(days=3 + 3 * (i % 2)),
                      f"Shelling hit a quarter number {i} of the town, a monitor said.")
               for i, place in enumerate([inside, corner, corner, inside])]
    thresholds = {"max_neighbours": max_neighbours}
    with Store(tmp_path / "c.db") as store:
        for article in stored:
            store.add_article(article)
        link_store(store, fake_pack(), **thresholds)
        week = monday.toordinal() // 7
        packed = store.mention_block_packed([f"remote|{week}|c0,0", f"remote|{week}|c*"])
        assert {r[4] is None for r in packed} == {True, False}   # both kinds of row
        new = report("new", inside, monday,   # not an identical report: it must pair
                     "Warplanes struck the market in Onecell and killed civilians.")
        store.add_article(new)
        linker = Linker(fake_pack(), **thresholds)
        seeds = store.unchecked_mention_ids()
        rows = {m.id: index_rows(linker, m) for m in store.event_mentions(ids=seeds)}
        got = neighbourhood(store, seeds, linker,
                            lambda ids: store.event_mentions(ids=sorted(ids)), unwritten=rows)
        assert got == _closure_by_definition(store, seeds, linker, rows)
        ids = {m.article_id: m.id for m in store.event_mentions()}
        later = {ids[a.id] for a in stored[1:]}
        assert ids["same-day"] in got
        assert later <= got if max_neighbours == 2 else not later & got
