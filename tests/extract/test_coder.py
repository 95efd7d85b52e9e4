"""The ``events`` stage on hand-built articles (invented text, hand-made mentions)."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.extract.coder import CoderConfigError, make_event_coder
from marsad.model import Actor, Article, Mention, Sentence, mention_info
from marsad.pipeline import build_pipeline, process
from marsad.theaters import TheaterPack, load_pack


@pytest.fixture(scope="module")
def syria_pipeline():
    """The real Syria pipeline on the bare pack, built once for the module's end-to-end cases."""
    return build_pipeline("syria", pack=load_pack("syria", overlays=()))

ACTORS = {
    "rebels": ("opposition", 2, True), "opposition": ("opposition", 2, True),
    "jaish-al-islam": ("opposition", 2, False), "army": ("government", 1, False),
    "regime": ("government", 1, True), "isis": ("isis", 2, False), "sdf": ("sdf", 2, False),
}
PACK = TheaterPack(
    name="test", country="Syria", iso=760, region=None,
    actors=tuple(Actor(a, a, side=s, inter=i) for a, (s, i, _) in ACTORS.items())
    + (Actor("civilians-sy", "Civilians (Syria)", side="civilian", inter=7),),
    generic=(), places=(), place_aliases={}, place_population={}, outlets=(), path="")

STUB_RULES = [
    (r"car bomb", "Remote explosive/landmine/IED"),
    (r"air ?strike|warplanes", "Air/drone strike"),
    (r"shell", "Shelling/artillery/missile attack"),
    (r"captur|seiz|(?:took|taken) control|regain|retook", "Non-state actor overtakes territory"),
    (r"executed", "Attack"),
    (r"clash|attack", "Armed clash"),
]


class Stub:
    """Stands in for marsad.extract.classify: keyword -> sub-event type."""

    def predict(self, text):
        for pat, sub in STUB_RULES:
            if re.search(pat, text, re.I):
                return SimpleNamespace(sub_event_type=sub, event_type=None, score=0.8, ranking=[])
        return SimpleNamespace(sub_event_type=None, event_type=None, score=0.9, ranking=[])


def build(paras, mentions=(), published=None):
    """Article from paragraphs; mentions as (kind, surface, norm, attrs, occurrence)."""
    text = "\n".join(paras)
    sents = []
    for p in re.finditer(r"[^\n]+", text):
        for s in re.finditer(r"[^.!?]+[.!?]?[\u201d\"]?", p.group(0)):
            st = p.start() + s.start() + len(s.group(0)) - len(s.group(0).lstrip())
            if text[st:p.start() + s.end()].strip():
                sents.append(Sentence(len(sents), st, p.start() + s.end(), text[st:p.start() + s.end()]))
    out = []
    for spec in mentions:
        kind, surface, norm = spec[:3]
        attrs = dict(spec[3]) if len(spec) > 3 else {}
        pos = -1
        for _ in range((spec[4] if len(spec) > 4 else 0) + 1):
            pos = text.index(surface, pos + 1)
        if kind == "actor" and norm in ACTORS:
            side, inter, generic = ACTORS[norm]
            attrs = {"side": side, "inter": inter, "generic": generic, **attrs}
        idx = next(s.index for s in sents if s.start <= pos < s.end)
        out.append(Mention(kind, surface, pos, pos + len(surface), idx, norm,
                           mention_info(kind, attrs)))
    return Article(id=Article.make_id(text), text=text, sentences=sents,
                   mentions=sorted(out, key=lambda m: m.start),
                   published=dt.date.fromisoformat(published) if published else None)


def day(iso, text="on Sunday"):
    return {"date": {"start": iso, "end": iso, "precision": "day", "text": text, "relative": True}}


def code(article):
    return make_event_coder(PACK, classifier=Stub())(article).events


def test_stage_contract():
    stage = make_event_coder(PACK, classifier=Stub())
    assert stage.name == "events" and stage.assigns == ("events",)
    assert set(stage.requires) == {"sentences", "mentions.place", "mentions.actor", "mentions.date",
                                   "mentions.number"}
    with pytest.raises(CoderConfigError, match="unknown option"):
        make_event_coder(PACK, classifier=Stub(), colour="red")


def test_active_roles_and_government_subtype_correction():
    a = build(["The army regained the village of Tal Sheikh from the rebels on Sunday."],
              [("actor", "army", "army"), ("actor", "rebels", "rebels"),
               ("place", "Tal Sheikh", "tal-sheikh", {"level": "city"}),
               ("date", "on Sunday", "2016-08-07", day("2016-08-07"))])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("army", "rebels")
    assert ev.sub_event_type == "Government regains territory"
    assert ev.event_type == "Battles"
    assert ev.place_text == "Tal Sheikh"
    assert ev.date.start == dt.date(2016, 8, 7) and ev.date.precision == "day"
    assert ev.modality == "asserted" and 0 < ev.confidence <= 1


def test_non_state_takeover_stays_non_state():
    a = build(["Jaish al-Islam fighters captured the hill from regime forces."],
              [("actor", "Jaish al-Islam", "jaish-al-islam"), ("actor", "regime forces", "regime")])
    (ev,) = code(a)
    assert ev.sub_event_type == "Non-state actor overtakes territory"
    assert (ev.actor1, ev.actor2) == ("jaish-al-islam", "regime")


def test_passive_by_agent_and_against_target():
    a = build(["The town has been seized by the SDF after a long offensive against ISIS."],
              [("actor", "SDF", "sdf"), ("actor", "ISIS", "isis")])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("sdf", "isis")
    assert ev.sub_event_type == "Non-state actor overtakes territory"


def test_clashes_between():
    a = build(["Clashes broke out between the rebels and regime forces near the airport."],
              [("actor", "rebels", "rebels"), ("actor", "regime forces", "regime")])
    (ev,) = code(a)
    assert ev.sub_event_type == "Armed clash"
    assert (ev.actor1, ev.actor2) == ("rebels", "regime")


def test_civilians_are_actor2_of_violence_against_civilians():
    a = build(["ISIS executed four men in the main square."], [("actor", "ISIS", "isis")])
    (ev,) = code(a)
    assert ev.event_type == "Violence against civilians"
    assert (ev.actor1, ev.actor2) == ("isis", "civilians-sy")


def test_source_in_according_to_is_not_an_actor_and_paragraph_fallback():
    a = build(["The rebels pushed into the southern districts at dawn. "
               "According to Jaish al-Islam, they took control of the bakery."],
              [("actor", "rebels", "rebels"), ("actor", "Jaish al-Islam", "jaish-al-islam")])
    (ev,) = code(a)
    assert ev.actor1 == "rebels"      # from the paragraph, not the quoted source


def test_reporter_of_own_action_is_actor1():
    a = build(["Jaish al-Islam announced they had taken control of the bakery."],
              [("actor", "Jaish al-Islam", "jaish-al-islam")])
    (ev,) = code(a)
    assert ev.actor1 == "jaish-al-islam"
    assert ev.sub_event_type == "Non-state actor overtakes territory" and not ev.background


def test_clauses_with_different_events_are_split():
    a = build(["The army took control of the hill; meanwhile a car bomb exploded in Azaz."],
              [("actor", "army", "army"), ("place", "Azaz", "azaz")])
    evs = code(a)
    assert [e.sub_event_type for e in evs] == ["Government regains territory",
                                               "Remote explosive/landmine/IED"]
    assert evs[1].actor1 is None and evs[1].place_text == "Azaz"
    assert evs[0].end <= evs[1].start and len({e.id for e in evs}) == 2


