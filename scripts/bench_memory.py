#!/usr/bin/env python
"""Peak memory of `marsad run` on a large JSON lines feed (issue 14.8): prints figures.

The feed is the news streams (``$MARSAD_DATA/news_streams/*.jsonl``, the timelines left
out) written over and over into a temporary file of about ``--size-mb`` MB. One copy is
coded and stored first (``--workers`` processes: the peak of a run of ~2,000 new articles);
then `marsad run` reads the whole feed into that store, where every article is already
stored: what that run's memory holds is the reading, the skipping and the run's own state,
at any input size. Each run's peak RSS is the largest of its processes (``ru_maxrss`` of
the children waited for), its time is wall clock. Nothing is written outside a temporary
folder, which is removed.

    .venv/bin/python scripts/bench_memory.py --size-mb 600 --workers 2
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CLI = "import sys; from marsad.cli import cli; sys.exit(cli())"
#: runs a command and writes the peak RSS (KB) of its largest process to argv[1]: a fresh
#: parent per measurement, as ru_maxrss of the children is a maximum over all of them
_PEAK = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[2:]).returncode; "
         "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN)"
         ".ru_maxrss)); sys.exit(rc)")


def marsad_run(args: list[str], env: dict[str, str], tmp: Path) -> tuple[float, float, str]:
    """(wall seconds, peak RSS in MB of the largest process, output) of `marsad run ARGS`
    in a new interpreter (and its workers)."""
    peak_file = tmp / "peak"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, str(peak_file), sys.executable, "-c",
                           _CLI, "run", *args], capture_output=True, text=True, env=env,
                          check=False)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"marsad run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, int(peak_file.read_text()) / 1024, proc.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=600, help="size of the feed")
    parser.add_argument("--workers", type=int, default=1, help="workers for the first copy")
    parser.add_argument("--data", type=Path,
                        default=Path(os.environ.get("MARSAD_DATA", "data")) / "news_streams")
    opts = parser.parse_args()
    streams = sorted(p for p in opts.data.glob("*.jsonl") if not p.name.endswith(".timelines.jsonl"))
    if not streams:
        raise SystemExit(f"no news streams in {opts.data} (set MARSAD_DATA)")
    one = b"".join(p.read_bytes() for p in streams)
    one = one if one.endswith(b"\n") else one + b"\n"
    copies = max(1, round(opts.size_mb * 1e6 / len(one)))
    with tempfile.TemporaryDirectory(prefix="marsad-bench-memory-") as tmp:
        env = {**os.environ, "MARSAD_HOME": os.environ.get("MARSAD_HOME", str(Path(tmp) / "home"))}
        first, feed, db = Path(tmp) / "one.jsonl", Path(tmp) / "feed.jsonl", Path(tmp) / "m.db"
        first.write_bytes(one)
        with open(feed, "wb") as fh:
            for _ in range(copies):
                fh.write(one)
        n = one.count(b"\n")
        print(f"feed: {feed.stat().st_size / 1e6:.0f} MB, {copies} copies of {n} articles "
              f"({len(streams)} news streams)")
        wall, peak, _ = marsad_run([str(first), "--db", str(db), "-q", "--workers",
                                    str(opts.workers)], env, Path(tmp))
        print(f"first copy, {n} new articles, {opts.workers} worker(s): {wall:.0f} s, "
              f"peak RSS {peak:.0f} MB")
        wall, peak, out = marsad_run([str(feed), "--db", str(db)], env, Path(tmp))
        print(f"whole feed, {n * copies} articles read (all already stored): {wall:.0f} s, "
              f"peak RSS {peak:.0f} MB")
        print("\n".join("  " + line for line in out.splitlines()[:4]))


if __name__ == "__main__":
    main()
