"""Code articles on a Dask cluster: ``marsad run --engine dask [--scheduler ADDRESS]``.

An engine maps a stream of articles to coded articles, in input order; the runner reads,
stores and links exactly as with the local pool (:func:`marsad.parallel.pipe_parallel`),
so the store is the same whatever codes the articles. This one hands batches of articles
to the workers of a Dask cluster: a :class:`~dask.distributed.LocalCluster` of worker
processes on this machine (loopback only) when no scheduler address is given, or the
scheduler at ``ADDRESS`` (``dask scheduler`` / ``dask worker ADDRESS`` on machines where
marsad is installed).

The pipeline is not shipped (it holds closures that do not pickle): its recipe (the loaded
pack, ~2.5 MB, and the stage names) is the result of a task that every batch depends on,
so each worker fetches it once (and Dask computes it again if it is lost), and each worker
process builds the pipeline from it on its first batch and keeps it, keyed by the recipe's
hash, so a worker serving many runs of one pack builds it once. A failing article comes
back as that article's error (the worker's traceback with it); a batch lost whole (a
worker died on it) is coded again one article per task, so the article that kills a worker
fails alone. Dask is optional (the ``dask`` extra) and imported only here, when used.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import itertools
import logging
import pickle
import signal
import sys
import threading
import time
import traceback
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from . import pipeline as pipeline_mod
from .errors import MarsadError
from .model import Article
from .parallel import (
    MAX_PENDING, ArticleTimeout, WorkerError, available_cores, budget_available, take_stage_times,
    time_budget, timed,
)
from .pipeline import Pipeline
from .theaters import PackError, TheaterPack, builtin_pack_dir

log = logging.getLogger(__name__)

#: what to install when Dask is missing
DASK_EXTRA = "pip install 'marsad[dask]'"
#: articles per Dask task: ~10-20 ms each, so a task is ~0.1-0.2 s, well above Dask's
#: per-task cost (~1 ms) and small enough that a slow batch holds back few others
BATCH = 8


#: every HTTP server of a local cluster (health, metrics; no dashboard) on a free port of
#: 127.0.0.1: with ``dashboard_address=None`` alone, the scheduler's takes port 8787, and a
#: second cluster (or anything else on 8787) prints a warning on stderr and moves
LOOPBACK_ONLY: dict[str, Any] = {
    "dashboard_address": None, "scheduler_kwargs": {"dashboard_address": "127.0.0.1:0"},
    "worker_dashboard_address": "127.0.0.1:0"}


class EngineError(MarsadError, RuntimeError):
    """The engine cannot code articles: Dask is not installed, the scheduler cannot be
    reached, or the workers cannot build the pipeline."""


@dataclass(frozen=True)
class PipelineRecipe:
    """How to build the run's pipeline in any process: the loaded pack (overlays merged)
    and the stage names (None: the pack's default pipeline). Picklable, unlike a built
    pipeline. ``builtin``: the pack is one of marsad's own, so a machine where marsad is
    installed elsewhere finds its folder (a few files are read from there when the
    stages are built) in its own install."""

    pack: TheaterPack
    stages: tuple[str, ...] | None = None
    builtin: bool = False

    def build(self) -> Pipeline:
        pack = self.pack
        if not (Path(pack.path) / "pack.json").is_file():   # another machine
            if not self.builtin:
                raise PackError(f"the theater pack folder {pack.path} is not on this machine "
                                "(a pack that is not built in must be at the same path on "
                                "every worker)")
            pack = dataclasses.replace(pack, path=str(builtin_pack_dir(pack.name)))
        if self.stages is None:
            return pipeline_mod.default_pipeline(pack.name, pack=pack)
        return pipeline_mod.build_pipeline(pack.name, stages=self.stages, pack=pack)


def require_dask() -> None:
    """Raise :class:`EngineError` naming the extra to install when Dask is missing."""
    try:
        import dask.distributed  # noqa: F401 - optional: the `dask` extra
    except ImportError as exc:
        raise EngineError(f"the dask engine needs Dask distributed, which is not installed "
                          f"({exc}); install the extra: {DASK_EXTRA}") from None


class Engine(Protocol):
    """What codes a run's articles instead of this machine's worker processes
    (``marsad.runner.run(engine=...)``): the coded articles in input order, a failing one
    handed to ``on_error`` (the run goes on), ``on_stage_times`` given CPU seconds per stage
    measured where they ran, ``article_timeout`` CPU seconds per article."""

    name: str

    def pipe(self, recipe: PipelineRecipe, articles: Iterable[Article], *,
             on_error: Callable[[Article, Exception], None] | None = None,
             on_stage_times: Callable[[dict[str, float]], None] | None = None,
             article_timeout: float | None = None) -> Iterator[Article]: ...


# --- in a worker process --------------------------------------------------------------

#: recipe key -> the pipeline built from it in this process (the last few recipes), and
#: the same pipeline with its stages timed (made when first asked for)
_BUILT: OrderedDict[str, list[Pipeline]] = OrderedDict()
_BUILT_KEEP = 2
_BUILD_LOCK = threading.Lock()


def dask_setup(worker: Any) -> None:
    """Dask's preload hook (``--preload marsad.cluster``; the local cluster sets it): Ctrl-C
    at a terminal reaches every process of its group, and stopping the run is the
    client's to do (it closes the cluster), so a worker ignores SIGINT instead of printing
    its event loop's traceback. SIGTERM still ends a worker. The tasks it was running when
    the client cancels them (a stopped run) are no warning either."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed.worker.state_machine").setLevel(logging.ERROR)


