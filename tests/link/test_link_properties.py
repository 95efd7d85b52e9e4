"""Property: linking does not depend on the order mentions arrive in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from linkfixtures import fake_pack, mention

from marsad.link import Linker

PLACES = ["cement-factory", "ramouseh", "tal-sheikh", "idlib"]
SUBS = ["Armed clash", "Non-state actor overtakes territory", "Air/drone strike"]
WORDS = ["rebels", "army", "stormed", "shelled", "factory", "village", "positions", "killed"]

mention_args = st.tuples(st.sampled_from(PLACES), st.sampled_from(SUBS),
                         st.integers(1, 9), st.lists(st.sampled_from(WORDS), min_size=3,
                                                     max_size=6))


@settings(max_examples=40, deadline=None)
@given(st.lists(mention_args, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_clusters_and_ids_do_not_depend_on_input_order(args, rnd):
    ms = [mention(" ".join(words) + ".", article=f"a{i}", place=place, sub=sub,
                  day=f"2016-08-0{day}", actor1=None, actor2=None)
          for i, (place, sub, day, words) in enumerate(args)]
    shuffled = list(ms)
    rnd.shuffle(shuffled)
    linker = Linker(fake_pack())
    a = linker.link(ms, [])
    b = linker.link(shuffled, [])
    assert [e.to_dict() for e in a] == [e.to_dict() for e in b]
    assert sorted(m for e in a for m in e.mentions) == sorted(m.id for m in ms)
