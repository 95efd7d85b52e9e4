"""The library runner: read inputs, code their events, store them and link them.

``marsad run`` is a thin wrapper over :func:`run`; the benchmark drives
:func:`run_articles`, the same loop, with a stage clock. Example::

    import marsad
    result = marsad.run(["reports/"], store="war.db", workers=0)
    print(result.stored, "new articles,", result.new_events, "new events")
    for failure in result.failures:
        print(failure.input, failure.error)
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import json
import logging
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

# ingest.read_paths and pipeline.build_pipeline are looked up on their modules at call
# time (and find_linker on this one), so a caller (or a test) can stand in its own
from . import ingest
from . import pipeline as pipeline_mod
from .api import open_store, resolve_pack
from .cluster import Engine, PipelineRecipe
from .core.datelines import as_date
from .defaults import ARTICLE_TIMEOUT, LINK_EVERY
from .errors import InvalidArgument, MarsadError
from .ingest import IngestFailure
from .ingest.readers import decode_bytes
from .link import RecentArticles, link_store
from .model import Article
from .parallel import WorkerError, available_cores, pipe_parallel
from .pipeline import BATCH_GC_THRESHOLD, Pipeline, PipelineError, batch_gc
from .store import Store, StoreError, singleton_events
from .theaters import TheaterPack

log = logging.getLogger(__name__)

#: articles per store transaction (``Store.add_articles``)
STORE_BATCH = 100
#: articles read ahead and looked up in the store together (skipping those it holds)
CHECK_BATCH = 100

StageTimer = Callable[[str, float], None]


class RunError(MarsadError):
    """A run cannot go on: the pipeline cannot be built, or linking failed."""


@dataclass(frozen=True)
class Failure:
    """One input (a file, a row, an article) that failed; the run went on without it."""

    input: str
    error: str
    #: the Python traceback for an article a stage or the store failed on (None when an
    #: input could not be read: its reason says all)
    traceback: str | None = None


@dataclass
class RunResult:
    """What a run did; ``failures`` lists each failed input in the order met."""

    read: int = 0               # articles read from the inputs
    stored: int = 0             # new articles stored
    skipped: int = 0            # already in the store
    events_before: int = 0      # events in the store before the run
    events: int = 0             # events in the store after the run
    event_types: dict[str, int] = field(default_factory=dict)  # events in store by type
    linking: str = ""           # "linker", or "singleton" when find_linker() gives None
    store: str = ""             # where it was stored
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def new_events(self) -> int:
        return self.events - self.events_before

    @property
    def ok(self) -> bool:
        return not self.failures


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during a run: what was stored stays, unlinked until the next run.

    A KeyboardInterrupt still, so a caller's ``except KeyboardInterrupt`` sees it;
    ``result`` holds the counts so far."""

    def __init__(self, result: RunResult):
        super().__init__(
            f"interrupted: {result.stored} new articles stored in {result.store} (their events "
            f"are linked on the next run); skipped: {result.skipped} already stored, "
            f"{result.failed} failed, the rest not read")
        self.result = result


def run(sources: str | Path | Iterable[str | Path] = (), *, store: str | Path | Store = "marsad.db",
        pack: str | TheaterPack = "syria", samples: bool = False,
        columns: dict[str, str] | None = None, max_bytes: int | None = None,
        workers: int = 1, link_every: int = LINK_EVERY,
        on_failure: Callable[[Failure], None] | None = None,
        progress: Callable[[Iterator[Article]], Iterable[Article]] | None = None,
        article_timeout: float | None = ARTICLE_TIMEOUT, outlet: str | None = None,
        published: str | dt.date | None = None, engine: Engine | None = None) -> RunResult:
    """Read ``sources`` (files, folders, glob patterns; ``samples=True`` adds the bundled
    samples), code their events, store the new articles and link their events.

    ``store``: a SQLite path, a SQLAlchemy URL or an open :class:`~marsad.store.Store`
    (left open). ``pack``: a theater pack name, folder or loaded pack. ``columns`` maps
    fields to CSV/JSONL columns (``{"text": "body"}``); ``max_bytes`` skips larger files
    (JSONL and CSV are streamed: there it skips a longer line).
    ``workers``: processes that code articles (0: one per core). A failing input is
    recorded in the result (and handed to ``on_failure`` at once) and the rest go on.
    ``progress`` wraps the stream of articles (a progress bar). ``article_timeout``: CPU
    seconds one article may take in the pipeline before it fails alone (None: no limit;
    enforced with ``signal.setitimer`` in the process that codes it, when that is the main
    thread of a POSIX process, see :func:`marsad.parallel.time_budget`). ``outlet`` and
    ``published`` fill in what an input does not say (plain text and HTML carry no
    metadata); an article's own outlet or date is kept. ``engine``: what codes the
    articles instead of this process's workers, e.g.
    ``marsad.cluster.DaskEngine(scheduler=None, workers=2)`` (a local Dask cluster; storing
    and linking stay here, and the store is the same). Raises a
    :class:`~marsad.errors.MarsadError` when the run cannot go on, and
    :class:`RunInterrupted` on Ctrl-C.
    """
    paths = [str(sources)] if isinstance(sources, (str, Path)) else [str(p) for p in sources]
    if samples:
        paths += list(ingest.sample_paths())
    if not paths:
        raise InvalidArgument("give files, folders or glob patterns to read, or samples=True",
                              param="sources")
    read_kwargs: dict = {}
    if columns:
        read_kwargs["columns"] = columns
    if max_bytes:
        read_kwargs["max_bytes"] = max_bytes
    try:
        day = as_date(published)
    except ValueError:
        raise InvalidArgument(f"{published!r} is not a date (YYYY-MM-DD)", param="published") from None
    theater_pack, theater_ref = resolve_pack(pack)  # an unknown pack fails before the store is made
    items = ingest.read_paths(paths, **read_kwargs)
    if outlet or day:
        items = _with_defaults(items, outlet or None, day)
    return run_articles(items, store=store, pack=theater_pack,
                        theater_ref=theater_ref, workers=workers, link_every=link_every,
                        on_failure=on_failure, progress=progress,
                        article_timeout=article_timeout, engine=engine)


