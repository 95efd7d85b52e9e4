import pytest

from marsad.pipeline import process
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


def test_the_capital_must_be_a_place_of_the_pack(tmp_path):
    folder = _mini_pack(tmp_path / "capital", ["c1,Capitalia,,1.0,2.0,city,,"])
    (folder / "pack.json").write_text('{"name": "capital", "country": "Freedonia", "iso": 999, '
                                      '"capital": "c9"}')
    with pytest.raises(PackError, match=r"pack\.json: 'capital': 'c9' is no place id"):
        load_pack(str(folder), overlays=())
    (folder / "pack.json").write_text('{"name": "capital", "country": "Freedonia", "iso": 999, '
                                      '"capital": "c1"}')
    assert load_pack(str(folder), overlays=()).capital == "c1"


def _actors_pack(tmp_path, actors_json: str):
    folder = _mini_pack(tmp_path / "named", ["c1,Capitalia,,1.0,2.0,city,,"])
    (folder / "actors.json").write_text(actors_json)
    return folder


def test_an_actor_may_carry_the_names_it_bore_before(tmp_path):
    folder = _actors_pack(tmp_path, '{"actors": [{"id": "front", "name": "Third Name", '
                          '"names": [{"until": "2016-07-27", "name": "First Name"}, '
                          '{"until": "2017-01-27", "name": "Second Name"}]}]}')
    actor = load_pack(str(folder), overlays=()).actor("front")
    assert actor.names == (("2016-07-27", "First Name"), ("2017-01-27", "Second Name"))
    import datetime as dt
    assert actor.name_on(dt.date(2013, 1, 1)) == "First Name"
    assert actor.name_on(dt.date(2016, 7, 27)) == "First Name"      # 'until' is inclusive
    assert actor.name_on(dt.date(2016, 7, 28)) == "Second Name"
    assert actor.name_on(dt.date(2017, 1, 28)) == "Third Name"
    assert actor.name_on(None) == "Third Name"                      # no date: today's name


@pytest.mark.parametrize("names, why", [
    ('{"until": "2016-07-27", "name": "Old"}', "expected a list"),
    ('[{"until": "27/07/2016", "name": "Old"}]', "not a YYYY-MM-DD date"),
    ('[{"until": "2016-02-30", "name": "Old"}]', "not a YYYY-MM-DD date"),
    ('[{"until": "2016-07-27", "name": ""}]', "the name is empty"),
    ('[{"until": "2016-07-27"}]', "expected exactly"),
    ('[{"until": "2016-07-27", "name": "Old", "from": "2012-01-01"}]', "expected exactly"),
    ('[{"until": "2017-01-27", "name": "B"}, {"until": "2016-07-27", "name": "A"}]',
     "dates must rise"),
])
def test_malformed_dated_names_are_pack_errors_naming_file_and_actor(tmp_path, names, why):
    folder = _actors_pack(tmp_path, '{"actors": [{"id": "front", "name": "New", '
                          f'"names": {names}}}]}}')
    with pytest.raises(PackError, match=r"actors\.json: actor 'front': 'names': .*" + why):
        load_pack(str(folder), overlays=())


@pytest.mark.parametrize("text, actor1, actor2", [
    # bare "troops"/"tanks" are the regime's in this war's reporting; others name their owner
    ("Syrian tanks stormed Rastan on Sunday, killing 12 civilians.", "military-forces-of-syria",
     "civilians"),
    ("Troops shelled Talbiseh on Sunday.", "military-forces-of-syria", None),
    ("Turkish troops shelled Afrin on Sunday.", "turkey-military", None),
    # "a bombardment by X", "an attack by X": X is the attacker
    ("Activists said rockets hit the suburbs of Zamalka and Jobar during a bombardment by "
     "government forces on Wednesday.",
     "military-forces-of-syria", None),
    # army defectors are the Free Syrian Army, whatever word follows "army"
    ("Army defectors attacked a checkpoint in Rastan on Sunday.", "fsa", None),
    # the protesters are the protest's actor1; what they protest against is no actor2
    ("Thousands of protesters rallied in Kafranbel on Friday against the regime.", "protesters",
     None),
    ("Security forces opened fire on protesters in Deraa on Friday, killing five.", "police-syria",
     "protesters"),
])
def test_syria_actor_roles(text, actor1, actor2):
    events = list(process(text, theater="syria").events or [])
    assert events, text
    assert (events[0].actor1, events[0].actor2) == (actor1, actor2)


@pytest.mark.parametrize("text, place", [
    # the text spells the town's own name; Daraa only has an old variant (Adraa) folding alike
    ("Troops ambushed rebels near Adra on Sunday, killing 12.", "Adra"),
    ("Rebels shelled Daraa on Sunday, killing 12.", "Dar'a"),
    # "the town of X": the level word favours the namesake the text spells, not a town
    # whose name only folds alike (Al Hawl)
    ("Troops shelled the town of Houla on Sunday, killing 12.", "Al Houla Plain"),
])
def test_syria_namesakes_the_text_spells(text, place):
    events = list(process(text, theater="syria").events or [])
    assert events and events[0].place is not None and events[0].place.name == place
