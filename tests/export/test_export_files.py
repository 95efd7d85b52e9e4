"""Parquet and GeoPackage exports (issue 15.5): binary files at a path, read back whole."""

from __future__ import annotations

import csv
import inspect
import io
import json
import sqlite3
import struct
import sys

import pytest
from click.testing import CliRunner

from marsad import api
from marsad.cli import cli
from marsad.errors import InvalidArgument, MissingExtra
from marsad.export import ACLED_COLUMNS, BINARY_FORMATS, EXPORTERS, export
from marsad.export.acled import FLOAT_COLUMNS, INT_COLUMNS
from marsad.export.gpkg import COLUMNS as GPKG_COLUMNS, LAYER
from marsad.model import Place
from marsad.store import Store

from test_export import PACK, article, event_of, mention

# click < 8.2 mixes stderr into stdout unless told not to; 8.2+ keeps them apart always
SEPARATE_STDERR = {"mix_stderr": False} if "mix_stderr" in inspect.signature(CliRunner).parameters else {}

WEST = Place(id="west", name="Westward", lat=-12.25, lon=-3.5, level="town", country="Syria",
             iso=760, admin1="Nowhere")


@pytest.fixture
def db(tmp_path):
    """A closed store: an event at Handarat, one west of Greenwich and south of the
    equator, one without coordinates, one made only of background mentions."""
    a1, a2, a3 = article("Front Line Daily"), article("Free Voice"), article("Levant Wire")
    m1 = mention(a1, 0)
    m2 = mention(a2, 0, text="Rebels repelled an army attack on Handarat, “a rout”.")
    m3 = mention(a3, 0, text="Shelling hit Westward.")
    m4 = mention(a3, 1, text="Rebels had taken Handarat in 2013.")
    a1.events, a2.events, a3.events = [m1], [m2], [m3, m4]
    path = tmp_path / "x.db"
    with Store(path) as s:
        for a in (a1, a2, a3):
            s.add_article(a)
        nocoords = event_of([m1], place=Place(id="somewhere", name="Somewhere", lat=None, lon=None))
        nocoords.id = "nocoords"
        west = event_of([m3], place=WEST)
        background = event_of([m4])
        background.status = "background_only"
        s.save_events([event_of([m1, m2]), nocoords, west, background])
    return path


def acled_csv(store, **kw) -> list[dict[str, str]]:
    fh = io.StringIO()
    export(store, "acled-csv", fh, pack=PACK, **kw)
    return list(csv.DictReader(io.StringIO(fh.getvalue())))


def geojson_features(store, **kw) -> list[dict]:
    fh = io.StringIO()
    export(store, "geojson", fh, pack=PACK, **kw)
    return json.loads(fh.getvalue())["features"]


def as_csv_cell(value) -> str:
    return "" if value is None else str(value)


# --- Parquet -----------------------------------------------------------------------------


@pytest.mark.parametrize("include_unasserted", [False, True])
def test_parquet_holds_the_acled_csv_rows_typed(db, tmp_path, include_unasserted):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "events.parquet"
    with Store(db) as store:
        n = export(store, "parquet", out, pack=PACK, include_unasserted=include_unasserted)
        expected = acled_csv(store, include_unasserted=include_unasserted)
    table = pq.read_table(out)
    assert n == table.num_rows == len(expected) == (4 if include_unasserted else 3)
    assert table.column_names == list(ACLED_COLUMNS)
    for field in table.schema:
        want = (pa.int64() if field.name in INT_COLUMNS else
                pa.float64() if field.name in FLOAT_COLUMNS else pa.string())
        assert field.type == want, field.name
    rows = table.to_pylist()
    # the same rows in the same order: every cell is the CSV's once written as text
    assert [{k: as_csv_cell(v) for k, v in row.items()} for row in rows] == expected
    nocoords = next(r for r in rows if r["location"] == "Somewhere")
    assert nocoords["latitude"] is None and nocoords["longitude"] is None   # null, not NaN
    west = next(r for r in rows if r["location"] == "Westward")
    assert (west["latitude"], west["longitude"]) == (-12.25, -3.5)
    assert any("“a rout”" in r["notes"] for r in rows)


