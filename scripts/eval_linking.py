"""Pairwise precision/recall of cross-article linking on UCDP GED headlines (not a test).

Each UCDP GED row lists the headlines of the reports it was coded from. Every distinct
headline becomes an article (published on its source date, or undated with ``--undated``)
run through the pipeline; all mentions are linked at once. Two articles are *linked* when
some event holds a mention of each. Gold pairs: articles of the same UCDP event must link;
articles whose events are all more than 50 km or more than 3 days apart must not. Pairs of
nearby but distinct events are left unscored (they may well be the same fighting).

    .venv/bin/python scripts/eval_linking.py /work/shared/data/ucdp_ged_syria/dev.csv
    .venv/bin/python scripts/eval_linking.py DEV.csv --undated --rows 4000

The coded mentions are cached (``--cache``) so that only linking re-runs after a change to
the linker.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import pickle
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from marsad.ingest import article_from_text
from marsad.link import Linker
from marsad.model import EventMention
from marsad.pipeline import build_pipeline
from marsad.theaters import load_pack

FAR_KM, FAR_DAYS = 50.0, 3


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def load_rows(path: Path, limit: int) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("source_headline")]
    rows.sort(key=lambda r: (r["date_start"], r["id"]))
    return rows[:limit] if limit else rows


def articles_of(rows: list[dict], undated: bool) -> tuple[dict, dict]:
    """(text, published) -> set of row ids, and row id -> (start, end, lat, lon)."""
    arts: dict[tuple, set[str]] = defaultdict(set)
    events = {}
    for r in rows:
        rid = r["id"]
        events[rid] = (_date(r["date_start"]), _date(r["date_end"]) or _date(r["date_start"]),
                       float(r["latitude"]), float(r["longitude"]))
        heads = [h.strip() for h in r["source_headline"].split(";")]
        dates = [d.strip() for d in (r.get("source_date") or "").split(";")]
        for i, h in enumerate(heads):
            if len(h.split()) < 3:
                continue
            pub = None if undated else _date(dates[i] if i < len(dates) else dates[-1])
            arts[(h, pub)].add(rid)
    return arts, events


def code(arts: dict, cache: Path | None) -> dict[tuple, list[EventMention]]:
    if cache and cache.exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    pipe = build_pipeline("syria")
    out = {}
    t0 = time.perf_counter()
    for n, key in enumerate(sorted(arts, key=lambda k: (k[0], str(k[1])))):
        text, pub = key
        article = pipe(article_from_text(text, published=pub))
        out[key] = (article.id, article.events, article.claims)
        if n and n % 2000 == 0:
            print(f"  coded {n} articles ({time.perf_counter() - t0:.0f}s)", file=sys.stderr)
    if cache:
        with open(cache, "wb") as fh:
            pickle.dump(out, fh)
    return out


def _far(a: tuple, b: tuple) -> bool:
    if a[0] and b[0]:
        gap = max(a[0], b[0]) - min(a[1], b[1])
        if gap.days > FAR_DAYS:
            return True
    dlat = math.radians(b[2] - a[2])
    dlon = math.radians(b[3] - a[3])
    h = (math.sin(dlat / 2) ** 2 + math.cos(math.radians(a[2])) * math.cos(math.radians(b[2]))
         * math.sin(dlon / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h))) > FAR_KM


def evaluate(arts: dict, events: dict, coded: dict, **thresholds) -> dict:
    mentions, claims, art_rows = [], [], {}
    seen_ids: set[str] = set()
    for key, rows in arts.items():
        aid, ems, cls = coded[key]
        if aid in seen_ids:
            continue
        seen_ids.add(aid)
        art_rows[aid] = rows
        mentions += ems
        claims += cls
    linker = Linker(load_pack("syria"), **thresholds)
    t0 = time.perf_counter()
    linked = linker.link(mentions, [], claims=claims)
    seconds = time.perf_counter() - t0
    predicted: set[tuple[str, str]] = set()
    for e in linked:
        for a, b in combinations(sorted(set(e.articles)), 2):
            predicted.add((a, b))
    # gold positives: articles sharing a UCDP event
    by_row: dict[str, list[str]] = defaultdict(list)
    for aid, rows in art_rows.items():
        for r in rows:
            by_row[r].append(aid)
    positives = {tuple(sorted(p)) for ids in by_row.values() for p in combinations(ids, 2)}
    tp = len(predicted & positives)
    fp = 0
    for a, b in predicted - positives:
        if all(_far(events[x], events[y]) for x in art_rows[a] for y in art_rows[b]):
            fp += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / len(positives) if positives else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"articles": len(art_rows), "mentions": len(mentions), "events": len(linked),
            "gold_pairs": len(positives), "tp": tp, "fp_far": fp,
            "unscored_pairs": len(predicted - positives) - fp,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "link_seconds": round(seconds, 2)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", type=Path)
    ap.add_argument("--rows", type=int, default=0, help="first N rows by date (0 = all)")
    ap.add_argument("--undated", action="store_true", help="drop publication dates")
    ap.add_argument("--cache", type=Path, default=None)
    args = ap.parse_args(argv)
    rows = load_rows(args.csv, args.rows)
    arts, events = articles_of(rows, args.undated)
    coded = code(arts, args.cache)
    print(evaluate(arts, events, coded))


if __name__ == "__main__":
    main()
