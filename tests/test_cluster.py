"""The Dask engine (issue 14, item 7) with a stand-in pipeline: results in input order, a
failing, slow or worker-killing article fails alone, each worker builds the pipeline
once; `--scheduler`; the error without Dask. The store a real run leaves is checked in
tests/store/test_dask_runs.py. The Dask tests skip without the [dask] extra (CI installs it).
"""

from __future__ import annotations

import importlib.util
import io
import os
import signal
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from marsad import api
from marsad.cli import cli
from marsad.core.cache import cache_dir
from marsad.cluster import LOOPBACK_ONLY, DaskEngine, PipelineRecipe, thread_budget_available, thread_time_budget
from marsad.model import Article
from marsad.parallel import ArticleTimeout, WorkerError
from marsad.pipeline import FunctionStage, Pipeline
from marsad.store import Store

HAVE_DASK = importlib.util.find_spec("distributed") is not None
#: the tests that run Dask (CI installs the [dask] extra, so they run there)
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="the [dask] extra is not installed")

@pytest.fixture(scope="module")
def cluster():
    """A cluster of two worker processes, as `dask scheduler` + `dask worker` would give;
    a worker lost on a task fails that task at once (no retries on other workers)."""
    if not HAVE_DASK:
        pytest.skip("the [dask] extra is not installed")
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          host="127.0.0.1", **LOOPBACK_ONLY) as lc:
            yield lc


def marsad_run(*args: str):
    return CliRunner().invoke(cli, ["run", *args, "-q"], catch_exceptions=False)


def snapshot(db: str) -> tuple[dict[str, int], str]:
    with Store(db) as store:
        out = io.StringIO()
        api.export_events(store, "jsonl", out, include_held_back=True)
        return store.stats(), out.getvalue()


