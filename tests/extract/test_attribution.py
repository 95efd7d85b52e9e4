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


def test_a_day_between_the_subject_and_its_verb_is_not_the_subject():
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions("The ministry Friday denied a report that a raid had killed the commander.")
    assert (att.source, att.stance) == ("The ministry", "denies")
    (att,) = find_attributions("The council late on Tuesday said the convoy was hit.")
    assert att.source == "The council"


def test_a_saying_after_a_denial_without_a_comma_has_the_deniers_voice():
    from marsad.extract.attribution import find_attributions
    first, second = find_attributions(
        "But the ministry has denied any role saying its jets struck an arms store.")
    assert first.source == "the ministry" and first.stance == "denies"
    assert second.verb == "saying" and second.source == ""   # inherits the ministry


def test_a_pronoun_ends_a_trailing_source_phrase():
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions("The raids were carried out by one of two air forces it said.")
    assert att.source == "it" and att.pronoun


def test_a_live_blog_time_stamp_before_a_colon_is_no_subject():
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions(
        "COUNTRY, 4:25 p.m. ET, 11:25 p.m. local: A military source has denied the raids.")
    assert att.source == "A military source" and att.stance == "denies"


def test_said_quoting_a_reporter_is_a_trailing_source():
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions("The rally drew about 5,000 people, the local paper said, quoting its reporter.")
    assert att.trailing and att.source == "the local paper"


def test_a_speaker_after_the_verb_at_the_end_of_the_sentence():
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions("Rebels took the western part of the town, said Sami Haddad, a "
                               "rebel fighter.")
    assert (att.source, att.trailing) == ("Sami Haddad", True)
    (att,) = find_attributions("Nine fighters were killed on Tuesday, said spokesman Ali Nour.")
    assert att.source == "spokesman Ali Nour"
    # a day or a clause after the verb is no speaker
    assert all(a.source != "Monday" for a in find_attributions("Rebels took the town, said Monday."))


def test_the_clause_after_but_has_its_own_subject():
    from marsad.extract.attribution import find_attributions
    first, second = find_attributions("Officials deny the town has fallen, but a spokesman "
                                      "acknowledged on television that rebels were in the port.")
    assert (first.source, first.stance) == ("Officials", "denies")
    assert (second.source, second.stance) == ("a spokesman", "confirms")


def test_a_wire_dateline_and_an_adverb_are_not_the_speaker():
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions("Port City, Country (EWS) -- Doctors at a clinic said 9 people died.")
    assert att.source == "Doctors at a clinic"
    (att,) = find_attributions("The leader flatly denied Monday that troops fired on the crowd.")
    assert (att.source, att.stance) == ("The leader", "denies")


def test_a_trailing_attribution_followed_by_a_clause_still_trails():
    text = ("Troops killed 11 people in the town on Tuesday when they fired on a funeral, "
            "activists said, as the army pressed its crackdown.")
    from marsad.extract.attribution import find_attributions
    (att,) = find_attributions(text)
    assert (att.source, att.trailing) == ("activists", True)


def test_a_participle_after_the_comma_keeps_the_attribution_trailing():
    from marsad.extract.attribution import find_attributions
    text = ("\u201cOur troops hold every road into the port,\u201d spokesman Karim Nadi said, "
            "speaking of the coastal town.")
    (att,) = find_attributions(text)
    assert att.source == "spokesman Karim Nadi" and att.trailing
    # a preposition ending in -ing does not end the attribution's reach
    ahead = find_attributions("The army said, during a briefing, that rebels fled the port.")
    assert ahead and not ahead[0].trailing


def test_a_passive_report_before_an_infinitive_names_no_speaker():
    from marsad.extract.attribution import find_attributions
    assert find_attributions("A convoy reported to include armoured cars left the port on "
                             "Monday after rebels stopped it.") == []
    assert find_attributions("A convoy said to carry fuel was hit near the port.") == []
    # a speaker who reports to someone is still a speaker
    (att,) = find_attributions("The governor reported to the council that rebels held the port.")
    assert att.source == "The governor"