class _BuildFailed(Exception):
    """A worker cannot build the pipeline (the message says why): the run stops."""


def _pipeline(key: str, recipe: PipelineRecipe, timed_stages: bool) -> Pipeline:
    """The pipeline of ``recipe`` (whose hash is ``key``), built once in this process."""
    with _BUILD_LOCK:
        built = _BUILT.get(key)
        if built is None:
            try:
                built = [recipe.build()]
            except Exception as exc:  # noqa: BLE001 - reported to the client, which stops
                raise _BuildFailed(f"{type(exc).__name__}: {exc}") from None
            _BUILT[key] = built
            while len(_BUILT) > _BUILT_KEEP:
                _BUILT.popitem(last=False)
        _BUILT.move_to_end(key)
        if not timed_stages:
            return built[0]
        if len(built) == 1:
            built.append(timed(built[0]))
        return built[1]


def _the_recipe(recipe: PipelineRecipe) -> PipelineRecipe:
    """A Dask task whose result is the recipe: fetched once by each worker that codes."""
    return recipe


def _code_batch(key: str, recipe: PipelineRecipe, timed_stages: bool,
                article_timeout: float | None, batch: list[Article]) -> list[bytes]:
    """A Dask task: code each article of ``batch``; one pickled result per article,
    ``(coded article or None, error, traceback, stage seconds)``, pickled here so an article
    whose result cannot be pickled fails alone."""
    pipeline = _pipeline(key, recipe, timed_stages)
    take_stage_times()
    out = []
    for article in batch:
        try:
            with article_budget(article_timeout):
                done = pipeline(article)
            result: tuple[Any, ...] = (done, None, None, take_stage_times())
        except Exception as exc:  # noqa: BLE001 - this article fails, not the batch
            result = (None, f"{type(exc).__name__}: {exc}", traceback.format_exc(),
                      take_stage_times())
        try:
            out.append(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as exc:  # noqa: BLE001 - this article fails alone
            out.append(pickle.dumps((None, f"cannot send the coded article back: "
                                     f"{type(exc).__name__}: {exc}", traceback.format_exc(),
                                     result[3])))
    return out


class _BudgetSpent(ArticleTimeout):
    """Raised asynchronously in a thread that used up its budget (no message can be given
    that way: :func:`thread_time_budget` raises a proper :class:`ArticleTimeout`)."""


@contextmanager
def thread_time_budget(seconds: float) -> Iterator[None]:
    """:func:`marsad.parallel.time_budget` for a thread that is not the main one (a Dask
    worker codes in a thread of its executor, where no signal handler runs): a watchdog
    thread reads this thread's CPU clock and, once ``seconds`` are used, raises
    :class:`ArticleTimeout` in it (``PyThreadState_SetAsyncExc``: between two Python
    bytecodes, so one long call into C code finishes first, as with the signal)."""
    target = threading.get_ident()
    clock = time.pthread_getcpuclockid(target)
    start = time.clock_gettime(clock)
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    stop = threading.Event()

    def watch() -> None:
        while True:
            left = seconds - (time.clock_gettime(clock) - start)
            # CPU time grows no faster than wall time: sleep the CPU time left, then look
            if left > 0 and not stop.wait(left):
                continue
            with lock:
                if stop.is_set() or state["done"]:
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(_BudgetSpent))
                state["fired"] = True
                return

    watchdog = threading.Thread(target=watch, name="marsad-budget", daemon=True)
    watchdog.start()
    try:
        yield
    except _BudgetSpent:
        raise ArticleTimeout(f"used more than {seconds:g} s of CPU time, the budget per "
                             "article (--article-timeout); skipped") from None
    finally:
        with lock:
            state["done"] = True
            stop.set()
            if state["fired"]:   # fired as the block ended: clear it if not yet raised
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), None)
        watchdog.join()