def test_one_event_with_two_objects_stays_one():
    a = build(["Rebels seized the water station and the cement plant."], [("actor", "Rebels", "rebels")])
    assert len(code(a)) == 1


def test_non_asserted_mentions_are_kept_with_their_modality():
    a = build(["The rebels will try to capture the school. The army denied that rebels had seized the base."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army"), ("actor", "rebels", "rebels", {}, 1)])
    evs = code(a)
    assert [e.modality for e in evs] == ["future", "denied"]
    assert not any(e.is_event for e in evs)
    assert evs[1].actor1 == "rebels"       # the denier is not the actor


def test_date_falls_back_to_earlier_sentence_of_same_paragraph_only():
    a = build(["On Friday the army shelled the market. Rebels later captured the bridge.",
               "Warplanes hit the hospital."],
              [("date", "On Friday", "2016-08-05", day("2016-08-05", "On Friday"))],
              published="2016-08-12")
    evs = code(a)
    assert [e.date.start for e in evs[:2]] == [dt.date(2016, 8, 5)] * 2
    third = evs[2]   # the lead's day is a week old: not the news of the day (test_lead_day.py)
    assert third.date.precision == "week" and third.date.relative
    assert third.date.start == dt.date(2016, 8, 5) and third.date.end == dt.date(2016, 8, 12)


def test_date_unknown_without_publication_date():
    (ev,) = code(build(["Warplanes hit the hospital."]))
    assert not ev.date.known and ev.date.precision == "unknown"


def test_fatalities_from_killed_numbers_only():
    fat = {"best": 7, "low": 7, "high": 7, "qualifier": "at least", "text": "at least 7"}
    a = build(["An air strike on the market killed at least 7 people and wounded 20.",
               "Warplanes struck the bakery, wounding 12 people."],
              [("number", "at least 7", "7", {"casualty": "killed", "fatalities": fat}),
               ("number", "20", "20", {"casualty": "wounded", "fatalities": {"best": 20}}),
               ("number", "12", "12", {"casualty": "wounded", "fatalities": {"best": 12}})])
    first, second = code(a)
    assert first.fatalities.best == 7 and first.fatalities.qualifier == "at least"
    assert not second.fatalities.known          # wounded is not killed: never invented


def test_ids_are_stable_and_output_deterministic():
    paras = ["Rebels seized the water station.", "Warplanes hit the hospital."]
    one, two = code(build(paras)), code(build(paras))
    assert [e.to_dict() for e in one] == [e.to_dict() for e in two]


def test_non_event_sentences_give_nothing():
    assert code(build(["The envoy met ministers in Geneva to discuss aid."])) == []


def test_subject_of_the_subclause_takes_the_territory():
    a = build(["The rebels had launched the battle after regime forces took control of the road."],
              [("actor", "rebels", "rebels"), ("actor", "regime forces", "regime")])
    evs = code(a)
    taking = [e for e in evs if e.sub_event_type == "Government regains territory"]
    assert taking and taking[0].actor1 == "regime" and taking[0].background


def test_self_report_with_pronoun_subject():
    a = build(["Jaish al-Islam said its fighters had captured two villages."],
              [("actor", "Jaish al-Islam", "jaish-al-islam")])
    (ev,) = code(a)
    assert ev.actor1 == "jaish-al-islam" and ev.modality == "asserted" and not ev.background


def test_monitor_is_never_an_actor():
    pack_sides = dict(ACTORS)
    a = build(["The town was seized by the SDF, the Observatory said."],
              [("actor", "SDF", "sdf"), ("actor", "Observatory", "sohr", {"side": "monitor", "inter": 0})])
    (ev,) = code(a)
    assert ev.actor1 == "sdf" and "sohr" not in (ev.actor2, *ev.assoc_actor1, *ev.assoc_actor2)
    assert "sohr" not in pack_sides


class NoneUnsure:
    """A classifier that barely rejects everything."""

    def predict_many(self, texts):
        return [SimpleNamespace(sub_event_type=None, event_type=None, score=0.2,
                                ranking=[(None, 0.2), ("Air/drone strike", 0.15)]) for _ in texts]


def test_clear_weapon_cue_overrules_an_unsure_rejection_and_names_the_user():
    a = build(["Despite dozens of Russian air strikes, the defenders held the hill."],
              [("actor", "Russian", "russia", {"side": "pro-government", "inter": 8})])
    (ev,) = make_event_coder(PACK, classifier=NoneUnsure())(a).events
    assert ev.sub_event_type == "Air/drone strike" and ev.actor1 == "russia"
    assert ev.confidence == 0.15


def test_an_unsure_rejection_without_a_cue_stays_rejected():
    a = build(["The defenders held their lines all week."])
    assert make_event_coder(PACK, classifier=NoneUnsure())(a).events == []


def test_appeal_to_seize_is_not_an_asserted_event():
    a = build(["The rebel alliance called on soldiers to seize their chance and defect."],
              [("actor", "rebel alliance", "rebels")])
    assert not any(e.is_event for e in code(a))


def test_rules_only_coder_runs_without_the_trained_classifier():
    stage = make_event_coder(PACK, rules_only=True)
    (ev,) = stage(build(["A car bomb exploded near the market in Azaz."])).events
    assert ev.sub_event_type == "Remote explosive/landmine/IED"


def test_actor_naming_held_ground_is_not_the_agent():
    a = build(["The army positions south of the town were shelled overnight."],
              [("actor", "army", "army")])
    (ev,) = code(a)
    assert ev.actor1 is None and ev.actor2 == "army"


FRAGMENTS = ["Rebels seized the hill", "; meanwhile warplanes struck the bakery", ", the army said",
             " but denied that rebels had captured the base", ", adding that 5 people were killed",
             "They will try to retake it", " according to activists", "\u201cWe captured it\u201d",
             ", while also regaining the town", " and", " which could last weeks", "."]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6), min_size=1, max_size=4))
def test_any_text_gives_well_formed_mentions_and_claims(paras):
    from marsad.extract.claims import make_claim_tagger
    text_paras = ["".join(p).strip() or "Nothing." for p in paras]
    a = build(text_paras, [("actor", "Rebels", "rebels")] if "Rebels" in text_paras[0].split()[0:1] else ())
    a = make_claim_tagger(PACK)(make_event_coder(PACK, rules_only=True)(a))
    assert len({e.id for e in a.events}) == len(a.events)
    for e in a.events:
        sent = a.sentences[e.sentence]
        assert sent.start <= e.start < e.end <= sent.end
        assert e.modality in ("asserted", "hypothetical", "future", "negated", "denied")
        assert e.claims and all(any(c.id == cid for c in a.claims) for cid in e.claims)
    assert {c.event_mention for c in a.claims} <= {e.id for e in a.events}


def test_noun_trigger_followed_by_its_agent():
    a = build(["The relentless air strikes by the army against ISIS continued."],
              [("actor", "army", "army"), ("actor", "ISIS", "isis")])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("army", "isis")


class Fixed:
    """A classifier that always answers one label with one score."""

    def __init__(self, sub, score):
        self.sub, self.score = sub, score

    def predict_many(self, texts):
        return [SimpleNamespace(sub_event_type=self.sub, event_type=None, score=self.score,
                                ranking=[(self.sub, self.score)]) for _ in texts]


