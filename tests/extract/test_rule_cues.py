import re

from marsad.extract.rule_cues import cue_index, has_cue, rule_cues


def test_rule_cues_read_from_regexes():
    pattern = re.compile(r"\b(?:hand grenades?|molest\w*|(?:rpg|mortar) rounds)\b")
    (words, subs), _ = rule_cues(pattern)
    assert words == {"grenade", "grenades", "mortar", "rounds"} and subs == ("molest",)
    assert rule_cues(re.compile(r"\b(?:\w+ed)\b"))[0] is None  # no cue: always searched


def test_all_groups_get_their_own_cues():
    _, all_cues = rule_cues(re.compile(r"\bcaptured\b"),
                            [re.compile(r"\b(?:army|troops)\b"), re.compile(r"\btown\b")])
    assert [c[0] for c in all_cues] == [{"army", "troops"}, {"town"}]
    assert has_cue(all_cues[0], {"the", "troops"}, "the troops")
    assert not has_cue(all_cues[1], {"the", "troops"}, "the troops")


def test_cue_index_maps_words_to_rules():
    patterns = [r"\bshell(?:ed|ing)\b", r"\b\w+ing\b", r"\b\w+ed\b"]
    cues = [rule_cues(re.compile(p)) for p in patterns]
    by_word, by_sub, always = cue_index(cues)
    assert by_word == {"shelled": (0,), "shelling": (0,)}
    assert by_sub == (("ing", (1,)),) and always == (2,)
