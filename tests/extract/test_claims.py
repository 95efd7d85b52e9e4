"""The ``claims`` stage: sources and stances of event mentions (invented text)."""

import pytest

from marsad.extract.claims import ClaimConfigError, make_claim_tagger
from marsad.extract.coder import make_event_coder
from marsad.model import stable_id

from test_coder import PACK, Stub, build


def run(paras, mentions=(), outlet="Example Daily"):
    article = build(paras, mentions)
    article.outlet = outlet
    article = make_event_coder(PACK, classifier=Stub())(article)
    return make_claim_tagger(PACK)(article)


def claims_of(article, event):
    by_id = {c.id: c for c in article.claims}
    return [by_id[i] for i in event.claims]


def test_stage_contract():
    stage = make_claim_tagger(PACK)
    assert stage.name == "claims" and stage.assigns == ("claims", "events.claims")
    assert set(stage.requires) == {"sentences", "events", "mentions.actor", "mentions.person"}
    with pytest.raises(ClaimConfigError):
        make_claim_tagger(PACK, flavour="x")


def test_outlet_voice_when_nothing_is_attributed():
    a = run(["Rebels seized the water station on Sunday."], [("actor", "Rebels", "rebels")])
    (ev,) = a.events
    (c,) = claims_of(a, ev)
    assert (c.source, c.source_kind, c.stance) == ("Example Daily", "outlet", "asserts")
    assert c.event_mention == ev.id and c.article_id == a.id
    assert c.id == stable_id(a.id, ev.sentence, "Example Daily", "asserts", ev.id)


def test_unknown_outlet():
    a = run(["Rebels seized the water station."], outlet=None)
    assert a.claims[0].source == "unknown outlet"


def test_denial_is_a_denies_claim_by_the_denier():
    a = run(["The army confirmed the attack but denied the rebels had captured the school."],
            [("actor", "army", "army"), ("actor", "rebels", "rebels")])
    denied = [e for e in a.events if e.modality == "denied"]
    assert denied, [(e.sub_event_type, e.modality) for e in a.events]
    (c,) = claims_of(a, denied[0])
    assert c.stance == "denies" and c.source == "army"
    assert c.source_kind == "party" and c.source_actor == "army"
    confirmed = [e for e in a.events if e.sub_event_type == "Armed clash"]
    assert confirmed and claims_of(a, confirmed[0])[0].stance == "confirms"


def test_according_to_activists_is_anonymous():
    a = run(["Regime forces shelled the market, according to activists."],
            [("actor", "Regime forces", "regime")])
    (c,) = a.claims
    assert (c.source, c.source_kind, c.stance) == ("activists", "anonymous", "asserts")
    assert c.text == "according to activists"


def test_party_source_with_claimed_is_unverified():
    a = run(["Jaish al-Islam claimed its fighters had captured the checkpoint."],
            [("actor", "Jaish al-Islam", "jaish-al-islam")])
    (c,) = a.claims
    assert c.source_kind == "party" and c.source_actor == "jaish-al-islam"
    assert c.stance == "reports_unverified"


def test_hedge_in_outlet_voice():
    a = run(["Warplanes reportedly struck the bakery."])
    assert a.claims[0].stance == "reports_unverified" and a.claims[0].source_kind == "outlet"


def test_trailing_named_source():
    a = run(["The town was shelled overnight, the head of the monitoring group told Reuters."])
    (c,) = a.claims
    assert c.source == "head of the monitoring group" and c.source_kind == "anonymous"


def test_trailing_person_is_named():
    a = run(["Five fighters were killed in the clashes, Omar Haddad said."],
            [("person", "Omar Haddad", None, {"role": None})])
    (c,) = a.claims
    assert c.source == "Omar Haddad" and c.source_kind == "named"


def test_state_media_counts_as_the_government_party():
    pack_gov = [a.id for a in PACK.actors if a.side == "government"]
    a = run(["State media reported that the army regained the bridge."], [("actor", "army", "army")])
    (c,) = a.claims
    assert c.source_kind == "party" and c.source_actor in pack_gov


def test_unattributed_quote_takes_the_next_sentences_speaker():
    a = run(["\u201cWe have seized the whole district.\u201d",
             "\u201cThe enemy fled,\u201d a rebel commander said."])
    first = [e for e in a.events if e.sentence == 0]
    assert first
    (c,) = claims_of(a, first[0])
    assert c.source == "rebel commander" and c.source_kind == "anonymous"


def test_every_mention_has_a_claim_and_ids_are_unique():
    a = run(["Rebels seized the hill; meanwhile warplanes struck the bakery, activists said.",
             "The army will try to retake the hill."],
            [("actor", "Rebels", "rebels"), ("actor", "army", "army")])
    assert a.events and all(e.claims for e in a.events)
    assert len({c.id for c in a.claims}) == len(a.claims)


