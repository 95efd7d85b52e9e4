"""Untrusted names and numbers (issue 14.5): a pack name cannot lead outside its folders,
and reference data with non-finite coordinates is refused at import."""

from __future__ import annotations

import csv
import json

import pytest

from marsad.link.reference import ReferenceFormatError, import_reference
from marsad.theaters import PackError, check_pack_name, default_overlay_dir, load_pack

ACLED_ROW = {"event_id_cnty": "SYR1", "event_date": "2016-08-07", "location": "Ramouseh",
             "latitude": "36.1620", "longitude": "37.1530", "admin1": "Aleppo",
             "geo_precision": "1", "actor1": "Jaish al Fatah", "actor2": "", "inter1": "2",
             "inter2": "", "fatalities": "12"}


@pytest.mark.parametrize("name", ["../evil", "../../etc", "a/b", "a\\b", "..", ".", ".hidden",
                                  "", "x\ny", "x\x00y"])
def test_a_pack_name_that_is_not_one_folder_name_is_refused(name, tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_HOME", str(tmp_path / "home"))
    with pytest.raises(PackError):
        check_pack_name(name)
    with pytest.raises(PackError):
        default_overlay_dir(name)
    with pytest.raises(PackError, match="no theater pack named"):
        load_pack(name if name not in ("", ".", "..") else f"{name}/nope", overlays=())


def test_a_pack_folder_whose_pack_json_names_a_path_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("MARSAD_HOME", str(tmp_path / "home"))
    syria = load_pack("syria", overlays=())
    pack = tmp_path / "mypack"
    pack.mkdir()
    for name in ("actors.json", "places.csv", "places_abroad.csv", "outlets.json"):
        src = f"{syria.path}/{name}"
        (pack / name).write_bytes(open(src, "rb").read())
    meta = json.loads(open(f"{syria.path}/pack.json", encoding="utf-8").read())
    (pack / "pack.json").write_text(json.dumps({**meta, "name": "../../outside"}))
    with pytest.raises(PackError, match="cannot name a folder"):
        load_pack(str(pack))
    (pack / "pack.json").write_text(json.dumps({**meta, "name": "my pack"}))
    assert load_pack(str(pack)).name == "my pack"
    assert default_overlay_dir("my pack") == tmp_path / "home" / "packs" / "my pack"


@pytest.mark.parametrize(("column", "value"), [("latitude", "nan"), ("longitude", "inf"),
                                               ("latitude", "-Infinity"), ("longitude", "NaN")])
def test_reference_import_refuses_non_finite_coordinates(tmp_path, column, value):
    src = tmp_path / "acled.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ACLED_ROW))
        writer.writeheader()
        writer.writerow(ACLED_ROW)
        writer.writerow({**ACLED_ROW, "event_id_cnty": "SYR2", column: value})
    with pytest.raises(ReferenceFormatError, match=f"line 3: {column} '{value}' is not a finite"):
        import_reference(src, tmp_path / "overlay")
    assert not (tmp_path / "overlay" / "places.csv").exists()


def test_a_pack_places_file_with_non_finite_coordinates_is_refused(tmp_path):
    syria = load_pack("syria", overlays=())
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "places.csv").write_text("id,name,lat,lon,level\nx-1,Xtown,nan,36.0,city\n")
    with pytest.raises(PackError, match="not a finite number"):
        load_pack(syria.path, overlays=(str(overlay),))
