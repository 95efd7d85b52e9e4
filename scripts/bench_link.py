"""Scaling check for the linker on synthetic mentions (not a test).

Builds N event mentions from N/3 invented "true" events (each reported by 1-5 articles
with jittered dates, nearby places and varied wording), links them (CPU time, one core) in one batch and in
incremental batches, and prints mentions/s, peak memory and pairwise precision/recall
against the invented truth.

    .venv/bin/python scripts/bench_link.py            # 10k and 100k
    .venv/bin/python scripts/bench_link.py 20000
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations
from types import SimpleNamespace

from marsad.link import Linker
from marsad.model import (SUB_EVENT_TO_TYPE, Actor, EventMention, Fatalities, Place,
                          ResolvedDate, stable_id)

SUBS = ["Armed clash", "Non-state actor overtakes territory", "Government regains territory",
        "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
        "Attack", "Abduction/forced disappearance", "Peaceful protest", "Arrests"]
ACTORS = [("saa", "government"), ("hezbollah", "pro-government"), ("fsa", "opposition"),
          ("hts", "jihadist"), ("isis", "isis"), ("sdf", "sdf"), ("civilians", "civilian")]
VERBS = {"Armed clash": ["clashed with", "fought", "battled"],
         "Non-state actor overtakes territory": ["seized", "captured", "took control of"],
         "Government regains territory": ["regained", "recaptured", "retook"],
         "Air/drone strike": ["bombed", "struck", "carried out air raids on"],
         "Shelling/artillery/missile attack": ["shelled", "fired rockets at", "pounded"]}
OUTLETS = ["SANA", "Enab Baladi", "Reuters", "Al-Masdar News", "Orient News", "AFP"]


def _pack():
    return SimpleNamespace(actors=tuple(Actor(a, a, side=s) for a, s in ACTORS),
                           outlets=({"name": "SANA", "alignment": "state-media-syria"},
                                    {"name": "Enab Baladi", "alignment": "opposition"},
                                    {"name": "Reuters", "alignment": "wire"}))


def synthetic(n: int, seed: int = 7, undated: float = 0.0
              ) -> tuple[list[EventMention], dict[str, int], dict]:
    """``undated``: share of true events reported only by articles without any date."""
    rng = random.Random(seed)
    places = [Place(f"p{i}", f"Place{i}", rng.uniform(32.5, 37.2), rng.uniform(35.8, 41.9),
                    rng.choice(["city", "city", "neighbourhood", "landmark"]))
              for i in range(max(200, n // 30))]
    day0 = dt.date(2016, 1, 1).toordinal()
    mentions, truth, outlets = [], {}, {}
    t = 0
    while len(mentions) < n:
        sub = rng.choice(SUBS)
        place = rng.choice(places)
        day = day0 + rng.randrange(4 * 365)
        a1, a2 = rng.sample(ACTORS, 2)
        killed = rng.choice([None, None, rng.randrange(1, 60)])
        no_date = rng.random() < undated
        for k in range(rng.choice([1, 1, 2, 3, 5])):
            art = stable_id("art", t, k)
            outlets[art] = rng.choice(OUTLETS)
            verb = rng.choice(VERBS.get(sub, ["attacked", "targeted"]))
            text = (f"{a1[0]} fighters {verb} {a2[0]} positions in {place.name} "
                    f"{rng.choice(['on Sunday', 'yesterday', 'this morning', ''])}, "
                    f"{rng.choice(['activists said', 'state media reported', 'a source said'])}.")
            jitter = rng.choice([0, 0, 0, 1, -1])
            precision = rng.choice(["day"] * 8 + ["week", "month"])
            # a day may be off by one; a week or month window contains the true day
            if precision == "day":
                start = dt.date.fromordinal(day + jitter)
            elif precision == "week":
                start = dt.date.fromordinal(day - rng.randrange(7))
            else:
                start = dt.date.fromordinal(day).replace(day=1)
            end = start + dt.timedelta(days={"day": 0, "week": 6, "month": 27}[precision])
            if no_date:
                start = end = None
                precision = "unknown"
            fat = Fatalities(best=killed + rng.choice([0, 0, 2]), low=killed) if killed else Fatalities()
            m = EventMention(
                id=stable_id(art, text), article_id=art, sentence=0, start=0, end=len(text),
                text=text, event_type=SUB_EVENT_TO_TYPE[sub], sub_event_type=sub,
                actor1=a1[0], actor2=a2[0] if rng.random() < 0.8 else None, place=place,
                geo_precision=1, date=ResolvedDate(start, end, precision), fatalities=fat)
            mentions.append(m)
            truth[m.id] = t
        t += 1
    return mentions[:n], truth, outlets


def pair_quality(events, truth) -> tuple[float, float]:
    predicted = {p for e in events for p in combinations(sorted(e.mentions), 2)}
    by_truth = defaultdict(list)
    for m, t in truth.items():
        by_truth[t].append(m)
    gold = {p for ms in by_truth.values() for p in combinations(sorted(ms), 2)}
    tp = len(predicted & gold)
    return tp / max(1, len(predicted)), tp / max(1, len(gold))


def run(n: int) -> None:
    mentions, truth, outlets = synthetic(n)
    linker = Linker(_pack())
    t0 = time.process_time()
    events = linker.link(mentions, [], outlets=outlets)
    secs = time.process_time() - t0
    p, r = pair_quality(events, truth)
    print(f"{n:>7} mentions, one batch:   {secs:7.2f}s  {n / secs:8.0f} mentions/s  "
          f"{len(events)} events  pair precision {p:.3f} recall {r:.3f}")
    del events
    # incremental: 10 batches, each linked against the events so far
    batches = 10
    size = n // batches
    mentions = sorted(mentions, key=lambda m: m.id)   # reports of one event land in different batches
    events_so_far: dict[str, object] = {}
    index: dict[str, set[str]] = defaultdict(set)   # blocking key -> event ids
    t0 = time.process_time()
    for i in range(batches):
        batch = mentions[i * size:(i + 1) * size]
        # what link_store loads: the events sharing a blocking key with the batch
        wanted = {k for m in batch for k in linker.block_keys(m)}
        candidates = [events_so_far[eid] for eid in sorted({eid for k in wanted
                                                              for eid in index.get(k, ())})]
        for e in linker.link(batch, candidates, outlets=outlets):
            events_so_far[e.id] = e
            for k in linker.block_keys(e):
                index[k].add(e.id)
    secs = time.process_time() - t0
    p, r = pair_quality(events_so_far.values(), truth)
    print(f"{n:>7} mentions, {batches} batches:  {secs:7.2f}s  {n / secs:8.0f} mentions/s  "
          f"{len(events_so_far)} events  pair precision {p:.3f} recall {r:.3f}")
    mentions, truth, outlets = synthetic(n, undated=0.3)
    t0 = time.process_time()
    events = linker.link(mentions, [], outlets=outlets)
    secs = time.process_time() - t0
    p, r = pair_quality(events, truth)
    print(f"{n:>7} mentions, 30% undated: {secs:5.2f}s  {n / secs:8.0f} mentions/s  "
          f"{len(events)} events  pair precision {p:.3f} recall {r:.3f}")
    print(f"        peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for size in sizes:
        run(size)
