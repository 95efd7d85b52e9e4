"""Landmarks the gazetteer lacks (invented sentences): names, anaphors, anchors, geocoding."""

from marsad.core.landmarks import anchor_of, find_landmarks, landmark_for
from marsad.geo import make_event_geocoder, make_place_tagger
from marsad.core.names import place_name_key
from marsad.model import CodingNotes
from geo_testkit import add_event, make_article


def names(text):
    return [(lm.name, lm.anaphor) for lm in find_landmarks(text)]


def test_named_landmarks_and_stops():
    text = ("On Sunday al-Nour School fell, then the old grain silos and the Kindi water station; "
            "a bakery, regime checkpoints and the complex, many-sided war are not named landmarks.")
    assert names(text) == [("al-Nour School", False), ("grain silos", False),
                           ("Kindi water station", False)]


def test_spellings_and_plurals_share_a_key():
    a, b, c = find_landmarks("the al-Hikmeh school. the Hikma school. the military colleges.")[:3]
    assert a.key == b.key == place_name_key("Hikmah school")
    assert c.key == place_name_key("military college") and c.head == "college"


def test_bare_definite_refers_back_by_head_and_location_to_any():
    text = "Rebels shelled the Zahra sugar factory. They stormed the factory. Troops left the location."
    lms = find_landmarks(text)
    assert [(lm.name, lm.anaphor) for lm in lms] == [("Zahra sugar factory", False),
                                                     ("Zahra sugar factory", True),
                                                     ("Zahra sugar factory", True)]
    assert lms[1].named_start == lms[0].start
    assert find_landmarks("They stormed the factory.") == []   # nothing to refer back to


def test_anchor_after_relation_phrase_or_inside_name(pack):
    tagger = make_place_tagger(pack)
    a = tagger(make_article("Rebels captured the Nour school to the south of Aleppo. "
                            "Photos showed the Manbij bakery. The Nour school, a big building, near Idlib."))
    places = [m for m in a.mentions if m.kind == "place"]
    lms = find_landmarks(a.text)
    first = anchor_of(a.text, lms[0].named_start, lms[0].named_end, places)
    assert first.text == "Aleppo" and first.place_info.relation == "south of"
    assert anchor_of(a.text, lms[1].named_start, lms[1].named_end, places).text == "Manbij"
    assert anchor_of(a.text, lms[2].named_start, lms[2].named_end, places) is None  # an aside between


def test_landmark_for_prefers_object_unless_a_place_comes_first(pack):
    tagger = make_place_tagger(pack)
    a = tagger(make_article("Rebels took Manbij and the Tishreen cement factory."))
    places = [m for m in a.mentions if m.kind == "place"]
    lms = find_landmarks(a.text)
    assert landmark_for(lms, 0, len(a.text), a.text.index("took"), places) is None
    b = tagger(make_article("Rebels took the Tishreen cement factory south of Manbij."))
    places = [m for m in b.mentions if m.kind == "place"]
    lm = landmark_for(find_landmarks(b.text), 0, len(b.text), b.text.index("took"), places)
    assert lm is not None and lm.name == "Tishreen cement factory"


def _landmark_event(a, sentence, name):
    lm = next(x for x in find_landmarks(a.text) if x.name == name)
    ev = add_event(a, sentence, place_text=name)
    ev.coding = CodingNotes(landmark=lm.key, landmark_span=(lm.named_start, lm.named_end))
    return ev


def test_geocoder_puts_a_landmark_at_its_anchor_with_precision_2(pack):
    tagger, geocoder = make_place_tagger(pack), make_event_geocoder(pack)
    a = tagger(make_article("Rebels seized the Nour school north of Manbij on Sunday."))
    ev = _landmark_event(a, 0, "Nour school")
    geocoder(a)
    assert ev.place.name == "Manbij" and ev.geo_precision == 2
    assert ev.coding.place_relation == "north of" and ev.coding.geo_step == "landmark anchor"


def test_geocoder_uses_another_naming_of_the_landmark_then_the_article(pack):
    tagger, geocoder = make_place_tagger(pack), make_event_geocoder(pack)
    a = tagger(make_article("The Nour school in Manbij was a barracks\nLater the army denied losing the Nour school"))
    ev = _landmark_event(a, 1, "Nour school")
    geocoder(a)
    assert ev.place.name == "Manbij" and ev.geo_precision == 2
    b = tagger(make_article("Fighting went on in Manbij\nThe army denied losing the Nour school"))
    ev = _landmark_event(b, 1, "Nour school")
    geocoder(b)
    assert ev.place.name == "Manbij" and ev.geo_precision == 2 and ev.coding.geo_step == "landmark article"


def test_geocoder_records_step_and_relation_for_plain_places(pack):
    tagger, geocoder = make_place_tagger(pack), make_event_geocoder(pack)
    a = tagger(make_article("Rebels took a hill south of Aleppo."))
    ev = add_event(a, 0)
    geocoder(a)
    assert ev.coding.place_relation == "south of" and ev.coding.geo_step == "sentence"


def test_an_indefinite_phrase_is_not_a_named_landmark():
    assert names("Jets hit a field hospital and an army artillery base near the Omar oil plant.") == [
        ("Omar oil plant", False)]


def test_a_relation_in_the_sentence_places_a_landmark_named_without_anchor(pack):
    tagger, geocoder = make_place_tagger(pack), make_event_geocoder(pack)
    a = tagger(make_article("Fighting went on in Hama\nRebels broke through to the south of Manbij, "
                            "seizing military colleges"))
    ev = _landmark_event(a, 1, "military colleges")
    geocoder(a)
    assert ev.place.name == "Manbij" and ev.geo_precision == 2
    assert ev.coding.place_relation == "south of" and ev.coding.geo_step == "landmark sentence"
    b = tagger(make_article("Rebels seized the Nour school and the grain silos in Manbij, far from Idlib province"))
    ev = _landmark_event(b, 0, "Nour school")
    geocoder(b)   # "in Manbij" may name a sibling target and "Idlib province" is no relation
    assert ev.coding.geo_step == "landmark article"


def test_a_province_before_the_landmark_sets_the_scene(pack):
    tagger, geocoder = make_place_tagger(pack), make_event_geocoder(pack)
    a = tagger(make_article("Fighting went on in Hama\nIn the northern province of Raqqa two bombers "
                            "blew themselves up inside the brigade base"))
    ev = _landmark_event(a, 1, "brigade base")
    geocoder(a)
    assert ev.place.id == "adm1:ar-raqqa" and ev.geo_precision == 3
    assert ev.coding.geo_step == "landmark sentence"