def test_weapon_label_without_a_weapon_word_yields_to_the_cue_present():
    a = build(["The army pushed back rebel fighters from the artillery base."],
              [("actor", "army", "army"), ("actor", "rebel fighters", "rebels")])
    (ev,) = make_event_coder(PACK, classifier=Fixed("Shelling/artillery/missile attack", 0.8))(a).events
    assert ev.sub_event_type == "Armed clash"
    assert (ev.actor1, ev.actor2) == ("army", "rebels")


def test_confident_label_is_kept_when_no_cue_contradicts_it():
    a = build(["The council met the delegation in the city."])
    (ev,) = make_event_coder(PACK, classifier=Fixed("Agreement", 0.8))(a).events
    assert ev.sub_event_type == "Agreement"
    assert make_event_coder(PACK, classifier=Fixed("Agreement", 0.1))(a).events == []


def test_seized_weapons_are_not_territory():
    from marsad.extract.triggers import find_triggers
    assert [t.kind for t in find_triggers("Police seized nine rifles and ammunition.")] == ["disrupted"]
    assert [t.kind for t in find_triggers("Rebels seized the town.")] == ["territory"]
    assert find_triggers("Fighters mobilized near the border.") == []


def test_an_attack_to_capture_stays_a_clash():
    a = build(["Rebels launched an attack to capture the airport."], [("actor", "Rebels", "rebels")])
    (ev,) = make_event_coder(PACK, classifier=Fixed("Armed clash", 0.6))(a).events
    assert ev.sub_event_type == "Armed clash"


def test_adding_clause_has_its_own_subject():
    a = build(["The army regained the hill, adding that warplanes struck the bakery."],
              [("actor", "army", "army")])
    evs = code(a)
    strike = [e for e in evs if e.sub_event_type == "Air/drone strike"]
    assert strike and strike[0].actor1 is None


# -- landmarks, pronoun subjects, quoted operation names --------------------------------


def test_landmark_object_becomes_place_text_with_key():
    a = build(["Rebel fighters captured the Tarek textile factory north of Idlib on Friday."],
              [("actor", "Rebel fighters", "rebels"),
               ("place", "Idlib", "idlib", {"level": "city", "relation": "north of"})])
    (ev,) = code(a)
    assert ev.place_text == "Tarek textile factory"
    assert ev.coding.landmark and ev.coding.landmark_span == (a.text.index("Tarek"),
                                                              a.text.index(" north"))
    assert ev.attrs_dict()["landmark_span"] == list(ev.coding.landmark_span)  # stored shape


def test_bare_the_school_refers_back_to_the_named_school():
    a = build(["Regime forces used the al-Nour school as a barracks.",
               "On Monday the rebels seized the school after heavy fighting."],
              [("actor", "Regime forces", "regime"), ("actor", "rebels", "rebels")])
    (ev,) = code(a)
    assert ev.place_text == "al-Nour school"
    assert ev.coding.landmark_ref == "school"


def test_a_gazetteer_place_in_the_clause_beats_a_later_landmark():
    a = build(["Rebels captured Kafr Nabl near the old grain silos."],
              [("actor", "Rebels", "rebels"), ("place", "Kafr Nabl", "kafr-nabl", {"level": "city"})])
    (ev,) = code(a)
    assert ev.place_text == "Kafr Nabl" and ev.coding.landmark is None


