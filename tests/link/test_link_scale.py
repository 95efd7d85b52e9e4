"""Bounded growth: capped versions, copies sharing a node, per-window candidate loading,
and saving only what a batch changed."""

from __future__ import annotations

import datetime as dt

import pytest
from linkfixtures import claim, fake_pack, mention

from marsad.link import Linker
from marsad.link.reconcile import (MAX_VERSIONS, SAMPLE_VERSIONS, add_versions,
                                   mention_versions, reconcile, weight)
from marsad.model import Article, Event, Sentence

TEXT = "Opposition fighters stormed the cement factory south of Aleppo."


def _copies(n, text=TEXT, outlet_of=lambda i: "Orient News", **kw):
    ms = [mention(text, article=f"copy{i:03d}", **kw) for i in range(n)]
    return ms, {m.article_id: outlet_of(i) for i, m in enumerate(ms)}


def test_copies_of_one_report_make_one_event_with_a_bounded_sample():
    ms, outlets = _copies(3 * SAMPLE_VERSIONS)
    events = Linker(fake_pack()).link(ms, [], outlets=outlets)
    assert len(events) == 1
    e = events[0]
    assert len(e.mentions) == len(ms) and len(e.articles) == len(ms)
    occurred = e.versions["occurred"]
    assert len(occurred) == SAMPLE_VERSIONS
    assert sum(weight(v) for v in occurred) == len(ms)
    assert e.date_range.sources == len(ms)


def test_many_batches_of_copies_keep_the_event_small_and_its_id():
    linker = Linker(fake_pack())
    first, outlets = _copies(5)
    event = linker.link(first, [], outlets=outlets)[0]
    for batch in range(1, 8):
        ms = [mention(TEXT, article=f"b{batch}-{i}") for i in range(10)]
        out = linker.link(ms, [event], outlets={m.article_id: "SANA" for m in ms})
        assert [e.id for e in out] == [event.id]
        event = out[0]
    assert len(event.mentions) == 75
    assert all(len(v) <= SAMPLE_VERSIONS + 1 for v in event.versions.values())
    # both outlets are still counted as reporting it
    assert event.outlets == ["Orient News", "SANA"]


def test_capped_consensus_weighs_repeats():
    """Past the sample, a majority made of repeats still wins the consensus."""
    versions: dict = {}
    ms = [mention(TEXT, article=f"a{i}", day="2016-08-05") for i in range(SAMPLE_VERSIONS)]
    ms += [mention(TEXT, article=f"b{i}", day="2016-08-06") for i in range(SAMPLE_VERSIONS + 5)]
    for m in ms:
        add_versions(versions, mention_versions(m, "Reuters"), replace=False)
    assert len(versions["date"]) == SAMPLE_VERSIONS + 1
    e = reconcile(Event(id="e1", event_type="Battles", sub_event_type="Armed clash",
                        versions=versions))
    assert e.date.start == dt.date(2016, 8, 6)
    assert e.date_range.sources == len(ms)


def test_distinct_accounts_are_kept_up_to_the_hard_cap_and_counted_past_it():
    versions: dict = {}
    dropped = 0
    n = MAX_VERSIONS + 10
    for i in range(n):   # every account a different death toll from a different outlet
        m = mention(TEXT, article=f"a{i}", killed=(None, i + 1, None, None))
        dropped += add_versions(versions, mention_versions(m, f"outlet {i}"), replace=False)
    assert len(versions["fatalities"]) == MAX_VERSIONS
    assert dropped >= 10


def test_denial_past_the_sample_is_kept_and_contradicts():
    ms, outlets = _copies(SAMPLE_VERSIONS + 3)
    d = mention("A military source denied that the cement factory had fallen.",
                article="denial", modality="denied")
    outlets["denial"] = "SANA"
    claims = [claim(d, "military source", kind="anonymous", stance="denies")]
    events = Linker(fake_pack()).link(ms + [d], [], outlets=outlets, claims=claims)
    e = next(e for e in events if d.id in e.mentions)
    assert e.status == "disputed"
    assert any(c["field"] == "occurred" for c in e.contradictions)


