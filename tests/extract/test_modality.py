"""Modality and background of event mentions (invented sentences in the seeds' style)."""

import pytest

from marsad.extract.modality import assess, segment
from marsad.extract.triggers import best_trigger, find_triggers


def _assess(text: str, sub: str = "Non-state actor overtakes territory"):
    trig = best_trigger(find_triggers(text), sub)
    assert trig is not None, f"no trigger found in {text!r}"
    return assess(text, (trig.start, trig.end), sentence=text)


@pytest.mark.parametrize("text, expected", [
    ("Rebels captured the old hospital south of Hama on Friday.", "asserted"),
    ("The fighters will first try to capture the nearby college.", "future"),
    ("The army is due to launch an assault on the town next week.", "future"),
    ("The militia plans to seize the crossing before winter.", "future"),
    ("Insurgents are poised to capture the river crossing, a commander said.", "future"),
    ("The army is gearing up for an offensive to retake the dam.", "future"),
    ("Loyalist units are waiting for the final order to attack the ridge.", "future"),
    ("Pro-government forces are on the verge of capturing the last rebel pocket.", "future"),
    ("Tribal fighters are getting ready to attack the compound.", "future"),
    ("Seizing control of Homs would be the largest gain for the army this year.", "hypothetical"),
    ("If the rebels capture the base, the road will be cut.", "hypothetical"),
    ("The fighting could last several weeks, a journalist said.", "hypothetical"),
    ("Government troops may attack the village in the coming days.", "hypothetical"),
    ("The rebels did not capture the hill despite heavy shelling.", "negated"),
    ("Loyalist forces failed to retake the checkpoint.", "negated"),
    ("The ministry denied the rebels had captured the grain silos.", "denied"),
    ("State television continued to deny that insurgents had seized the road.", "denied"),
    ("Residents told reporters they want to protest in the square but fear being shot.", "future"),
    ("Officials said a moratorium on air strikes against the city remained in place.", "negated"),
    ("The leader denied on Monday that there were protests, as fighting raged between troops "
     "and rebels in the city.", "asserted"),
    ("The government has made it its main goal of recapturing the northern city.", "future"),
    ("The rebels' stated aim is to seize the border crossing before the talks.", "future"),
    ("Rebels captured the hill on Sunday in a bid to break the siege of the town.", "asserted"),
    ("The minister said reports that rebels had captured the port were an exaggeration.", "denied"),
    ("Claims that the militia seized the airport are totally false, the army said.", "denied"),
    ("Rebels captured the port on Sunday and the army's claims were false.", "asserted"),
    ("The strikes were launched to prevent an assault on the rebel-held city.", "negated"),
    ("The militias remain far from capturing the port despite the air cover.", "negated"),
    ("Far from the front, rebels captured a depot on Sunday.", "asserted"),
    ("Tribal fighters prepared on Sunday night for an attack on the ridge.", "future"),
    ("The allies argued in favour of an attack on the ridge.", "future"),
    ("Exiles used the internet to call for demonstrations in the capital.", "future"),
])
def test_modality_cases(text, expected):
    sub = "Armed clash" if "fighting" in text or "attack" in text else "Non-state actor overtakes territory"
    assert _assess(text, sub).modality == expected


def test_modal_in_a_relative_clause_does_not_scope_over_the_event():
    m = _assess("Rebels captured the ridge, which could give them a view over the airport.")
    assert m.modality == "asserted"


def test_may_as_a_month_is_not_a_modal():
    m = _assess("Rebels captured the ridge on May 14 after two days of fighting.")
    assert m.modality == "asserted"


def test_past_perfect_in_narrator_voice_is_background_but_asserted():
    m = _assess("The opposition had seized the water station at the end of last month.")
    assert m.modality == "asserted" and m.background


def test_after_managed_to_is_background():
    m = _assess("The statement comes after rebel units managed to break the siege of the old city.")
    assert m.asserted and m.background


def test_reported_past_perfect_is_backshift_not_background():
    m = _assess("The group announced that its fighters had taken control of the bakery.")
    assert m.asserted and not m.background


def test_fronted_date_with_reported_past_perfect_is_background():
    m = _assess("On March 3, the fighters were able to declare that they had broken the siege of the town.")
    assert m.asserted and m.background


def test_plain_past_is_not_background():
    assert not _assess("Opposition fighters stormed the depot and took control of it.").background


def test_segment_stops_at_commas_and_relative_pronouns():
    text = "They shelled the town, which lies near the river"
    a, b = segment(text, 5, 12)
    assert text[a:b] == "They shelled the town"


def test_month_may_in_any_position_is_not_a_modal():
    assert _assess("In May more than 60 fighters were killed in clashes near the town.", "Armed clash").asserted
    assert _assess("Government troops have shelled the town since 21 May.", "Shelling/artillery/missile attack").asserted


def test_purpose_clause_after_the_event_is_not_future():
    m = _assess("The attack targeted the market in order to drive residents out.", "Armed clash")
    assert m.asserted


def test_not_denying_is_not_a_denial():
    assert _assess("A coalition source did not deny that its jets had struck the bridge.",
                   "Air/drone strike").modality != "denied"