def test_pronoun_subject_reaches_back_over_paragraphs_but_not_to_the_foe():
    a = build(["The rebels had massed on the edge of the town.",
               "A spokesman for the army declined to comment.",
               "They broke through regime lines on Sunday, seizing the grain silos."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    (ev,) = code(a)
    assert ev.actor1 == "rebels" and ev.coding.actor1_from == "paragraph"


def test_there_are_strikes_has_no_carried_subject():
    a = build(["The rebels held the ridge.",
               "We are holding our positions but there are heavy air strikes."],
              [("actor", "rebels", "rebels")])
    evs = [e for e in code(a) if e.sub_event_type == "Air/drone strike"]
    assert evs and evs[0].actor1 is None


def test_quoted_operation_name_is_not_the_event_word():
    a = build(['The rebels launched the operation "Capture the Dawn" after regime forces took control '
               'of the Ghazal road.'],
              [("actor", "rebels", "rebels"), ("actor", "regime forces", "regime")])
    (ev,) = code(a)
    assert ev.actor1 == "regime" and ev.sub_event_type == "Government regains territory"
    assert ev.place_text == "Ghazal road"


def test_a_verb_first_clause_takes_the_sentence_subject_when_the_first_clause_is_no_event():
    a = build(["The army held talks with elders for six days, while also regaining the hill of Tal Ahmar."],
              [("actor", "army", "army"), ("place", "Tal Ahmar", "tal-ahmar", {"level": "city"})])
    evs = code(a)
    taken = [e for e in evs if e.place_text == "Tal Ahmar"]
    assert taken and taken[0].actor1 == "army"


def test_agent_after_by_is_actor1_not_actor2():
    a = build(["Fighters captured Kafr Nabl on Monday, on the first day of a battle "
               "launched by Jaish al-Islam."],
              [("actor", "Jaish al-Islam", "jaish-al-islam"), ("place", "Kafr Nabl", "kafr-nabl", {"level": "city"})])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("jaish-al-islam", None)


def test_the_articles_own_outlet_is_not_an_actor():
    a = build(["A commander told Free Idlib Radio that the army shelled the rebels near the bridge."],
              [("actor", "Free Idlib", "new:free-idlib"), ("actor", "army", "army"), ("actor", "rebels", "rebels")])
    a.outlet = "Free Idlib Radio"
    (ev,) = code(a)
    assert ev.actor1 == "army" and ev.actor2 == "rebels"


def test_a_trailing_speaker_is_not_the_actor_of_an_event_without_event_word():
    from types import SimpleNamespace

    class Always:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Armed clash", event_type=None, score=0.9, ranking=[])

    a = build(["The rebels kept their hold on the nearby town, residents said."],
              [("actor", "rebels", "rebels"), ("actor", "residents", "civilians-sy")])
    (ev,) = make_event_coder(PACK, classifier=Always())(a).events
    assert ev.actor1 == "rebels" and ev.actor2 is None


def test_weapons_on_display_are_no_attack():
    from types import SimpleNamespace

    class Weapon:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Shelling/artillery/missile attack", event_type=None,
                                   score=0.9, ranking=[])

    a = build(["The brigade posted photos showing artillery, mortars and trucks in a depot."])
    assert make_event_coder(PACK, classifier=Weapon())(a).events == []
    b = build(["Photos showed the army shelled the village with artillery."])
    assert len(make_event_coder(PACK, classifier=Weapon())(b).events) == 1


def test_a_catch_all_label_yields_to_an_accomplished_taking():
    from types import SimpleNamespace

    class Other:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Other", event_type=None, score=0.7, ranking=[])

    a = build(["The army recaptured the village of Tal Ahmar."],
              [("actor", "army", "army"), ("place", "Tal Ahmar", "tal-ahmar", {"level": "city"})])
    (ev,) = make_event_coder(PACK, classifier=Other())(a).events
    assert ev.sub_event_type == "Government regains territory"


def test_a_siege_laid_by_x_does_not_make_x_the_actor():
    a = build(["Fighters captured the crossing to break the siege laid by regime forces."],
              [("actor", "regime forces", "regime")])
    (ev,) = code(a)
    assert ev.actor1 is None and ev.actor2 == "regime"


def test_a_taking_before_the_launch_words_outweighs_a_group_label():
    from types import SimpleNamespace

    class Group:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Change to group/activity", event_type=None, score=0.6,
                                   ranking=[])

    coder = make_event_coder(PACK, classifier=Group())
    a = build(["The rebels said they had taken army positions within hours of launching a battle."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    (ev,) = coder(a).events
    assert ev.sub_event_type == "Non-state actor overtakes territory"
    b = build(["The rebels launched a new offensive to take army positions."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    (ev,) = coder(b).events
    assert ev.sub_event_type == "Change to group/activity"


def test_announcer_of_a_gerund_is_the_actor():
    a = build(["The rebels announced on Friday launching a large attack to break the siege laid by regime forces."],
              [("actor", "rebels", "rebels"), ("actor", "regime forces", "regime")])
    evs = code(a)
    assert evs and evs[0].actor1 == "rebels" and evs[0].actor2 == "regime"


def test_a_description_without_event_word_is_no_event():
    from types import SimpleNamespace

    class Clash:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Armed clash", event_type=None, score=0.6, ranking=[])

    a = build(["The Nour school is considered a major base for the militias."])
    assert make_event_coder(PACK, classifier=Clash())(a).events == []


def test_without_event_word_a_gazetteer_place_beats_a_landmark():
    from types import SimpleNamespace

    class Group:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Change to group/activity", event_type=None, score=0.6,
                                   ranking=[])

    a = build(["Next to the push on the cement factory, other units moved towards Kafr Nabl."],
              [("place", "Kafr Nabl", "kafr-nabl", {"level": "city", "relation": "in"})])
    (ev,) = make_event_coder(PACK, classifier=Group())(a).events
    assert ev.place_text == "Kafr Nabl"


def test_a_description_in_a_relative_clause_does_not_stop_the_event():
    from types import SimpleNamespace

    class Group:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Change to group/activity", event_type=None, score=0.6,
                                   ranking=[])

    a = build(["Other units began their push towards the Nour quarter, which is considered a militia base."])
    assert len(make_event_coder(PACK, classifier=Group())(a).events) == 1


def test_civilians_are_never_the_attackers():
    a = build(["Three residents were killed when warplanes struck the market of Kafr Nabl."],
              [("actor", "residents", "civilians-sy", {"side": "civilian", "inter": 7}),
               ("place", "Kafr Nabl", "kafr-nabl", {"level": "city"})])
    (ev,) = code(a)
    assert ev.sub_event_type == "Air/drone strike"
    assert ev.actor1 is None and ev.actor2 == "civilians-sy"


def test_a_possession_statement_without_event_word_is_no_event():
    from types import SimpleNamespace

    class Taking:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Government regains territory", event_type=None, score=0.4,
                                   ranking=[])

    a = build(["Loyalist units have several lines of defence around the airport."])
    assert make_event_coder(PACK, classifier=Taking())(a).events == []


def test_a_section_heading_in_the_body_is_no_event():
    a = build(["Rebels attack army posts near Hama",
               "The army shelled the rebels near the bridge.",
               "Latest clashes on the front",
               "Clashes went on near the dam."],
              [("actor", "army", "army", {}, 1), ("actor", "rebels", "rebels")])
    a.title = "Rebels attack army posts near Hama"
    texts = [e.text for e in code(a)]
    assert "Rebels attack army posts near Hama" in texts          # the headline is coded
    assert "Latest clashes on the front" not in texts
    assert "Clashes went on near the dam." in texts


def test_a_pronoun_speaker_does_not_carry_the_earlier_subject_into_the_report():
    a = build(["The rebels posted a statement. He said some 40 fighters were killed in clashes near the dam."],
              [("actor", "rebels", "rebels")])
    (ev,) = code(a)
    assert ev.actor1 is None
    b = build(["The rebels massed near the dam. Clashes went on all night."], [("actor", "rebels", "rebels")])
    (ev,) = code(b)
    assert ev.actor1 == "rebels"


DEMO_RULES = [
    (r"stones|torched", "Violent demonstration"),
    (r"tear gas|detained", "Protest with intervention"),
    (r"shot dead", "Excessive force against protesters"),
    (r"marched|rally", "Peaceful protest"),
]


class DemoStub:
    """Keyword -> demonstration sub-type; 'vague' sentences are an unsure 'Other'."""

    def predict(self, text):
        for pat, sub in DEMO_RULES:
            if re.search(pat, text, re.I):
                return SimpleNamespace(sub_event_type=sub, event_type=None, score=0.9, ranking=[])
        if "vague" in text:
            return SimpleNamespace(sub_event_type="Other", event_type=None, score=0.4, ranking=[])
        return SimpleNamespace(sub_event_type=None, event_type=None, score=0.9, ranking=[])


def demo_code(article):
    return make_event_coder(PACK, classifier=DemoStub())(article).events


def test_protest_takes_the_most_severe_sub_type_told_nearby():
    a = build(["Hundreds of teachers marched to the ministry on Monday. Police fired tear gas at them. "
               "Some of the teachers then threw stones at the officers."])
    evs = demo_code(a)
    assert [e.sub_event_type for e in evs] == ["Violent demonstration"] * 3
    assert [e.coding.escalated_from for e in evs] == ["Peaceful protest", "Protest with intervention", None]


def test_protests_in_other_places_or_paragraphs_keep_their_sub_type():
    a = build(["Students marched in Homs. In Hama, police fired tear gas at a crowd."],
              [("place", "Homs", "homs", {"level": "city"}), ("place", "Hama", "hama", {"level": "city"})])
    assert [e.sub_event_type for e in demo_code(a)] == ["Peaceful protest", "Protest with intervention"]
    b = build(["Farmers held a rally outside the governor's office.",
               "Police detained two journalists at the airport."])
    assert [e.sub_event_type for e in demo_code(b)] == ["Peaceful protest", "Protest with intervention"]


def test_unsure_residual_other_is_not_coded():
    a = build(["Something vague happened near the old market."])
    assert demo_code(a) == []


class UnsureTransfer:
    def predict(self, text):
        return SimpleNamespace(sub_event_type="Non-violent transfer of territory", event_type=None,
                               score=0.4, ranking=[])


def test_unsure_transfer_with_a_withdrawal_word_is_not_recoded_as_a_capture():
    a = build(["Government troops took over the town after the rebels pulled out of it."],
              [("actor", "Government troops", "army"), ("actor", "rebels", "rebels")])
    (ev,) = make_event_coder(PACK, classifier=UnsureTransfer())(a).events
    assert ev.sub_event_type == "Non-violent transfer of territory"
    b = build(["Government troops took over the town on Sunday."],
              [("actor", "Government troops", "army")])
    (ev,) = make_event_coder(PACK, classifier=UnsureTransfer())(b).events
    assert ev.sub_event_type == "Government regains territory"   # no withdrawal word: the cue wins


def test_taking_after_a_withdrawal_with_no_fighting_told_is_a_non_violent_transfer():
    a = build(["The rebels took control of the town after the army withdrew from it."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    (ev,) = code(a)
    assert ev.sub_event_type == "Non-violent transfer of territory"
    b = build(["The rebels captured the town after clashes, and the army withdrew from it."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    assert code(b)[0].sub_event_type == "Non-state actor overtakes territory"


class Taking:
    def predict(self, text):
        return SimpleNamespace(sub_event_type="Non-state actor overtakes territory", event_type=None,
                               score=0.6, ranking=[])


@pytest.mark.parametrize("text, actors, sub", [
    ("The rebels were driven out of the village by the army on Sunday.", ("army", "rebels"),
     "Government regains territory"),
    ("The army drove ISIS out of the hills after a week of fighting.", ("army", "isis"),
     "Government regains territory"),
    ("The rebels expelled regime forces from the hills.", ("rebels", "regime"),
     "Non-state actor overtakes territory"),
])
def test_driving_out_is_a_taking_by_the_one_who_drives(text, actors, sub):
    names = {"rebels": "rebels", "army": "army", "ISIS": "isis", "regime forces": "regime"}
    a = build([text], [("actor", k, v) for k, v in names.items() if k in text])
    (ev,) = make_event_coder(PACK, classifier=Taking())(a).events
    assert (ev.actor1, ev.actor2) == actors and ev.sub_event_type == sub


class UnsureChange:
    def predict(self, text):
        return SimpleNamespace(sub_event_type="Change to group/activity", event_type=None,
                               score=0.42, ranking=[])


def test_unsure_withdrawal_with_no_taker_stays_a_change_to_group():
    a = build(["The army withdrew its troops from the border area on Monday."],
              [("actor", "army", "army")])
    (ev,) = make_event_coder(PACK, classifier=UnsureChange())(a).events
    assert ev.sub_event_type == "Change to group/activity"
    b = build(["Something vague was said about the army on Monday."], [("actor", "army", "army")])
    assert make_event_coder(PACK, classifier=UnsureChange())(b).events == []   # no cue: dropped


class SureTransfer:
    def predict(self, text):
        return SimpleNamespace(sub_event_type="Non-violent transfer of territory", event_type=None,
                               score=0.6, ranking=[])


def test_transfer_told_with_violence_and_no_withdrawal_is_a_taking():
    a = build(["The rebels occupied the checkpoint after the explosion and captured six soldiers."],
              [("actor", "rebels", "rebels")])
    (ev,) = make_event_coder(PACK, classifier=SureTransfer())(a).events
    assert ev.sub_event_type == "Non-state actor overtakes territory"
    b = build(["The rebels occupied the checkpoint after the soldiers withdrew from it."],
              [("actor", "rebels", "rebels")])
    assert make_event_coder(PACK, classifier=SureTransfer())(b).events[0].sub_event_type == \
        "Non-violent transfer of territory"


def _killed(noun):
    return {"casualty": "killed", "noun": noun}


def test_remote_violence_with_civilian_victims_has_civilians_as_actor2():
    # ACLED: civilians who are the victims of remote violence are its actor2
    a = build(["Army warplanes struck the outskirts of Tal Nour on Sunday, killing 9 people."],
              [("actor", "Army", "army"), ("number", "9", "9", _killed("people"))])
    (ev,) = code(a)
    assert ev.sub_event_type == "Air/drone strike"
    assert (ev.actor1, ev.actor2) == ("army", "civilians-sy")


def test_remote_violence_on_a_civilian_site_has_civilians_as_actor2():
    a = build(["A car bomb went off outside a bakery in the old quarter."])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == (None, "civilians-sy")


def test_civilians_killed_in_a_place_a_side_holds_are_the_target_not_the_holder():
    a = build(["Army shelling of an ISIS-held village killed 7 civilians."],
              [("actor", "Army", "army"), ("actor", "ISIS", "isis"),
               ("number", "7", "7", _killed("civilians"))])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("army", "civilians-sy")


def test_fighters_killed_by_remote_violence_are_no_civilians():
    a = build(["Army shelling of ISIS positions near a school killed 11 militants."],
              [("actor", "Army", "army"), ("actor", "ISIS", "isis"),
               ("number", "11", "11", _killed("militants"))])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("army", "isis")
    b = build(["Army shelling of an ISIS-held village killed 11 militants."],
              [("actor", "Army", "army"), ("actor", "ISIS", "isis"),
               ("number", "11", "11", _killed("militants"))])
    (ev,) = code(b)
    assert (ev.actor1, ev.actor2) == ("army", "isis")


def test_agent_after_a_participle_of_the_event_noun_is_actor1():
    # "an attack carried out by X": the by-phrase completes the event noun, so X acts and the
    # sentence's subject (the victims) is acted upon
    a = build(["Two rebels were killed in heavy shelling carried out by the army near Tal Nour."],
              [("actor", "rebels", "rebels"), ("actor", "army", "army")])
    (ev,) = code(a)
    assert ev.sub_event_type == "Shelling/artillery/missile attack"
    assert (ev.actor1, ev.actor2) == ("army", "rebels")


def test_a_deed_participle_after_the_event_nouns_phrase_names_its_agent(syria_pipeline):
    # "strikes on the village of X, reportedly carried out by Y": the comma ends the strikes'
    # phrase; the participle tells who struck, however long the phrase before it
    article = process("Two children are among the 15 dead in overnight air strikes on the "
                      "village of Kafr Nabl in Syria, reportedly carried out by government or "
                      "Russian warplanes.", published="2017-05-24", pipeline=syria_pipeline)
    (ev,) = [e for e in article.events if e.sub_event_type == "Air/drone strike"]
    assert (ev.actor1, ev.actor2) == ("russia-military", "civilians")


def test_a_by_phrase_past_another_actor_is_no_agent_of_the_event():
    a = build(["ISIS fighters shelled army posts defended by the SDF."],
              [("actor", "ISIS", "isis"), ("actor", "army", "army"), ("actor", "SDF", "sdf")])
    (ev,) = code(a)
    assert ev.actor1 == "isis"


def test_only_states_fly_air_strikes():
    # a rebel group carried from the paragraph is not the author of an air strike
    a = build(["The rebels pushed into the district on Sunday.",
               "Air strikes hit a bakery in the district on Monday."],
              [("actor", "rebels", "rebels")])
    strikes = [e for e in code(a) if e.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].actor1 is None and strikes[0].actor2 == "civilians-sy"


def test_a_body_such_as_the_un_flies_no_air_strike(syria_pipeline):
    # "U.N.-mandated strikes", "UNICEF called the airstrikes an outrage": the UN is no striker
    article = process("UNICEF called the airstrikes on the school in Kafr Nabl in Syria's Idlib "
                      "province on Friday an outrage.", published="2016-10-15",
                      pipeline=syria_pipeline)
    strikes = [e for e in article.events if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 != "united-nations" for e in strikes)


def test_violence_by_a_government_is_coded_as_its_military_forces():
    pack = TheaterPack(
        name="test", country="Syria", iso=760, region=None,
        actors=PACK.actors + (Actor("gov-sy", "Government of Syria (2000-)", side="government", inter=1),
                              Actor("mil-sy", "Military Forces of Syria (2000-)", side="government",
                                    inter=1)),
        generic=(), places=(), place_aliases={}, place_population={}, outlets=(), path="")
    a = build(["The government shelled rebels in the old quarter."],
              [("actor", "government", "gov-sy", {"side": "government", "inter": 1}),
               ("actor", "rebels", "rebels")])
    (ev,) = make_event_coder(pack, classifier=Stub())(a).events
    assert (ev.actor1, ev.actor2) == ("mil-sy", "rebels")


def test_the_subject_of_a_harm_verb_is_acted_upon():
    # "X were killed in clashes with Y": X is the target, Y the actor
    a = build(["Six ISIS fighters were killed in clashes with the SDF near Tal Nour."],
              [("actor", "ISIS", "isis"), ("actor", "SDF", "sdf")])
    (ev,) = code(a)
    assert ev.sub_event_type == "Armed clash"
    assert (ev.actor1, ev.actor2) == ("sdf", "isis")
    # ... and with no other side named, X is still no attacker
    b = build(["Six ISIS fighters were killed in clashes near Tal Nour."], [("actor", "ISIS", "isis")])
    (ev,) = code(b)
    assert ev.actor1 is None and ev.actor2 == "isis"


def test_an_attackers_word_before_the_event_noun_acts_on_the_harmed_subject():
    a = build(["Four soldiers of the army died after rebel shelling on the old quarter."],
              [("actor", "army", "army"), ("actor", "rebel", "rebels")])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("rebels", "army")


def test_an_agent_phrase_inside_the_harmed_subject_still_acts():
    a = build(["Ten hostages held by ISIS were executed in the main square."], [("actor", "ISIS", "isis")])
    (ev,) = code(a)
    assert ev.actor1 == "isis"


def test_members_counted_at_a_civilian_site_are_civilians():
    a = build(["Army warplanes struck a clinic in Tal Nour, killing 6 members of its staff."],
              [("actor", "Army", "army"), ("number", "6", "6", _killed("members"))])
    (ev,) = code(a)
    assert (ev.actor1, ev.actor2) == ("army", "civilians-sy")


def test_an_air_arm_killing_with_no_other_event_word_is_an_air_strike(syria_pipeline):
    pipeline = syria_pipeline
    article = process("The air force also killed at least 10 people in Douma on Saturday, the "
                      "monitor said.", published="2016-08-08", pipeline=pipeline)
    (ev,) = article.events
    assert ev.sub_event_type == "Air/drone strike"
    # the army's killing stays what the model says it is
    article = process("The army killed at least 10 fighters in Douma on Saturday, the monitor "
                      "said.", published="2016-08-08", pipeline=pipeline)
    assert all(e.sub_event_type != "Air/drone strike" for e in article.events)


def test_a_weapon_word_outranks_a_clash_label_resting_on_a_bare_killed(syria_pipeline):
    pipeline = syria_pipeline
    subs = [e.sub_event_type for e in process(
        "A rebel tunnel blast killed 38 regime forces in the Old City of Aleppo on Thursday, the "
        "monitor said.", published="2016-07-22", pipeline=pipeline).events]
    assert subs == ["Remote explosive/landmine/IED"]
    # a clash told with its own word stays a clash
    subs = [e.sub_event_type for e in process(
        "Rebels clashed with troops in Aleppo on Thursday after a blast, killing 12.",
        published="2016-07-22", pipeline=pipeline).events]
    assert "Armed clash" in subs


def test_a_gas_attack_is_a_chemical_weapon_but_tear_gas_is_not():
    from marsad.extract.triggers import find_triggers
    assert [t.kind for t in find_triggers("activists say it was a gas attack")] == ["chemical"]
    assert "chemical" not in [t.kind for t in find_triggers("police used a tear gas attack")]


def test_a_catch_all_label_yields_to_the_attack_that_opened_the_front(syria_pipeline):
    pipeline = syria_pipeline
    events = process("On Sunday rebels opened a new front in Aleppo, sending a truck bomb into the "
                     "Zahraa district of Aleppo, rebels said.", published="2016-08-08",
                     pipeline=pipeline).events
    assert events and events[0].sub_event_type == "Remote explosive/landmine/IED"


@pytest.mark.parametrize("sentence,toll", [
    ("Ten children and five women were killed in air strikes on Aleppo on Friday.", 15),
    ("Fifteen civilians, among them 11 children, were killed in air strikes on Aleppo on Friday.",
     15),
    ("Air strikes on Aleppo killed 12 people, including 5 children, on Friday.", 12),
    ("Air strikes on Aleppo killed 12 civilians and wounded 30 others on Friday.", 12),
])
def test_counts_of_different_victims_add_up_and_part_counts_do_not(sentence, toll, syria_pipeline):
    pipeline = syria_pipeline
    events = process(sentence, published="2016-08-08", pipeline=pipeline).events
    assert [e.fatalities.best for e in events] == [toll]


def test_an_undated_headline_takes_the_day_its_lead_gives(syria_pipeline):
    pipeline = syria_pipeline
    text = ("Air strikes kill 12 in Aleppo market\n\nWarplanes struck a market in Aleppo on "
            "Tuesday, killing 12 people, a monitor said.")
    events = process(text, published="2016-07-29", pipeline=pipeline).events
    assert {(e.date.start, e.date.end) for e in events} == {
        (dt.date(2016, 7, 26), dt.date(2016, 7, 26))}
    # a later undated sentence does not look ahead to the next one's Wednesday: it takes
    # the lead's Tuesday (test_lead_day.py)
    text = ("Warplanes struck a market in Aleppo on Tuesday, a monitor said.\n\nAir strikes "
            "also hit Douma, killing 3.\n\nShelling hit Homs on Wednesday.")
    events = process(text, published="2016-07-29", pipeline=pipeline).events
    douma = [e for e in events if e.place and e.place.name == "Duma"]
    assert douma and douma[0].date.start == dt.date(2016, 7, 26) and douma[0].date.text is None


def test_a_weapon_only_one_actor_uses_names_the_attacker_when_the_text_does_not():
    pack = load_pack("syria", overlays=())
    assert pack.weapon_users == {"barrel bomb": "syrian-air-force"}
    pipeline = build_pipeline("syria", pack=pack)
    events = process("Five people died in barrel bomb attacks on the village of Tlajabin near "
                     "Aleppo on Sunday, the monitor said.", published="2016-07-26",
                     pipeline=pipeline).events
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Air/drone strike",
                                                               "syrian-air-force")]
    # a named attacker is kept; "regime strikes" are air strikes
    events = process("Dozens of Syrian regime strikes on Aleppo killed 16 civilians on Sunday, "
                     "a monitor said.", published="2016-07-26", pipeline=pipeline).events
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Air/drone strike",
                                                               "military-forces-of-syria")]


def test_where_a_statement_was_made_is_not_where_the_event_happened(syria_pipeline):
    pipeline = syria_pipeline
    events = process("Rockets with poison gas hit Douma on Wednesday, activists said. An opposition "
                     "leader said in Turkey the chemical attack had killed 1300 people.",
                     published="2013-08-22", pipeline=pipeline).events
    assert events and all(e.place is not None and e.place.name == "Duma" for e in events)


def test_a_weapon_as_subject_takes_no_attacker_from_the_paragraph():
    a = build(["The rebels held the ridge on Saturday. "
               "A car bomb exploded in the market on Sunday, killing four people."],
              [("actor", "rebels", "rebels"), ("weapon", "car bomb", "car bomb"),
               ("date", "on Sunday", "2016-05-08", day("2016-05-08"))])
    bomb = [e for e in code(a) if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert bomb and bomb[0].actor1 is None
    # a pronoun subject still reaches back
    b = build(["The rebels held the ridge on Saturday. "
               "They shelled the market on Sunday, killing four people."],
              [("actor", "rebels", "rebels"), ("date", "on Sunday", "2016-05-08", day("2016-05-08"))])
    shelling = [e for e in code(b) if e.sub_event_type.startswith("Shelling")]
    assert shelling and shelling[0].actor1 == "rebels"


def test_a_weapon_only_one_actor_uses_names_the_attacker_from_the_other_clause():
    pack = TheaterPack(
        name="test", country="Syria", iso=760, region=None,
        actors=PACK.actors + (Actor("air-force", "Air Force", side="government", inter=1),),
        generic=(), places=(), place_aliases={}, place_population={}, outlets=(), path="",
        weapon_users={"barrel bomb": "air-force"})
    a = build(["On Sunday two women and two children were among six people killed when a barrel "
               "bomb hit the market."],
              [("actor", "children", "civilians-sy"), ("weapon", "barrel bomb", "barrel bomb"),
               ("date", "On Sunday", "2016-05-08", day("2016-05-08", "On Sunday"))])
    events = make_event_coder(pack, classifier=Stub())(a).events
    assert events and all(e.actor1 == "air-force" for e in events)
    assert any(e.actor2 == "civilians-sy" for e in events)


def _with_protesters():
    return TheaterPack(
        name="test", country="Syria", iso=760, region=None,
        actors=PACK.actors + (Actor("crowd", "Protesters (Syria)", side="protester", inter=6),),
        generic=(), places=(), place_aliases={}, place_population={}, outlets=(), path="")


def test_protest_roles_follow_acled():
    pack = _with_protesters()
    sunday = ("date", "on Sunday", "2016-05-08", day("2016-05-08"))
    # a peaceful protest: the protesters are actor1, what they protest against is no actor2
    a = build(["Hundreds protested against the regime in the square on Sunday."],
              [("actor", "regime", "regime"), sunday])
    (ev,) = make_event_coder(pack, classifier=Fixed("Peaceful protest", 0.9))(a).events
    assert (ev.actor1, ev.actor2) == ("crowd", None)
    # excessive force: the force is actor1, the protesters actor2, whichever came first
    b = build(["Protesters were shot by the army in the square on Sunday."],
              [("actor", "Protesters", "crowd"), ("actor", "army", "army"), sunday])
    (ev,) = make_event_coder(pack, classifier=Fixed("Excessive force against protesters", 0.9))(b).events
    assert (ev.actor1, ev.actor2) == ("army", "crowd")
    # an intervention: the protesters first, the force that intervened second
    c = build(["The army dispersed the protesters in the square on Sunday."],
              [("actor", "army", "army"), ("actor", "protesters", "crowd"), sunday])
    (ev,) = make_event_coder(pack, classifier=Fixed("Protest with intervention", 0.9))(c).events
    assert (ev.actor1, ev.actor2) == ("crowd", "army")


def test_the_attack_with_no_day_of_its_own_is_the_strike_told_before():
    a = build(["Warplanes struck the market on Sunday. "
               "Twelve people died in the attack, medics said."],
              [("date", "on Sunday", "2016-05-08", day("2016-05-08"))], published="2016-05-10")
    events = code(a)
    assert [e.sub_event_type for e in events] == ["Air/drone strike", "Air/drone strike"]
    assert events[1].date.start == dt.date(2016, 5, 8)
    # a day of its own makes it an event of its own
    b = build(["Warplanes struck the market on Sunday. "
               "On Monday gunmen killed two men in an attack on a checkpoint."],
              [("date", "on Sunday", "2016-05-08", day("2016-05-08")),
               ("date", "On Monday", "2016-05-09", day("2016-05-09", "On Monday"))],
              published="2016-05-10")
    assert code(b)[-1].sub_event_type != "Air/drone strike"



def test_an_attempted_capture_is_a_clash():
    for text in ("The rebels tried to capture the hill on Sunday.",
                 "The rebels were focusing their efforts on capturing the hill on Sunday."):
        a = build([text], [("actor", "rebels", "rebels"),
                           ("date", "on Sunday", "2016-05-08", day("2016-05-08"))])
        events = code(a)
        assert events and events[0].sub_event_type == "Armed clash", text
    a = build(["The rebels captured the hill on Sunday."],
              [("actor", "rebels", "rebels"), ("date", "on Sunday", "2016-05-08", day("2016-05-08"))])
    assert code(a)[0].sub_event_type == "Non-state actor overtakes territory"


def test_a_crowd_label_without_a_crowd_word_beside_a_weapon_is_the_weapon_s_event():
    a = build(["A car bomb went off on Sunday as fighters met at the mosque."],
              [("date", "on Sunday", "2016-05-08", day("2016-05-08"))])
    (ev,) = make_event_coder(PACK, classifier=Fixed("Peaceful protest", 0.7))(a).events
    assert ev.sub_event_type == "Remote explosive/landmine/IED"


@pytest.mark.parametrize("text", [
    "The regime shelled the town with rockets that released toxic fumes on Monday.",
    "Rebels accused the army of gassing dozens of people with shells on Monday.",
])
def test_a_chemical_attack_is_coded_by_its_agent_whatever_carried_it(text):
    events = code(build([text], [("actor", "regime", "regime")] if "regime" in text
                        else [("actor", "army", "army"), ("actor", "Rebels", "rebels")]))
    assert [e.sub_event_type for e in events] == ["Chemical weapon"]


class AlwaysAttack:
    def predict(self, text):
        return SimpleNamespace(sub_event_type="Attack", event_type=None, score=0.8, ranking=[])


@pytest.mark.parametrize("text, sub", [
    ("Army troops stormed ISIS positions in the village on Monday.", "Armed clash"),
    ("Army troops killed ISIS prisoners in the village on Monday.", "Attack"),
])
def test_an_attack_on_an_armed_force_is_a_clash_unless_they_were_held(text, sub):
    article = build([text], [("actor", "Army", "army"), ("actor", "ISIS", "isis")])
    (ev,) = make_event_coder(PACK, classifier=AlwaysAttack())(article).events
    assert (ev.sub_event_type, ev.actor1, ev.actor2) == (sub, "army", "isis")


class Unsure:
    """A classifier that barely prefers a catch-all label."""

    def predict(self, text):
        return SimpleNamespace(sub_event_type="Other", event_type=None, score=0.22, ranking=[])


def test_an_unsure_label_yields_to_the_weapon_word_not_to_a_bare_killed():
    article = build(["Three nurses were killed in suspected Russian strikes on Monday."])
    (ev,) = make_event_coder(PACK, classifier=Unsure())(article).events
    assert ev.sub_event_type == "Air/drone strike"


def test_the_attacker_of_a_when_clause_after_a_harmed_subject_that_is_no_actor():
    article = build(["Two farmers were killed when rebels opened fire on a bus on Monday."],
                    [("actor", "rebels", "rebels")])
    (ev,) = make_event_coder(PACK, classifier=AlwaysAttack())(article).events
    assert (ev.actor1, ev.actor2) == ("rebels", "civilians-sy")


def test_air_strikes_naming_no_striker_take_the_one_state_the_article_names():
    article = build(["Regime warplanes struck Saraqib on Monday.",
                     "Air strikes hit Binnish on Tuesday."], [("actor", "Regime", "regime")])
    first, second = code(article)
    assert (first.actor1, second.actor1) == ("regime", "regime")
    assert second.coding.actor1_from == "article" and first.coding.actor1_from is None


def test_no_striker_is_guessed_when_the_article_names_two_states():
    article = build(["Regime warplanes struck Saraqib on Monday.",
                     "Army air strikes hit Binnish on Tuesday.",
                     "Air strikes hit Sarmin on Wednesday."],
                    [("actor", "Regime", "regime"), ("actor", "Army", "army")])
    assert code(article)[2].actor1 is None


class Sure:
    def __init__(self, label):
        self.label = label

    def predict(self, text):
        return SimpleNamespace(sub_event_type=self.label, event_type=None, score=0.7, ranking=[])


@pytest.mark.parametrize("label, text, sub", [
    ("Non-violent transfer of territory",
     "The village came under an air strike that killed two people on Monday.", "Air/drone strike"),
    ("Disrupted weapons use", "Police defused a car bomb near the market on Monday.",
     "Disrupted weapons use"),
])
def test_a_non_violent_label_without_its_word_yields_to_a_weapon_word(label, text, sub):
    (ev,) = make_event_coder(PACK, classifier=Sure(label))(build([text])).events
    assert ev.sub_event_type == sub


def test_a_clause_of_air_strikes_and_artillery_is_two_events_sharing_its_toll(syria_pipeline):
    pipeline = syria_pipeline
    events = process("Regime warplanes and artillery pounded the Syrian town of Saraqib on "
                     "Monday, killing 9 people.", published="2016-05-10", pipeline=pipeline).events
    assert sorted((e.sub_event_type, e.fatalities.best) for e in events) == [
        ("Air/drone strike", 5), ("Shelling/artillery/missile attack", 4)]
    assert {e.coding.fatalities_split for e in events} == {2}
    assert len({e.id for e in events}) == 2


def test_a_taking_told_by_its_noun_is_a_taking_not_the_catch_all():
    class CatchAll:
        def predict(self, text):
            return SimpleNamespace(sub_event_type="Other", event_type=None, score=0.9, ranking=[])

    a = build(["The capture of the hill was announced by the rebels on Sunday."],
              [("actor", "rebels", "rebels"), ("date", "on Sunday", "2016-08-07", day("2016-08-07"))],
              published="2016-08-08")
    (ev,) = make_event_coder(PACK, classifier=CatchAll())(a).events
    assert ev.sub_event_type == "Non-state actor overtakes territory"
    # a capture only aimed at stays no taking
    a = build(["The rebels tried to bring about the capture of the hill on Sunday."],
              [("actor", "rebels", "rebels"), ("date", "on Sunday", "2016-08-07", day("2016-08-07"))],
              published="2016-08-08")
    assert [e.sub_event_type for e in make_event_coder(PACK, classifier=CatchAll())(a).events] != [
        "Non-state actor overtakes territory"]


def test_a_monitor_reporting_fighting_is_its_source_not_a_side(syria_pipeline):
    pipeline = syria_pipeline
    events = process("The Observatory reported fighting in the southern districts of Aleppo on "
                     "Monday.", published="2016-08-09", pipeline=pipeline).events
    assert events and all("sohr" not in (e.actor1, e.actor2) for e in events)
    # an armed party that reports its own deed stays its actor
    events = process("The army said it killed 20 fighters in Aleppo on Monday.",
                     published="2016-08-09", pipeline=pipeline).events
    assert events and events[0].actor1 == "military-forces-of-syria"


def test_an_air_arm_destroying_weapons_strikes_from_the_air():
    pipeline = build_pipeline("libya", pack=load_pack("libya", overlays=()))
    subs = [e.sub_event_type for e in process(
        "The NATO operation destroyed nine ammunition bunkers near Brega and two air defense "
        "radars on Monday.", published="2011-04-19", pipeline=pipeline).events]
    assert subs == ["Air/drone strike"]
    # weapons seized on the ground stay disrupted weapons use
    subs = [e.sub_event_type for e in process(
        "Rebels seized a weapons cache near Brega on Monday, a spokesman said.",
        published="2011-04-19", pipeline=pipeline).events]
    assert "Air/drone strike" not in subs


def test_a_crowds_size_beside_a_count_of_dead_is_no_toll(syria_pipeline):
    pipeline = syria_pipeline
    (event,) = process("Security forces opened fire on thousands of protesters in Hama on Friday, "
                       "killing at least 9 people, activists said.", published="2011-07-02",
                       pipeline=pipeline).events
    assert event.fatalities.best == 9


def test_a_whole_count_before_among_them_is_no_part_count(syria_pipeline):
    pipeline = syria_pipeline
    # commas stripped, as some pages are: "Thirteen civilians among them 6 children"
    article = process("Thirteen civilians among them 6 children were killed in air strikes on "
                      "Saraqib on Sunday.", published="2016-06-13", pipeline=pipeline)
    subset = {m.text: m.number_info.subset for m in article.mentions if m.kind == "number"}
    assert subset == {"Thirteen": False, "6": True}


@pytest.mark.parametrize("text", [
    "Rebels and civilians from Zabadani near Damascus were waiting at an army-held bus station "
    "some miles away.",
    "Rebel fighters were waiting at the army-held crossing near Homs.",
])
def test_people_waiting_somewhere_is_no_event(syria_pipeline, text):
    article = process(text, published="2017-04-15", pipeline=syria_pipeline)
    assert [e.sub_event_type for e in article.events if e.is_event] == []


def test_weapons_held_are_no_attack(syria_pipeline):
    # rockets in soldiers' hands, or fighters armed with them, fire at nothing
    held = process("Government troops pushed into Idlib province this week. Grad rockets were "
                   "among the weapons carried by the soldiers who reached Saraqeb on Monday.",
                   published="2016-05-10", pipeline=syria_pipeline)
    assert [e.sub_event_type for e in held.events if e.is_event
            and e.sub_event_type == "Shelling/artillery/missile attack"] == []
    fired = process("Government troops pushed into Idlib province this week. Soldiers fired Grad "
                    "rockets at Saraqeb on Monday, killing four people.",
                    published="2016-05-10", pipeline=syria_pipeline)
    assert [e.sub_event_type for e in fired.events if e.is_event and e.sentence == 1] == [
        "Shelling/artillery/missile attack"]


def test_weapons_left_behind_are_no_attack_but_weapons_fired_after_a_list_are(syria_pipeline):
    left = process("Government troops pushed into Idlib province this week. When the soldiers fled "
                   "their camp near Saraqeb on Monday they left behind boots, a crate of tinned food "
                   "-- and two rockets.", published="2016-05-10", pipeline=syria_pipeline)
    assert [e.sub_event_type for e in left.events if e.is_event and e.sentence == 1
            and e.sub_event_type == "Shelling/artillery/missile attack"] == []
    fired = process("Government troops pushed into Idlib province this week. Armed with rifles, "
                    "gunmen fired rockets at the base in Saraqeb on Monday.",
                    published="2016-05-10", pipeline=syria_pipeline)
    assert [e.sub_event_type for e in fired.events if e.is_event and e.sentence == 1] == [
        "Shelling/artillery/missile attack"]


def test_the_capital_named_as_a_place_is_not_the_government_acting(syria_pipeline):
    bomb = process("A car bomb in the Syrian capital Damascus killed ten people on Monday.",
                   published="2016-05-10", pipeline=syria_pipeline)
    assert [e.actor1 for e in bomb.events if e.is_event] == [None]
    strike = process("Damascus launched air strikes on Idlib on Monday.", published="2016-05-10",
                     pipeline=syria_pipeline)
    assert [e.actor1 for e in strike.events if e.is_event] == ["military-forces-of-syria"]


@pytest.mark.parametrize("text", [
    "Government troops pushed into Idlib province this week. A Gulf state is said to have "
    "supplied the fighters with anti-tank missiles, flown to Saraqeb by air.",
    "Government troops pushed into Idlib province this week. Fighters said they obtained the "
    "missiles from the council in Saraqeb but did not know where they came from.",
])
def test_weapons_supplied_or_obtained_are_no_event(syria_pipeline, text):
    article = process(text, published="2016-05-10", pipeline=syria_pipeline)
    assert [e.sub_event_type for e in article.events if e.is_event and e.sentence == 1] == []
