#!/usr/bin/env python
"""How much of a journalists' timeline does marsad's export cover?

    .venv/bin/marsad run STREAM.jsonl --db /tmp/x.db --theater libya
    .venv/bin/marsad export --format acled-csv --db /tmp/x.db -o /tmp/x.csv
    .venv/bin/python scripts/eval_timelines.py --timeline STREAM.timelines.jsonl \
        --export /tmp/x.csv --theater libya

A timeline (Timeline17 format: ``[[date, [sentence, ...]], ...]``) is a list of entries,
one per (date, key-event sentence). An entry is *covered* when the export has an event

- dated the entry's day ±1 (``--days``),
- of a matching ACLED event type (the keyword rule below; an entry whose sentence has none
  of the keywords accepts any type), and
- within 25 km (``--km``) of a place the sentence names, when it names one.

Places in a timeline sentence are found with the pack's gazetteer *data* (places.csv names
and aliases; country rows left out), by a plain longest-n-gram lookup of folded names, so
that this measure does not depend on the geocoder it evaluates; a name with several places
counts every one of them. A sentence naming no place of the theater is judged on date and
type only and reported apart.

Keyword rule (case-insensitive, on the sentence; every type whose words occur is accepted):

- Explosions/Remote violence: air strike, airstrike, strike(s), bomb*, missile*, shell*,
  rocket*, mortar*, artillery, warplane*, jets, explosion*, blast*
- Battles: clash*, fight*, battle*, attack*, offensive, assault*, seize*, capture*, take*,
  took, retake*, recapture*, advance*, siege, besieg*, overr?un, storm*, push* into/back,
  control of, fall of/fell, enter*, encircl*, gain*, lost, retreat*
- Violence against civilians: massacre*, execut*, tortur*, kill* ... civilians, fire on /
  fired on / opened fire (on protesters, mourners), abduct*, kidnap*, rape*
- Protests: protest*, demonstrat*, rally, rallies, march*, sit-in
- Riots: riot*, loot*, torch*, set fire, burn*
- Strategic developments: defect*, resign*, recogni*, sanction*, freeze*, no-fly,
  resolution, warrant, arrest*, ceasefire, cease-fire, talks, agree*, announce*, declare*,
  meet*, visit*, flee*, fled, evacuat*

Only counts are printed (``--misses`` lists the missed entries' dates and places, not
their text): the timelines are third-party text and stay out of the repository.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from marsad.core.geometry import haversine_km
from marsad.core.names import place_name_key as name_key
from marsad.theaters import load_pack

TYPE_RULES: dict[str, str] = {
    "Explosions/Remote violence":
        r"air ?strikes?|strikes?\b|bomb\w*|missiles?|shell\w*|rockets?|mortars?|artillery|"
        r"warplanes?|\bjets\b|explosions?|blasts?",
    "Battles":
        r"clash\w*|fight\w*|battl\w*|attack\w*|offensive|assault\w*|seiz\w*|captur\w*|"
        r"\btak(?:e|es|en|ing)\b|\btook\b|retak\w*|recaptur\w*|advanc\w*|siege|besieg\w*|"
        r"overr[au]n|storm\w*|push\w* (?:into|back)|control of|fall of|\bfell\b|enter\w*|"
        r"encircl\w*|gain\w*|\blost\b|retreat\w*",
    "Violence against civilians":
        r"massacr\w*|execut\w*|tortur\w*|kill\w*[^.]{0,60}civilians|civilians[^.]{0,60}kill\w*|"
        r"fir(?:e|ed|ing) on|opened fire|abduct\w*|kidnap\w*|rap(?:e|ed|es)\b",
    "Protests": r"protest\w*|demonstrat\w*|\brally\b|rallies|march\w*|sit-in",
    "Riots": r"riot\w*|loot\w*|torch\w*|set fire|burn\w*",
    "Strategic developments":
        r"defect\w*|resign\w*|recogni\w*|sanction\w*|freez\w*|no-fly|resolution|warrant|"
        r"arrest\w*|cease-?fire|talks|agree\w*|announc\w*|declar\w*|\bmeet\w*|visit\w*|"
        r"\bflee\w*|\bfled\b|evacuat\w*",
}
_RULES = {t: re.compile(p, re.IGNORECASE) for t, p in TYPE_RULES.items()}
_WORD = re.compile(r"[A-Za-z'’-]+")
MAX_NGRAM = 5


def sentence_types(sentence: str) -> set[str]:
    return {t for t, rx in _RULES.items() if rx.search(sentence)}


class PlaceFinder:
    """Longest-n-gram lookup of the pack's place names and aliases (no geocoder logic)."""

    def __init__(self, pack):
        self.index: dict[str, list] = defaultdict(list)
        for p in pack.places:
            if p.level == "country" or p.lat is None:
                continue
            for n in (p.name, *pack.place_aliases.get(p.id, ())):
                k = name_key(n)
                if len(k) >= 4:
                    self.index[k].append(p)

    def find(self, sentence: str) -> list[list]:
        """Each place name found -> the places it may be (capitalised words only)."""
        words = [m.group() for m in _WORD.finditer(sentence)]
        out, i = [], 0
        while i < len(words):
            hit = None
            for j in range(min(len(words), i + MAX_NGRAM), i, -1):
                span = words[i:j]
                if not span[0][:1].isupper():
                    break
                k = name_key(" ".join(span))
                if k in self.index:
                    hit = (j, self.index[k])
                    break
            if hit:
                out.append(hit[1])
                i = hit[0]
            else:
                i += 1
        return out


