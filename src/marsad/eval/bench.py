"""Throughput benchmark: ingest -> stages -> store (a scratch SQLite file, or a scratch
schema on a PostgreSQL server: ``--db``) -> link, on one core and on
all cores, through `marsad run`'s own loop (:func:`marsad.runner.run_articles`): the main
process makes the articles, stores and links them; forked workers run the stages.

FA-KES dev articles are read at run time and repeated to N articles; each copy gets a
numbered title ("<title> (2)") so every article is distinct (the store would skip
duplicates). Copies keep the body, hence the same events on the same dates: linking merges
every copy's mentions into the original's events, a worst case for the linker (events with
N / 804 times the mentions of real news). Stage times are CPU time per article, measured
where the stage ran (a worker, or this process); "store" and "link" are this process's.
"""

from __future__ import annotations

import csv
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from ..cluster import DaskEngine
from ..errors import MarsadError
from ..ingest import IngestError, IngestFailure, article_from_text
from ..model import Article
from ..pipeline import DEFAULT_STAGES, build_pipeline
from ..runner import LINK_EVERY, STORE_BATCH, run_articles
from ..store.scratch import backend_name, scratch_store

Doc = tuple[str, str, str | None]  # (title, body, outlet)


class BenchmarkError(MarsadError, RuntimeError):
    """The benchmark cannot run (no data, no store)."""


def load_docs(path: Path) -> list[Doc]:
    if not path.is_file():
        raise BenchmarkError(f"{path}: FA-KES dev file not found (set MARSAD_DATA)")
    try:
        with open(path, encoding="latin-1", newline="") as fh:
            docs = [((r.get("article_title") or "").strip(), r.get("article_content") or "",
                     r.get("source") or None) for r in csv.DictReader(fh)
                    if (r.get("article_content") or "").strip()]
    except csv.Error as exc:
        raise BenchmarkError(f"{path}: not a readable CSV ({exc})") from None
    if not docs:
        raise BenchmarkError(f"{path}: no articles (a FA-KES CSV with text in an "
                             "article_content column is needed)")
    return docs


#: how a copy differs from its article: "shifted" (the default) moves every year the copy's
#: title and body name by a few years, so it tells the same kinds of events on other dates
#: (a feed that grows by covering more time, as a real one does); "identical" keeps the body
#: (every copy's events are the original's: the worst case for linking, an event holding
#: N / 420 reports)
COPY_MODES = ("shifted", "identical")

COPIES_NOTES = {
    "shifted": ("copy k>1 of an article = its title + ' (k)' and its text with every year "
                "shifted by a few years (0, +1, -1, +2, ... within the years the date reader "
                "takes, 1950-2049; past that the shifts repeat): the same kinds of events "
                "on other dates"),
    "identical": ("copy k>1 of an article = same body, title + ' (k)': distinct articles, "
                  "identical events (worst case for linking)"),
}
COPIES_NOTE = COPIES_NOTES["identical"]

#: the years the date reader takes (``marsad.core.datelines.YEAR_PATTERN``), standing alone
#: or glued to the day of a dateline ("Last updated at Jun 132016", as 15 of the 420 have)
_YEAR = re.compile(r"(?:(?<=[A-Z][a-z]{2} \d\d)|(?<!\d))(19[5-9]\d|20[0-4]\d)(?!\d)")
_FIRST_YEAR, _LAST_YEAR = 1950, 2049


def year_shift(text: str, k: int) -> int:
    """The years copy ``k`` of a text is moved by: the k-th of 0, +1, -1, +2, -2, ... that
    keeps every year the text names within 1950-2049 (cycling when they run out)."""
    years = [int(y) for y in _YEAR.findall(text)]
    if not years or k == 0:
        return 0
    lo, hi = _FIRST_YEAR - min(years), _LAST_YEAR - max(years)
    shifts = [0] + [s for d in range(1, 100) for s in (d, -d) if lo <= s <= hi]
    return shifts[k % len(shifts)]


