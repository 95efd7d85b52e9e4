import pytest

from marsad.model import Fatalities
from marsad.nlp.numbers import find_counts, parse_fatalities, words_to_int


def counts(text):
    return [(text[c["start"]:c["end"]], c["casualty"], c["fatalities"]) for c in find_counts(text)]


@pytest.mark.parametrize("text,low,best,high,qual,cas", [
    ("At least 12 people were killed in the shelling.", 12, 12, None, "at least", "killed"),
    ("He said some 700 combatants from both camps were killed during a week of clashes.",
     None, 700, None, "some", "killed"),
    ("Dozens of civilians were killed in air strikes.", 24, None, None, "dozens", "killed"),
    ("Twelve people were killed.", 12, 12, 12, None, "killed"),
    ("Forty-two soldiers were wounded.", 42, 42, 42, None, "wounded"),
    ("Two hundred families were displaced.", 200, 200, 200, None, "displaced"),
    ("Opposition fighters captivated 12 pro-regime fighters.", 12, 12, 12, None, "captured"),
    ("The raid killed 5 near the school.", 5, 5, 5, None, "killed"),
    ("The car bomb exploded, leaving 7 dead.", 7, 7, 7, None, "killed"),
    ("Between 10 and 15 militants died.", 10, 10, 15, "range", "killed"),
    ("Nearly 50 people died.", None, 50, 50, "nearly", "killed"),
    ("A dozen fighters were taken prisoner.", 12, 12, 12, None, "captured"),
])
def test_counts(text, low, best, high, qual, cas):
    (span, casualty, f), = counts(text)
    assert (f.low, f.best, f.high, f.qualifier, casualty) == (low, best, high, qual, cas)


@pytest.mark.parametrize("text", [
    "Despite more than 450 Turkish shells, the defenders could not keep their trenches.",
    "Some 300,000 residents remain trapped with little food, the UN says.",
    "Rebels captured 3 villages near the road.",
])
def test_counts_that_are_not_casualties(text):
    assert [c[1] for c in counts(text)] == [None]


@pytest.mark.parametrize("text", [
    "They broke a 3-week siege of the city.", "The council meets at 1400 GMT.",
    "following a more than a three-weeks’ long campaign", "one of the military colleges",
    "the war raging since 2011", "Rebels seized project 1070 and a number of hills.",
])
def test_not_counts(text):
    assert counts(text) == []


def test_more_than_keeps_the_reported_figure():
    (_, cas, f), = counts("More than 450 air raids hit the town.")
    assert (f.low, f.best, f.qualifier, cas) == (450, 450, "more than", None)


def test_chained_counts_share_the_casualty():
    got = counts("Three soldiers and two civilians were killed, and 9 people were wounded.")
    assert [(s, c) for s, c, _ in got] == [("Three", "killed"), ("two", "killed"),
                                          ("9", "wounded")]
    assert parse_fatalities("Three soldiers and two civilians were killed on Sunday.").best == 5


def test_parse_fatalities():
    assert parse_fatalities("at least 12") == Fatalities(low=12, best=12, qualifier="at least",
                                                          text="at least 12")
    assert parse_fatalities("dozens").low == 24
    assert parse_fatalities("The raid killed 4 and wounded 11.").best == 4
    assert parse_fatalities("A number of fighters were killed.") == Fatalities()
    assert not parse_fatalities("300,000 people are trapped").known


def test_words_to_int():
    assert [words_to_int(w) for w in ["twelve", "forty-two", "two hundred", "a dozen",
                                      "1,200", "three thousand five hundred", "1.5 million",
                                      "many"]] == [12, 42, 200, 12, 1200, 3500, 1_500_000, None]


def test_stage_skips_dates_and_records_attrs(run):
    a = run("On August 6, at least 14 soldiers were killed, SOHR said.")
    nums = [m for m in a.mentions if m.kind == "number"]
    assert [(m.text, m.norm, m.number_info.casualty, m.number_info.noun) for m in nums] == [
        ("at least 14", "14", "killed", "soldiers")]
    assert nums[0].number_info.fatalities.low == 14


def test_subsets_are_not_added_to_the_total():
    text = "At least 45 people, including 8 children and 5 women, were killed in the raid."
    got = {s: c for s, c, _ in counts(text)}
    assert got["At least 45"] == "killed"
    assert parse_fatalities(text).best == 45
    assert [c["subset"] for c in find_counts(text)] == [False, True, True]


def test_death_toll_and_forward_chain():
    assert counts("Monitors put the death toll at 31 on Monday.")[0][1] == "killed"
    got = counts("The strike hit the market, killing three fighters and 13 civilians.")
    assert [c for _, c, _ in got] == ["killed", "killed"]
    assert counts("a boy under the age of eight") == []


@pytest.mark.parametrize("text,want", [
    ("The shell hit the market, killing a woman and injuring three others.",
     [("a", "killed"), ("three", "wounded")]),
    ("Three farmers were killed and 7 others were hurt.", [("Three", "killed"), ("7", "wounded")]),
    ("Government forces killed 50 “terrorists” in the area.", [("50", "killed")]),
    ("The monitor said five of the dead were children.", [("five", "killed")]),
    ("At least 17 IS (Daesh) fighters have been killed by shelling.",
     [("At least 17", "killed")]),
    ("Jets struck the town, killing dozens in rebel-held areas.", [("dozens", "killed")]),
    ("A fighter with the group said the road was cut.", []),
])
def test_harder_casualty_phrasing(text, want):
    assert [(s, c) for s, c, _ in counts(text)] == want