def thread_budget_available() -> bool:
    """Whether :func:`thread_time_budget` can work here (per-thread CPU clocks, CPython)."""
    return hasattr(time, "pthread_getcpuclockid") and hasattr(ctypes, "pythonapi")


@contextmanager
def article_budget(seconds: float | None) -> Iterator[None]:
    """The CPU budget of one article wherever it is coded: the signal-based budget in a
    main thread, the watchdog in any other (a Dask worker's executor thread)."""
    if not seconds:
        yield
    elif budget_available():
        with time_budget(seconds):
            yield
    elif thread_budget_available():
        with thread_time_budget(seconds):
            yield
    else:  # pragma: no cover - not Linux/CPython; said once per worker
        log.warning("no per-article CPU budget in this worker: no per-thread CPU clock here")
        yield


# --- in the client (the process that stores and links) -------------------------------

_DASK_LOGGERS = ("distributed", "dask")


def _dask_log_levels() -> list[tuple[logging.Logger, int]]:
    return [(lg, lg.level) for lg in map(logging.getLogger, _DASK_LOGGERS)]


def _restore_log_levels(saved: list[tuple[logging.Logger, int]]) -> None:
    for logger, level in saved:
        logger.setLevel(level)


def _hush_dask() -> None:
    """Dask's loggers in this process say only CRITICAL from now on (while we close what we
    opened: a stopped run's cancelled tasks and departing workers are not news)."""
    for name in _DASK_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


