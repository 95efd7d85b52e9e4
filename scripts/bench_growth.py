#!/usr/bin/env python
"""How per-article cost and memory grow with the store (issue 14): the benchmark's articles
through `marsad run`'s loop into a store that is kept (for `marsad stats --json`), then one
more batch linked onto it.

    .venv/bin/python scripts/bench_growth.py [--copies shifted] run 20000 --db s20k.db
        [--link-every 1000] [--workers 1]
    .venv/bin/python scripts/bench_growth.py batch s20k-copy.db 20000 21000 [--parts]

``run`` prints CPU per article, the stage times (store and link among them) and the
process's peak RSS; ``batch`` adds articles [START, END) in one run linked once at the end
and prints that link's CPU seconds and how many stored mentions it re-linked (its
neighbourhood). FA-KES dev is read from $MARSAD_DATA (or ``--data``).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from marsad.eval.bench import StageClock, _articles, cpu_seconds, load_docs, peak_rss_mb
from marsad.eval.data import data_dir
from marsad.link import service
from marsad.pipeline import build_pipeline
from marsad.runner import LINK_EVERY, run_articles


def _run(opts, docs) -> dict:
    pipe = build_pipeline("syria")
    clock = StageClock()
    t0, c0 = time.perf_counter(), cpu_seconds()
    r = run_articles(_articles(docs, opts.n, clock, opts.copies), store=opts.db,
                     pack=pipe.pack, pipeline=pipe, workers=opts.workers,
                     link_every=opts.link_every, stage_timer=clock.add)
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
    return {"n": opts.n, "workers": opts.workers, "copies": opts.copies,
            "link_every": opts.link_every, "stored": r.stored, "wall_s": round(wall, 1),
            "cpu_ms_per_article": round(1000 * cpu / opts.n, 2),
            "peak_rss_mb": round(peak_rss_mb()),
            "children_rss_mb": round(peak_rss_mb(resource.RUSAGE_CHILDREN)),
            "stage_ms": {k: round(v, 2) for k, v in clock.per_article_ms(opts.n).items()}}


def _timed_parts(parts: dict[str, float]) -> list[tuple[object, str, object]]:
    """Wrap the link run's parts so their CPU seconds add up in ``parts`` (and count the
    candidate pairs the neighbourhood scores); returns what to put back."""
    from marsad.link.linker import Linker

    saved = []

    def wrap(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)
        saved.append((owner, name, inner))

        def timed(*args, **kw):
            t0 = time.process_time()
            try:
                return inner(*args, **kw)
            finally:
                parts[label] = parts.get(label, 0.0) + time.process_time() - t0
                if label == "may_pair":
                    parts["may_pair_calls"] = parts.get("may_pair_calls", 0) + 1
        setattr(owner, name, timed)

    wrap(service, "_index_mentions", "index_new_mentions")
    wrap(service, "neighbourhood", "neighbourhood")
    wrap(Linker, "may_pair", "may_pair")
    wrap(Linker, "link", "relink")
    wrap(service, "replace_linked", "write")
    return saved


def _batch(opts, docs) -> dict:
    reports = []
    parts: dict[str, float] = {}
    saved = _timed_parts(parts) if opts.parts else []
    inner = service._link_store

    def recorded(*args, **kw):
        rep = inner(*args, **kw)
        reports.append(rep)
        return rep

    service._link_store = recorded
    try:
        pipe = build_pipeline("syria")
        clock = StageClock()
        skip = StageClock()
        stream = (a for i, a in enumerate(_articles(docs, opts.end, skip, opts.copies))
                  if i >= opts.start)
        r = run_articles(stream, store=opts.db, pack=pipe.pack, pipeline=pipe, workers=1,
                         link_every=10**9, stage_timer=clock.add)
    finally:
        service._link_store = inner
        for owner, name, original in saved:
            setattr(owner, name, original)
    rep = reports[-1] if reports else None
    return {"db": opts.db, "range": [opts.start, opts.end], "stored": r.stored,
            "link_cpu_s": round(clock.seconds.get("link", 0.0), 2),
            "store_cpu_s": round(clock.seconds.get("store", 0.0), 2),
            "mentions": rep.mentions if rep else 0, "relinked": rep.relinked if rep else 0,
            "peak_rss_mb": round(peak_rss_mb()),
            **({"link_parts_cpu_s": {k: round(v, 3) for k, v in parts.items()}}
               if opts.parts else {})}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, help="FA-KES dev CSV (default under $MARSAD_DATA)")
    ap.add_argument("--copies", default="shifted", choices=("shifted", "identical"))
    sub = ap.add_subparsers(dest="what", required=True)
    run = sub.add_parser("run")
    run.add_argument("n", type=int)
    run.add_argument("--db", required=True)
    run.add_argument("--workers", type=int, default=1)
    run.add_argument("--link-every", type=int, default=LINK_EVERY)
    batch = sub.add_parser("batch")
    batch.add_argument("db")
    batch.add_argument("start", type=int)
    batch.add_argument("end", type=int)
    batch.add_argument("--parts", action="store_true",
                       help="also the CPU seconds of the link run's parts: indexing the new "
                            "mentions, the neighbourhood (and its candidate pairs scored), "
                            "the re-link, the write")
    opts = ap.parse_args()
    docs = load_docs(opts.data or data_dir() / "fakes" / "dev.csv")
    print(json.dumps(_run(opts, docs) if opts.what == "run" else _batch(opts, docs)))


if __name__ == "__main__":
    main()
