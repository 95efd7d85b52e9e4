"""Run a built pipeline over a stream of articles in several worker processes.

The workers are forked from the process that built the pipeline, so they share its models
(copy-on-write) instead of building them again. Results come back in input order, so what
is stored, and every id, is the same as with one process. At most ``max_pending``
articles are in flight, so a fast reader cannot fill memory. A failing article's
traceback and, on request, each stage's CPU time come back from the worker too.

Each worker has two pipes of its own (articles in, results out) and shares no lock or
queue with any other process: a worker killed at any point (SIGTERM to the process group,
the OOM killer) cannot hang this process, its article fails alone and a new worker takes
its place. (``multiprocessing.Pool`` shared queue locks between its workers and its own
shutdown, which hung about one run in five when the group got SIGTERM under load.)
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection, wait
from typing import Any

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
    the parent's SIGTERM handler is not this process's: SIGTERM ends a worker at once."""
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


#: articles one worker holds (being coded or waiting in its inbox), at most: enough to
#: keep it busy while this process stores or links, few enough that the articles queued
#: behind a slow one are not many
PER_WORKER = 32
#: the worker processes' ends of no pipe: a forked worker closes these (its siblings' and
#: this process's ends), so each pipe has exactly one reader and one writer
_PARENT_ENDS: list[Connection] = []
#: what stops a run when a worker died of it (the whole process group was signalled)
_STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


def _work(tasks: Connection, results: Connection, own_ends: tuple[Connection, ...],
          coding: Any) -> None:
    """A worker's life: code each article its inbox gets, send each result back, in order.

    One thread reads the inbox pipe into a local queue as fast as articles come, another
    sends the results from a local queue: the main thread codes (the time budget's signal
    needs it) and never waits on the parent, which may be storing or linking meanwhile (and
    neither side can block the other with both pipes full). What a worker holds is bounded
    by what the parent sends it (:data:`PER_WORKER`). Ends when the inbox pipe is closed
    (EOF), once every result is sent. ``coding`` (shared memory, no lock) holds the index
    of the article being coded, -1 between articles: if this process dies, the parent
    knows which article it died on (results not sent yet are lost with it)."""
    for conn in (*_PARENT_ENDS, *own_ends):   # only the parent writes tasks, reads results
        conn.close()
    _ignore_interrupts()
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)   # blocked over the fork
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def read() -> None:
        try:
            while True:
                inbox.put(tasks.recv_bytes())
        except (EOFError, OSError):
            inbox.put(None)

    def send() -> None:
        try:
            while (payload := outbox.get()) is not None:
                results.send_bytes(payload)
        except OSError:   # the parent closed its end: it is stopping the run
            pass

    threading.Thread(target=read, name="marsad-inbox", daemon=True).start()
    sender = threading.Thread(target=send, name="marsad-outbox", daemon=True)
    sender.start()
    while (data := inbox.get()) is not None:
        index, article = pickle.loads(data)
        coding.value = index
        result = _process((index, article))
        coding.value = -1
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - this article fails, not the worker
            payload = pickle.dumps((index, None, f"cannot send the coded article back: "
                                    f"{type(exc).__name__}: {exc}", traceback.format_exc(),
                                    result[4]))
        outbox.put(payload)
    outbox.put(None)
    sender.join()


class _Worker:
    """A forked worker process and this process's ends of its two pipes (inbox, results):
    no lock, queue or pipe is shared with any other process, so a worker killed at any
    point can block nothing here (``multiprocessing.Pool`` shares queue locks between its
    workers and its shutdown, and could hang on a lock a killed worker held)."""

    def __init__(self, ctx: Any):
        inbox_r, self.inbox = ctx.Pipe(duplex=False)
        self.results, results_w = ctx.Pipe(duplex=False)
        self.sent: deque[int] = deque()   # indices sent and not given back, oldest first
        self.coding = ctx.RawValue("q", -1)   # the index it codes now (see _work)
        self.process = ctx.Process(target=_work, daemon=True, name="marsad-worker",
                                   args=(inbox_r, results_w, (self.inbox, self.results),
                                         self.coding))
        # signals stay pending across the fork: a worker handles them only once its own
        # handlers are set, so a group SIGTERM at this moment cannot reach the parent's
        # handler (and a traceback) in the child
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            inbox_r.close()
            results_w.close()
        _PARENT_ENDS.extend((self.inbox, self.results))

    def stop(self, *, wait: float) -> None:
        """Close the inbox (the worker ends once it has coded what it holds) and wait up
        to ``wait`` seconds; then SIGTERM (a worker dies of it silently), then SIGKILL."""
        self.inbox.close()
        proc = self.process
        if wait:
            proc.join(wait)
        if proc.exitcode is None:
            proc.terminate()
            proc.join(2)
        if proc.exitcode is None:
            proc.kill()
            proc.join()
        self.results.close()
        for conn in (self.inbox, self.results):
            if conn in _PARENT_ENDS:
                _PARENT_ENDS.remove(conn)

    def describe_exit(self) -> str:
        self.process.join(5)
        code = self.process.exitcode
        if code is None:
            return "stopped answering"
        if code < 0:
            try:
                return f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"was killed by signal {-code}"
        return f"exited with code {code}"