def _with_defaults(items: Iterable[Article | IngestFailure], outlet: str | None,
                   published: dt.date | None) -> Iterator[Article | IngestFailure]:
    for item in items:
        if isinstance(item, Article):
            if outlet and not item.outlet:
                item.outlet = outlet
            if published and item.published is None:
                item.published = published
        yield item


#: where ``marsad run --samples`` stores the invented sample articles unless told otherwise
SAMPLES_DB = "marsad-samples.db"

#: what an upload may be, and the file suffix ``ingest.read_paths`` reads it by
UPLOAD_KINDS = {"text": ".txt", "markdown": ".md", "html": ".html", "json": ".json",
                "jsonl": ".jsonl"}


def run_upload(data: bytes, kind: str, *, store: str | Path | Store, pack: str | TheaterPack = "syria",
               name: str = "upload", metadata: dict[str, str] | None = None,
               max_bytes: int | None = None) -> tuple[RunResult, list[str]]:
    """One uploaded document through :func:`run`'s reading, coding, storing and linking:
    ``kind`` is one of :data:`UPLOAD_KINDS` (an article's text, a Markdown or HTML page, a
    JSON record or JSON lines with the columns ``run`` reads). ``metadata`` (title, outlet,
    date, url) goes with a text upload, which cannot carry it. Returns the run's result and
    the ids of the articles read; an article's ``source_path`` is ``upload:NAME``."""
    if kind not in UPLOAD_KINDS:
        raise InvalidArgument(f"{kind!r}; known: {', '.join(UPLOAD_KINDS)}", param="kind")
    meta = {k: v for k, v in (metadata or {}).items() if v}
    if meta and kind in ("text", "markdown"):
        text, _ = decode_bytes(data)
        data = json.dumps({**meta, "text": text}, ensure_ascii=False).encode("utf-8")
        kind = "json"
    elif meta:
        raise InvalidArgument("title, outlet, date and url go with a text upload; a page or "
                              "record carries its own", param="metadata")
    ids: list[str] = []
    with tempfile.TemporaryDirectory(prefix="marsad-upload-") as tmp:
        path = Path(tmp) / f"upload{UPLOAD_KINDS[kind]}"
        path.write_bytes(data)

        def renamed(items: Iterable[Article | IngestFailure]) -> Iterator[Article | IngestFailure]:
            for item in items:
                if isinstance(item, Article):
                    item.source_path = (item.source_path or str(path)).replace(str(path), f"upload:{name}")
                    ids.append(item.id)
                else:
                    item = replace(item, source=item.source.replace(str(path), f"upload:{name}"))
                yield item

        theater_pack, theater_ref = resolve_pack(pack)
        items = (ingest.read_paths([str(path)], max_bytes=max_bytes) if max_bytes
                 else ingest.read_paths([str(path)]))
        result = run_articles(renamed(items), store=store,
                              pack=theater_pack, theater_ref=theater_ref)
    return result, list(dict.fromkeys(ids))


