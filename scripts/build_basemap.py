"""Build the workbench's offline basemap for the Syria theater (a build-time step; the
package ships the result).

Reads the governorate and district polygons of Who's On First Syria
(``whosonfirst_sy/admin.geojson``) and, when present, UN OCHA's Aleppo city neighbourhoods
(``aleppo_neighbourhoods/aleppo_neighborhoods_v1.json``), simplifies them with shapely
(topology-preserving, ``--tolerance`` degrees; neighbourhoods at a tenth of it) and
writes ``src/marsad/web/static/basemap/syria.json``: three GeoJSON FeatureCollections
(``governorates``, ``districts``, ``neighbourhoods``) whose features keep only names
(English, Arabic), level and id, coordinates rounded to 4 decimals (~10 m), plus the
attribution the page shows. Facts only: names and boundaries.

    python scripts/build_basemap.py [--data /work/shared/data] [--tolerance 0.004]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shapely import wkt
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "marsad" / "web" / "static" / "basemap" / "syria.json"
ATTRIBUTION = ("Boundaries: Data from Who's On First (https://whosonfirst.org/docs/licenses/); "
               "Aleppo neighbourhoods: UN OCHA")


def _round(coords: Any) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_round(c) for c in coords]


def _feature(geom, props: dict[str, Any]) -> dict[str, Any]:
    g = mapping(geom)
    return {"type": "Feature", "properties": props,
            "geometry": {"type": g["type"], "coordinates": _round(g["coordinates"])}}


def build(data: Path, tolerance: float) -> dict[str, Any]:
    admin = json.loads((data / "whosonfirst_sy" / "admin.geojson").read_text(encoding="utf-8"))
    layers: dict[str, list[dict[str, Any]]] = {"governorates": [], "districts": [], "neighbourhoods": []}
    for f in sorted(admin["features"], key=lambda f: (f["properties"]["level"], f["properties"]["name"])):
        p = f["properties"]
        layer = {"governorate": "governorates", "district": "districts"}.get(p["level"])
        if layer is None:
            continue
        geom = shape(f["geometry"]).simplify(tolerance, preserve_topology=True)
        layers[layer].append(_feature(geom, {"id": f"wof:{p['wof_id']}", "name": p["name"],
                                             "name_ar": p.get("name_ar"), "level": p["level"],
                                             "governorate": p.get("governorate")}))
    aleppo = data / "aleppo_neighbourhoods" / "aleppo_neighborhoods_v1.json"
    if aleppo.exists():
        items = json.loads(aleppo.read_text(encoding="utf-8"))["items"]
        for it in sorted(items, key=lambda it: it["pCode"]):
            if not it.get("boundaryWkt"):
                continue
            geom = wkt.loads(it["boundaryWkt"]).simplify(tolerance / 10, preserve_topology=True)
            layers["neighbourhoods"].append(_feature(geom, {
                "id": f"ocha:{it['pCode']}", "name": it["nameEnglish"],
                "name_ar": it.get("nameArabic"), "level": "neighbourhood"}))
    return {"theater": "syria", "attribution": ATTRIBUTION,
            **{k: {"type": "FeatureCollection", "features": v} for k, v in layers.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--tolerance", type=float, default=0.004,
                    help="simplification tolerance in degrees (0.004: ~400 m)")
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    args = ap.parse_args()
    result = build(args.data, args.tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")
    counts = {k: len(result[k]["features"]) for k in ("governorates", "districts", "neighbourhoods")}
    print(f"build_basemap: {args.out} ({args.out.stat().st_size:,} bytes): {counts}")


if __name__ == "__main__":
    main()