def read_timeline(path: Path) -> list[tuple[dt.date, str]]:
    text = path.read_text(encoding="utf-8").strip()
    doc = json.loads(text.splitlines()[0]) if text.startswith("[[") and "\n" in text else json.loads(text)
    return [(dt.date.fromisoformat(d[:10]), s.strip()) for d, sents in doc for s in sents]


def read_export(path: Path) -> dict[dt.date, list[dict]]:
    by_day: dict[dt.date, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                day = dt.date.fromisoformat(r["event_date"][:10])
            except ValueError:
                continue
            lat = float(r["latitude"]) if r.get("latitude") else None
            lon = float(r["longitude"]) if r.get("longitude") else None
            by_day[day].append({"type": r["event_type"], "lat": lat, "lon": lon,
                                "location": r.get("location", "")})
    return by_day


def evaluate(timeline, events_by_day, finder, *, days=1, km=25.0, any_type=False,
             shift_days=0):
    rows = []
    for day, sentence in timeline:
        day = day + dt.timedelta(days=shift_days)
        types = set() if any_type else sentence_types(sentence)
        names = finder.find(sentence)
        places = [p for cands in names for p in cands]
        window = [e for d in range(-days, days + 1)
                  for e in events_by_day.get(day + dt.timedelta(days=d), ())]
        typed = [e for e in window if not types or e["type"] in types]
        if places:
            hit = any(e["lat"] is not None and
                      min(haversine_km(e["lat"], e["lon"], p.lat, p.lon) for p in places) <= km
                      for e in typed)
        else:
            hit = bool(typed)
        rows.append({"date": day.isoformat(), "placed": bool(places), "types": sorted(types),
                     "places": sorted({p.name for p in places}), "hit": hit,
                     "window": len(window)})
    return rows


def summary(rows) -> dict:
    placed = [r for r in rows if r["placed"]]
    unplaced = [r for r in rows if not r["placed"]]

    def share(rs):
        return (sum(r["hit"] for r in rs), len(rs))
    return {"all": share(rows), "placed": share(placed), "unplaced": share(unplaced)}


def _fmt(pair) -> str:
    k, n = pair
    return f"{k}/{n} = {k / n:.0%}" if n else "0/0"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeline", type=Path, required=True)
    ap.add_argument("--export", type=Path, required=True, help="marsad's ACLED CSV export")
    ap.add_argument("--theater", default="libya")
    ap.add_argument("--days", type=int, default=1)
    ap.add_argument("--km", type=float, default=25.0)
    ap.add_argument("--misses", action="store_true",
                    help="list missed entries (date, types, places; not their text)")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args(argv)
    pack = load_pack(args.theater, overlays=())
    finder = PlaceFinder(pack)
    timeline = read_timeline(args.timeline)
    events = read_export(args.export)
    result = {}
    for label, kw in (("typed", {}), ("any type", {"any_type": True}),
                      ("typed, dates shifted +30 days (chance control)", {"shift_days": 30})):
        rows = evaluate(timeline, events, finder, days=args.days, km=args.km, **kw)
        result[label] = summary(rows)
        if label == "typed":
            typed_rows = rows
    n_types = Counter(t for r in typed_rows for t in r["types"])
    if args.json:
        print(json.dumps({"timeline": str(args.timeline), "export": str(args.export),
                          "entries": len(timeline), "events": sum(map(len, events.values())),
                          "results": result, "sentence_types": n_types}, indent=1))
    else:
        print(f"{args.timeline.name}: {len(timeline)} entries; export {args.export.name}: "
              f"{sum(map(len, events.values()))} dated events")
        for label, s in result.items():
            print(f"  {label:48s} all {_fmt(s['all'])}; placed {_fmt(s['placed'])}; "
                  f"no place named {_fmt(s['unplaced'])}")
        print(f"  keyword types in the sentences: {dict(n_types)}; "
              f"no keyword: {sum(1 for r in typed_rows if not r['types'])}")
    if args.misses:
        for r in typed_rows:
            if not r["hit"]:
                print(f"  miss {r['date']} types={r['types']} places={r['places']} "
                      f"events in window={r['window']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
