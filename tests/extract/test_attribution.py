def test_verb_candidates_are_whole_words_any_case():
    from marsad.extract.attribution import _VERB_FORMS, _VERB_RE
    for word in _VERB_FORMS:
        assert _VERB_RE.fullmatch(word) and _VERB_RE.fullmatch(word.upper())
    text = "The unsaid resaid SAID, saidx; Claimed-by"
    assert [m.group() for m in _VERB_RE.finditer(text)] == ["SAID", "Claimed"]
