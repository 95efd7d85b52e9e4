#!/usr/bin/env python
"""Latency of the HTTP API on loopback over a synthetic store (not a test).

Builds a SQLite store of N synthetic linked events (each reported by two articles from
different outlets, with claims; 5% contradicted, a few denied-only), starts `marsad serve`'s
app on uvicorn in its own process, and times three requests from 1 and several concurrent
clients (threads, one keep-alive connection each): a filtered page of 100 events (a
governorate, an event type and a one-year window), one event's dossier, the GeoJSON page of
the export's features (a bounding box and a year, up to 500), and /api/map with every point
of the record (1 and up to 4 clients, 10 requests each). Prints p50/p95 latency, requests/s and
the server's CPU time per request (its processes' user + system time over the run, from /proc)
and the slowest first answer of a client (its connection's accept included: a client that
waits to be accepted is hidden in the p95 of many requests).

    .venv/bin/python scripts/bench_api.py                       # N=100,000; 1 and 8 clients
    .venv/bin/python scripts/bench_api.py --n 1000000 --clients 1 --clients 50
    .venv/bin/python scripts/bench_api.py --db /tmp/bench.db    # reuse a store built before
    .venv/bin/python scripts/bench_api.py --db /tmp/bench.db --workers 2   # marsad serve --workers 2
    .venv/bin/python scripts/bench_api.py --db /tmp/bench.db --endpoint list --cold   # no page cached
    .venv/bin/python scripts/bench_api.py --db /tmp/bench.db --endpoint list --warm   # every page cached

The server keeps each read answered while the store is unchanged: the list's 182 distinct
pages (14 governorates x 13 years) are computed once, then answered from the cache. By
default the timing starts after 10 requests, so the first level still computes most of its
pages and the next ones fewer; --cold gives every request a date window of its own (none is
a repeat), --warm asks for all 182 first (the steady state of a server that has run a while).
The server also keeps the list's rows: the windows of --cold overlap (each starts in the
first two months of its year), so most rows of a new page were built for pages before it.
With --workers N each worker process keeps its own caches (and its own list rows), and shares
the answers that took it 10 ms or more with the others through a file. The cold run's first
level warms the rows: its 50-client level then builds few (run --clients 50 alone for a
freshly started server, whose pages' rows are mostly new).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from marsad.model import (SUB_EVENT_TO_TYPE, Article, Claim, Event, EventMention, Fatalities,
                          Place, ResolvedDate, Sentence, stable_id)
from marsad.store import Store, schema
from marsad.theaters import load_pack

SUBS = ["Armed clash", "Non-state actor overtakes territory", "Government regains territory",
        "Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
        "Attack", "Abduction/forced disappearance", "Peaceful protest", "Arrests"]
OUTLETS = ["SANA", "Enab Baladi", "Reuters", "Al-Masdar News", "Orient News", "AFP",
           "Syrian Observatory for Human Rights", "Step News"]
FIRST_DAY = dt.date(2011, 3, 15)
KINDS = ("list", "dossier", "map", "map-all")
DAYS = 13 * 365


def _articles_and_events(n: int, seed: int) -> tuple[Iterator[Article], list[Event]]:
    """N events; article i reports event i and event i+1 (so each event has two mentions
    from two outlets)."""
    rng = random.Random(seed)
    pack = load_pack("syria")
    places = [p for p in pack.places if p.level != "country" and p.lat is not None and p.admin1]
    actors = [a.id for a in pack.actors]
    specs = []
    for _ in range(n):
        sub = rng.choice(SUBS)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        specs.append({"sub": sub, "type": SUB_EVENT_TO_TYPE[sub], "place": rng.choice(places),
                      "day": day, "a1": rng.choice(actors), "a2": rng.choice(actors),
                      "fat": rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 45]),
                      "deny": rng.random() < 0.05})
    events: list[Event] = []
    mentions: dict[int, list[str]] = {i: [] for i in range(n)}
    arts: dict[int, list[str]] = {i: [] for i in range(n)}

    def article(i: int) -> Article:
        aid = stable_id("bench-article", str(seed), str(i))
        outlet = OUTLETS[i % len(OUTLETS)]
        sents, ems, claims, pos = [], [], [], 0
        for k, j in enumerate((i, (i + 1) % n)):
            s = specs[j]
            place: Place = s["place"]
            text = (f"Forces clashed near {place.name} in {place.admin1} on "
                    f"{s['day'].isoformat()}, killing {s['fat'] or 'several'} people, sources said.")
            sents.append(Sentence(index=k, start=pos, end=pos + len(text), text=text))
            mid = stable_id("bench-mention", aid, str(k))
            cid = stable_id("bench-claim", aid, str(k))
            denies = s["deny"] and k == 1
            ems.append(EventMention(
                id=mid, article_id=aid, sentence=k, start=pos, end=pos + len(text), text=text,
                event_type=s["type"], sub_event_type=s["sub"], actor1=s["a1"], actor2=s["a2"],
                place=place, place_text=place.name, geo_precision=1,
                date=ResolvedDate(start=s["day"], end=s["day"], precision="day"),
                fatalities=Fatalities(best=s["fat"], low=s["fat"], high=s["fat"]),
                claims=[cid], event_id=stable_id("bench-event", str(j))))
            claims.append(Claim(id=cid, article_id=aid, sentence=k, source="sources",
                                source_kind="anonymous", stance="denies" if denies else "asserts",
                                event_mention=mid, text="sources said"))
            mentions[j].append(mid)
            arts[j].append(aid)
            pos += len(text) + 1
        body = " ".join(s.text for s in sents)
        return Article(id=aid, text=body, title=f"Report {i}", outlet=outlet,
                       published=specs[i]["day"] + dt.timedelta(days=1), sentences=sents,
                       events=ems, claims=claims)

    def stream() -> Iterator[Article]:
        for i in range(n):
            yield article(i)
        for j in range(n):
            s = specs[j]
            eid = stable_id("bench-event", str(j))
            outlets = sorted({OUTLETS[j % len(OUTLETS)], OUTLETS[(j - 1) % n % len(OUTLETS)]})
            contradictions = []
            status = "asserted"
            if s["deny"]:
                status = "disputed"
                contradictions = [{"event_id": eid, "field": "occurred", "kind": "claim and denial",
                                   "sides": [{"stance": "asserts", "mention_id": mentions[j][0]},
                                             {"stance": "denies", "mention_id": mentions[j][-1]}]}]
            elif j % 50 == 0:
                status = "denied_only"
            fat = Fatalities(best=s["fat"], low=s["fat"], high=s["fat"])
            events.append(Event(
                id=eid, event_type=s["type"], sub_event_type=s["sub"], mentions=mentions[j],
                articles=arts[j], actor1=s["a1"], actor2=s["a2"], place=s["place"],
                geo_precision=1, date=ResolvedDate(start=s["day"], end=s["day"], precision="day"),
                fatalities=fat, status=status, outlets=outlets, contradictions=contradictions,
                versions={"occurred": [{"mention_id": m, "outlet": None, "stance": "asserts",
                                        "source": "sources", "value": True} for m in mentions[j]]}))

    return stream(), events


def build_store(path: Path, n: int, seed: int = 1) -> None:
    t0 = time.perf_counter()
    articles, events = _articles_and_events(n, seed)
    with Store(path) as store:
        store.set_setting("theater", "syria")
        for _ in store.add_articles(articles, batch_size=2000):
            pass
        # the stream filled ``events`` once every article was read
        for i in range(0, len(events), 20000):
            store.save_events(events[i:i + 20000])
    print(f"built {n:,} events in {time.perf_counter() - t0:.0f} s: {path} "
          f"({path.stat().st_size / 1e6:.0f} MB)", flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    code = ("from marsad.web import serve; import sys; "
            "serve(sys.argv[1], port=int(sys.argv[2]), log_level='warning', "
            "**({'workers': int(sys.argv[3])} if sys.argv[3] != '1' else {}))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(port), str(workers)])
    for _ in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/stats")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def _requests(kind: str, rng: random.Random, ids: list[str], governorates: list[str],
              cold: bool = False) -> str:
    if kind == "dossier":
        return f"/api/events/{rng.choice(ids)}"
    if kind == "map-all":   # every point of the record, for the whole map
        return "/api/map"
    year = rng.randrange(2011, 2024)
    if kind == "list":
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if cold:   # a window of its own: no request is a repeat the server has cached
            first += dt.timedelta(days=rng.randrange(60))
            last -= dt.timedelta(days=rng.randrange(60))
        params = {"admin1": rng.choice(governorates), "event_type": "Battles",
                  "start": first.isoformat(), "end": last.isoformat(), "limit": 100}
    else:   # map: a box of about 1 x 1 degrees somewhere in Syria
        west, south = rng.uniform(35.8, 41.0), rng.uniform(32.5, 36.5)
        params = {"bbox": f"{west:.2f},{south:.2f},{west + 1:.2f},{south + 1:.2f}",
                  "format": "geojson", "limit": 500, "start": f"{year}-01-01",
                  "end": f"{year}-12-31"}
    return "/api/events?" + urllib.parse.urlencode(params)


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by process ``pid`` and its living children
    (the server and its workers), from /proc; 0.0 where there is no /proc."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0.0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick   # utime, stime
    return total


def measure(port: int, kind: str, clients: int, total: int, ids: list[str],
            governorates: list[str], cold: bool = False, pid: int | None = None) -> dict:
    latencies: list[float] = []
    firsts: list[float] = []   # each client's first answer, its connect included
    lock = threading.Lock()
    errors = []

    def worker(seed: int, count: int) -> None:
        rng = random.Random(f"{seed}-{clients}-{time.time_ns()}" if cold else seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine = []
        for _ in range(count):
            path = _requests(kind, rng, ids, governorates, cold)
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            mine.append(time.perf_counter() - t0)
            if resp.status != 200:
                errors.append((path, resp.status))
        with lock:
            latencies.extend(mine)
            firsts.append(mine[0])

    per = max(1, total // clients)
    threads = [threading.Thread(target=worker, args=(i, per)) for i in range(clients)]
    cpu0 = server_cpu(pid) if pid is not None else 0.0
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = server_cpu(pid) - cpu0 if pid is not None else 0.0
    latencies.sort()
    if errors:
        print(f"  {len(errors)} errors, e.g. {errors[0]}", file=sys.stderr)
    return {"endpoint": kind, "clients": clients, "requests": len(latencies),
            "p50_ms": 1000 * statistics.median(latencies),
            "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
            "rps": len(latencies) / wall,
            "first_max_ms": 1000 * max(firsts),
            "server_cpu_ms": 1000 * cpu / max(1, len(latencies))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="synthetic events (default 100,000)")
    ap.add_argument("--clients", type=int, action="append",
                    help="concurrent clients (repeat; default 1 and 8)")
    ap.add_argument("--requests", type=int, default=200, help="requests per endpoint and level")
    ap.add_argument("--db", type=Path, help="reuse (or build here) this store")
    ap.add_argument("--endpoint", action="append", choices=KINDS,
                    help="time only these (repeat; default all)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes (marsad serve --workers; default 1)")
    ap.add_argument("--warm", action="store_true",
                    help="before timing, ask once for every filtered page the list can ask "
                         "for (each governorate x year), so that the server has them cached: "
                         "the steady state of a server that has run a while")
    ap.add_argument("--cold", action="store_true",
                    help="every filtered page asks for a date window of its own (days "
                         "trimmed off the year), so that none is answered from the server's "
                         "cache of repeated reads, nor its total from the count cache")
    args = ap.parse_args()
    clients = args.clients or [1, 8]
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="marsad-bench-")
        db = Path(tmp.name) / "bench.db"
    if not db.exists():
        build_store(db, args.n)
    with Store(db, create=False) as store, store.connect() as conn:
        # some events' ids for the dossiers (not every event decoded: a million take minutes)
        ids = list(conn.scalars(sa.select(schema.events.c.id).limit(20000)))
        governorates = sorted({p.admin1 for p in load_pack("syria").places if p.admin1
                               and p.country == "Syria"})
        n_events = store.stats()["events"]
    port = _free_port()
    proc = start_server(db, port, args.workers)
    results = []
    try:
        if args.warm and not args.cold:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for gov in governorates:
                for year in range(2011, 2024):
                    conn.request("GET", "/api/events?" + urllib.parse.urlencode(
                        {"admin1": gov, "event_type": "Battles", "start": f"{year}-01-01",
                         "end": f"{year}-12-31", "limit": 100}))
                    conn.getresponse().read()
        for kind in args.endpoint or KINDS:
            measure(port, kind, 1, 2 if kind == "map-all" else 10, ids, governorates,
                    args.cold)   # warm up
            for c in ([1, min(clients[-1], 4)] if kind == "map-all" else clients):
                n = min(args.requests, 10 * c) if kind == "map-all" else args.requests
                r = measure(port, kind, c, n, ids, governorates, args.cold, proc.pid)
                results.append(r)
                print(f"{kind:8s} clients={c:3d} n={r['requests']:4d}  p50 {r['p50_ms']:7.1f} ms  "
                      f"p95 {r['p95_ms']:7.1f} ms  {r['rps']:7.1f} req/s  "
                      f"server CPU {r['server_cpu_ms']:5.2f} ms/req  "
                      f"slowest first answer {r['first_max_ms']:6.0f} ms", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if tmp is not None:
            tmp.cleanup()
    summary = {"events": n_events, "cpus": os.cpu_count(), "workers": args.workers,
               "cold": args.cold, "warm": args.warm,
               "results": results}
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
