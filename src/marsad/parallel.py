"""Run a built pipeline over a stream of articles in several worker processes.

The workers are forked from the process that built the pipeline, so they share its models
(copy-on-write) instead of building them again. Results come back in input order, so what
is stored, and every id, is the same as with one process. At most ``max_pending``
articles are in flight, so a fast reader cannot fill memory. A failing article's
traceback and, on request, each stage's CPU time come back from the worker too.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult

from .errors import MarsadError
from .model import Article
from .core.stage import Stage
from .pipeline import Pipeline

#: articles handed to the workers and not yet given back, at most
MAX_PENDING = 256
#: the pipeline the forked workers inherit (set only in the parent, for the fork)
_INHERITED: dict[str, Pipeline] = {}


class ParallelError(MarsadError, RuntimeError):
    """Worker processes cannot be used here."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


#: CPU seconds per stage in this process since the last :func:`take_stage_times`
_STAGE_SECONDS: dict[str, float] = {}


class _TimedStage:
    """A stage that adds its CPU time to this process's stage clock."""

    def __init__(self, stage: Stage):
        self.stage = stage
        self.name, self.requires, self.assigns = stage.name, stage.requires, stage.assigns

    def __call__(self, article: Article) -> Article:
        t0 = time.process_time()
        try:
            return self.stage(article)
        finally:
            _STAGE_SECONDS[self.name] = (_STAGE_SECONDS.get(self.name, 0.0)
                                         + time.process_time() - t0)


def timed(pipeline: Pipeline) -> Pipeline:
    """The same pipeline with each stage timed (CPU seconds, see :func:`take_stage_times`)."""
    return Pipeline([_TimedStage(s) for s in pipeline.stages], pipeline.pack)


def take_stage_times() -> dict[str, float]:
    """The stage times of this process since the last call, and a fresh start."""
    times = dict(_STAGE_SECONDS)
    _STAGE_SECONDS.clear()
    return times


class ArticleTimeout(MarsadError, TimeoutError):
    """An article used up its time budget (:func:`time_budget`); that article fails alone."""


def budget_available() -> bool:
    """Whether :func:`time_budget` can work here: POSIX interval timers, in the main thread
    (where Python runs signal handlers)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` inside the block once it has used ``seconds`` of this
    process's CPU time (``ITIMER_PROF``, so a busy machine does not fail an article that a
    quiet one codes; a stage waits on nothing). No budget for ``None``/0, off the main
    thread or without ``signal.setitimer`` (Windows). The handler runs between Python
    bytecodes, so one long call into C code finishes first."""
    if not seconds or not budget_available():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise ArticleTimeout(f"used more than {seconds:g} s of CPU time, the budget per article "
                             "(--article-timeout); skipped")

    old = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)


class _Budgeted(Pipeline):
    """A pipeline whose every article runs under :func:`time_budget`."""

    def __init__(self, inner: Pipeline, seconds: float):  # the inner one is validated
        self.inner, self.seconds = inner, seconds
        self.stages, self.pack = inner.stages, inner.pack

    def __call__(self, article: Article) -> Article:
        with time_budget(self.seconds):
            return self.inner(article)


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C (sent to the whole process group) is the parent's to handle, and
    the parent's SIGTERM handler is not this process's: the parent ends the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


_Result = tuple[int, Article | None, str | None, str | None, dict[str, float]]


def _process(item: tuple[int, Article]) -> _Result:
    index, article = item
    try:
        done = _INHERITED["pipeline"](article)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which goes on
        return (index, None, f"{type(exc).__name__}: {exc}", traceback.format_exc(),
                take_stage_times())
    return index, done, None, None, take_stage_times()


class WorkerError(MarsadError, RuntimeError):
    """A stage failed on an article in a worker process (the message names the error;
    ``traceback`` is the worker's)."""

    def __init__(self, message: str, traceback: str | None = None):
        super().__init__(message)
        self.traceback = traceback


def pipe_parallel(pipeline: Pipeline, articles: Iterable[Article], workers: int, *,
                  on_error: Callable[[Article, Exception], None] | None = None,
                  max_pending: int = MAX_PENDING,
                  on_stage_times: Callable[[dict[str, float]], None] | None = None,
                  article_timeout: float | None = None,
                  ) -> Iterator[Article]:
    """``pipeline.pipe(articles, on_error=...)`` over ``workers`` processes, in input order.

    A failing article is handed to ``on_error`` as a :class:`WorkerError` (or raised when
    there is no handler). ``on_stage_times`` gets each article's CPU seconds per stage
    (measured where the stage ran). ``article_timeout``: CPU seconds an article may take
    (:func:`time_budget`) before it fails with :class:`ArticleTimeout`. Several workers
    need the "fork" start method (Linux, macOS); they leave Ctrl-C to this process."""
    if on_stage_times is not None:
        pipeline = timed(pipeline)
        take_stage_times()
    if article_timeout:
        pipeline = _Budgeted(pipeline, article_timeout)
    if workers <= 1:
        for done in pipeline.pipe(articles, on_error=on_error):
            if on_stage_times is not None:
                on_stage_times(take_stage_times())
            yield done
        if on_stage_times is not None:  # failed articles after the last one yielded
            on_stage_times(take_stage_times())
        return
    if "fork" not in mp.get_all_start_methods():
        raise ParallelError("several workers need the 'fork' start method, which this "
                            "platform lacks; run with one worker")
    _INHERITED["pipeline"] = pipeline
    try:
        with mp.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
            # the input is read here, in this thread (it may query the store); the oldest
            # result is waited for once ``max_pending`` articles are out
            in_flight: deque[tuple[Article, AsyncResult]] = deque()
            for index, article in enumerate(articles):
                in_flight.append((article, pool.apply_async(_process, ((index, article),))))
                if len(in_flight) >= max_pending:
                    yield from _deliver(*in_flight.popleft(), on_error, on_stage_times)
            while in_flight:
                yield from _deliver(*in_flight.popleft(), on_error, on_stage_times)
    finally:
        _INHERITED.clear()


def _deliver(article: Article, result: AsyncResult,
             on_error: Callable[[Article, Exception], None] | None,
             on_stage_times: Callable[[dict[str, float]], None] | None) -> Iterator[Article]:
    _index, done, error, tb, times = result.get()
    if on_stage_times is not None:
        on_stage_times(times)
    if error is None:
        yield done
        return
    exc = WorkerError(error, tb)
    if on_error is None:
        raise exc
    on_error(article, exc)
