"""Events carry their text keys (Event.link_keys) so later batches need not recompute
them; a cache whose inputs changed is never trusted."""

from __future__ import annotations

import dataclasses

from linkfixtures import fake_pack, mention

from marsad.link import Linker

OUTLETS = {"a1": "Enab Baladi", "a2": "SANA", "a3": "Reuters"}


def _storm(article):
    return mention("Opposition fighters stormed the cement factory south of Aleppo and took "
                   "control of it.", article=article, day=None)


def _link(new, existing=()):
    return Linker(fake_pack()).link(list(new), list(existing), outlets=OUTLETS)


def test_saved_event_carries_keys_equal_to_fresh_ones():
    (event,) = _link([_storm("a1")])
    cache = event.link_keys
    linker = Linker(fake_pack())
    node = linker._event_node(event, None)
    fresh = dataclasses.replace(node, _keys=None).keys()
    assert node._keys == fresh
    assert cache["stems"] == sorted(fresh[2])


def test_stale_cache_is_ignored_and_growth_links_the_same():
    (event,) = _link([_storm("a1")])
    bad = dataclasses.replace(event, link_keys={
        **event.link_keys, "sig": "stale", "stems": ["zzz"]})
    node = Linker(fake_pack())._event_node(bad, None)
    assert node._keys is None            # recomputed, not read from the stale cache
    grown = _link([_storm("a2")], [bad])
    plain = _link([_storm("a2")], [event])
    assert [sorted(e.mentions) for e in grown] == [sorted(e.mentions) for e in plain]
    assert grown[0].link_keys == plain[0].link_keys


def test_a_dated_pair_reads_phrase_keys_without_finding_stems_and_partial_dates():
    """A day's report and a month's summary share an event phrase: the pair compares the
    phrase keys only, so neither node works out the content stems and partial date that
    only undated pairs read (most of what ``Node.keys`` costs), and the phrase keys are
    those ``keys`` gives."""
    import datetime as dt

    from marsad.model import ResolvedDate

    linker = Linker(fake_pack())
    day = mention("Rebels broke the siege of Aleppo after days of fighting.", article="a1",
                  place="aleppo")
    month = dataclasses.replace(
        mention("Rebels broke the siege of Aleppo in August.", article="a2", place="aleppo"),
        date=ResolvedDate(dt.date(2016, 8, 1), dt.date(2016, 8, 31), "month"))
    a, b = linker.report_nodes([day]) + linker.report_nodes([month])
    assert not a.spec() & b.spec()          # no landmark: the phrase decides
    assert linker.score(a, b) is not None   # the shared phrase lets a summary pair
    assert a._keys is None and b._keys is None
    for n in (a, b):
        assert n.phrases() == dataclasses.replace(n, _keys=None, _phrases=None).keys()[1]
        assert "break+siege" in n.phrases()
