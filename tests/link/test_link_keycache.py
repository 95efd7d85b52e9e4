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