@contextmanager
def _noting_stops(stops: list[int]) -> Iterator[None]:
    """Note SIGINT and SIGTERM in ``stops`` before their Python handler runs (the one
    raising KeyboardInterrupt): raised while the main thread runs a ``__del__`` (Dask's
    futures have one), the KeyboardInterrupt is dropped (and not printed: Python's
    "Exception ignored" message would be a traceback), so the engine checks ``stops``
    after each batch too. Only in the main thread, and only where a Python
    handler is set (a default action stays as it is)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        old = signal.getsignal(sig)
        if callable(old):
            def noted(signum: int, frame: Any, old: Callable[[int, Any], Any] = old) -> Any:
                stops.append(signum)
                return old(signum, frame)

            saved[sig] = old
            signal.signal(sig, noted)
    previous_hook = sys.unraisablehook

    def unraisable(info: Any) -> None:
        # the swallowed KeyboardInterrupt: noted above, not a message on stderr
        if not (stops and isinstance(info.exc_value, KeyboardInterrupt)):
            previous_hook(info)

    sys.unraisablehook = unraisable
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        for sig, old in saved.items():
            signal.signal(sig, old)


class DaskEngine:
    """Codes articles on Dask: a local cluster of ``workers`` processes (0: one per core)
    when ``scheduler`` is None, else the cluster whose scheduler is at that address."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 0, *,
                 batch_size: int = BATCH, max_pending: int = MAX_PENDING):
        require_dask()
        self.scheduler = scheduler
        self.workers = workers or available_cores()
        self.batch_size = max(1, batch_size)
        self.max_pending = max(1, max_pending)
        #: seconds the last run took to start its local cluster or reach the scheduler
        self.start_seconds: float | None = None

    def describe(self) -> str:
        return (f"the Dask scheduler at {self.scheduler}" if self.scheduler
                else f"a local Dask cluster of {self.workers} worker processes")

    @contextmanager
    def _client(self) -> Iterator[Any]:
        import dask  # optional: the `dask` extra
        from dask.distributed import Client, LocalCluster

        t0 = time.perf_counter()
        with ExitStack() as stack:
            # left last: the log levels as they were once the cluster is closed
            stack.callback(_restore_log_levels, _dask_log_levels())
            try:
                if self.scheduler:
                    client = stack.enter_context(Client(self.scheduler, timeout="30s"))
                else:
                    # worker processes on loopback, one thread each (the stages are CPU
                    # bound Python: threads would share one core), no dashboard; a task
                    # whose worker dies fails at once (Dask would try it on three more
                    # workers, killing each): the batch is coded again one article at a time
                    # Dask's own messages (a worker lost, a task failed: each failed
                    # article has its error line already) only with `marsad -v`
                    verbose = logging.getLogger("marsad").getEffectiveLevel() <= logging.INFO
                    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                        cluster = stack.enter_context(LocalCluster(
                            n_workers=self.workers, threads_per_worker=1, processes=True,
                            host="127.0.0.1", preload=[__name__], **LOOPBACK_ONLY,
                            silence_logs=logging.WARNING if verbose else logging.CRITICAL))
                    client = stack.enter_context(Client(cluster))
                stack.callback(_hush_dask)   # left first
            except (OSError, TimeoutError, ValueError, RuntimeError) as exc:
                hint = "" if self.scheduler else (
                    " (the worker processes import the main module: a script that starts a "
                    "local cluster must do its work under `if __name__ == '__main__':`)")
                raise EngineError(f"cannot start or reach {self.describe()}: "
                                  f"{type(exc).__name__}: {exc}{hint}") from None
            self.start_seconds = time.perf_counter() - t0
            yield client

    def pipe(self, recipe: PipelineRecipe, articles: Iterable[Article], *,
             on_error: Callable[[Article, Exception], None] | None = None,
             on_stage_times: Callable[[dict[str, float]], None] | None = None,
             article_timeout: float | None = None) -> Iterator[Article]:
        """The coded articles in input order, as :func:`marsad.parallel.pipe_parallel`
        gives them (a failing article to ``on_error`` as a :class:`WorkerError`)."""
        key = hashlib.sha256(pickle.dumps(recipe, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
        timed_stages = on_stage_times is not None
        stops: list[int] = []
        with _noting_stops(stops), self._client() as client:
            threads = sum(client.nthreads().values())
            if not threads:
                raise EngineError(f"{self.describe()} has no workers")
            log.info("coding on %s (%d worker threads)", self.describe(), threads)
            # a task, not scattered data: a worker that dies holding the only copy takes
            # scattered data with it for good, where a task's result is computed again
            shared = client.submit(_the_recipe, recipe, key=f"marsad-recipe-{key}")
            in_flight = max(2 * threads, -(-self.max_pending // self.batch_size))
            pending: deque[tuple[list[Article], Any]] = deque()

            def submit(batch: list[Article]) -> Any:
                return client.submit(_code_batch, key, shared, timed_stages, article_timeout,
                                     batch, pure=False)

            def deliver(batch: list[Article], future: Any, *, again: bool = True
                        ) -> Iterator[Article]:
                try:
                    payloads = future.result()
                    if stops:   # a stop signal whose KeyboardInterrupt Python swallowed
                        raise KeyboardInterrupt
                except _BuildFailed as exc:
                    raise EngineError(f"the workers cannot build the pipeline: {exc}") from None
                except Exception as exc:  # noqa: BLE001 - the batch was lost whole
                    if again:
                        # again one article per task, one task at a time: an article that
                        # kills its worker fails alone (a batch lost beside it, on the same
                        # worker, is coded again too)
                        log.info("a batch was lost (%s: %s); coding it one article per task",
                                 type(exc).__name__, exc)
                        for article in batch:
                            yield from deliver([article], submit([article]), again=False)
                        return
                    payloads = [pickle.dumps((None, f"WorkerLost: {type(exc).__name__}: {exc}",
                                              None, {}))]
                for article, payload in zip(batch, payloads):
                    done, error, tb, times = pickle.loads(payload)
                    if on_stage_times is not None and times:
                        on_stage_times(times)
                    if error is None:
                        yield done
                        continue
                    exc2 = WorkerError(error, tb)
                    if on_error is None:
                        raise exc2
                    on_error(article, exc2)

            try:
                it = iter(articles)
                while True:
                    batch = list(itertools.islice(it, self.batch_size))
                    if not batch:
                        break
                    pending.append((batch, submit(batch)))
                    # give back what is done at the head (input order), wait when full
                    while pending and (len(pending) >= in_flight or pending[0][1].done()):
                        yield from deliver(*pending.popleft())
                while pending:
                    yield from deliver(*pending.popleft())
            finally:
                futures = [f for _, f in pending]
                pending.clear()
                if futures:
                    client.cancel(futures)


__all__ = ["BATCH", "DASK_EXTRA", "DaskEngine", "Engine", "EngineError", "PipelineRecipe", "article_budget",
           "require_dask", "thread_time_budget"]
