"""Property test (issue 14.9): `reference import` of an ACLED export whose cells hold
arbitrary text either refuses the file with one :class:`ReferenceFormatError` naming it
(writing nothing) or writes only inside the overlay folder, with finite coordinates, an
overlay the pack then loads (or refuses with a PackError, never another error)."""

from __future__ import annotations

import csv
import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from marsad.errors import MarsadError
from marsad.link.reference import ReferenceFormatError, import_reference
from marsad.theaters import PackError, load_pack

ACLED_ROW = {"event_id_cnty": "SYR1", "event_date": "2016-08-07", "location": "Ramouseh",
             "latitude": "36.1620", "longitude": "37.1530", "admin1": "Aleppo",
             "geo_precision": "1", "actor1": "Jaish al Fatah", "actor2": "", "inter1": "2",
             "inter2": "", "fatalities": "12"}
#: what a UTF-8 CSV file can hold in a cell (no lone surrogate)
cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
numberish = st.sampled_from(["nan", "NaN", "inf", "-Infinity", "1e400", "36.2", "-91", "",
                             " 36.1 ", "0x10"]) | st.floats().map(repr) | cell
rows = st.lists(st.fixed_dictionaries(
    {k: (numberish if k in ("latitude", "longitude", "fatalities", "geo_precision",
                            "inter1", "inter2") else cell | st.just(v))
     for k, v in ACLED_ROW.items()}), min_size=1, max_size=5)

SYRIA = load_pack("syria", overlays=())


# no explain phase: after a failure it traces every line of the import over the whole
# pack (minutes); the failing example is reported either way
@settings(max_examples=80, deadline=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example([{**ACLED_ROW, "latitude": "nan"}])
# found by this test: a latitude without a longitude raised TypeError at import, and a
# latitude of -91 was written into the overlay
@example([{**ACLED_ROW, "location": "Qaryat Nowhere", "longitude": ""}])
@example([{**ACLED_ROW, "location": "Qaryat Nowhere", "latitude": "-91"}])
@example([{**ACLED_ROW, "location": "../../etc/passwd", "actor1": "=cmd|' /C calc'!A0"}])
@example([{**ACLED_ROW, "location": "Ram\x00ouseh\nerror: forged", "admin1": "\t@x"}])
@example([{**ACLED_ROW, "event_date": "1 " * 1600, "longitude": "Infinity"}])
@given(rows)
def test_any_acled_cells_are_refused_or_stay_in_the_overlay(table):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        src, overlay = root / "acled.csv", root / "home" / "overlay"
        with open(src, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(ACLED_ROW))
            writer.writeheader()
            writer.writerows(table)
        try:
            import_reference(src, overlay, pack=SYRIA)
        except ReferenceFormatError as exc:
            assert str(src) in str(exc)
            assert not overlay.exists() or not any(overlay.iterdir())
            return
        written = {p.resolve() for p in root.rglob("*") if p.is_file()} - {src.resolve()}
        assert all(overlay.resolve() in p.parents for p in written), written
        places = overlay / "places.csv"
        if places.exists():
            with open(places, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    assert math.isfinite(float(row["lat"])) and math.isfinite(float(row["lon"]))
                    assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        try:
            load_pack(SYRIA.path, overlays=(str(overlay),))
        except PackError:
            pass
        except MarsadError as exc:   # any other refusal is a bug in import or load
            raise AssertionError(f"{type(exc).__name__}: {exc}") from exc
