from marsad.core.sides import (alignment_camp, coding_camp, is_fighting_side, is_government,
                               link_camp)


def test_coding_and_linking_camps_differ_where_they_should():
    assert coding_camp("regime") == "government" and link_camp("regime") == "regime"
    assert link_camp("us-coalition") == "sdf" and coding_camp("us-coalition") == "us-coalition"
    assert coding_camp("jihadist") == link_camp("jihadist") == "opposition"


def test_side_predicates():
    assert is_government("pro-government militia") and is_government("state")
    assert not is_government("opposition")
    assert is_fighting_side("isis") and not is_fighting_side("civilians")


def test_alignment_camp_falls_back_on_the_first_word():
    assert alignment_camp("state-media-syria") == "pro-government"
    assert alignment_camp("opposition-leaning") == "opposition"
    assert alignment_camp("unknown-blog") is None and alignment_camp(None) is None