def _shift_years(text: str, by: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + by), text) if by else text


def nth_doc(docs: list[Doc], i: int, copies: str = "identical") -> Doc:
    """Article ``i`` of the benchmark: ``docs`` repeated, copy k of each made as
    ``copies`` says (see :data:`COPY_MODES`)."""
    title, body, outlet = docs[i % len(docs)]
    k = i // len(docs)
    if k == 0:
        return title, body, outlet
    if copies == "shifted":
        by = year_shift(f"{title}\n{body}", k)
        title, body = _shift_years(title, by), _shift_years(body, by)
    elif copies != "identical":
        raise BenchmarkError(f"copies={copies!r}: one of {', '.join(COPY_MODES)}")
    return f"{title} ({k + 1})", body, outlet


def words(doc: Doc) -> int:
    return len(doc[0].split()) + len(doc[1].split())


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (workers count once joined)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def _clock() -> float:
    """CPU seconds of this process (or worker): stage times that other processes on a
    shared machine do not inflate."""
    return time.process_time()


@dataclass
class StageClock:
    """CPU time per stage (ms), summed over articles."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, dt_s: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + dt_s

    def per_article_ms(self, n: int) -> dict[str, float]:
        return {k: 1000 * v / n for k, v in self.seconds.items()} if n else {}


def _build(theater: str, stages: tuple[str, ...] | None):
    return build_pipeline(theater, stages=DEFAULT_STAGES if stages is None else stages)


def _articles(docs: list[Doc], n: int, clock: StageClock,
              copies: str = "identical") -> Iterator[Article | IngestFailure]:
    """The n articles, made from the text as `marsad run` reads them (timed as "ingest")."""
    for i in range(n):
        title, body, outlet = nth_doc(docs, i, copies)
        t0 = _clock()
        try:
            article = article_from_text(body, title=title or None, outlet=outlet)
        except IngestError as exc:
            yield IngestFailure(f"article {i}", str(exc))
            continue
        finally:
            clock.add("ingest", _clock() - t0)
        yield article


def run_once(docs: list[Doc], n: int, *, workers: int, theater: str = "syria",
             stages: tuple[str, ...] | None = None, link_every: int = LINK_EVERY,
             tmpdir: str | None = None, store_batch: int = STORE_BATCH,
             db: str | None = None, engine: str = "local",
             copies: str = "identical") -> dict[str, Any]:
    """Process ``n`` articles into a fresh store with `marsad run`'s loop
    (:func:`marsad.runner.run_articles`: ``store_batch`` articles per transaction, linking
    every ``link_every`` stored articles and at the end); returns the figures. ``db``: a
    :func:`marsad.store.scratch.scratch_store` spec (default: SQLite in ``tmpdir``).
    ``engine``: "local" (``workers`` forked processes, or this one) or "dask" (a local Dask
    cluster of ``workers`` processes, started inside the timed run: its start and each
    worker's pipeline build count in the time; the start is also given apart as
    ``engine_start_seconds``)."""
    t0 = time.perf_counter()
    pipeline = _build(theater, stages)
    startup = time.perf_counter() - t0
    clock = StageClock()
    with scratch_store(db or tmpdir) as store:
        n_words = sum(words(nth_doc(docs, i, copies)) for i in range(n))
        coder = DaskEngine(workers=workers) if engine == "dask" else None
        t_start, cpu_start = time.perf_counter(), cpu_seconds()
        result = run_articles(_articles(docs, n, clock, copies), store=store, pack=pipeline.pack,
                              pipeline=pipeline, workers=workers, link_every=link_every,
                              store_batch=store_batch, stage_timer=clock.add, engine=coder)
        elapsed = time.perf_counter() - t_start
        cpu = cpu_seconds() - cpu_start
        stats = store.stats()
        where = str(store)
    return {
        "n": n, "workers": workers, "engine": engine,
        "engine_start_seconds": None if coder is None else coder.start_seconds,
        "db": backend_name(db), "store": where, "seconds": elapsed,
        "articles_per_s": n / elapsed, "ms_per_article": 1000 * elapsed / n if n else None,
        "cpu_ms_per_article": 1000 * cpu / n if n else None,
        "words_per_s": n_words / elapsed, "cpu_seconds": cpu,
        "articles_per_cpu_s": n / cpu if cpu else None, "stored": result.stored,
        "store_stats": stats, "peak_rss_mb": peak_rss_mb(),
        "peak_rss_children_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
        "stage_ms": clock.per_article_ms(n), "linked": result.linking == "linker",
        "copies": COPIES_NOTES[copies] if n > len(docs) else None, "startup_seconds": startup,
    }


#: `marsad run` in a new interpreter (the installed script may not be on PATH)
_CLI = "import sys; from marsad.cli import cli; sys.exit(cli())"


def startup_run(doc: Doc, theater: str = "syria", runs: int = 2) -> dict[str, Any]:
    """`marsad run one_article.txt` in a fresh process, ``runs`` times on a fresh store:
    wall and CPU seconds of each (start-up, the one article and linking it). The first
    run trains and saves the event classifier, the pack and its gazetteer if the cache
    folder lacks them; later ones load them."""
    title, body, _ = doc
    out: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "one_article.txt"
        article.write_text(f"{title}\n\n{body}\n" if title else body, encoding="utf-8")
        for i in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", _CLI, "run", str(article),
                                   "--theater", theater, "--db", str(Path(tmp) / f"{i}.db")],
                                  capture_output=True, text=True, check=False)
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if proc.returncode != 0:
                raise BenchmarkError(f"`marsad run` on one article failed: "
                                     f"{(proc.stderr or proc.stdout).strip()[-500:]}")
            out.append({"seconds": wall, "cpu_seconds": (after.ru_utime + after.ru_stime)
                        - (before.ru_utime + before.ru_stime)})
    return {"runs": out}


def format_startup(r: dict[str, Any]) -> str:
    return ("start-up: `marsad run one_article.txt` in a new process: " + ", then ".join(
        f"{x['seconds']:.1f} s (CPU {x['cpu_seconds']:.1f} s)" for x in r["runs"])
        + " (the first run builds and saves the classifier, the pack and its gazetteer when "
        "the cache lacks them)")


STOCK_SPACY_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
#: what the benchmark calls spaCy's stock small NER architecture when no model is installed
STOCK_ARCHITECTURE = "en ner, spacy init config --optimize efficiency (CPU), untrained"
#: OntoNotes 5's 18 entity labels, those of en_core_web_sm's NER (its output layer's size)
ONTONOTES_LABELS = ("CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC",
                    "MONEY", "NORP", "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT",
                    "QUANTITY", "TIME", "WORK_OF_ART")


def _ner_pipes(nlp) -> list[str]:
    """"ner" plus the shared token-vector component only when NER listens to it (in the
    stock small model NER has its own; only the tagger and parser listen)."""
    keep = ["ner"]
    for name in nlp.pipe_names:
        listeners = getattr(nlp.get_pipe(name), "listening_components", None) or ()
        if "ner" in listeners:
            keep.insert(0, name)
    return keep


def stock_ner_architecture(spacy):
    """spaCy's stock small NER, untrained: ``spacy.blank("en")``'s tokenizer (the English
    rules en_core_web_sm has) and the components ``spacy init config --lang en --pipeline
    ner --optimize efficiency`` writes (a hash-embedding CNN token-to-vector layer, width
    96, depth 4, and the transition-based NER, hidden width 64: the architecture of
    en_core_web_sm's NER), with the 18 OntoNotes labels, initialized with seeded random
    weights. No trained model is on the package index here; the weights' values do not
    change the work per token (one transition per token, the same layers), so this times
    what the stock small model's NER pass costs, not what it finds."""
    from spacy.cli.init_config import init_config

    spacy.util.fix_random_seed(0)
    config = init_config(lang="en", pipeline=["ner"], optimize="efficiency", gpu=False)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    ner = nlp.get_pipe("ner")
    for label in ONTONOTES_LABELS:
        ner.add_label(label)
    nlp.initialize()
    return nlp


def spacy_baseline(docs: list[Doc], n: int, model: str | None = None,
                   copies: str = "identical") -> dict[str, Any] | None:
    """The same figures for a stock spaCy NER pass on one thread (NER only: tagger, parser
    and lemmatizer off; warmed up on a few articles first), when spaCy is installed (the
    ``[bench]`` extra). ``model`` names the pipeline; one that does not load is an error.
    Without ``model``, the first of the stock English models installed, else the stock
    small NER architecture untrained (:func:`stock_ner_architecture`, ``"trained": False``
    in the result)."""
    try:
        import spacy  # optional: the reference NER pass, only when installed
    except ImportError:
        if model:
            raise BenchmarkError(f"--spacy-model {model}: spaCy is not installed "
                                 "(pip install spacy)") from None
        return None
    trained = True
    for name in ((model,) if model else STOCK_SPACY_MODELS):
        try:
            nlp = spacy.load(name)
            model = name
            break
        except OSError as exc:
            if model:
                raise BenchmarkError(f"--spacy-model {model}: {exc}") from None
    else:
        nlp = stock_ner_architecture(spacy)
        model, trained = STOCK_ARCHITECTURE, False
    if "ner" not in nlp.pipe_names:
        raise BenchmarkError(f"spaCy pipeline {model} has no 'ner' component")
    nlp.select_pipes(enable=_ner_pipes(nlp))
    texts = [f"{t}\n\n{b}" for t, b, _ in (nth_doc(docs, i, copies) for i in range(n))]
    n_words = sum(words(nth_doc(docs, i, copies)) for i in range(n))
    with threadpool_limits(limits=1):  # one core, as marsad's single-process run
        for _ in nlp.pipe(texts[:20]):  # first calls allocate; not part of the rate
            pass
        t0, c0 = time.perf_counter(), time.process_time()
        ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
        dt_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    return {"model": model, "trained": trained,
            "version": nlp.meta.get("version") if trained else None,
            "spacy": spacy.__version__, "pipes": list(nlp.pipe_names), "n": n,
            "seconds": dt_s, "cpu_seconds": cpu_s, "articles_per_s": n / dt_s,
            "cpu_articles_per_s": n / cpu_s if cpu_s else None,
            "words_per_s": n_words / dt_s, "entities": ents, "peak_rss_mb": peak_rss_mb()}


def format_run(r: dict[str, Any]) -> list[str]:
    dask = r.get("engine") == "dask"
    lines = [f"n={r['n']:>6} workers={r['workers']:>2}{' engine=dask' if dask else ''} "
             f"db={r.get('db', 'sqlite')}: "
             f"{r['articles_per_s']:8.1f} articles/s "
             f"{r['words_per_s']:10.0f} words/s  {r['seconds']:7.1f} s (CPU {r['cpu_seconds']:.1f} s, "
             f"{r['articles_per_cpu_s'] or 0:.1f} articles/CPU-s; pipeline built in "
             f"{r['startup_seconds']:.1f} s)  peak RSS "
             f"{r['peak_rss_mb']:.0f} MB (workers {r['peak_rss_children_mb']:.0f} MB)  "
             f"stored {r['stored']}" + ("" if r["linked"] else "  [link stage not available]")
             + (f"  (the local Dask cluster started in {r['engine_start_seconds']:.1f} s, "
                "counted in the time)" if dask and r.get("engine_start_seconds") is not None
                else "")]
    if r["stage_ms"]:
        total = sum(r["stage_ms"].values())
        note = " (summed over the workers)" if r["workers"] > 1 else ""
        lines.append(f"  CPU ms/article{note}: " + "  ".join(
            f"{k} {v:.2f}" for k, v in r["stage_ms"].items()) + f"  | total {total:.2f}")
    return lines


def per_article(single: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Time and CPU per article and peak RSS of each one-core run, by size: flat from the
    smallest to the largest is what a long feed needs (issue 14). The peak is the
    process's so far (runs go smallest first, so a larger run's is its own unless it
    needed less)."""
    return [{"n": r["n"], "ms_per_article": 1000 * r["seconds"] / r["n"],
             "cpu_ms_per_article": 1000 * r["cpu_seconds"] / r["n"],
             "peak_rss_mb": r["peak_rss_mb"]} for r in sorted(single, key=lambda r: r["n"])
            if r["n"]]


def format_per_article(rows: list[dict[str, Any]]) -> str:
    base = rows[0]["cpu_ms_per_article"] if rows else 0.0
    return "per article, one core: " + "; ".join(
        f"n={x['n']}: {x['ms_per_article']:.1f} ms (CPU {x['cpu_ms_per_article']:.1f} ms"
        + (f", x{x['cpu_ms_per_article'] / base:.2f}" if base and x is not rows[0] else "")
        + f"), peak RSS {x['peak_rss_mb']:.0f} MB" for x in rows)


def runs_on_first_db(runs: list[dict[str, Any]], r: dict[str, Any]) -> dict[str, Any]:
    """The run with ``r``'s size and workers on the first store given (growth compares
    those)."""
    return next(x for x in runs if x["n"] == r["n"] and x["workers"] == r["workers"]
                and x.get("engine") == r.get("engine"))


def compare_backends(runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each server run against the SQLite run of the same size and workers: wall time, and
    this process's store + link CPU per article (what the backend changes)."""
    out = []
    for r in runs:
        if r["db"] == "sqlite":
            continue
        base = next((x for x in runs if x["db"] == "sqlite" and x["n"] == r["n"]
                     and x["workers"] == r["workers"] and x.get("engine") == r.get("engine")),
                    None)
        if base is None:
            continue

        def db_ms(x: dict[str, Any]) -> float:
            return x["stage_ms"].get("store", 0.0) + x["stage_ms"].get("link", 0.0)

        out.append({"db": r["db"], "n": r["n"], "workers": r["workers"],
                    "time_ratio": r["seconds"] / base["seconds"],
                    "store_link_ms": db_ms(r), "sqlite_store_link_ms": db_ms(base),
                    "store_link_ratio": db_ms(r) / db_ms(base) if db_ms(base) else None})
    return out


