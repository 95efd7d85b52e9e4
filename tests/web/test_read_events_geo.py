"""``marsad.read_events`` as a GeoDataFrame (the ``geo`` extra: geopandas): the same rows
and columns as the plain DataFrame, a point per event at its longitude and latitude in
EPSG:4326, and no geometry at all (not a NaN point) for an event without coordinates.
Skips without geopandas; CI installs the extra."""

import datetime as dt
import sys

import pandas as pd
import pytest

import marsad
from marsad.model import Event, Fatalities, ResolvedDate
from marsad.api import open_store

gpd = pytest.importorskip("geopandas")


@pytest.fixture(scope="module")
def db(samples_db):
    """The samples plus one event with no place (the samples place every event)."""
    with open_store(str(samples_db)) as s:
        articles = [a.id for a in s.articles(with_text=False)][:2]
        s.save_events([Event(id="geo-noplace", event_type="Battles", sub_event_type="Armed clash",
                             articles=articles, actor1="syrian-army",
                             date=ResolvedDate(dt.date(2017, 3, 1)), fatalities=Fatalities(best=1),
                             status="asserted", outlets=["A", "B"])])
    return str(samples_db)


def test_a_geodataframe_of_the_same_rows(db, monkeypatch):
    frame = marsad.read_events(db, include_held_back=True)
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs == "EPSG:4326"
    assert frame.geometry.name == "geometry" and list(frame.columns)[-1] == "geometry"
    monkeypatch.setitem(sys.modules, "geopandas", None)   # as without the extra
    plain = marsad.read_events(db, include_held_back=True)
    assert type(plain) is pd.DataFrame
    pd.testing.assert_frame_equal(pd.DataFrame(frame.drop(columns="geometry")), plain)


def test_points_where_coordinates_are_and_none_elsewhere(db):
    frame = marsad.read_events(db, include_held_back=True)
    placed = frame["latitude"].notna() & frame["longitude"].notna()
    assert placed.sum() > 10 and "geo-noplace" in set(frame.loc[~placed, "event_id"])
    points = frame.geometry[placed]
    assert (points.geom_type == "Point").all()
    assert points.x.tolist() == frame.loc[placed, "longitude"].astype(float).tolist()
    assert points.y.tolist() == frame.loc[placed, "latitude"].astype(float).tolist()
    assert frame.geometry[~placed].isna().all()          # missing: not POINT (NaN NaN)
    assert not frame.geometry.is_empty.any()


def test_filters_and_a_geopackage_round_trip(db, tmp_path):
    pytest.importorskip("pyogrio")
    hama = marsad.read_events(db, admin1="Hama")
    assert 0 < len(hama) and set(hama["admin1"]) == {"Hama"}
    path = tmp_path / "events.gpkg"
    frame = marsad.read_events(db, include_held_back=True)
    frame.to_file(path, layer="events")
    back = gpd.read_file(path, layer="events")
    assert len(back) == len(frame) and back.crs == frame.crs
    assert back.geometry.isna().sum() == frame.geometry.isna().sum() == 1