def run_articles(items: Iterable[Article | IngestFailure], *, store: str | Path | Store,
                 pack: str | TheaterPack = "syria", theater_ref: str | None = None,
                 pipeline: Pipeline | None = None, workers: int = 1,
                 link_every: int = LINK_EVERY, store_batch: int = STORE_BATCH,
                 on_failure: Callable[[Failure], None] | None = None,
                 progress: Callable[[Iterator[Article]], Iterable[Article]] | None = None,
                 stage_timer: StageTimer | None = None,
                 article_timeout: float | None = ARTICLE_TIMEOUT,
                 engine: Engine | None = None) -> RunResult:
    """:func:`run` over articles already read (an ``IngestFailure`` item is a failed input).

    ``pipeline``: a built pipeline (default: the pack's, built at the first article not
    yet stored). ``stage_timer(name, cpu_seconds)`` is called with each pipeline stage's
    CPU time per article (measured in the worker that ran it), and with this process's
    time in ``"store"`` (writing, not counting what the input stream did meanwhile) and
    ``"link"``. ``engine`` (see :func:`run`) builds the pipeline where it codes, from the
    pack and ``pipeline``'s stage names (registered stages only), and ignores ``workers``.
    """
    if isinstance(pack, str) or theater_ref is None:
        pack, ref = resolve_pack(pack)
        theater_ref = theater_ref or ref
    result = RunResult()
    n_workers = workers or available_cores()

    def fail(source: str, error: str, exc: BaseException | None = None) -> None:
        tb = None
        if isinstance(exc, WorkerError):
            tb = exc.traceback
        elif exc is not None:
            tb = "".join(traceback.format_exception(exc))
        failure = Failure(source, error, tb)
        result.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)
        if tb:
            log.debug("traceback of %s:\n%s", source, tb.rstrip())

    def pipeline_failed(article: Article, exc: Exception) -> None:
        # a WorkerError already reads "ValueError: ..." (the error raised in the worker)
        detail = str(exc) if isinstance(exc, WorkerError) else f"{type(exc).__name__}: {exc}"
        fail(_describe(article), detail, exc)

    def store_failed(article: Article, exc: StoreError) -> None:
        fail(_describe(article), str(exc), exc)

    def articles(st: Store) -> Iterator[Article]:
        # skip the NLP for what is already stored, asking the store about a few articles at
        # once (one round trip per article was most of a run's store time on a server);
        # an input failure is reported after the articles read before it, in input order
        ahead: list[Article] = []

        def unstored() -> Iterator[Article]:
            if not ahead:
                return
            stored = st.stored_article_ids(a.id for a in ahead)
            batch = ahead[:]
            ahead.clear()
            for article in batch:
                if article.id in stored:
                    result.skipped += 1
                else:
                    yield article

        for item in items:
            if not isinstance(item, Article):  # IngestFailure(source, reason)
                yield from unstored()
                fail(item.source, item.reason)
                continue
            result.read += 1
            ahead.append(item)
            if len(ahead) >= CHECK_BATCH:
                yield from unstored()
        yield from unstored()

    def processed(st: Store) -> Iterator[Article]:
        new = articles(st)
        first = next(new, None)
        if first is None:
            return  # nothing new: skip building the pipeline (seconds of model setup)

        def report_times(times: dict[str, float]) -> None:
            assert stage_timer is not None   # passed on only when given
            for k, v in times.items():
                stage_timer(k, v)

        on_times = None if stage_timer is None else report_times
        todo = itertools.chain([first], new)
        if engine is None:   # this machine's worker processes (or this process)
            coded = pipe_parallel(pipeline or _build(pack), todo, n_workers,
                                  on_error=pipeline_failed, on_stage_times=on_times,
                                  article_timeout=article_timeout)
        else:   # the engine builds the pipeline where it codes, from the recipe
            recipe = PipelineRecipe(pack, None if pipeline is None
                                    else tuple(pipeline.stage_names),
                                    builtin=theater_ref == pack.name)
            coded = engine.pipe(recipe, todo, on_error=pipeline_failed,
                                on_stage_times=on_times, article_timeout=article_timeout)
        with batch_gc():
            yield from coded

    def link(st: Store, recent) -> str:
        t0 = time.process_time()
        try:
            with _collect_seldom():
                method = link_pending(st, pack, recent)
        except StoreError as exc:
            raise RunError(f"linking failed: {exc}") from exc
        if stage_timer is not None:
            stage_timer("link", time.process_time() - t0)
        return method

    with _opened(store) as st:
        st.set_setting("theater", theater_ref)
        result.store = str(st)
        counts = st.stats()
        result.events_before, articles_before = counts["events"], counts["articles"]
        recent = RecentArticles()
        stream = _CpuMeter(processed(st))
        shown = progress(iter(stream)) if progress is not None else stream
        stored = st.add_articles(shown, batch_size=store_batch, on_error=store_failed)
        try:
            while True:
                t0, inner0 = time.process_time(), stream.seconds
                item = next(stored, None)
                if stage_timer is not None:  # storing, less what the stream did meanwhile
                    stage_timer("store", time.process_time() - t0 - (stream.seconds - inner0))
                if item is None:
                    break
                article, is_new = item
                if not is_new:
                    result.skipped += 1
                    continue
                result.stored += 1
                recent.add(article)
                if result.stored % link_every == 0:  # bounded linking batches
                    link(st, recent)
                    recent.clear()
            log.info("%d articles read, %d new, %d already stored, %d inputs failed",
                     result.read, result.stored, result.skipped, result.failed)
            result.linking = link(st, recent)
            result.events = st.stats()["events"]
            result.event_types = dict(st.event_type_counts())
        except KeyboardInterrupt:
            # Ctrl-C (or SIGTERM turned into one by the CLI), in reading, coding, storing or
            # linking: what was committed stays. The generators are closed now, down to the
            # engine's (GeneratorExit goes through each `yield from`), so the workers or
            # the Dask cluster stop here and not whenever the traceback is collected
            _close(stored)
            stream.close()
            # a batch is committed before its articles are handed back one by one: one the
            # interrupt cut short is stored, though not all of it was counted
            try:
                result.stored = max(result.stored, st.stats()["articles"] - articles_before)
            except (SQLAlchemyError, MarsadError):   # the count as handed back stands
                pass
            raise RunInterrupted(result) from None
    return result


