"""Issue 13: Arabic-script place names (the pack's name_ar) matched in Arabic text."""

import pytest

from marsad.geo.arabic import normalise
from marsad.geo.gazetteer import Gazetteer
from marsad.geo.tagger import PlaceResolver


@pytest.fixture(scope="module")
def gaz(pack):
    return Gazetteer.for_pack(pack)


def placed(gaz, text):
    return [(r.match.text, r.place.name) for r in PlaceResolver(gaz).resolve(text, gaz.find(text))]


def test_normalise_folds_marks_and_letter_forms():
    assert normalise("إدلبُ") == normalise("ادلب") == "ادلب"
    assert normalise("القنيطرة") == "القنيطره"


def test_arabic_names_are_matched_with_their_offsets(gaz):
    text = "قصف الطيران الحربي مدينة حلب وبلدة كفرنبل في ريف إدلب."
    found = gaz.find(text)
    assert all(text[m.start:m.end] == m.text for m in found)
    assert placed(gaz, text) == [("حلب", "Aleppo"), ("كفرنبل", "Kafranbel"), ("إدلب", "Idlib")]


def test_a_glued_proclitic_is_peeled_off(gaz):
    # al-Fu'ah: one village with UCDP's "Foah" since the build merges short names too
    assert placed(gaz, "قتل ثلاثة مدنيين بالفوعة اليوم.") == [("الفوعة", "Foah")]
    assert [m.text for m in gaz.find("وحلب مدينة كبيرة")] == ["حلب"]


def test_common_words_named_like_villages_are_no_places(gaz):
    # "a school", "the revolution", "the farm": words that are also names of villages
    assert gaz.find("سقطت قذيفة على مدرسة في الثورة قرب المزرعة") == []
    assert gaz.find("قال محمد إن الجيش الحر تقدم.") == []


def test_a_minor_village_needs_a_locative_word(gaz):
    minor = next(k for k, ids in gaz.arabic.index.items()
                 if len(k.split()) == 1 and all(pid in gaz.minor for pid in ids))
    assert gaz.find(f"{minor} اليوم") == []
    assert [m.text for m in gaz.find(f"قصف على قرية {minor} اليوم")] == [minor]


def test_latin_text_does_not_build_the_arabic_index(pack):
    fresh = Gazetteer(pack)
    fresh.find("Shelling hit Aleppo and Idlib.")
    assert fresh._arabic is None