def test_conceded_is_confirms_and_pronoun_takes_the_last_named_source():
    a = run(["The militia's media office conceded that rebels had seized the ridge.",
             "He said the army shelled the town overnight."],
            [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    first = [e for e in a.events if e.sentence == 0][0]
    second = [e for e in a.events if e.sentence == 1][0]
    assert claims_of(a, first)[0].stance == "confirms"
    assert claims_of(a, second)[0].source == "militia's media office"


def test_unverified_reports_in_according_to():
    a = run(["Warplanes struck the hospital, according to unverified reports."])
    (c,) = a.claims
    assert c.stance == "reports_unverified" and c.source_kind == "anonymous"


def test_claims_stage_is_deterministic():
    paras = ["The army denied that rebels had seized the base, state media said.",
             "Rebels captured the hill, activists said."]
    one, two = run(paras), run(paras)
    assert [c.to_dict() for c in one.claims] == [c.to_dict() for c in two.claims]


def test_sources_in_text_without_commas():
    a = run(["An air strike on the village killed five people the monitor said.",
             "Warplanes struck the bakery last week US officials said."])
    assert [c.source for c in a.claims] == ["monitor", "US officials"]
    assert a.claims[0].source_kind == "anonymous"


def test_leading_subject_with_relative_clause_and_a_short_object():
    a = run(["The rebel alliance that includes Jaish al-Islam conceded the army regained the hill."],
            [("actor", "rebel alliance", "rebels"), ("actor", "Jaish al-Islam", "jaish-al-islam"),
             ("actor", "army", "army")])
    (c,) = a.claims
    assert c.source == "rebel alliance" and c.source_kind == "party" and c.source_actor == "rebels"
    assert c.stance == "confirms"


def test_a_capitalised_name_is_not_a_reporting_verb():
    from marsad.extract.attribution import find_attributions
    assert find_attributions("Aircraft of the United States struck the bridge.") == []


def test_trailing_source_followed_by_adding_covers_both_parts():
    a = run(["Rebels seized the hill on Sunday, the group said, adding that warplanes struck the bakery."],
            [("actor", "Rebels", "rebels")])
    assert [e.sub_event_type for e in a.events] == ["Non-state actor overtakes territory",
                                                    "Air/drone strike"]
    assert [c.source for c in a.claims] == ["group", "group"]


def test_quote_with_no_event_word_belongs_to_its_trailing_speaker():
    from types import SimpleNamespace

    class Always:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Change to group/activity", event_type=None,
                                   score=0.9, ranking=[])

    article = build(["\u201cAfter weeks of preparation the alliance finally ended the blockade\u201d, "
                     "Example TV\u2019s Sami Haddad, reporting from the besieged side, said."],
                    [("person", "Sami Haddad", None)])
    article.outlet = "Example Daily"
    article = make_claim_tagger(PACK)(make_event_coder(PACK, classifier=Always())(article))
    (ev,) = article.events
    (c,) = claims_of(article, ev)
    assert c.source == "Example TV\u2019s Sami Haddad" and c.source_kind == "named"


def test_a_dateline_or_a_wire_slug_is_no_speaker_the_outlet_is():
    import datetime as dt
    from marsad.eval.stream import default_pipeline
    from marsad.ingest.article import article_from_text
    pipe = default_pipeline("syria")
    text = ("DOUMA | Sun May 1, 2016 6:03 pm EDT DOUMA (Wire) - Rebels said warplanes struck Douma "
            "on Sunday, killing 4 people.")
    claims = pipe(article_from_text(text, published=dt.date(2016, 5, 1), outlet="Example Wire")).claims
    assert claims and all("|" not in c.source for c in claims)
    assert "SANA" in [c.source for c in pipe(article_from_text(
        "SANA said terrorists shelled Aleppo on Sunday, killing 3 people.",
        published=dt.date(2016, 5, 1), outlet="Example Wire")).claims]


def _pipeline_claims(text):
    import datetime as dt
    from marsad.eval.stream import default_pipeline
    from marsad.ingest.article import article_from_text
    article = default_pipeline("syria")(article_from_text(
        text, published=dt.date(2016, 5, 4), outlet="Example Wire"))
    by_id = {c.id: c for c in article.claims}
    return [(e, [by_id[i] for i in e.claims]) for e in article.events]


def test_a_passive_denial_is_its_agents():
    found = _pipeline_claims("State TV claimed on Thursday that the army was in control of "
                             "Saraqib, a claim disputed by opposition leaders.")
    denied = [cs for e, cs in found if e.modality == "denied"]
    assert denied and [c.source for c in denied[0]] == ["opposition leaders"]
    assert denied[0][0].stance == "denies"


def test_a_denied_event_is_the_deniers_not_a_later_speakers():
    found = _pipeline_claims("Officials in Damascus deny that Saraqib is under rebel control, but "
                             "a government spokesman acknowledged on television that rebels "
                             "were in Binnish.")
    denied = [cs for e, cs in found if e.modality == "denied"]
    assert denied and denied[0][0].source == "Officials in Damascus"
    # and the officials' city is where they speak, not where the event is
    places = [e.place.name for e, _ in found if e.modality == "denied" and e.place]
    assert places and "Damascus" not in places


def test_it_said_takes_the_source_named_before():
    found = _pipeline_claims("The monitor said air strikes on Douma on Sunday killed 12 people. "
                             "They were carried out by either Russian or Syrian jets it said.")
    sources = {c.source for _, cs in found for c in cs}
    assert "monitor" in sources and not any(" it" in s for s in sources)


def test_a_speaker_of_the_government_is_the_government_party():
    # no actor mention covers "the government" in the subject: the noun itself says whose
    # voice it is, so a denial by the same camp is not a disagreement with it
    pack_gov = [a.id for a in PACK.actors if a.side == "government"]
    for speaker in ("Senior members of the government", "The dictator's regime"):
        a = run([f"{speaker} said the army regained the bridge on Sunday."],
                [("actor", "army", "army")])
        (c,) = a.claims
        assert c.source_kind == "party" and c.source_actor in pack_gov, speaker
    # another state's government, a rebel government and anti-government activists are not
    for speaker in ("The Freedonian government", "The rebel government",
                    "Anti-government activists"):
        a = run([f"{speaker} said the army regained the bridge on Sunday."],
                [("actor", "army", "army")])
        (c,) = a.claims
        assert c.source_actor not in pack_gov, speaker
