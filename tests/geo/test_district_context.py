"""Issue 13: a district the text names decides between namesakes: the one inside it, not
a namesake in the next district that lies nearer the district's centre. An invented pack
(names made up, coordinates invented). Namesakes nothing tells apart, both in one
district, are placed at the district."""


import pytest

from marsad.geo.tagger import PlaceResolver

from geo_testkit import make_article, zedland_gazetteer

ROWS = [
    "country:zz,Zedland,,35.0,38.0,country,,,,,pack,,,,",
    "adm1:north,Harran,Harran Province,36.0,37.0,governorate,Harran,Upper,,,pack,,,,",
    "dist:qatma,Qatma,,36.50,37.50,district,Harran,Qatma,,,pack,,,,",
    # one hamlet name: one just across the district line, one inside it but far from its centre
    "wof:1,Tall Nur,,36.55,37.55,city,Harran,Upper,,,wof,,PPL,,",
    "wof:2,Tall Nur,,36.90,37.90,city,Harran,Qatma,,,wof,,PPL,,",
    # one hamlet name twice in one district, far apart: nothing tells them apart
    "wof:3,Zaydal,,36.30,37.30,city,Harran,Qatma,,,wof,,PPL,,",
    "wof:4,Zaydal,,36.70,37.70,city,Harran,Qatma,,,wof,,PPL,,",
]


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return zedland_gazetteer(tmp_path_factory.mktemp("zedland_district"), "zedland_district", 993, ROWS)


def _resolve(gaz, text):
    article = make_article(text)
    return PlaceResolver(gaz).resolve(article.text, gaz.find(article.text))


def test_the_namesake_inside_the_named_district_wins(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck Tall Nur in Qatma district on Monday.")
    assert [r.place.id for r in resolved] == ["wof:2", "dist:qatma"]
    assert resolved[0].choice == "context: in Qatma district, named in the text"


def test_namesakes_tied_in_one_district_are_placed_at_the_district(gaz):
    resolved = _resolve(gaz, "Zedlandic jets struck the village of Zaydal on Monday.")
    assert [r.place.id for r in resolved] == ["dist:qatma"]
    assert resolved[0].choice == "tie: 2 namesakes in Qatma district; placed at the district"
