#!/usr/bin/env python
"""Place names a theater's gazetteer finds in news streams about other places (issue 13's
false-positive check): for each stream, the theater's place mentions (not abroad, not the
country), the events placed in the theater, and the names found most often.

    .venv/bin/python scripts/place_false_positives.py [--streams ../shared/data/news_streams]
        [--theater syria] [--top 8]

On streams about other wars and topics (oil spill, flu, Haiti, Libya, Egypt, Iraq) every
mention is a false positive unless the text really names a place in the theater.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stream_counts(path: Path, pipeline) -> tuple[Counter, Counter]:
    from marsad.ingest.readers import read_paths

    counts: Counter = Counter()
    names: Counter = Counter()
    articles = [a for a in read_paths([str(path)]) if hasattr(a, "text")]
    for article in pipeline.pipe(articles):
        counts["articles"] += 1
        for m in article.mentions:
            if m.kind == "place" and not m.place_info.abroad and m.place_info.level != "country":
                counts["place mentions"] += 1
                names[m.text] += 1
        counts["events placed in the theater"] += sum(
            1 for e in article.events
            if e.place is not None and not pipeline.pack.is_abroad(e.place) and e.is_event)
    return counts, names


def main(argv: list[str] | None = None) -> int:
    from marsad.pipeline import build_pipeline

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--streams", type=Path, default=ROOT.parent / "shared/data/news_streams")
    ap.add_argument("--theater", default="syria")
    ap.add_argument("--top", type=int, default=8)
    args = ap.parse_args(argv)
    pipeline = build_pipeline(args.theater)
    for path in sorted(args.streams.glob("*.jsonl")):
        if path.name.endswith(".timelines.jsonl"):
            continue
        counts, names = stream_counts(path, pipeline)
        print(f"{path.name:26} " + "  ".join(f"{k} {v}" for k, v in counts.items()))
        print(f"{'':26} most found: {', '.join(f'{n} {c}' for n, c in names.most_common(args.top))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
