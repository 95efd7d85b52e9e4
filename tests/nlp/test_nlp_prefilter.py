"""PrefilteredPattern finds exactly what the plain pattern finds, only faster."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.nlp.prefilter import PrefilteredPattern, literal_prefixes

AGENTS = re.compile(r"(?<![\w-])(?:(?P<a>(?i:(?:syrian |armed )?rebels?(?: fighters)?))|"
                    r"(?P<b>(?i:the )?Opposition(?: forces)?)|(?P<c>(?i:IS(?:IS|IL)?)\b)|"
                    r"(?P<d>(?:pro-)?regime (?:troops|forces)))(?![\w-])")
WORDS = ["rebels", "Rebel", "syrian", "armed", "fighters", "the", "Opposition", "opposition",
         "forces", "ISIS", "isil", "IS", "pro-regime", "regime", "troops", "said", "-", ",",
         "al-Rebels", "rebelsx", "Syrian"]


def _spans(found):
    return [(m.span(), m.lastgroup) for m in found]


def test_prefixes_are_read_from_the_pattern():
    assert literal_prefixes(r"(?i:car bombs?|vbieds?|ied)") == {"car", "vbi", "ied"}
    assert literal_prefixes(r"(?:syrian )?rebels?") == {"syr", "reb"}
    assert literal_prefixes(r"\w+ forces") is None      # a category: unbounded
    assert literal_prefixes(r"x?") is None               # may match empty
    spaced = literal_prefixes(r"at\s+least", 4)
    assert "at l" in spaced and "at\tl" in spaced and all(p.startswith("at") for p in spaced)
    digits = literal_prefixes(r"\d{2} km", 2)   # a superset is still a valid filter
    assert {"00", "42", "99"} <= digits and all(p.isdigit() for p in digits)


def test_matches_equal_the_plain_pattern_on_a_sentence():
    text = ("Syrian rebels and ISIS fought; the Opposition forces said pro-regime troops "
            "shelled armed rebel fighters near al-Rebels, IS claimed.")
    fast = PrefilteredPattern(AGENTS)
    assert fast.prefiltered
    assert _spans(fast.finditer(text)) == _spans(AGENTS.finditer(text))
    assert len(_spans(AGENTS.finditer(text))) >= 5


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30),
       st.lists(st.sampled_from([" ", "  ", "\n", "-"]), min_size=30, max_size=30))
def test_matches_equal_the_plain_pattern_on_any_word_sequence(words, seps):
    text = "".join(w + s for w, s in zip(words, seps))
    assert _spans(PrefilteredPattern(AGENTS).finditer(text)) == _spans(AGENTS.finditer(text))


def test_a_pattern_without_the_word_start_guard_runs_as_it_is():
    rx = re.compile(r"\d+ killed")
    fast = PrefilteredPattern(rx)
    assert not fast.prefiltered
    assert _spans(fast.finditer("12 killed, 3 killed")) == _spans(rx.finditer("12 killed, 3 killed"))
