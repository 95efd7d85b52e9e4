"""marsad.run as a library call: counts, failures with their traceback, stage timing."""

from __future__ import annotations

import pytest

import marsad
import marsad.pipeline
from marsad.errors import InvalidArgument, MarsadError
from marsad.ingest import IngestFailure, sample_paths
from marsad.model import Article
from marsad.pipeline import FunctionStage, Pipeline
from marsad.runner import RunError, RunResult, run_articles
from marsad.store import Store
from marsad.theaters import PackError, load_pack


def test_run_on_the_bundled_samples(tmp_path):
    db = tmp_path / "samples.db"
    seen = []
    result = marsad.run(samples=True, store=db, on_failure=seen.append)
    assert isinstance(result, RunResult)
    assert result.ok and result.failures == [] == seen
    assert result.read >= len(sample_paths())  # the JSONL sample holds several articles
    assert result.stored == result.read and result.skipped == 0
    assert result.events_before == 0 and result.new_events == result.events > 0
    assert sum(result.event_types.values()) == result.events
    assert result.linking == "linker" and result.store == str(db)
    with Store(db) as store:
        assert store.stats()["articles"] == result.stored
        assert store.stats()["events"] == result.events
        assert store.get_setting("theater") == "syria"

    again = marsad.run(sample_paths(), store=str(db))
    assert again.stored == 0 and again.skipped == result.read
    assert again.events_before == again.events == result.events and again.new_events == 0


def _coder(article: Article) -> Article:
    if "CORRUPT" in article.text:
        raise ValueError("cannot code this article")
    return article


def _fake_build(theater="syria", *, pack=None, **kwargs):
    return Pipeline([FunctionStage("fake", _coder)], pack or load_pack(theater, overlays=()))


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(marsad.pipeline, "build_pipeline", _fake_build)
    (tmp_path / "good.txt").write_text("Good news\n\nNothing happened in Hama today.")
    (tmp_path / "bad.txt").write_text("Bad page\n\nCORRUPT page text here.")
    return tmp_path


@pytest.mark.parametrize("workers", [1, 2])
def test_failures_are_recorded_with_input_error_and_traceback(inputs, workers):
    paths = [inputs / "good.txt", inputs / "missing.txt", inputs / "bad.txt"]
    result = marsad.run(paths, store=inputs / "m.db", workers=workers)
    assert (result.read, result.stored, result.failed) == (2, 1, 2)
    assert not result.ok
    missing, bad = result.failures
    assert missing.input == str(inputs / "missing.txt") and missing.traceback is None
    assert bad.input == str(inputs / "bad.txt")
    assert bad.error == "ValueError: cannot code this article"
    # the traceback of the stage that raised, from the worker process when there is one
    assert "Traceback" in bad.traceback and "in _coder" in bad.traceback


def test_an_open_store_is_left_open_and_stage_times_are_reported(inputs):
    times: dict[str, float] = {}

    def add(name, seconds):
        times[name] = times.get(name, 0.0) + seconds

    articles = [Article(id=f"a{i}", text=f"Report {i} from Hama.") for i in range(5)]
    with Store(inputs / "t.db") as store:
        result = run_articles([*articles, IngestFailure("row 6", "no text")], store=store,
                              workers=2, store_batch=2, link_every=3, stage_timer=add)
        assert store.stats()["articles"] == 5  # still open
    assert result.stored == 5 and [f.input for f in result.failures] == ["row 6"]
    assert set(times) == {"fake", "store", "link"} and all(v >= 0 for v in times.values())


def test_errors_that_stop_a_run_are_marsad_errors(inputs, monkeypatch):
    with pytest.raises(InvalidArgument):
        marsad.run([], store=inputs / "x.db")
    with pytest.raises(PackError, match="atlantis"):
        marsad.run([inputs / "good.txt"], store=inputs / "x.db", pack="atlantis")
    assert not (inputs / "x.db").exists()  # the pack is checked before the store is made

    def broken(*args, **kwargs):
        raise ImportError("no model here")

    monkeypatch.setattr(marsad.pipeline, "build_pipeline", broken)
    with pytest.raises(RunError, match="cannot build the pipeline: no model here") as info:
        marsad.run([inputs / "good.txt"], store=inputs / "y.db")
    assert isinstance(info.value, MarsadError)


def test_linking_runs_with_the_batch_collector_thresholds(inputs, monkeypatch):
    # the last link comes after the coding stream restored Python's thresholds: a link run
    # makes hundreds of thousands of short-lived objects, and the young collections over
    # them were a sixth of its time; the thresholds are restored after it
    import gc

    from marsad.pipeline import BATCH_GC_THRESHOLD

    seen = []
    monkeypatch.setattr("marsad.runner.find_linker",
                        lambda: lambda store, pack, recent=None: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    assert before != BATCH_GC_THRESHOLD
    run_articles([Article(id="a1", text="Nothing happened in Hama today.")],
                 store=inputs / "gc.db", pipeline=_fake_build())
    assert seen == [BATCH_GC_THRESHOLD]
    assert gc.get_threshold() == before