def test_by_a_time_past_perfect_is_not_background():
    m = _assess("By Friday, most of the villages had been recaptured by the rebels.")
    assert m.asserted and not m.background


@pytest.mark.parametrize("text, expected", [
    ("State television denied on Monday that insurgents had reached the edge of Salhab.", "denied"),
    ("An officer told the agency that the brigade would move on the village before dawn.", "future"),
    ("The battalion will keep up its operations in the valley.", "future"),
    ("The alliance ended the blockade of the eastern quarters.", "asserted"),
])
def test_modality_without_an_event_word_reads_the_whole_clause(text, expected):
    assert assess(text, None, sentence=text).modality == expected


def test_took_part_and_captured_equipment_are_not_territory_words():
    kinds = [t.kind for t in find_triggers("Two brigades took part in the assault and captured a tank.")]
    assert "territory" not in kinds and "clash" in kinds
    assert [t.kind for t in find_triggers("The rebels took part of the road.")] == ["territory"]


def test_an_enabling_clause_without_event_word_is_prospective():
    text = "The gains opened the way for the brigade to push towards the dam."
    assert assess(text, None, sentence=text).modality == "future"


def test_what_the_news_comes_weeks_after_is_background():
    m = _assess("The assault on the base comes less than two weeks after the group killed 70 guards "
                "at a gas field.")
    assert m.asserted and m.background


def test_must_be_captured_is_not_a_capture():
    m = _assess('"The bridge must be captured before dawn," the commander said.')
    assert m.modality == "hypothetical"


def test_an_event_noun_after_no_or_lack_of_is_negated():
    def at(text, word):
        return (text.index(word), text.index(word) + len(word))
    clashes = "There were no clashes reported on Sunday."
    assert assess(clashes, at(clashes, "clashes")).modality == "negated"
    lack = "The lack of air strikes angered the rebels."
    assert assess(lack, at(lack, "air strikes")).modality == "negated"
    # with no trigger span, every event word of the clause must be denied
    assert assess("There were no clashes reported on Sunday, rebels said.", None).modality == "negated"
    assert assess("There were no clashes, but shelling hit the town.", None).modality == "asserted"
    fewer = "No fewer than 20 people were killed in the shelling."
    assert assess(fewer, at(fewer, "shelling")).modality == "asserted"


def test_what_a_writer_pictured_did_not_happen():
    text = "I had visions of the army storming the hotel and rounding us up."
    start = text.index("storming")
    assert assess(text, (start, start + 8)).modality == "hypothetical"


def test_an_ultimatum_threatens_an_attack_it_does_not_tell_one():
    text = "The rebels told the town to surrender or face attack on Saturday."
    start = text.index("attack")
    assert assess(text, (start, start + 6)).modality == "hypothetical"


@pytest.mark.parametrize("text, expected", [
    # a stopped attack is none
    ("Both air forces halted their air strikes on the city for a truce.", "negated"),
    ("The army suspended its shelling of the town on Monday.", "negated"),
    ("The halted convoy was hit by an air strike on Monday.", "asserted"),
    # hedges and scenarios are no report
    ("A likelier scenario has the militants firing rockets from the hills.", "hypothetical"),
    ("Perhaps the rebels shelled the base to break the siege.", "hypothetical"),
    ("Perhaps 20 people were killed in the shelling on Monday.", "asserted"),
])
def test_stopped_attacks_hedges_and_scenarios_are_no_report(text, expected):
    trig = best_trigger(find_triggers(text), None)
    assert assess(text, (trig.start, trig.end)).modality == expected


def test_an_event_inside_a_since_clause_is_background():
    m = _assess("The envoy is the first to visit the capital since rebel forces captured it in "
                "the summer.")
    assert m.asserted and m.background
    # a clause break ends the since clause: the deed after it is news
    m = _assess("Since the truce ended, rebels captured the hill on Sunday.")
    assert m.asserted and not m.background


def test_an_opening_modal_governs_a_clause_without_an_event_word():
    # "Perhaps NATO is waiting for ...": no event word; the clause is a guess
    assert assess("Perhaps the alliance is waiting for the tanks to reach open ground.").modality \
        == "hypothetical"
    assert assess("The alliance is waiting for the tanks, perhaps for days.").modality == "asserted"


def test_a_modal_verb_in_a_clause_with_no_event_word_is_hypothetical():
    assert assess('"The clans must march on the capital," he said.').modality == "hypothetical"
    assert assess("Villagers said they could not leave their homes.").modality == "hypothetical"
    # a modal of the past ("must have") and no modal at all leave it asserted
    assert assess("The clans must have reached the capital by then.").modality == "asserted"
    assert assess("The clans reached the capital.").modality == "asserted"


def test_what_forces_are_likely_to_do_with_no_event_word_is_hypothetical():
    assert assess("Officials said the loyalists were likely to win over time.").modality == "hypothetical"
    # what is expected to follow a deal does not make the deal hypothetical
    assert assess("Hundreds are expected to leave the towns under the deal.").modality == "asserted"
