"""Theater knowledge as pack data: sides, alignments, not_places, regions, and a pack cache
that sees edited files."""

import json
import os

import pytest

from marsad.core import sides as default_sides
from marsad.theaters import PACK_CACHE, PackError, load_pack


def _mini(folder, **meta):
    folder.mkdir()
    doc = {"name": "mini", "country": "Freedonia", "iso": 999, **meta}
    (folder / "pack.json").write_text(json.dumps(doc))
    (folder / "places.csv").write_text("id,name,aliases,lat,lon,level\nc1,Capitalia,,1.0,2.0,city\n")
    return folder


@pytest.mark.parametrize("meta, key", [
    ({"sides": ["government"]}, "'sides'"),
    ({"sides": {"crown": "government"}}, "'sides.crown'"),
    ({"sides": {"crown": {"camp": 3}}}, "'sides.crown.camp'"),
    ({"sides": {"crown": {"state": "yes"}}}, "'sides.crown.state'"),
    ({"sides": {"crown": {"allies": "rebels"}}}, "'sides.crown.allies'"),
    ({"sides": {"crown": {"colour": "red"}}}, "'sides.crown': unknown keys"),
    ({"alignments": {"state-media": 1}}, "'alignments'"),
    ({"not_places": "Capitalia"}, "'not_places'"),
    ({"demonyms": [""]}, "'demonyms'"),
    ({"regions": {"Europe": "Sylvania"}}, "'regions.Europe'"),
    ({"camp_words": {"crown": "royal(ist"}}, "'camp_words.crown'"),
])
def test_malformed_pack_fields_name_file_and_key(tmp_path, meta, key):
    folder = _mini(tmp_path / "bad", **meta)
    with pytest.raises(PackError) as err:
        load_pack(str(folder), overlays=())
    assert str(folder / "pack.json") in str(err.value) and key in str(err.value)


def test_pack_sides_and_defaults():
    pack = load_pack("libya", overlays=())
    s = pack.sides
    assert s.is_government("government") and not s.is_government("nato")
    assert s.is_state("nato") and s.are_allies("opposition", "nato")
    assert s.link_camp("nato") == "opposition" and s.coding_camp("nato") == "nato"
    assert s.alignment_camp("state-media-libya") == "pro-government"
    assert s.alignment_camp("wire") == "independent"
    assert not s.is_fighting_side("civilian") and s.is_fighting_side("opposition")


def test_a_pack_without_sides_knows_the_government_by_name(tmp_path):
    pack = load_pack(str(_mini(tmp_path / "plain")), overlays=())
    assert pack.sides.is_government("government") and not pack.sides.is_government("crown")
    assert pack.not_places == frozenset() and pack.regions == {}


def test_syria_side_data_codes_as_the_code_did():
    """Syria's pack.json says what core.sides' tables said, for every side its actors use."""
    pack = load_pack("syria", overlays=())
    used = {a.side for a in pack.actors} | {"regime", "state", "rebel"}
    s = pack.sides
    for side in used:
        assert s.coding_camp(side) == default_sides.coding_camp(side), side
        assert s.is_government(side) == default_sides.is_government(side), side
        assert s.is_fighting_side(side) == default_sides.is_fighting_side(side), side
    for side in {a.side for a in pack.actors}:
        assert s.link_camp(side) == default_sides.link_camp(side), side
        for other in {a.side for a in pack.actors}:
            assert s.link_allied(side, other) == default_sides.DEFAULT_SIDES.link_allied(side, other)
    for outlet in pack.outlets:
        a = outlet.get("alignment")
        assert s.alignment_camp(a) == default_sides.alignment_camp(a), a


def _touch_later(path):
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_an_edited_overlay_is_seen_without_a_restart(tmp_path):
    folder = _mini(tmp_path / "mini")
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    actors = overlay / "actors.json"
    actors.write_text(json.dumps({"actors": [{"id": "a1", "name": "First Army"}]}))
    first = load_pack(str(folder), overlays=(str(overlay),))
    assert load_pack(str(folder), overlays=(str(overlay),)) is first   # cached
    assert [a.id for a in first.actors] == ["a1"]
    actors.write_text(json.dumps({"actors": [{"id": "a1", "name": "First Army"},
                                             {"id": "a2", "name": "Second Army"}]}))
    _touch_later(actors)
    second = load_pack(str(folder), overlays=(str(overlay),))
    assert [a.id for a in second.actors] == ["a1", "a2"]
    (folder / "pack.json").write_text(json.dumps(
        {"name": "mini", "country": "Freedonia", "not_places": ["Capitalia"]}))
    _touch_later(folder / "pack.json")
    assert load_pack(str(folder), overlays=(str(overlay),)).not_places == {"capitalia"}
    PACK_CACHE.clear()
    assert load_pack(str(folder), overlays=(str(overlay),)) is not second


