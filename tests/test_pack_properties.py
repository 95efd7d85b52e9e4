"""Property test (issue 14.9: theater packs are an input path): a pack folder whose files
hold arbitrary values loads, or is refused with one PackError naming what is wrong; never
another exception, a non-finite coordinate or a name that leads out of its folders."""

from __future__ import annotations

import csv
import json
import math
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from marsad.theaters import PackError, load_pack

#: a small pack (the built-in ones parse a 1.4 MB gazetteer per load: seconds an example)
BASE = Path(__file__).parent / "data" / "packs" / "ruritania"
cell = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
number = st.sampled_from(["nan", "inf", "-Infinity", "1e400", "35.5", "", "x"]) | \
    st.floats().map(repr) | cell
place_rows = st.lists(st.fixed_dictionaries(
    {"id": cell, "name": cell, "lat": number, "lon": number,
     "level": st.sampled_from(["city", "town", "village", "governorate", "landmark"]) | cell}),
    max_size=4)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | cell,
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(cell, inner, max_size=3), max_leaves=10)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@example([{"id": "x-1", "name": "Xtown", "lat": "nan", "lon": "36", "level": "city"}], {}, {})
@example([], {"name": "../../outside"}, {})
@example([], {"name": "a\nb"}, {"x": [1]})
@example([{"id": "x-2", "name": "Ytown", "lat": "35.5", "lon": "", "level": "landmark"}], {}, {})
@example([{"id": "x-3", "name": "Ztown", "lat": "-6e98", "lon": "36", "level": "city"}], {}, {})
@given(place_rows, st.dictionaries(st.sampled_from(["name", "country", "languages", "x"]),
                                   json_values, max_size=3),
       st.dictionaries(cell, json_values, max_size=3))
def test_a_pack_with_any_values_loads_or_is_one_pack_error(places, meta_changes, actors_extra):
    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "pack"
        shutil.copytree(BASE, pack)
        meta = json.loads((pack / "pack.json").read_text(encoding="utf-8"))
        (pack / "pack.json").write_text(json.dumps({**meta, **meta_changes}), encoding="utf-8")
        with open(pack / "places.csv", "a", encoding="utf-8", newline="") as fh:
            header = next(csv.reader(open(BASE / "places.csv", encoding="utf-8")))
            writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
            writer.writerows(places)
        actors = json.loads((pack / "actors.json").read_text(encoding="utf-8"))
        if isinstance(actors, dict):
            (pack / "actors.json").write_text(json.dumps({**actors, **actors_extra}),
                                              encoding="utf-8")
        try:
            loaded = load_pack(str(pack), overlays=())
        except PackError as exc:
            assert str(exc)
            return
        assert "/" not in loaded.name and "\\" not in loaded.name and not loaded.name.startswith(".")
        for p in loaded.places:
            if p.lat is not None:
                assert p.lon is not None and math.isfinite(p.lat) and math.isfinite(p.lon)
                assert abs(p.lat) <= 90 and abs(p.lon) <= 180
