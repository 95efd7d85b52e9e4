"""Print a seeded sample of a store's contradictions and multi-article events for a coder
to read (issue 12 items 7 and 8: are the links right, are the contradictions real?).

    python scripts/audit_linking.py marsad.db [--seed 6] [--n 20] [--what both|links|contradictions]

Each linked event is shown with its consensus fields and every mention (article, outlet,
date, place, sub-type, fatalities, sentence); each contradiction with both sides. The
judging is the reader's: the script only draws the sample (``random.Random(seed)``).
"""

from __future__ import annotations

import argparse
import random
import sys

from marsad.store import Store


def _date(d) -> str:
    if d.start is None:
        return "undated"
    end = f"..{d.end}" if d.end and d.end != d.start else ""
    return f"{d.start}{end} ({d.precision}{', rel' if d.relative else ''})"


def _place(p, prec=None) -> str:
    if p is None:
        return "-"
    return f"{p.name} [{p.level}, {p.admin1 or ''}, gp={prec}]"


def _fat(f) -> str:
    if not f.known:
        return "-"
    return f"{f.low}/{f.best}/{f.high}" + (f" {f.qualifier}" if f.qualifier else "")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--what", choices=("both", "links", "contradictions"), default="both")
    args = ap.parse_args(argv)
    with Store(args.db) as store:
        events = [e for batch in store.iter_events() for e in batch]
        multi = sorted((e for e in events if len(set(e.articles)) > 1), key=lambda e: e.id)
        contra = sorted(((e, c) for e in events for c in e.contradictions),
                        key=lambda t: (t[0].id, t[1]["field"], str(t[1]["sides"][0].get("mention_id"))))
        outlets = {a.id: a.outlet for a in store.articles(with_text=False)}
        print(f"events {len(events)}; multi-article events {len(multi)}; "
              f"contradictions {len(contra)}")
        if args.what in ("both", "links"):
            sample = random.Random(args.seed).sample(multi, min(args.n, len(multi)))
            print(f"\n=== {len(sample)} multi-article events (seed {args.seed}) ===")
            for k, e in enumerate(sample, 1):
                print(f"\n[L{k}] {e.id} {e.sub_event_type} | {_date(e.date)} | "
                      f"{_place(e.place, e.geo_precision)} | {e.actor1} v {e.actor2} | "
                      f"fat {_fat(e.fatalities)} | status {e.status} | "
                      f"{len(e.mentions)} mentions, {len(set(e.articles))} articles")
                for m in sorted(store.event_mentions(event_ids=[e.id]),
                                key=lambda m: (m.article_id, m.start)):
                    print(f"   - {m.article_id[:10]} {outlets.get(m.article_id)} | {_date(m.date)}"
                          f" | {_place(m.place, m.geo_precision)} | {m.sub_event_type} | "
                          f"{m.modality}{' bg' if m.background else ''} | fat {_fat(m.fatalities)}"
                          f" | {m.actor1} v {m.actor2}")
                    print(f"     \"{m.text[:300]}\"")
        if args.what in ("both", "contradictions"):
            sample = random.Random(args.seed).sample(contra, min(args.n, len(contra)))
            print(f"\n=== {len(sample)} contradictions (seed {args.seed}) ===")
            for k, (e, c) in enumerate(sample, 1):
                print(f"\n[C{k}] {e.id} {e.sub_event_type} | {_date(e.date)} | "
                      f"{_place(e.place, e.geo_precision)} -- {c['field']}: {c['kind']}")
                for s in c["sides"]:
                    print(f"   [{s.get('stance')}] {s.get('source')} ({s.get('outlet')}, "
                          f"{str(s.get('article_id'))[:10]}) value={s.get('value')!r:.160}")
                    print(f"     \"{(s.get('text') or '')[:300]}\"")
    return 0


if __name__ == "__main__":
    sys.exit(main())
