def test_verb_candidates_are_whole_words_any_case():
    from marsad.extract.attribution import _VERB_FORMS, _VERB_RE
    for word in _VERB_FORMS:
        assert _VERB_RE.fullmatch(word) and _VERB_RE.fullmatch(word.upper())
    text = "The unsaid resaid SAID, saidx; Claimed-by"
    assert [m.group() for m in _VERB_RE.finditer(text)] == ["SAID", "Claimed"]


def test_sentence_attributions_memo_follows_the_text_and_is_not_serialised():
    from marsad.extract.attribution import (drop_attribution_memo, find_attributions,
                                            sentence_attributions)
    from marsad.model import Article, Sentence
    one = "Rebels shelled the town, activists said."
    two = "The army denied the report, according to state media."
    art = Article(id="a1", text=one, sentences=[Sentence(0, 0, len(one), one)])
    first = sentence_attributions(art, 0)
    assert first == find_attributions(one) and first[0].verb == "said"
    assert sentence_attributions(art, 0) is first          # parsed once
    assert "attribution" not in str(art.to_dict())
    art.sentences[0] = Sentence(0, 0, len(two), two)        # a changed sentence is parsed again
    again = sentence_attributions(art, 0)
    assert again == find_attributions(two) and again != first
    drop_attribution_memo(art)
    assert "_attribution_memo" not in art.__dict__


def test_sentence_triggers_memo_matches_find_triggers_and_is_dropped():
    from marsad.extract.triggers import drop_trigger_memo, find_triggers, sentence_triggers
    from marsad.model import Article, Sentence
    text = "Warplanes bombed the market. Rebels shelled the army base."
    second = Sentence(1, 29, len(text), text[29:])
    art = Article(id="a2", text=text, sentences=[Sentence(0, 0, 28, text[:28]), second])
    got = sentence_triggers(art, 1)
    assert got == find_triggers(text[29:]) and got and got[0].start == text[29:].index("shelled")
    assert sentence_triggers(art, 1) is got
    drop_trigger_memo(art)
    assert "_trigger_memo" not in art.__dict__


def test_a_leading_participial_phrase_is_not_the_speaker():
    from marsad.extract.attribution import find_attributions
    s = ("Armed with tanks, anti-aircraft guns and rifles, the rebels in the town said they had "
         "repelled several attacks.")
    assert [a.source for a in find_attributions(s)] == ["the rebels in the town"]
