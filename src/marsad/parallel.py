"""Run a built pipeline over a stream of articles in several worker processes.

The workers are forked from the process that built the pipeline, so they share its models
(copy-on-write) instead of building them again. Results come back in input order, so what
is stored, and every id, is the same as with one process. At most ``max_pending``
articles are in flight, so a fast reader cannot fill memory.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult

from .model import Article
from .pipeline import Pipeline

#: articles handed to the workers and not yet given back, at most
MAX_PENDING = 256
#: the pipeline the forked workers inherit (set only in the parent, for the fork)
_INHERITED: dict[str, Pipeline] = {}


class ParallelError(RuntimeError):
    """Worker processes cannot be used here."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def _process(item: tuple[int, Article]) -> tuple[int, Article | None, str | None]:
    index, article = item
    try:
        return index, _INHERITED["pipeline"](article), None
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which goes on
        return index, None, f"{type(exc).__name__}: {exc}"


class WorkerError(RuntimeError):
    """A stage failed on an article in a worker process (the message names the error)."""


def pipe_parallel(pipeline: Pipeline, articles: Iterable[Article], workers: int, *,
                  on_error: Callable[[Article, Exception], None] | None = None,
                  max_pending: int = MAX_PENDING) -> Iterator[Article]:
    """``pipeline.pipe(articles, on_error=...)`` over ``workers`` processes, in input order.

    A failing article is handed to ``on_error`` as a :class:`WorkerError` (or raised when
    there is no handler). Needs the "fork" start method (Linux, macOS)."""
    if workers <= 1:
        yield from pipeline.pipe(articles, on_error=on_error)
        return
    if "fork" not in mp.get_all_start_methods():
        raise ParallelError("several workers need the 'fork' start method, which this "
                            "platform lacks; run with one worker")
    _INHERITED["pipeline"] = pipeline
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            # the input is read here, in this thread (it may query the store); the oldest
            # result is waited for once ``max_pending`` articles are out
            in_flight: deque[tuple[Article, AsyncResult]] = deque()
            for index, article in enumerate(articles):
                in_flight.append((article, pool.apply_async(_process, ((index, article),))))
                if len(in_flight) >= max_pending:
                    yield from _deliver(*in_flight.popleft(), on_error)
            while in_flight:
                yield from _deliver(*in_flight.popleft(), on_error)
    finally:
        _INHERITED.clear()


def _deliver(article: Article, result: AsyncResult,
             on_error: Callable[[Article, Exception], None] | None) -> Iterator[Article]:
    _index, done, error = result.get()
    if error is None:
        yield done
        return
    exc = WorkerError(error)
    if on_error is None:
        raise exc
    on_error(article, exc)