@contextmanager
def _collect_seldom() -> Iterator[None]:
    """The collector's batch thresholds (``pipeline.BATCH_GC_THRESHOLD``) while a link run
    makes its hundreds of thousands of short-lived keys, rows and tuples: the run's last
    link comes after the coding stream restored Python's defaults, and its young-generation
    collections were a sixth of its time (0.58 of 3.4 s at 2,000 articles: 907 of them,
    each walking the pipeline's and the batch's live objects). Nothing is frozen here: a
    link inside the stream's ``batch_gc`` must not unfreeze what that froze."""
    old = gc.get_threshold()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def find_linker() -> Callable | None:
    """The linker :func:`link_pending` uses: ``marsad.link.link_store`` (None: one event per
    mention; tests stand in their own here)."""
    return link_store


def link_pending(store: Store, pack: TheaterPack, recent: RecentArticles | None = None) -> str:
    """Turn the store's unlinked event mentions into events; returns the method used:
    "linker" (:func:`find_linker`'s), or "singleton" (one event per asserted mention) when
    there is none. ``recent``: what was just stored, so the linker need not read it back.
    """
    linker = find_linker()
    if linker is not None:
        log.info("linking with %s", getattr(linker, "__qualname__", linker))
        linker(store, pack, recent=recent)
        return "linker"
    log.info("no linker: one event per asserted mention")
    store.save_events(singleton_events(store.event_mentions(unlinked=True)))
    return "singleton"


def _build(pack: TheaterPack) -> Pipeline:
    t0 = time.perf_counter()
    try:
        built = pipeline_mod.default_pipeline(pack.name, pack=pack)  # reused by later runs
    except (ImportError, PipelineError, ValueError) as exc:
        raise RunError(f"cannot build the pipeline: {exc}") from exc
    log.info("pipeline %s built in %.1f s", "+".join(built.stage_names),
             time.perf_counter() - t0)
    return built


class _opened:
    """An open Store as is (the caller closes it), or one opened here from a path/URL."""

    def __init__(self, store: str | Path | Store):
        self._given = store if isinstance(store, Store) else None
        self._spec = store

    def __enter__(self) -> Store:
        spec = self._spec
        self._store = spec if isinstance(spec, Store) else open_store(spec, create=True)
        return self._store

    def __exit__(self, *exc) -> None:
        if self._given is None:
            self._store.close()


class _CpuMeter:
    """An iterator's items, adding up this process's CPU time spent producing them."""

    def __init__(self, items: Iterator[Article]):
        self._items = items
        self.seconds = 0.0

    def close(self) -> None:
        _close(self._items)

    def __iter__(self) -> Iterator[Article]:
        while True:
            t0 = time.process_time()
            try:
                item = next(self._items)
            except StopIteration:
                return
            finally:
                self.seconds += time.process_time() - t0
            yield item


def _close(gen: Iterator) -> None:
    close = getattr(gen, "close", None)
    try:
        if close is not None:
            close()
    except Exception:  # noqa: BLE001 - stopping anyway; the interrupt is what is reported
        log.debug("while stopping", exc_info=True)


def _describe(article: Article) -> str:
    return article.source_path or article.url or article.title or article.id


__all__ = ["ARTICLE_TIMEOUT", "LINK_EVERY", "Failure", "RunError", "RunInterrupted", "RunResult", "find_linker",
           "link_pending", "run", "run_articles"]
