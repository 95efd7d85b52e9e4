"""A run survives any one bad article (issue 14): a stage or the store failing on it, a
stage that never ends (the time budget), and stops cleanly on Ctrl-C / SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing

import pytest

import marsad
import marsad.pipeline
import marsad.runner
from marsad.model import Article
from marsad.parallel import ArticleTimeout, budget_available, time_budget
from marsad.pipeline import FunctionStage, Pipeline
from marsad.runner import RunInterrupted
from marsad.theaters import load_pack


def _coder(article: Article) -> Article:
    if "SURROGATE" in article.text:   # what a stage could hand the store: unencodable
        article.title = "bad \ud800 title"
    if "RECURSE" in article.text:
        raise RecursionError("maximum recursion depth exceeded")
    if "FOREVER" in article.text:
        while True:
            pass
    return article


def _fake_build(theater="syria", *, pack=None, **kwargs):
    return Pipeline([FunctionStage("fake", _coder)], pack or load_pack(theater, overlays=()))


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(marsad.pipeline, "build_pipeline", _fake_build)
    for name, body in [("a_good", "Nothing happened in Hama."), ("b_surrogate", "SURROGATE here."),
                       ("c_recurse", "RECURSE here."), ("d_good", "Shelling in Homs.")]:
        (tmp_path / f"{name}.txt").write_text(f"Head {name}\n\n{body}")
    return tmp_path


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stage_or_the_store_failing_on_one_article_fails_it_alone(inputs, workers):
    result = marsad.run(sorted(inputs.glob("*.txt")), store=inputs / "m.db", workers=workers)
    assert result.stored == 2 and result.failed == 2
    by_input = {os.path.basename(f.input): f.error for f in result.failures}
    assert "RecursionError" in by_input["c_recurse.txt"]
    assert "surrogates not allowed" in by_input["b_surrogate.txt"]   # refused by the store
    rows = sqlite3.connect(inputs / "m.db").execute("select source_path from articles").fetchall()
    assert sorted(os.path.basename(r[0]) for r in rows) == ["a_good.txt", "d_good.txt"]


@pytest.mark.skipif(not budget_available(), reason="needs POSIX interval timers")
@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_past_its_time_budget_fails_alone(inputs, workers):
    (inputs / "c_recurse.txt").unlink()
    (inputs / "b_surrogate.txt").write_text("Head\n\nFOREVER here.")
    result = marsad.run(sorted(inputs.glob("*.txt")), store=inputs / "m.db", workers=workers,
                        article_timeout=0.5)
    assert result.stored == 2
    [failure] = result.failures
    assert failure.input.endswith("b_surrogate.txt") and "ArticleTimeout" in failure.error
    assert "0.5 s of CPU time" in failure.error


@pytest.mark.skipif(not budget_available(), reason="needs POSIX interval timers")
def test_time_budget_restores_the_signal_handler_and_cancels_the_timer():
    before = signal.getsignal(signal.SIGPROF)
    with pytest.raises(ArticleTimeout):
        with time_budget(0.2):
            while True:
                pass
    with time_budget(5):
        pass
    assert signal.getsignal(signal.SIGPROF) == before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    with time_budget(None), time_budget(0):   # no budget: nothing set
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_ctrl_c_while_linking_is_a_run_interrupted_with_the_counts(inputs, monkeypatch):
    def interrupted_linker(store, pack, recent=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(marsad.runner, "find_linker", lambda: interrupted_linker)
    (inputs / "b_surrogate.txt").unlink()
    with pytest.raises(RunInterrupted) as info:
        marsad.run(sorted(inputs.glob("*.txt")), store=inputs / "m.db")
    result = info.value.result
    assert (result.stored, result.failed) == (2, 1)
    message = str(info.value)
    assert "\n" not in message and message.startswith("interrupted: 2 new articles stored")
    assert "1 failed" in message and "0 already stored" in message


# a `marsad run` whose pipeline is a slow fake stage, so a signal lands mid-run
_SLOW_RUN = textwrap.dedent("""
    import sys, time
    import marsad.pipeline
    from marsad.pipeline import FunctionStage, Pipeline
    from marsad.theaters import load_pack

    def slow(article):
        time.sleep(0.02)
        return article

    marsad.pipeline.build_pipeline = lambda theater="syria", *, pack=None, **kw: Pipeline(
        [FunctionStage("slow", slow)], pack or load_pack(theater, overlays=()))
    from marsad.cli import cli
    cli.main(sys.argv[1:], prog_name="marsad")
""")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
# SIGTERM to the whole group kills the workers too, at any point of their work: the
# worker pool shares no lock with them (multiprocessing.Pool's did, and a worker killed
# holding one hung its shutdown about one run in five under load)
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_two_workers_with_one_line(tmp_path, sig, code):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(f'{{"text": "Report number {i} from Hama."}}\n' for i in range(5000)))
    db = tmp_path / "m.db"
    env = {**os.environ, "MARSAD_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_RUN, "run", str(feed), "--db", str(db),
                             "--workers", "2", "-q"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        # wait until the run has stored something (one batch), then signal the whole
        # process group, as a terminal's Ctrl-C does
        for _ in range(600):
            if proc.poll() is not None:
                break
            try:   # read-only: never create the file before marsad does
                with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
                    if conn.execute("select count(*) from articles").fetchone()[0]:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.1)
        os.killpg(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == code, err
    lines = err.splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("interrupted: ") and "new articles stored" in lines[0]
    stored = int(lines[0].split()[1])
    assert stored == sqlite3.connect(db).execute("select count(*) from articles").fetchone()[0]
    assert stored < 5000


def test_printable_escapes_what_could_forge_a_line():
    from marsad.errors import printable

    assert printable("plain name.txt") == "plain name.txt"
    assert printable("evil\nerror: forged\r\t\x1b[31m\u2028\udcff") == \
        "evil\\nerror: forged\\r\\t\\x1b[31m\\u2028\\udcff"


@pytest.mark.skipif(sys.platform == "win32", reason="newlines in file names")
def test_a_newline_in_a_file_name_cannot_forge_an_error_line(inputs, tmp_path):
    from click.testing import CliRunner

    from marsad.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\nerror: forged.txt").write_text("")
    (folder / "ok.txt").write_text("Head\n\nNothing happened in Hama.")
    result = CliRunner().invoke(cli, ["run", str(folder), "--db", str(tmp_path / "m.db"), "-q"],
                                catch_exceptions=False)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {folder}/evil\\nerror: forged.txt: empty file (0 bytes)"]