def test_camp_words_and_alliances_reach_the_linker():
    from marsad.link.keys import outcome_winner, side_words_pattern
    from marsad.link.linker import Linker
    pack = load_pack("libya", overlays=())
    words = side_words_pattern(pack.sides.words)
    assert outcome_winner("Gaddafi loyalists recaptured Brega.", words)["winner"] == "government"
    assert outcome_winner("NATO-backed fighters seized the town.", words)["winner"] == "opposition"
    linker = Linker(pack)
    assert linker.side_group("nato") == "opposition"
    assert linker._side_table.link_allied("nato", "opposition")
    assert not linker._side_table.link_allied("nato", "government")


def test_regions_abroad_come_from_the_pack():
    from marsad.export.acled import region_of
    libya = load_pack("libya", overlays=())
    assert region_of("Libya", libya) == region_of(None, libya) == "Northern Africa"
    assert region_of("Tunisia", libya) == "Northern Africa" and region_of("Chad", libya) == "Middle Africa"
    assert region_of("Italy", libya) == "Europe" and region_of("Brazil", libya) == ""
    syria = load_pack("syria", overlays=())
    assert region_of("Iraq", syria) == "Middle East" and region_of("Egypt", syria) == ""


# --- actors named as ACLED names them, at the event's date -------------------------------

def test_the_nusra_lineage_is_named_for_the_events_day_under_both_ids():
    import datetime as dt
    from marsad.export.acled import actor_name
    pack = load_pack("syria", overlays=())
    for actor_id in ("jabhat-fateh-al-sham", "hts"):      # ids stored records hold stay
        assert pack.actor(actor_id) is not None
        assert actor_name(actor_id, pack, dt.date(2013, 4, 9)) == "Al Nusrah Front"
        assert actor_name(actor_id, pack, dt.date(2016, 7, 27)) == "Al Nusrah Front"
        assert actor_name(actor_id, pack, dt.date(2016, 7, 28)) == "Jabhat Fateh al Sham"
        assert actor_name(actor_id, pack, dt.date(2017, 1, 27)) == "Jabhat Fateh al Sham"
        assert actor_name(actor_id, pack, dt.date(2017, 1, 28)) == "HTS: Hayat Tahrir al Sham"
        assert actor_name(actor_id, pack) == "HTS: Hayat Tahrir al Sham"
    # one group, one history: the two ids never disagree on a name
    assert pack.actor("hts").names == pack.actor("jabhat-fateh-al-sham").names


def test_libyan_rebels_are_rebels_until_the_council_is_founded():
    import datetime as dt
    from marsad.export.acled import actor_name
    pack = load_pack("libya", overlays=())
    assert actor_name("ntc", pack, dt.date(2011, 2, 20)) == "Rebels (Libya)"
    assert actor_name("ntc", pack, dt.date(2011, 2, 26)) == "Rebels (Libya)"
    assert actor_name("ntc", pack, dt.date(2011, 2, 27)) == "NTC: National Transitional Council"
    assert actor_name("ntc", pack, dt.date(2011, 8, 21)) == "NTC: National Transitional Council"
    assert actor_name("nato", pack) == "NATO: North Atlantic Treaty Organization"


@pytest.mark.parametrize("actor_id, acled, old", [
    ("sdf", "QSD: Syrian Democratic Forces", "Syrian Democratic Forces"),
    ("ypg", "YPG: Peoples Protection Units", "YPG: People's Protection Units"),
    ("ndf", "QDW: National Defense Forces", "NDF: National Defence Forces"),
    ("turkistan-islamic-party", "TIP: Turkistan Islamic Party", "Turkistan Islamic Party"),
    ("levant-front", "JaS: Levant Front", "Levant Front"),
    ("jaish-al-izza", "Jaysh al Izza", "Jaish al-Izza"),
    ("jaish-al-islam", "Jaysh al Islam", "Jaish al-Islam"),
    ("ahrar-al-sham", "Ahrar al Sham", "Ahrar al-Sham"),
    ("faylaq-al-rahman", "Faylaq al Rahman", "Faylaq al-Rahman"),
    ("hts", "HTS: Hayat Tahrir al Sham", "Hayat Tahrir al-Sham"),
    ("jabhat-fateh-al-sham", "HTS: Hayat Tahrir al Sham", "Jabhat Fateh al-Sham"),
    ("jabhat-fateh-al-sham", "HTS: Hayat Tahrir al Sham", "Al Nusrah Front"),
])
def test_acled_spellings_are_exported_and_the_old_names_still_match_text(actor_id, acled, old):
    from marsad.export.acled import actor_name
    from marsad.nlp.entities import ActorResolver
    pack = load_pack("syria", overlays=())
    assert actor_name(actor_id, pack) == acled
    assert old in pack.actor(actor_id).aliases
    found = ActorResolver(pack).resolve(old)
    assert found is not None and found.id == actor_id
