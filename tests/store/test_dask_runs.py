"""`marsad run --engine dask` on a local cluster of two worker processes leaves the store a
one-process run leaves (row counts and every exported event and held-back mention), on
SQLite and on PostgreSQL (issue 14, item 7). Skipped without the [dask] extra (CI
installs it)."""

from __future__ import annotations

import importlib.util
import io

import pytest
from click.testing import CliRunner

from marsad import api
from marsad.cli import cli
from marsad.store import Store

pytestmark = pytest.mark.skipif(importlib.util.find_spec("distributed") is None,
                                reason="the [dask] extra is not installed")

# invented reports: a town and a month each, and three stories told by two outlets (so
# linking merges mentions that arrive in different batches, coded on different workers)
TOWNS = ["Aleppo", "Idlib", "Homs", "Hama", "Daraa", "Douma", "Raqqa", "Latakia", "Manbij",
         "Qamishli", "Palmyra", "Saraqib", "Azaz", "Al-Bab"]
STORIES = [
    "Government warplanes bombed a bakery in {town} on {day}, killing {n} civilians, a local "
    "monitor said.",
    "Rebel fighters fired mortar shells at army checkpoints outside {town} on {day}, state "
    "television said.",
    "Kurdish fighters and Islamic State militants fought for control of a village near {town} "
    "on {day}; {n} combatants died.",
]
OUTLETS = ("Levant Wire", "Orontes Daily")


def write_corpus(folder) -> int:
    """The reports as text files, and one empty file (an input error on every engine);
    returns the number of articles."""
    folder.mkdir()
    n = 0
    for i, town in enumerate(TOWNS):
        day = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][i % 6]
        body = STORIES[i % 3].format(town=town, day=day, n=4 + i)
        for outlet in OUTLETS if i % 5 == 0 else OUTLETS[:1]:
            (folder / f"{i:02d}_{outlet.split()[0]}.txt").write_text(
                f"{town}: report {i} ({outlet})\n\n{2016 + i // 12}-{1 + i % 12:02d}-15 - "
                f"{body} Families left their homes, {outlet} reported.\n", encoding="utf-8")
            n += 1
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return n


def snapshot(db: str) -> tuple[dict[str, int], str]:
    with Store(db) as store:
        out = io.StringIO()
        api.export_events(store, "jsonl", out, include_held_back=True)
        return store.stats(), out.getvalue()


def marsad_run(*args: str):
    return CliRunner().invoke(cli, ["run", *args, "-q"], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask") / "reports"
    n = write_corpus(folder)
    db = str(folder.parent / "one.db")
    result = marsad_run(str(folder), "--db", db)   # the reference: one process
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "empty.txt" in result.stderr
    stats, export = snapshot(db)
    assert stats["articles"] == n and stats["events"] > 0
    # some events merge mentions from two articles (the stories told twice)
    assert stats["events"] < stats["event_mentions"]
    return folder, (stats, export), result.stderr


def test_engine_dask_stores_what_one_process_stores(corpus, store_url):
    folder, reference, errors = corpus
    result = marsad_run(str(folder), "--db", store_url, "--engine", "dask", "--workers", "2")
    assert result.exit_code == 1
    assert result.stderr == errors        # the same error line, and no other output
    assert snapshot(store_url) == reference
    again = marsad_run(str(folder), "--db", store_url, "--engine", "dask", "--workers", "2")
    assert again.exit_code == 1 and snapshot(store_url) == reference   # nothing new