def test_of_them_is_a_subset():
    text = "Twelve people were killed, two of them children, the monitor said."
    assert [c["subset"] for c in find_counts(text)] == [False, True]
    assert parse_fatalities(text).best == 12

def test_one_count_for_the_dead_and_the_wounded_is_not_a_death_toll():
    from marsad.nlp.numbers import parse_fatalities
    assert not parse_fatalities("At least 88 people were killed and injured in the shelling.").known
    assert not parse_fatalities("The strike left 25 casualties in the town.").known
    assert not parse_fatalities("Shelling killed or wounded 40 people.").known
    assert parse_fatalities("Shelling killed 12 people and wounded 30.").best == 12


def test_beheadings_and_slaughter_are_killings():
    from marsad.nlp.numbers import parse_fatalities
    assert parse_fatalities("In the town the group beheaded two men on Sunday.").best == 2
    assert parse_fatalities("Militants slaughtered 12 villagers on Sunday.").best == 12
    assert parse_fatalities("Twelve villagers were beheaded by militants.").best == 12


def test_a_count_followed_by_a_wound_word_counts_the_wounded():
    # a text stripped of commas: "100 civilians killed 700 injured"
    counts = find_counts("More than 100 civilians killed 700 injured in the shelling")
    assert [(c["fatalities"].best, c["casualty"]) for c in counts] == [(100, "killed"), (700, "wounded")]
    assert parse_fatalities("More than 100 civilians killed 700 injured in the shelling").best == 100


def test_a_page_counter_is_no_count():
    counts = find_counts("Get short URL 1721 The ministry said its jets killed some 34 fighters.")
    assert [c["fatalities"].best for c in counts] == [34]


def test_a_partitive_count_of_people_is_a_count_of_people():
    assert parse_fatalities("At least 21 of the group's fighters and 4 of their comrades were killed.").best == 25
    assert parse_fatalities("Four of their fighters died in the ambush.").best == 4
    assert parse_fatalities("Two soldiers and 7 of their comrades were killed.").best == 9
    # a partitive of things is no count of people
    assert not parse_fatalities("Two of the villages were shelled.").known
    # "the commander and N of his comrades": his comrades' count leaves him out
    assert parse_fatalities("The commander and 9 of his comrades were killed.").best == 10
    assert parse_fatalities("The emir alongside nine of his men died.").best == 10


@pytest.mark.parametrize("text, subsets", [
    ("Four boys were among those killed in the raids.", [True]),
    ("Nine children among 20 dead in car bombings.", [True, False]),
    ("Two women were among the 20 killed.", [True, False]),
    ("Two women were among the dead.", [True]),
    ("Three people were killed among the ruins of the market.", [False]),
])
def test_among_the_dead_is_a_subset_among_the_ruins_is_not(text, subsets):
    assert [c["subset"] for c in find_counts(text)] == subsets


def test_a_count_then_were_wounded_is_the_wounded_in_a_text_without_commas():
    counts = find_counts("At least 9 people were killed 30 were wounded in a car bombing at a market.")
    assert [c["casualty"] for c in counts] == ["killed", "wounded"]


def test_a_count_whose_own_predicate_tells_no_harm_takes_none_from_a_later_clause():
    # a teaser run-on: "14 members ... are dismissed" and then "the death of the commander"
    text = ("14 members of the council's board are dismissed A spokesman says the death of the "
            "commander played a role")
    assert [c for _, c, _ in counts(text)] == [None]
    # a predicate that goes on to the harm keeps it
    assert [c for _, c, _ in counts("30 soldiers were reported killed near the dam")] == ["killed"]
    assert [c for _, c, _ in counts("8 men were trapped under rubble and died")] == ["killed"]


def test_a_partitive_count_takes_what_befell_the_part():
    # "ten of the captured soldiers were beheaded": "captured" describes the whole
    assert [(f.best, c) for _, c, f in counts("Ten of the captured soldiers were beheaded.")] == [
        (10, "killed")]
    # the whole's own count inside the phrase: the part is still counted as people
    got = counts("At least 9 of the 120 hostages seized by the gunmen last month have been executed.")
    assert [(f.best, c) for _, c, f in got] == [(9, "killed"), (120, "captured")]


def test_a_count_of_deaths_is_of_the_killed():
    assert [(f.best, c) for _, c, f in counts("Four deaths and 30 injuries were reported.")] == [
        (4, "killed"), (30, "wounded")]


def test_a_count_of_families_counts_no_people():
    # "six civilians from one family were killed": six dead, not one
    assert [(f.best, c) for _, c, f in counts("Four civilians from one family were killed in the "
                                                "strike.")] == [(4, "killed")]


def test_a_new_subject_after_a_counts_own_verb_takes_only_its_own_harm():
    # "four died and nine others suffered burns": the nine are not among the dead
    got = counts("Officials said three people died and eleven others suffered burns after the blast.")
    assert [(f.best, c) for _, c, f in got] == [(3, "killed"), (11, None)]
    # a bare list after one verb still shares it, and so does an elliptical second subject
    assert [(f.best, c) for _, c, f in counts("The raid killed 2 fighters and 7 civilians.")] == [
        (2, "killed"), (7, "killed")]
    assert [(f.best, c) for _, c, f in counts("Two guards died and three others in the convoy.")] == [
        (2, "killed"), (3, "killed")]