def test_parquet_of_an_empty_selection_is_a_file_with_the_schema(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "none.parquet"
    with Store(db) as store:
        assert export(store, "parquet", out, pack=PACK, event_type="protest") == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.column_names == list(ACLED_COLUMNS)


def test_parquet_through_the_cli_matches_its_csv(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    runner = CliRunner(**SEPARATE_STDERR)
    out = tmp_path / "cli.parquet"
    result = runner.invoke(cli, ["export", "--format", "parquet", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "wrote 3 events to" in result.stderr
    text = runner.invoke(cli, ["export", "--db", str(db)]).stdout
    expected = list(csv.DictReader(io.StringIO(text)))
    rows = pq.read_table(out).to_pylist()
    assert [{k: as_csv_cell(v) for k, v in row.items()} for row in rows] == expected


# --- GeoPackage --------------------------------------------------------------------------


def gpkg_point(blob: bytes) -> tuple[int, float, float]:
    """(srs_id, x, y) of a GeoPackage geometry blob holding a WKB Point (GeoPackage 1.3,
    2.1.3: "GP", version, flags, srs_id, envelope, then the WKB)."""
    assert blob[:2] == b"GP" and blob[2] == 0
    flags = blob[3]
    order = "<" if flags & 1 else ">"
    assert not flags & 0b10000   # not empty
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    (srs_id,) = struct.unpack(order + "i", blob[4:8])
    wkb = blob[8 + envelope:]
    worder = "<" if wkb[0] == 1 else ">"
    kind, x, y = struct.unpack(worder + "Idd", wkb[1:21])
    assert kind == 1 and len(wkb) == 21   # a 2D Point
    return srs_id, x, y


def test_gpkg_is_a_geopackage_of_the_geojson_features(db, tmp_path):
    pytest.importorskip("pyogrio")   # the [gpkg] extra writes it
    out = tmp_path / "events.gpkg"
    with Store(db) as store:
        n = export(store, "gpkg", out, pack=PACK)
        features = geojson_features(store)
    # the GeoJSON's features: events without coordinates are left out of both
    assert n == len(features) == 2
    with sqlite3.connect(out) as con:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47   # "GPKG"
        assert con.execute("PRAGMA user_version").fetchone()[0] >= 10300
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"gpkg_spatial_ref_sys", "gpkg_contents", "gpkg_geometry_columns", LAYER} <= tables
        srs = con.execute("SELECT srs_id, organization, organization_coordsys_id, definition "
                          "FROM gpkg_spatial_ref_sys").fetchall()
        ids = {r[0]: r for r in srs}
        assert {-1, 0, 4326} <= set(ids)   # the two undefined systems the standard requires
        assert ids[4326][1].upper() == "EPSG" and ids[4326][2] == 4326
        assert "WGS 84" in ids[4326][3]
        contents = con.execute("SELECT table_name, data_type, srs_id, min_x, min_y, max_x, max_y "
                               "FROM gpkg_contents").fetchall()
        assert contents == [(LAYER, "features", 4326, -3.5, -12.25, 37.17, 36.28)]
        assert con.execute("SELECT table_name, column_name, geometry_type_name, srs_id, z, m "
                           "FROM gpkg_geometry_columns").fetchall() == [
            (LAYER, "geom", "POINT", 4326, 0, 0)]
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute(f"SELECT * FROM {LAYER} ORDER BY fid")]
    assert set(rows[0]) == {"fid", "geom", *GPKG_COLUMNS}
    by_id = {r["event_id"]: r for r in rows}
    assert set(by_id) == {f["id"] for f in features}
    for feature in features:
        row = by_id[feature["id"]]
        lon, lat = feature["geometry"]["coordinates"]
        assert gpkg_point(row["geom"]) == (4326, lon, lat)   # x = longitude, y = latitude
        props = feature["properties"]
        for col in GPKG_COLUMNS:
            want = props[col]
            if isinstance(want, list):
                want = "; ".join(want)
            elif want == "" and col in INT_COLUMNS + FLOAT_COLUMNS:
                want = None   # an unknown number is NULL, not ''
            assert row[col] == want, col
    west = next(r for r in rows if r["location"] == "Westward")
    assert (west["latitude"], west["longitude"], west["inter2"]) == (-12.25, -3.5, 2)
    assert isinstance(west["fatalities"], int) and west["iso"] == 760


def test_gpkg_is_read_by_gdal(db, tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    out = tmp_path / "events.gpkg"
    with Store(db) as store:
        export(store, "gpkg", out, pack=PACK, include_unasserted=True)
        features = geojson_features(store, include_unasserted=True)
    info = pyogrio.read_info(out)
    assert (info["layer_name"], info["geometry_type"], info["crs"]) == (LAYER, "Point", "EPSG:4326")
    assert info["features"] == len(features) == 3 and list(info["fields"]) == list(GPKG_COLUMNS)
    meta, _, geometry, fields = pyogrio.raw.read(out)
    assert meta["dtypes"][list(meta["fields"]).index("fatalities")] == "int64"
    ids = list(fields[list(meta["fields"]).index("event_id")])
    points = {i: struct.unpack("<dd", wkb[5:21]) for i, wkb in zip(ids, geometry)}
    assert points == {f["id"]: tuple(f["geometry"]["coordinates"]) for f in features}


def test_gpkg_of_an_empty_selection_is_an_empty_layer(db, tmp_path):
    pytest.importorskip("pyogrio")   # the [gpkg] extra writes it
    out = tmp_path / "none.gpkg"
    with Store(db) as store:
        assert export(store, "gpkg", out, pack=PACK, event_type="protest") == 0
    with sqlite3.connect(out) as con:
        assert con.execute(f"SELECT count(*) FROM {LAYER}").fetchone() == (0,)
        assert con.execute("SELECT srs_id FROM gpkg_geometry_columns").fetchone() == (4326,)


def test_an_export_replaces_the_file_whole(db, tmp_path):
    pytest.importorskip("pyogrio")   # the [gpkg] extra writes it
    out = tmp_path / "events.gpkg"
    out.write_bytes(b"an older file")
    with Store(db) as store:
        export(store, "gpkg", out, pack=PACK)
        export(store, "gpkg", out, pack=PACK)   # written again: not a second layer or rows
    with sqlite3.connect(out) as con:
        assert con.execute(f"SELECT count(*) FROM {LAYER}").fetchone() == (2,)
    assert not any(p.name.startswith(".marsad-export-") for p in tmp_path.iterdir())


def test_a_gdal_failure_is_an_error_and_leaves_no_file(db, tmp_path, monkeypatch):
    pyogrio = pytest.importorskip("pyogrio")

    def full_disk(*args, **kwargs):
        raise pyogrio.errors.DataSourceError("No space left on device")
    monkeypatch.setattr(pyogrio.raw, "write", full_disk)
    out = tmp_path / "events.gpkg"
    result = CliRunner(**SEPARATE_STDERR).invoke(
        cli, ["export", "--format", "gpkg", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot write {out}: No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("events", ".marsad"))) == []


# --- usage errors, missing extras --------------------------------------------------------


def test_binary_formats_are_registered():
    assert BINARY_FORMATS == {"parquet", "gpkg"} and BINARY_FORMATS <= set(EXPORTERS)


@pytest.mark.parametrize("fmt", sorted(BINARY_FORMATS))
@pytest.mark.parametrize("output", [None, "-", "/dev/stdout"])
def test_a_binary_format_needs_a_file_a_usage_error_otherwise(tmp_path, fmt, output):
    args = ["export", "--format", fmt, "--db", str(tmp_path / "missing.db")]
    if output is not None:
        args += ["-o", output]
    result = CliRunner(**SEPARATE_STDERR).invoke(cli, args)
    assert result.exit_code == 2   # a usage error, before the (missing) store is opened
    assert "Invalid value for -o/--output" in result.stderr
    assert ("give its path with -o FILE" if output in (None, "-") else
            "'/dev/stdout' is not a regular file") in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("fmt", sorted(BINARY_FORMATS))
def test_the_library_refuses_a_stream_for_a_binary_format(db, tmp_path, fmt):
    with Store(db) as store:
        with pytest.raises(InvalidArgument, match="-o FILE") as info:
            api.export_events(store, fmt, io.StringIO())
        assert info.value.param == "-o/--output"
        with pytest.raises(InvalidArgument, match="not a regular file"):
            api.export_events(store, fmt, tmp_path)   # a folder
        with pytest.raises(InvalidArgument, match="-o FILE"):
            export(store, fmt, sys.stdout)


@pytest.mark.parametrize("fmt, modules, extra", [
    ("parquet", ("pyarrow", "pyarrow.parquet"), "parquet"),
    ("gpkg", ("pyogrio", "pyogrio.raw"), "gpkg"),
])
def test_a_missing_extra_is_one_error_naming_it(db, tmp_path, monkeypatch, fmt, modules, extra):
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)   # as if not installed
    out = tmp_path / f"events.{fmt}"
    with Store(db) as store:
        with pytest.raises(MissingExtra, match=rf"pip install 'marsad\[{extra}\]'") as info:
            api.export_events(store, fmt, out)
    assert info.value.extra == extra
    result = CliRunner(**SEPARATE_STDERR).invoke(
        cli, ["export", "--format", fmt, "-o", str(out), "--db", str(db)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and f"pip install 'marsad[{extra}]'" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