def test_undated_copies_still_respect_the_article_cap():
    ms, outlets = _copies(12, day=None)
    events = Linker(fake_pack(), max_undated_articles=8).link(ms, [], outlets=outlets)
    assert max(len(e.articles) for e in events) <= 8


store_mod = pytest.importorskip("marsad.store")


def _article(aid, outlet, m, day):
    m.article_id, m.sentence, m.start, m.end = aid, 0, 0, len(m.text)
    return Article(id=aid, text=m.text, title=m.text, outlet=outlet, published=day,
                   sentences=[Sentence(0, 0, len(m.text), m.text)], events=[m])


def test_link_store_far_apart_batches_and_saves_only_new_links(tmp_path):
    from marsad.link import link_store
    store = store_mod.Store(str(tmp_path / "m.db"), create=True)
    early = dt.date(2016, 8, 6)
    late = dt.date(2018, 3, 1)
    store.add_article(_article("a1", "SANA", mention(TEXT, article="a1"), early))
    link_store(store, fake_pack())
    # a batch with one report of the 2016 event and one of a 2018 event: both windows load
    store.add_article(_article("a2", "Enab Baladi", mention(TEXT, article="a2"), early))
    store.add_article(_article("a3", "SANA", mention(
        "Government forces regained Idlib city.", article="a3", place="idlib",
        sub="Government regains territory", day=late.isoformat()), late))
    report = link_store(store, fake_pack())
    # the 2016 event is re-linked with its new report (its id is its smallest mention's)
    assert report.linked == 2 and report.candidates == 1
    assert report.events_created + report.events_updated == 2
    events = {tuple(e.articles): e for e in store.events()}
    assert set(events) == {("a1", "a2"), ("a3",)}
    linked = {m.article_id: m.event_id for m in store.event_mentions()}
    assert linked["a1"] == linked["a2"] == events[("a1", "a2")].id
    assert not store.event_mentions(unlinked=True)
    store.close()


def test_undated_copies_past_the_cap_split_as_one_batch_would(tmp_path):
    """A tenth undated copy re-links the stored nine (both their events): the store then
    holds what one batch of the ten gives."""
    from marsad.link import link_store
    store = store_mod.Store(str(tmp_path / "u.db"), create=True)
    day = dt.date(2016, 8, 7)
    for i in range(9):
        aid = f"u{i}"
        store.add_article(_article(aid, "SANA", mention(TEXT, article=aid, day=None), day))
    link_store(store, fake_pack(), max_undated_articles=8)
    assert sorted(len(e.articles) for e in store.events()) == [1, 8]
    store.add_article(_article("u9", "SANA", mention(TEXT, article="u9", day=None), day))
    report = link_store(store, fake_pack(), max_undated_articles=8)
    assert report.candidates == 2 and report.linked == 1
    assert sorted(len(e.articles) for e in store.events()) == [2, 8]
    batched = sorted((e.id, tuple(e.mentions)) for e in store.events())
    store.close()
    one = store_mod.Store(str(tmp_path / "one.db"), create=True)
    for i in range(10):
        aid = f"u{i}"
        one.add_article(_article(aid, "SANA", mention(TEXT, article=aid, day=None), day))
    link_store(one, fake_pack(), max_undated_articles=8)
    assert sorted((e.id, tuple(e.mentions)) for e in one.events()) == batched
    one.close()


def test_each_kept_version_sentence_is_stored_once_per_event():
    from marsad.link.reconcile import version_sentence
    ms, outlets = _copies(3 * SAMPLE_VERSIONS)
    [e] = Linker(fake_pack()).link(ms, [], outlets=outlets)
    assert all("sentence" not in v for vs in e.versions.values() for v in vs)
    kept = {v["mention_id"] for vs in e.versions.values() for v in vs}
    assert set(e.version_sentences) == kept   # folded copies add no sentence
    assert all(version_sentence(e.version_sentences, v) == TEXT for v in e.versions["occurred"])
    # an entry saved with its own sentence (before the map existed) still reads
    assert version_sentence({}, {"sentence": "old", "mention_id": "m"}) == "old"