class _Pool:
    """Workers that each code the articles sent to them in order; results are collected
    as they come and given back in input order. A worker that dies fails the article it
    was coding (alone) and is replaced; what it held besides goes to the others."""

    def __init__(self, workers: int, max_pending: int):
        if not hasattr(signal, "pthread_sigmask"):
            raise ParallelError("several workers need POSIX signals; run with one worker")
        self.ctx = mp.get_context("fork")
        self.max_pending = max(1, max_pending)
        self.per_worker = max(1, min(PER_WORKER, -(-self.max_pending // workers)))
        self.articles: dict[int, Article] = {}    # sent, not yet given back
        self.order: deque[int] = deque()          # their indices, in input order
        self.done: dict[int, _Result] = {}
        self.deaths = 0                           # workers lost since a result came back
        self.workers: list[_Worker] = []
        try:
            for _ in range(workers):
                self.workers.append(_Worker(self.ctx))
        except BaseException:
            self.close(finished=False)
            raise

    def full(self) -> bool:
        return (len(self.order) >= self.max_pending
                or min(len(w.sent) for w in self.workers) >= self.per_worker)

    def submit(self, index: int, article: Article) -> None:
        self.articles[index] = article
        self.order.append(index)
        self._send(index)

    def _send(self, index: int) -> None:
        try:
            data = pickle.dumps((index, self.articles[index]), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - this article fails alone
            self.done[index] = (index, None, f"cannot send the article to a worker: "
                                f"{type(exc).__name__}: {exc}", traceback.format_exc(), {})
            return
        while True:
            worker = min(self.workers, key=lambda w: len(w.sent))
            worker.sent.append(index)
            try:
                worker.inbox.send_bytes(data)
                return
            except OSError:   # it died (EPIPE): replaced, and this article sent again
                worker.sent.pop()
                self._lost(worker)

    def ready(self) -> Iterator[tuple[Article, _Result]]:
        """The oldest articles whose results are in, in input order."""
        while self.order and self.order[0] in self.done:
            index = self.order.popleft()
            yield self.articles.pop(index), self.done.pop(index)

    def collect(self, *, block: bool) -> None:
        """Take every result that has come back (waiting for one if ``block``)."""
        by_conn = {w.results: w for w in self.workers}
        for ready in wait(list(by_conn), timeout=None if block else 0):
            worker = by_conn[ready]
            conn = worker.results
            try:
                while True:
                    index, *rest = pickle.loads(conn.recv_bytes())
                    if worker.sent and worker.sent[0] == index:
                        worker.sent.popleft()
                    self.done[index] = (index, *rest)
                    self.deaths = 0
                    if not conn.poll():
                        break
            except (EOFError, OSError):
                self._lost(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker died: stop the run if a stop signal killed it; otherwise the article
        it was coding fails, a new worker takes its place and the rest of what it held
        (coded or not: results it had not sent are lost with it) goes to the workers."""
        how = worker.describe_exit()
        code = worker.process.exitcode
        worker.stop(wait=0)
        self.workers.remove(worker)
        if code is not None and code < 0 and -code in _STOP_SIGNALS:
            raise KeyboardInterrupt   # the group was signalled: the run is being stopped
        held = list(worker.sent)
        blamed = worker.coding.value if worker.coding.value in held else None
        # a worker dying on no article, again and again (a broken machine): give up
        self.deaths = 0 if blamed is not None else self.deaths + 1
        if self.deaths > 3 * (len(self.workers) + 1):
            raise ParallelError(f"worker processes keep dying (the last {how}) while "
                                "coding no article")
        self.workers.append(_Worker(self.ctx))
        if blamed is not None:
            held.remove(blamed)
            self.done[blamed] = (blamed, None, f"WorkerLost: the worker process coding this "
                                 f"article {how}", None, {})
        for index in held:
            self._send(index)

    def close(self, *, finished: bool) -> None:
        for worker in self.workers:
            worker.stop(wait=5 if finished else 0)
        self.workers.clear()


def pipe_parallel(pipeline: Pipeline, articles: Iterable[Article], workers: int, *,
                  on_error: Callable[[Article, Exception], None] | None = None,
                  max_pending: int = MAX_PENDING,
                  on_stage_times: Callable[[dict[str, float]], None] | None = None,
                  article_timeout: float | None = None,
                  ) -> Iterator[Article]:
    """``pipeline.pipe(articles, on_error=...)`` over ``workers`` processes, in input order.

    A failing article is handed to ``on_error`` as a :class:`WorkerError` (or raised when
    there is no handler); so is one whose worker process died (killed, out of memory: the
    message says ``WorkerLost``), and a new worker takes its place. ``on_stage_times`` gets
    each article's CPU seconds per stage (measured where the stage ran).
    ``article_timeout``: CPU seconds an article may take (:func:`time_budget`) before it
    fails with :class:`ArticleTimeout`. Several workers need the "fork" start method
    (Linux, macOS); they leave Ctrl-C to this process, and the generator's end (closed,
    garbage-collected, or an error) stops them."""
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
    pool = None
    finished = False
    try:
        pool = _Pool(workers, max_pending)
        # the input is read here, in this thread (it may query the store); results are
        # given back as soon as the oldest is in, and waited for when the pool is full
        for index, article in enumerate(articles):
            while pool.full():
                pool.collect(block=True)
                yield from _deliver(pool, on_error, on_stage_times)
            pool.submit(index, article)
            pool.collect(block=False)
            yield from _deliver(pool, on_error, on_stage_times)
        while pool.order:
            pool.collect(block=True)
            yield from _deliver(pool, on_error, on_stage_times)
        finished = True
    finally:
        if pool is not None:
            pool.close(finished=finished)
        _INHERITED.clear()


def _deliver(pool: _Pool, on_error: Callable[[Article, Exception], None] | None,
             on_stage_times: Callable[[dict[str, float]], None] | None) -> Iterator[Article]:
    for article, (_index, done, error, tb, times) in pool.ready():
        if on_stage_times is not None:
            on_stage_times(times)
        if error is None:
            assert done is not None
            yield done
            continue
        exc = WorkerError(error, tb)
        if on_error is None:
            raise exc
        on_error(article, exc)
