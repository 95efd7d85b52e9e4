#!/usr/bin/env python
"""Probe the gazetteer as a new user would (issue 13): one-sentence reports of strikes and
clashes in places taken from UCDP GED's held-out rows, run through ``marsad run``, scored
from the exported ACLED rows.

    .venv/bin/python scripts/probe_places.py [--data /work/shared/data] [--per-view 300] [--classify]

Views: ``unseen`` (place names in no training row: the gazetteer cannot have learned them
from UCDP), ``known`` (names a training row has), ``respelled`` (known names in another
transliteration, as ``marsad eval ucdp`` respells them) and ``families`` (known names
respelled by one of ``marsad.eval.ucdp.FAMILIES``: ghayn as Gh/G/Q, the nisba ending, the
article assimilated or not, Tel; each family's figures are printed too). For each: the share of reports whose
ACLED row lies within 5 and 25 km of UCDP's point, placed only at the province
(geo_precision 3), and unplaced (no event, or an event without coordinates); and the share
whose own event mention (before the linker merges reports into events) lies within 5 and 25
km: the probe's reports share four templates and UCDP's dates, so two reports about villages
10 km apart on one day can be linked into one event placed at one of them.
Only held-out rows with UCDP precision 1-2 (the place itself, or within ~25 km) are used.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

from marsad.core.geometry import haversine_km
from marsad.core.names import place_name_key
from marsad.eval.ucdp import FAMILIES, respell, respell_family, training_name_keys
from marsad.link.reference import clean_place_name, is_heldout

ROOT = Path(__file__).resolve().parents[1]
#: written for this probe; {p} is the place name
TEMPLATES = (
    "Syrian government forces shelled the village of {p} on Monday, killing three civilians, a local monitor said.",
    "Clashes broke out between Syrian rebel fighters and the army in {p} on Tuesday, activists reported.",
    "A Syrian air strike hit a market in {p} on Wednesday, killing two people, rescuers said.",
    "Syrian opposition fighters attacked an army checkpoint in {p} on Thursday, the monitor said.",
)
SKIP_NAMES = ("syria", "governorate", "province")


def probe_rows(path: Path) -> dict[str, list[dict]]:
    """One row per held-out place name (the first held-out row naming it), by view."""
    known = training_name_keys(path)
    seen: set[str] = set()
    views: dict[str, list[dict]] = {"unseen": [], "known": [], "respelled": [], "families": []}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["id"] or not is_heldout(float(row["id"])) or not row["latitude"]:
                continue
            if int(float(row["where_prec"] or 9)) > 2:
                continue
            name = clean_place_name(row["where_coordinates"]).split("/")[0].strip()
            key = place_name_key(name)
            if len(key) < 3 or key in seen or any(w in name.lower() for w in SKIP_NAMES):
                continue
            seen.add(key)
            rec = {"id": row["id"], "place": name, "lat": float(row["latitude"]),
                   "lon": float(row["longitude"]), "date": row["date_start"][:10]}
            if key not in known:
                views["unseen"].append(rec)
            else:
                views["known"].append(rec)
                other = respell(name, row["id"])
                if other is not None:
                    views["respelled"].append({**rec, "place": other})
                hit = respell_family(name, row["id"], FAMILIES)
                if hit is not None:
                    views["families"].append({**rec, "place": hit[0], "family": hit[1]})
    return views


def articles(views: dict[str, list[dict]], per_view: int) -> list[dict]:
    out = []
    for view, rows in views.items():
        for r in rows[:per_view]:
            template = TEMPLATES[zlib.crc32(r["id"].encode()) % len(TEMPLATES)]
            out.append({"url": f"probe:{view}:{r['id']}", "outlet": "probe", "published": r["date"],
                        "title": "", "text": template.format(p=r["place"]),
                        "view": view, "truth": (r["lat"], r["lon"]), "place": r["place"],
                        "family": r.get("family", "")})
    return out


def misses(arts: list[dict], exported: list[dict], limit: int) -> list[str]:
    """Lines for the first ``limit`` reports of each view not placed within 25 km."""
    by_url: dict[str, list[dict]] = {}
    for rec in exported:
        for a in rec.get("articles", ()):
            by_url.setdefault(a.get("url") or "", []).append(rec["acled"])
    out, count = [], dict.fromkeys((a["view"] for a in arts), 0)
    for a in arts:
        rows = [r for r in by_url.get(a["url"], ()) if r.get("latitude") not in (None, "")]
        d = min((haversine_km(a["truth"][0], a["truth"][1], float(r["latitude"]), float(r["longitude"]))
                 for r in rows), default=None)
        if (d is None or d > 25) and count[a["view"]] < limit:
            count[a["view"]] += 1
            got = "; ".join(f"{r['location']} ({r['admin1']}, p{r['geo_precision']})" for r in rows)
            out.append(f"{a['view']:10} {a['text'][:90]!r} -> {got or 'unplaced'}"
                       + (f" {d:.0f} km" if d is not None else ""))
    return out


def core_name(name: str) -> str:
    """"Amiriya farm", "Shaykh Aqil mountain": the place a facility or feature is named after."""
    from marsad.geo.gazetteer import CUE_AFTER, FACILITY_AFTER

    words = name.split()
    while len(words) > 1 and (words[-1].islower() or words[-1].lower() in FACILITY_AFTER
                              or words[-1].lower() in CUE_AFTER):
        words.pop()
    return " ".join(words)


def classify(arts: list[dict], exported: list[dict]) -> list[tuple[str, dict, str]]:
    """Each report not placed within 25 km, with why, judged against the pack's gazetteer:
    ``absent`` (no place within 25 km of UCDP's point has the name, in any spelling the
    gazetteer folds alike, nor one spelled nearly so: missing from every source the pack is
    built from), ``variant`` (a place there is spelled nearly so, not alike: a
    transliteration not tolerated), ``namesake`` (a place there has the name, and the
    report was placed at another) and ``untagged`` (a place there has the name, and the
    report was left unplaced or placed only at the province: the name was not tagged, or
    its namesakes tied)."""
    from rapidfuzz import fuzz

    from marsad.geo.gazetteer import surface, transliteration
    from marsad.theaters import load_pack

    pack = load_pack("syria")
    by_url: dict[str, list[dict]] = {}
    for rec in exported:
        for a in rec.get("articles", ()):
            by_url.setdefault(a.get("url") or "", []).append(rec["acled"])
    out = []
    for a in arts:
        rows = [r for r in by_url.get(a["url"], ()) if r.get("latitude") not in (None, "")]
        placed = [r for r in rows if int(r.get("geo_precision") or 3) < 3]
        d = min((haversine_km(a["truth"][0], a["truth"][1], float(r["latitude"]), float(r["longitude"]))
                 for r in rows), default=None)
        if d is not None and d <= 25:
            continue
        name = core_name(a["place"])
        key, form, surf = place_name_key(name), transliteration(surface(name)), surface(name)
        alike = near = False
        for p in pack.places:
            if p.lat is None or p.lon is None or haversine_km(a["truth"][0], a["truth"][1], p.lat, p.lon) > 25:
                continue
            for n in (p.name, *pack.place_aliases.get(p.id, ()), *pack.place_variants.get(p.id, ())):
                if place_name_key(n) == key or transliteration(surface(n)) == form:
                    alike = True
                elif fuzz.ratio(surf, surface(n)) >= 80:
                    near = True
        why = ("namesake" if alike and placed else "untagged" if alike
               else "variant" if near else "absent")
        out.append((why, a, "; ".join(f"{r['location']} (p{r['geo_precision']})" for r in rows)))
    return out


def outcome(a: dict, rows: list[dict]) -> str:
    """What became of a report not placed within 25 km (``classify`` says why; this says
    what the export shows): ``unplaced`` (no row with coordinates), ``governorate`` (placed
    only at the province, precision 3), ``namesake`` (placed at a place whose name folds
    as the report's does: the wrong one of several of that name) or ``other name`` (placed
    at a place of another name: a longer or shorter name, or a near spelling, was matched)."""
    from marsad.geo.gazetteer import surface, transliteration

    located = [r for r in rows if r.get("latitude") not in (None, "")]
    if not located:
        return "unplaced"
    best = min(located, key=lambda r: int(r.get("geo_precision") or 3))
    if int(best.get("geo_precision") or 3) >= 3:
        return "governorate"
    name, got = core_name(a["place"]), str(best.get("location") or "")
    alike = (place_name_key(got) == place_name_key(name)
             or transliteration(surface(got)) == transliteration(surface(name)))
    return "namesake" if alike else "other name"


OUTCOMES = ("unplaced", "governorate", "namesake", "other name")


def own_places(exported: list[dict]) -> dict[str, list[dict]]:
    """url -> the places coded for that report's own event mentions (before linking: two
    reports of one template on one day about villages 10 km apart are linked into one
    event, placed at one of them, which is the linker's call, not the gazetteer's)."""
    url_of = {a.get("id"): a.get("url") or "" for rec in exported for a in rec.get("articles", ())}
    out: dict[str, list[dict]] = {}
    for rec in exported:
        for m in rec.get("mentions", ()):
            place = m.get("place") or {}
            if place.get("lat") is not None:
                out.setdefault(url_of.get(m.get("article_id"), ""), []).append(
                    {**place, "geo_precision": m.get("geo_precision")})
    return out


def score(arts: list[dict], exported: list[dict]) -> dict[str, dict]:
    by_url: dict[str, list[dict]] = {}
    for rec in exported:
        for a in rec.get("articles", ()):
            if a.get("url"):
                by_url.setdefault(a["url"], []).append(rec["acled"])
    own = own_places(exported)
    out: dict[str, dict] = {}
    groups: dict[str, list[dict]] = {}
    for a in arts:
        groups.setdefault(a["view"], []).append(a)
    for a in arts:   # each family of the ``families`` view on its own line too
        if a.get("family"):
            groups.setdefault(f"  {a['family']}", []).append(a)
    for view, mine in groups.items():
        near5 = near25 = province = unplaced = 0
        for a in mine:
            rows = [r for r in by_url.get(a["url"], ()) if r.get("latitude") not in (None, "")]
            if not rows:
                unplaced += 1
                continue
            best = min(rows, key=lambda r: int(r.get("geo_precision") or 3))
            d = haversine_km(a["truth"][0], a["truth"][1], float(best["latitude"]), float(best["longitude"]))
            near5 += d <= 5
            near25 += d <= 25
            province += int(best.get("geo_precision") or 0) == 3
        m5 = m25 = 0
        for a in mine:
            places = own.get(a["url"], ())
            if places:
                best = min(places, key=lambda p: int(p.get("geo_precision") or 3))
                d = haversine_km(a["truth"][0], a["truth"][1], best["lat"], best["lon"])
                m5 += d <= 5
                m25 += d <= 25
        n = len(mine)
        out[view] = {"n": n, "within_5km": near5 / n, "within_25km": near25 / n,
                     "province_only": province / n, "unplaced": unplaced / n,
                     "mention_within_5km": m5 / n, "mention_within_25km": m25 / n}
    return out


def run_marsad(arts: list[dict]) -> list[dict]:
    """The JSONL export of ``marsad run`` over the reports, in a store of their own."""
    if not arts:
        return []
    marsad = str(Path(sys.executable).with_name("marsad"))
    with tempfile.TemporaryDirectory() as tmp:
        inp, db, out = Path(tmp, "probe.jsonl"), Path(tmp, "probe.db"), Path(tmp, "events.jsonl")
        with open(inp, "w", encoding="utf-8") as fh:
            for a in arts:
                fh.write(json.dumps({k: a[k] for k in ("url", "outlet", "published", "title", "text")}) + "\n")
        subprocess.run([marsad, "run", str(inp), "--db", str(db)], check=True, capture_output=True)
        subprocess.run([marsad, "export", "--format", "jsonl", "-o", str(out), "--db", str(db)],
                       check=True, capture_output=True)
        exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line]
    # article ids are per store: made unique across runs by the run's first url
    tag = arts[0]["url"]
    for rec in exported:
        for a in rec.get("articles", ()):
            a["id"] = f"{tag}|{a.get('id')}"
        for m in rec.get("mentions", ()):
            m["article_id"] = f"{tag}|{m.get('article_id')}"
    return exported


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--per-view", type=int, default=300)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="also list N reports per view not placed within 25 km")
    ap.add_argument("--classify", action="store_true",
                    help="also sort every report not placed within 25 km by why (absent from "
                         "the gazetteer, a variant spelling, a wrong namesake, not tagged) and by "
                         "what the export shows (unplaced, at the governorate, at a namesake, "
                         "at a place of another name)")
    args = ap.parse_args(argv)
    views = probe_rows(args.data / "ucdp_ged_syria" / "dev.csv")
    arts = articles(views, args.per_view)
    # the families view respells the known view's places on their days: run apart, so that
    # the linker cannot merge a respelled report into the known one's event
    exported = (run_marsad([a for a in arts if a["view"] != "families"])
                + run_marsad([a for a in arts if a["view"] == "families"]))
    figures = score(arts, exported)
    for line in misses(arts, exported, args.misses):
        print(line)
    if args.classify:
        sorted_misses = classify(arts, exported)
        rows_of: dict[str, list[dict]] = {}
        for rec in exported:
            for art in rec.get("articles", ()):
                rows_of.setdefault(art.get("url") or "", []).append(rec["acled"])
        outcomes: dict[tuple[str, str], int] = {}
        for why, a, got in sorted_misses:
            what = outcome(a, rows_of.get(a["url"], []))
            outcomes[(a["view"], what)] = outcomes.get((a["view"], what), 0) + 1
            print(f"{a['view']:10} {why:9} {what:11} {a['place']!r} -> {got or 'unplaced'}")
        print("misses by outcome: " + "; ".join(
            f"{view} " + ", ".join(f"{what} {outcomes.get((view, what), 0)}" for what in OUTCOMES)
            for view in dict.fromkeys(a["view"] for a in arts)))
        counts: dict[tuple[str, str], int] = {}
        for why, a, _ in sorted_misses:
            counts[(a["view"], why)] = counts.get((a["view"], why), 0) + 1
        print("misses by why: " + "; ".join(
            f"{view} " + ", ".join(f"{why} {counts.get((view, why), 0)}"
                                   for why in ("absent", "variant", "namesake", "untagged"))
            for view in dict.fromkeys(a["view"] for a in arts)))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print("probe: one-sentence reports from UCDP held-out places, scored from the ACLED rows")
    print("  (m<=5km, m<=25km: the report's own event mention, before linking merges reports)")
    print(f"{'view':12}{'n':>6}{'<=5km':>8}{'<=25km':>8}{'prov.':>8}{'unplaced':>10}"
          f"{'m<=5km':>8}{'m<=25km':>9}")
    for view, f in figures.items():
        print(f"{view:12}{f['n']:>6}{f['within_5km']:8.3f}{f['within_25km']:8.3f}"
              f"{f['province_only']:8.3f}{f['unplaced']:10.3f}"
              f"{f['mention_within_5km']:8.3f}{f['mention_within_25km']:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
