"""Issue 13: transliterations. Two namesakes, one spelled in the text's transliteration ("Ras El Ein"), the
other in another ("Ra's al 'Ayn"): both are spelled alike (Ain/Ayn/Ein are one Arabic
word), so the prior decides, not the letters outlets vary. An invented pack (names made up,
coordinates invented). And French
transliterations' articles spelled as they sound before a sun letter ("Ej Jid" is Al Jid)."""


import pytest


from geo_testkit import zedland_gazetteer, resolved_place_ids as _places

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    "adm1:south,Dalaya,Dalaya Province,33.0,36.0,governorate,Dalaya,Lower,,,pack,,,,",
    # a district seat of standing, and a hamlet far off spelled as outlets spell the seat
    "gn:1,Ra's al 'Ayn,Ras al Ayn,36.80,37.80,city,Harran,Upper,,45000,geonames+ucdp,11,PPLA2,,",
    "ucdp:2,Ras El Ein,,33.50,36.50,city,Dalaya,Lower,,,ucdp,1,PPL,,",
    # hamlets whose variants write the article as it sounds before a sun letter
    "wof:3,Al Judaydah,,36.30,37.30,city,Harran,Upper,,,wof,,PPL,Ej Jid,",
    "wof:4,Kharbat Qasim,,36.40,37.40,city,Harran,Upper,,,wof,,PPL,Ett Tall el Ahmar,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedland_translit"), "zedland_translit", 994, ROWS)


def test_another_transliteration_spells_a_name_nearly_as_its_own(gaz):
    assert gaz.spelling_score("gn:1", "Ras al Ein") >= 0.98
    assert gaz.spelling_score("gn:1", "Ras al Ain") >= 0.98
    assert gaz.spelling_score("gn:1", "Ras al Ayn") == 1.0


@pytest.mark.parametrize("spelled", ["Ras al Ein", "Ras al-Ain", "Ras al Ayn"])
def test_the_place_of_standing_wins_whichever_transliteration(gaz, spelled):
    assert _places(gaz, f"Zedlandic troops shelled {spelled} on Monday.") == ["gn:1"]


def test_the_hamlet_wins_where_the_text_names_its_province(gaz):
    assert _places(gaz, "Zedlandic troops shelled Ras al Ein in Dalaya Province on Monday.")[0] == "ucdp:2"


@pytest.mark.parametrize("spelled,pid", [("Al Jid", "wof:3"), ("Jid", "wof:3"),
                                         ("Tall el-Ahmar", "wof:4")])
def test_an_assimilated_article_is_an_article(gaz, spelled, pid):
    assert _places(gaz, f"Zedlandic troops shelled the village of {spelled} on Monday.") == [pid]


def test_an_article_before_another_letter_is_part_of_the_name(gaz):
    # "Ej" before a word that does not begin with j is no article: nothing is taken off
    assert gaz._names("wof:9", "Ab Bakr") == ("Ab Bakr",)
