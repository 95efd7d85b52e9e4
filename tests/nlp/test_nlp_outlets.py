import pytest

from marsad.nlp.outlets import outlet_profile

FAKES_CODES = ["ahram", "manar", "alalam", "alaraby", "dailysabah", "sana", "trt", "sputnik",
               "etilaf", "reuters", "jordantimes", "arabiya", "nna", "asharqalawsat", "tass"]


@pytest.mark.parametrize("code", FAKES_CODES)
def test_fakes_codes_resolve(pack, code):
    assert outlet_profile(pack, code) is not None


@pytest.mark.parametrize("name,want,alignment", [
    ("SANA", "SANA", "state-media-syria"),
    ("sana", "SANA", "state-media-syria"),
    ("https://www.aljazeera.com/news/2016/8/7/x.html", "Al Jazeera", "opposition"),
    ("english.alarabiya.net", "Al Arabiya", "opposition"),
    ("the syrian observer", "The Syrian Observer", "opposition"),
    ("Al-Masdar News", "Al-Masdar News", "pro-government"),
    ("REUTERS", "Reuters", "wire"),
])
def test_lookup(pack, name, want, alignment):
    profile = outlet_profile(pack, name)
    assert profile["name"] == want and profile["alignment"] == alignment


def test_unknown_outlet(pack):
    assert outlet_profile(pack, "Daily Planet") is None
    assert outlet_profile(pack, None) is None
    assert outlet_profile(pack, "https://example.org/x") is None


def test_outlets_are_well_formed(pack):
    assert len(pack.outlets) >= 40
    for o in pack.outlets:
        assert {"name", "aliases", "country", "alignment", "kind"} <= set(o)
        assert o["alignment"] in {"pro-government", "opposition", "independent", "wire",
                                  "monitor", "sdf-aligned"} \
            or o["alignment"].startswith("state-media-")