def format_backends(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{c['db']} vs sqlite, n={c['n']} workers={c['workers']}: time x{c['time_ratio']:.2f}; "
            f"store+link CPU in this process {c['store_link_ms']:.2f} vs "
            f"{c['sqlite_store_link_ms']:.2f} ms/article (x{c['store_link_ratio'] or 0:.2f}; the "
            "server's own CPU is not counted)" for c in rows]


def run_benchmark(data_file: Path, ns: tuple[int, ...] = (2000, 20000), *,
                  workers: int | None = None, theater: str = "syria",
                  stages: tuple[str, ...] | None = None, link_every: int = LINK_EVERY,
                  spacy_model: str | None = None, dbs: tuple[str, ...] = (),
                  engine: str = "local", copies: str = "shifted",
                  echo: Callable[[str], None] = print) -> dict[str, Any]:
    """Each of ``ns`` articles on one worker and on ``workers`` (all cores by default),
    into a scratch store on each of ``dbs`` (default: SQLite; see
    :func:`marsad.store.scratch.scratch_store`), then the spaCy NER pass and the start-up
    run; prints the figures with ``echo`` and returns them. ``engine="dask"`` adds, after
    those, a run on a local Dask cluster of ``workers`` processes. ``copies``: how the
    articles past the file's are made (:data:`COPY_MODES`)."""
    if copies not in COPY_MODES:
        raise BenchmarkError(f"copies={copies!r}: one of {', '.join(COPY_MODES)}")
    docs = load_docs(data_file)
    cores = workers or os.cpu_count() or 1
    echo(f"{len(docs)} FA-KES articles, mean {sum(map(words, docs)) / len(docs):.0f} words; "
         f"{cores} cores for the parallel run; {COPIES_NOTES[copies]}")
    runs: list[dict[str, Any]] = []
    plan = [(w, "local") for w in ((1, cores) if cores > 1 else (1,))]
    if engine == "dask":
        plan.append((cores, "dask"))
    for n in ns:
        for w, how in plan:
            for db in dbs or (None,):
                r = run_once(docs, n, workers=w, theater=theater, stages=stages,
                             link_every=link_every, db=db, engine=how,
                             copies=copies)
                runs.append(r)
                for line in format_run(r):
                    echo(line)
    out: dict[str, Any] = {"runs": runs}
    out["backends"] = compare_backends(runs)
    for line in format_backends(out["backends"]):
        echo(line)
    single = [r for r in runs if r["workers"] == 1 and r["engine"] == "local"
              and r is runs_on_first_db(runs, r)]
    if len(single) >= 2:
        a, b = single[0], single[-1]
        ratio = b["seconds"] / a["seconds"]
        cpu_ratio = b["cpu_seconds"] / a["cpu_seconds"] if a["cpu_seconds"] else None
        scale = b["n"] / a["n"]
        out["growth"] = {"time_ratio": ratio, "cpu_ratio": cpu_ratio, "n_ratio": scale}
        echo(f"growth {a['n']} -> {b['n']} articles (one core): time x{ratio:.2f} "
             f"(CPU x{cpu_ratio or 0:.2f}) for x{scale:.0f} articles "
             f"(linear would be x{scale:.0f})")
    if single:
        out["per_article"] = per_article(single)
        echo(format_per_article(out["per_article"]))
    sp = spacy_baseline(docs, ns[0], spacy_model, copies)
    if sp is None:
        echo("spaCy is not installed: no spaCy NER comparison (pip install -e '.[bench]')")
    else:
        what = (f"{sp['model']} {sp['version']}" if sp["trained"] else
                f"stock small NER architecture ({sp['model']})")
        echo(f"spaCy {sp['spacy']} {what} ({'+'.join(sp['pipes'])}), "
             f"n={sp['n']}, one thread: {sp['articles_per_s']:.1f} articles/s "
             f"({sp['cpu_articles_per_s'] or 0:.1f} per CPU-second), "
             f"{sp['words_per_s']:.0f} words/s, process peak RSS {sp['peak_rss_mb']:.0f} MB")
        first = next((r for r in runs if r["workers"] == 1 and r["n"] == sp["n"]
                      and r["engine"] == "local"), None)
        if first is not None:
            sp["marsad_speedup"] = first["articles_per_s"] / sp["articles_per_s"]
            if first.get("cpu_seconds") and sp["cpu_seconds"]:
                sp["marsad_cpu_speedup"] = sp["cpu_seconds"] / first["cpu_seconds"]
            echo(f"marsad, whole pipeline on one core, is x{sp['marsad_speedup']:.2f} "
                 f"the spaCy NER pass on the same {sp['n']} articles (per CPU-second "
                 f"x{sp.get('marsad_cpu_speedup', 0):.2f}; target x5)")
    out["spacy"] = sp
    # last: its child process would otherwise count in the runs' worker peak RSS
    out["startup"] = startup_run(nth_doc(docs, 0), theater)
    echo(format_startup(out["startup"]))
    return out
