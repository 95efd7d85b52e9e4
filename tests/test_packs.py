import pytest

from marsad.theaters import PackError, load_pack


def test_syria_pack_loads():
    pack = load_pack("syria", overlays=())
    assert pack.country == "Syria" and pack.iso == 760


def test_unknown_pack_is_a_clear_error():
    with pytest.raises(PackError, match="no theater pack named"):
        load_pack("atlantis", overlays=())


def _mini_pack(folder, places_rows, abroad_rows=None):
    folder.mkdir()
    (folder / "pack.json").write_text('{"name": "mini", "country": "Freedonia", "iso": 999}')
    header = "id,name,aliases,lat,lon,level,country,iso\n"
    (folder / "places.csv").write_text(header + "".join(r + "\n" for r in places_rows))
    if abroad_rows is not None:
        (folder / "places_abroad.csv").write_text(header + "".join(r + "\n" for r in abroad_rows))
    return folder


def test_places_abroad_load_with_their_country(tmp_path):
    folder = _mini_pack(tmp_path / "mini", ["c1,Capitalia,,1.0,2.0,city,,"],
                        ["x1,Sylvania,,,,country,Sylvania,111", "x2,Port Syl,,3.5,4.5,city,Sylvania,111"])
    pack = load_pack(str(folder), overlays=())
    assert [p.country for p in pack.places] == ["Freedonia"]
    abroad = {p.id: p for p in pack.places_abroad}
    assert abroad["x1"].lat is None and abroad["x2"].iso == 111
    assert pack.is_abroad(abroad["x2"]) and pack.place("x2") == abroad["x2"]


def test_bad_pack_rows_are_clear_errors(tmp_path):
    folder = _mini_pack(tmp_path / "bad", ["c1,Capitalia,,north,2.0,city,,"])
    with pytest.raises(PackError, match=r"places\.csv: line 2: unreadable lat/lon 'north'"):
        load_pack(str(folder), overlays=())
    folder = _mini_pack(tmp_path / "nocountry", ["c1,Capitalia,,1.0,2.0,city,,"],
                        ["x1,Sylvania,,,,country,,"])
    with pytest.raises(PackError, match="every row needs a country"):
        load_pack(str(folder), overlays=())


def test_a_weapon_user_must_be_an_actor_of_the_pack(tmp_path):
    folder = _mini_pack(tmp_path / "weapons", ["c1,Capitalia,,1.0,2.0,city,,"])
    (folder / "pack.json").write_text('{"name": "weapons", "country": "Freedonia", "iso": 999, '
                                      '"weapon_users": {"barrel bomb": "nobody"}}')
    with pytest.raises(PackError, match=r"pack\.json: 'weapon_users': 'barrel bomb': no actor 'nobody'"):
        load_pack(str(folder), overlays=())