def test_a_run_on_the_cluster_at_a_scheduler_address(cluster, tmp_path):
    for i, town in enumerate(["Aleppo", "Homs", "Daraa"]):
        (tmp_path / f"r{i}.txt").write_text(
            f"Shelling in {town}\n\n2016-03-0{i + 1} - Army artillery shelled rebel positions in "
            f"{town} on Monday, killing {i + 2} fighters, a monitor said.\n", encoding="utf-8")
    one, dask_db = str(tmp_path / "one.db"), str(tmp_path / "dask.db")
    assert marsad_run(str(tmp_path / "r*.txt"), "--db", one).exit_code == 0
    result = marsad_run(str(tmp_path / "r*.txt"), "--db", dask_db, "--engine", "dask",
                        "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 0 and result.stderr == ""
    assert snapshot(dask_db) == snapshot(one) and snapshot(one)[0]["events"] > 0


@needs_dask
def test_the_local_cluster_listens_on_loopback_only():
    """No network beyond loopback, whatever Dask's defaults become."""
    import psutil

    engine = DaskEngine(workers=2)
    with engine._client() as client:
        pids = {os.getpid(), *client.run(os.getpid).values()}
        listening = [c.laddr for c in psutil.net_connections("inet")
                     if c.status == psutil.CONN_LISTEN and c.pid in pids]
    assert len(listening) >= 4   # the scheduler's and each worker's (comms, HTTP)
    assert {addr.ip for addr in listening} == {"127.0.0.1"}


# --- the engine with a stand-in pipeline ------------------------------------------------

#: builds of each recipe in this process (a worker's, when the recipe is built there)
BUILDS: dict[str, int] = {}


def _harsh(article: Article) -> Article:
    if "raise" in article.text:
        raise ValueError(f"cannot read {article.id}")
    if "crash" in article.text:          # a segfault or the OOM killer: the process is gone
        os.kill(os.getpid(), signal.SIGKILL)
    if "unpicklable" in article.text:
        article.meta["lock"] = threading.Lock()
    if "forever" in article.text:
        while True:
            pass
    if "slow" in article.text:
        time.sleep(0.05)
    article.meta["pid"] = os.getpid()
    article.meta["builds"] = BUILDS["harsh"]
    return article


class HarshRecipe:
    """A recipe (as :class:`marsad.cluster.PipelineRecipe`) of one stand-in stage."""

    def build(self) -> Pipeline:
        BUILDS["harsh"] = BUILDS.get("harsh", 0) + 1
        return Pipeline([FunctionStage("harsh", _harsh)], pack=None)


def _code(cluster, texts, **kwargs):
    failed: list[tuple[str, str]] = []
    engine = DaskEngine(scheduler=cluster.scheduler_address, batch_size=3, max_pending=6)
    out = list(engine.pipe(HarshRecipe(), [Article(id=f"a{i:02d}", text=t)  # type: ignore[arg-type]
                                           for i, t in enumerate(texts)],
                           on_error=lambda a, e: failed.append((a.id, str(e))), **kwargs))
    return out, failed


@needs_dask
def test_results_come_back_in_input_order_and_each_worker_builds_once(cluster):
    texts = ["slow" if i % 4 == 0 else "ok" for i in range(40)]
    out, failed = _code(cluster, texts)
    out2, _ = _code(cluster, texts)   # a second run of the same recipe: no new build
    assert not failed
    assert [a.id for a in out] == [a.id for a in out2] == [f"a{i:02d}" for i in range(40)]
    pids = {a.meta["pid"] for a in out + out2}
    assert len(pids) == 2 and os.getpid() not in pids
    assert {a.meta["builds"] for a in out + out2} == {1}


def test_a_failing_article_fails_alone_naming_the_error(cluster):
    texts = ["ok", "raise", "ok", "unpicklable", "ok", "ok", "ok"]
    out, failed = _code(cluster, texts)
    assert [a.id for a in out] == ["a00", "a02", "a04", "a05", "a06"]
    assert failed[0] == ("a01", "ValueError: cannot read a01")
    assert failed[1][0] == "a03" and "cannot send the coded article back" in failed[1][1]


def test_an_article_that_kills_its_worker_fails_alone(cluster):
    texts = ["ok", "ok", "crash", "ok", "ok", "ok", "ok"]
    out, failed = _code(cluster, texts)
    assert [a.id for a in out] == ["a00", "a01", "a03", "a04", "a05", "a06"]
    [(aid, message)] = failed
    assert aid == "a02" and message.startswith("WorkerLost:")


@pytest.mark.skipif(not thread_budget_available(), reason="needs per-thread CPU clocks")
def test_an_article_past_its_time_budget_fails_alone_on_a_worker(cluster):
    out, failed = _code(cluster, ["ok", "forever", "ok"], article_timeout=0.3)
    assert [a.id for a in out] == ["a00", "a02"]
    [(aid, message)] = failed
    assert aid == "a01" and message.startswith("ArticleTimeout:") and "0.3 s of CPU" in message


def test_stage_times_come_back_from_the_workers(cluster):
    times: list[dict[str, float]] = []
    out, _ = _code(cluster, ["ok"] * 7, on_stage_times=times.append)
    assert len(out) == 7 and times and all(set(t) == {"harsh"} for t in times)


@needs_dask
def test_without_a_handler_a_failing_article_raises(cluster):
    engine = DaskEngine(scheduler=cluster.scheduler_address)
    with pytest.raises(WorkerError, match="cannot read a1"):
        list(engine.pipe(HarshRecipe(), [Article(id="a0", text="ok"),  # type: ignore[arg-type]
                                         Article(id="a1", text="raise")]))


# --- without a cluster -------------------------------------------------------------------

@pytest.mark.skipif(not thread_budget_available(), reason="needs per-thread CPU clocks")
def test_thread_time_budget_stops_a_busy_thread_and_nothing_after_the_block():
    outcome: list[str] = []

    def busy() -> None:
        try:
            with thread_time_budget(0.2):
                while True:
                    pass
        except ArticleTimeout as exc:
            outcome.append(str(exc))
        with thread_time_budget(0.2):   # ends in time: nothing is raised later
            pass
        t0 = time.process_time()
        while time.process_time() - t0 < 0.5:
            pass
        outcome.append("done")

    worker = threading.Thread(target=busy)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert outcome[0].startswith("used more than 0.2 s of CPU time") and outcome[1] == "done"


def test_a_recipe_built_where_the_clients_pack_folder_is_not(tmp_path):
    """A worker on another machine: a built-in pack is found in its own install, another
    pack folder must be at the same path (an error, not a pipeline without its files)."""
    import dataclasses

    from marsad.theaters import PackError, builtin_pack_dir, load_pack

    elsewhere = dataclasses.replace(load_pack("syria", overlays=()), path=str(tmp_path / "syria"))
    built = PipelineRecipe(elsewhere, ("sentences",), builtin=True).build()
    assert built.stage_names == ["sentences"] and built.pack.path == str(builtin_pack_dir("syria"))
    with pytest.raises(PackError, match="is not on this machine"):
        PipelineRecipe(elsewhere, ("sentences",)).build()


def test_scheduler_without_engine_dask_is_a_usage_error(tmp_path):
    result = marsad_run(str(tmp_path), "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "--scheduler goes with --engine dask" in result.stderr
    result = marsad_run(str(tmp_path), "--engine", "dask", "--workers", "3",
                        "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2 and "--workers sizes a local Dask cluster" in result.stderr


def test_without_dask_engine_dask_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)   # import fails
    result = marsad_run(str(tmp_path), "--engine", "dask", "--db", str(tmp_path / "m.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("error: the dask engine needs Dask distributed")
    assert "pip install 'marsad[dask]'" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and not (tmp_path / "m.db").exists()


_CLI = "import sys; from marsad.cli import cli; cli.main(sys.argv[1:], prog_name='marsad')"


@needs_dask
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_a_dask_run_with_one_line(tmp_path, sig, code):
    """As with the local pool: the signal reaches the whole process group (a terminal's
    Ctrl-C), the run stops with one line and the local cluster's processes are gone."""
    import sqlite3
    import subprocess
    from contextlib import closing

    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(f'{{"text": "Report number {i}: shelling in Hama on Monday."}}\n'
                            for i in range(20000)))
    db = tmp_path / "m.db"
    # a home of its own, but this machine's model cache: the workers load the classifier
    env = {**os.environ, "MARSAD_HOME": str(tmp_path / "home")}
    if cache_dir() is not None:
        env["MARSAD_CACHE"] = str(cache_dir())
    proc = subprocess.Popen([sys.executable, "-c", _CLI, "run", str(feed), "--db", str(db),
                             "--engine", "dask", "--workers", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env,
                            start_new_session=True)
    try:
        for _ in range(1200):   # until a first batch is stored (read-only: never create it)
            if proc.poll() is not None:
                break
            try:
                with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
                    if conn.execute("select count(*) from articles").fetchone()[0]:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.1)
        os.killpg(proc.pid, sig)
        out, err = proc.communicate(timeout=120)
        time.sleep(1)
        # no process of the run is left running (a zombie waits for this machine's init)
        left = subprocess.run(["ps", "-o", "stat=,args=", "-g", str(proc.pid)],
                              capture_output=True, text=True).stdout.splitlines()
        assert [line for line in left if not line.strip().startswith("Z")] == []
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, err
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith("interrupted: ") and "new articles stored" in lines[0]
    stored = int(lines[0].split()[1])
    assert 0 < stored < 20000
    assert stored == sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0]
