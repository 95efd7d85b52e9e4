"""The English word lists of the stages are language data (``lang/en/*.json``), read through
``marsad.lang.CueData``: a missing or broken file is a LanguageDataError naming it, and the
patterns built from the files still find what they are for."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from importlib import resources

import pytest

import marsad.lang
from marsad.lang import CueData, LanguageDataError

#: (module that reads the file when it is built, the file's name under lang/en/)
READERS = [
    ("marsad.extract.modality", "modality"),
    ("marsad.extract.attribution", "attribution"),
    ("marsad.extract.roles", "roles"),
    ("marsad.extract.claims", "claims"),
    ("marsad.extract.context", "context"),
    ("marsad.nlp.numbers", "numbers"),
    ("marsad.nlp.dates", "dates"),
    ("marsad.nlp.entities", "entities"),
    ("marsad.nlp.persons", "persons"),
    ("marsad.extract.coder", "coder"),
    ("marsad.extract.distribute", "distribute"),
    ("marsad.link.keys", "link"),
    ("marsad.nlp.sentences", "sentences"),
]


def _english(name: str) -> dict:
    return json.loads(resources.files("marsad.lang").joinpath("en", f"{name}.json").read_text("utf-8"))


def _language_dir(monkeypatch, tmp_path, files: dict[str, object], *, missing: str | None = None):
    """Point marsad.lang at a temporary copy of lang/en/ with ``files`` (name -> JSON value)
    written over it and the file ``missing`` (a file name) taken out."""
    (tmp_path / "en").mkdir()
    for entry in resources.files("marsad.lang").joinpath("en").iterdir():
        (tmp_path / "en" / entry.name).write_bytes(entry.read_bytes())
    for name, doc in files.items():
        (tmp_path / "en" / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    if missing:
        (tmp_path / "en" / missing).unlink()
    monkeypatch.setattr(marsad.lang, "_file", lambda lang, filename: tmp_path / lang / filename)


def _build(monkeypatch, module: str) -> None:
    """Run a fresh copy of ``module`` (as when it is first imported), leaving the loaded one alone."""
    origin = importlib.util.find_spec(module).origin
    spec = importlib.util.spec_from_file_location(module + "_probe", origin)
    probe = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, probe)   # dataclasses look their module up
    spec.loader.exec_module(probe)


@pytest.mark.parametrize("module, name", READERS)
def test_every_english_file_builds_its_module(monkeypatch, tmp_path, module, name):
    _language_dir(monkeypatch, tmp_path, {})
    _build(monkeypatch, module)   # the file as shipped, read through the patched reader


@pytest.mark.parametrize("module, name", READERS)
def test_a_missing_file_is_a_language_data_error_naming_it(monkeypatch, tmp_path, module, name):
    _language_dir(monkeypatch, tmp_path, {}, missing=f"{name}.json")
    with pytest.raises(LanguageDataError, match=rf"{name}\.json"):
        _build(monkeypatch, module)


@pytest.mark.parametrize("module, name", READERS)
def test_a_broken_list_is_a_language_data_error_naming_file_and_key(monkeypatch, tmp_path, module, name):
    doc = _english(name)
    key = next(k for k, v in doc.items() if isinstance(v, list))
    doc[key] = ["(unclosed"]
    _language_dir(monkeypatch, tmp_path, {name: doc})
    with pytest.raises(LanguageDataError, match=rf"{name}\.json.*{key}"):
        _build(monkeypatch, module)


@pytest.mark.parametrize("module, name", READERS)
def test_a_missing_key_is_a_language_data_error_naming_it(monkeypatch, tmp_path, module, name):
    doc = _english(name)
    key = next(k for k in doc if not k.startswith("_"))
    del doc[key]
    _language_dir(monkeypatch, tmp_path, {name: doc})
    with pytest.raises(LanguageDataError, match=rf"{name}\.json.*no entry '{key}"):
        _build(monkeypatch, module)


@pytest.mark.parametrize("doc, call, says", [
    ({"w": "not a list"}, lambda c: c.words("w"), "non-empty list of strings"),
    ({"w": []}, lambda c: c.words("w"), "non-empty list of strings"),
    ({"w": ["ok", 3]}, lambda c: c.alternatives("w"), "non-empty list of strings"),
    ({"w": ["a", "b["]}, lambda c: c.alternatives("w"), "not a list of regular expressions"),
    ({"w": ["a"]}, lambda c: c.word("w"), "non-empty string"),
    ({"w": "x)"}, lambda c: c.word("w"), "not a regular expression"),
    ({"n": {"one": "1"}}, lambda c: c.numbers("n"), "whole numbers"),
    ({"n": {"one": True}}, lambda c: c.numbers("n"), "whole numbers"),
    ({"m": {"a": 1}}, lambda c: c.meanings("m"), "phrases to meanings"),
    ({"g": ["a"]}, lambda c: c.grouped_alternatives("g"), "object of lists"),
    ({"g": {"x": ["a"]}}, lambda c: c.words("g.y"), "no entry 'g.y'"),
])
def test_cue_data_names_the_file_and_key_of_a_fault(monkeypatch, tmp_path, doc, call, says):
    _language_dir(monkeypatch, tmp_path, {"probe": doc})
    with pytest.raises(LanguageDataError, match=says) as info:
        call(CueData("en", "probe"))
    assert "probe.json" in str(info.value)


def test_cue_data_reads_what_the_stages_need(monkeypatch, tmp_path):
    _language_dir(monkeypatch, tmp_path, {"probe": {
        "_about": "ignored", "alts": ["longer words", "long"], "one": "by", "n": {"pair": 2},
        "m": {"the last": "last"}, "g": {"first": ["a", "b"], "second": ["c"]}}})
    cues = CueData("en", "probe")
    assert cues.words("alts") == ("longer words", "long")
    assert cues.alternatives("alts") == "longer words|long"       # file order kept
    assert cues.word("one") == "by"
    assert cues.numbers("n") == {"pair": 2}
    assert cues.meanings("m") == {"the last": "last"}
    assert cues.grouped_alternatives("g") == {"first": "a|b", "second": "c"}
    with pytest.raises(LanguageDataError, match="no data 'nothing'"):
        CueData("en", "nothing")


# --- the patterns built from the English files --------------------------------------------

def test_modality_cues_from_data():
    from marsad.extract.modality import assess

    def modality(clause: str, trigger_word: str) -> str:
        start = clause.index(trigger_word)
        return assess(clause, (start, start + len(trigger_word))).modality

    assert modality("The brigade will storm the ridge at dawn", "storm") == "future"
    assert modality("Officials denied that the convoy was shelled", "shelled") == "denied"
    assert modality("The militia did not shell the market", "shell") == "negated"
    assert modality("A new offensive could overrun the valley", "overrun") == "hypothetical"
    assert modality("Rebels overran the outpost on Monday", "overran") == "asserted"
    assert modality("Fighting may resume in the valley", "Fighting") == "hypothetical"
    assert modality("Fighting began in May 2014", "Fighting") == "asserted"   # the month


def test_attribution_cues_from_data():
    from marsad.extract.attribution import find_attributions, unverified_cue, verb_stance
    (att,) = find_attributions("The coastal command said it repelled an assault on the port.")
    assert (att.source, att.verb, att.stance) == ("The coastal command", "said", "asserts")
    (att,) = find_attributions("Two villages were hit, according to local medics, late on Sunday.")
    assert (att.source, att.verb) == ("local medics", "according to")
    assert verb_stance("denied") == "denies" and verb_stance("conceded") == "confirms"
    assert unverified_cue("the claim could not be independently verified") is not None


def test_number_words_from_data():
    from marsad.nlp.numbers import parse_fatalities, words_to_int
    assert words_to_int("sixty-three") == 63
    assert words_to_int("two hundred and five") == 205
    assert words_to_int("a dozen") == 12 and words_to_int("4 thousand") == 4000
    f = parse_fatalities("At least nine guards were killed and four wounded.")
    assert (f.low, f.best, f.qualifier) == (9, 9, "at least")
    f = parse_fatalities("nearly thirty")
    assert (f.high, f.best) == (30, 30)
    assert parse_fatalities("Scores of villagers died").low == 40


def test_date_words_from_data():
    from marsad.nlp.dates import resolve_date
    published = dt.date(2015, 3, 18)   # a Wednesday
    assert resolve_date("last Friday", published).start == dt.date(2015, 3, 13)
    assert resolve_date("three days ago", published).start == dt.date(2015, 3, 15)
    rd = resolve_date("in late February", published)
    assert (rd.start, rd.end, rd.precision) == (dt.date(2015, 2, 21), dt.date(2015, 2, 28), "week")
    rd = resolve_date("earlier this month", published)
    assert (rd.start, rd.end) == (dt.date(2015, 3, 1), dt.date(2015, 3, 17))
    assert resolve_date("the past week", published).end == dt.date(2015, 3, 17)
    assert resolve_date("yesterday", published).start == dt.date(2015, 3, 17)


def test_role_claim_context_and_entity_cues_from_data():
    from marsad.extract import claims, context, roles
    from marsad.nlp import entities
    assert roles._PASSIVE_AUX.search("the depot was reportedly ")
    assert roles._HELD.match("-held districts")
    assert roles._PRONOUN_SUBJECT.search("announced that they had")
    assert claims._ANONYMOUS.match("several unnamed security sources")
    assert claims._STATE_MEDIA.search("according to state television")
    assert context._NEW_TOPIC.match("Elsewhere, a patrol")
    assert context._FOE_LINES.search("broke through regime front lines")
    assert entities._NEW_GROUP.search("fighters of Liwa Suqour al-Sahel joined")
    assert entities.new_group_slug("Jaysh al-Example") == "jaish-al-example"
    assert "barrel bomb" in entities.WEAPONS.values()


def test_person_cues_from_data():
    from marsad.nlp.persons import find_persons
    text = "Brigadier Samir Qasim told reporters the road was cut."
    assert [(text[s:e], role) for s, e, role in find_persons(text)] == [("Samir Qasim", "Brigadier")]
    text = "Rami Nasser, a spokesman for the Example Front, said the town fell."
    assert [text[s:e] for s, e, _ in find_persons(text)] == ["Rami Nasser"]
    assert find_persons("The Monday Council said nothing.") == []


def test_coder_cues_from_data():
    from marsad.extract import coder
    parts = coder._CLAUSE_SPLIT.split("Rebels shelled the depot, meanwhile the army held the hill, "
                                      "but said it lost a tank")
    assert parts == ["Rebels shelled the depot,", "the army held the hill", "said it lost a tank"]
    assert coder._attempted("the unit tried to capture the bridge", len("the unit tried to "))
    assert not coder._attempted("the unit managed to capture the bridge", len("the unit managed to "))
    assert coder._main_stative("The hill is considered a key position")
    assert not coder._main_stative("The hill, which is considered a key position, fell")
    assert coder._WEAPON_NOUN.search("heavy artillery pounded")


def test_running_toll_cues_from_screen_data(monkeypatch, tmp_path):
    from marsad.extract import screen
    assert screen._CUMULATIVE.search("the death toll has risen to 40 since the start of the war")
    assert not screen._CUMULATIVE.search("a shell killed four people at the market")
    doc = _english("screen_cues")
    del doc["cumulative"]
    _language_dir(monkeypatch, tmp_path, {"screen_cues": doc})
    with pytest.raises(LanguageDataError, match=r"screen_cues\.json.*no entry 'cumulative'"):
        _build(monkeypatch, "marsad.extract.screen")


def test_abbreviations_from_data(monkeypatch, tmp_path):
    from marsad.nlp.sentences import ABBREVIATIONS
    assert {"gen", "sept", "approx"} <= ABBREVIATIONS and "the" not in ABBREVIATIONS
    _language_dir(monkeypatch, tmp_path, {}, missing="abbreviations.txt")
    marsad.lang.word_list.cache_clear()   # word lists are read once per process
    with pytest.raises(LanguageDataError, match=r"abbreviations\.txt"):
        _build(monkeypatch, "marsad.nlp.sentences")


def test_place_list_cues_from_data():
    from marsad.extract import distribute
    assert distribute._JOINER.match(", as well as the villages of ")
    assert distribute._JOINER.match(" and ")
    assert not distribute._JOINER.match(" near the road to ")
    assert distribute._OWN_COUNT.search("killing 12 people in").group(1) == "12"
    assert distribute._COUNT_JOINER.match(", and 7 more at")


def test_link_key_cues_from_data():
    from marsad.link.keys import outcome_winner, partial_date, phrase_keys
    assert phrase_keys("the rebels finally broke the siege of the town") == {"break+siege"}
    assert phrase_keys("they hoped to break the siege") == frozenset()     # a purpose
    assert phrase_keys("after the fall of the highway") == {"capture+highway"}
    assert partial_date("fighting resumed on Thursday, 4 March") == (3, 4, 3)
    assert outcome_winner("The army repelled the attack")["winner"] == "government"


def test_link_helper_cues_from_data():
    from marsad.link.nodes import AREA_NAME
    from marsad.link.reference import _SUFFIX
    from marsad.link.textutil import is_junk, outcome_of
    assert outcome_of("the assault was beaten back at dawn") == "failed"
    assert outcome_of("the fighters stormed the ridge") == "succeeded"
    assert is_junk("Click here to subscribe to our newsletter")
    assert AREA_NAME.search("the western countryside of the city")
    assert _SUFFIX.sub("", "Tell Example village") == "Tell Example"
