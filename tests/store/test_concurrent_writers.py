"""Several writers on one store at once, on SQLite and PostgreSQL: nothing lost or doubled
(issue 14, item 2).

Three processes start `marsad run`'s loop together (a barrier after each has built its
pipeline) on different slices of one corpus, storing two articles per transaction and
linking every three, so their migrations, inserts and link runs interleave. The store
must equal a one-writer run of the whole corpus: same row counts, same export bytes.

The corpus's articles each report events of their own (distinct towns and months), so
the events do not depend on which run links which article: the linker itself still
depends on the batch split for reports of one event (see the closing note of issue 14).
Six articles are in two slices each: each must be stored once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import multiprocessing
from pathlib import Path

import pytest

from marsad import api, ingest
from marsad import pipeline as pipeline_mod
from marsad.runner import run_articles
from marsad.store import Store
from store_fixtures import needs_pg, pg_schema_url

TOWNS = ["Aleppo", "Idlib", "Homs", "Hama", "Daraa", "Douma", "Raqqa", "Deir ez-Zor",
         "Latakia", "Manbij", "Qamishli", "Palmyra", "Jisr al-Shughur", "Maarat al-Numan",
         "Saraqib", "Tal Rifaat", "Azaz", "Al-Bab"]
KINDS = [
    "Government warplanes struck a market in {town} on {day}, killing {n} civilians, "
    "activists said.",
    "Rebels shelled army positions near {town} with mortars on {day}, state media said.",
    "Islamic State fighters clashed with Kurdish forces on the outskirts of {town} on {day}; "
    "{n} fighters were killed.",
]


def corpus() -> list[tuple[str, str]]:
    """(file name, text) of 36 articles: one town per article, a month of its own each."""
    out = []
    for i in range(36):
        town = TOWNS[i % len(TOWNS)]
        published = dt.date(2015 + i // 12, 1 + i % 12, 10)
        day = (published - dt.timedelta(days=1)).strftime("%A")
        body = KINDS[i % len(KINDS)].format(town=town, day=day, n=3 + i)
        title = f"Report {i} from {town}"
        out.append((f"a{i:02d}.txt",
                    f"{title}\n\n{published:%d %B %Y} - {body} Residents fled the area.\n"))
    return out


def write_slices(root: Path) -> list[Path]:
    docs = corpus()
    slices = [docs[0:12] + docs[12:15], docs[12:24] + docs[30:33], docs[24:36]]
    folders = []
    for k, part in enumerate(slices):
        folder = root / f"slice{k}"
        folder.mkdir()
        for name, text in part:
            (folder / name).write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def _writer(folder: str, db: str, barrier, results) -> None:
    try:
        pipeline_mod.default_pipeline("syria")   # built before the start line
        barrier.wait(timeout=300)
        r = run_articles(ingest.read_paths([folder]), store=db, store_batch=2, link_every=3)
        results.put((folder, r.stored, r.skipped, [f.error for f in r.failures]))
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        results.put((folder, None, None, [f"{type(exc).__name__}: {exc}"]))


def _snapshot(db: Path | str) -> tuple[dict[str, int], str, int]:
    with Store(db) as store:
        out = io.StringIO()
        api.export_events(store, "jsonl", out, include_held_back=True)
        return store.stats(), out.getvalue(), len(store.unlinked_mention_ids())


@pytest.fixture(scope="module", params=[
    ("sqlite", "new store"), ("sqlite", "migrated store"),
    pytest.param(("postgresql", "new store"), marks=needs_pg),
    pytest.param(("postgresql", "migrated store"), marks=needs_pg)], ids=" ".join)
def runs(request, tmp_path_factory):
    root = tmp_path_factory.mktemp("writers")
    folders = write_slices(root)
    backend, start = request.param
    pg = backend == "postgresql"
    one: Path | str = root / "one.db"
    many: Path | str = root / "many.db"    # new: the writers race to create and migrate it
    if pg:   # a new schema each, dropped after the module's tests
        schemas = contextlib.ExitStack()
        request.addfinalizer(schemas.close)
        one, many = schemas.enter_context(pg_schema_url()), schemas.enter_context(pg_schema_url())
    reference = run_articles(ingest.read_paths([str(f) for f in folders]), store=str(one),
                             store_batch=2, link_every=3)
    assert not reference.failures
    one_snapshot = _snapshot(one)
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(3), ctx.Queue()
    if start == "migrated store":   # only their inserts and link runs race
        Store(many).close()
    procs = [ctx.Process(target=_writer, args=(str(f), str(many), barrier, results))
             for f in folders]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return reference, outcomes, one_snapshot, _snapshot(many), many


def test_every_writer_succeeds_and_each_article_is_stored_once(runs):
    reference, outcomes, _, _, _ = runs
    assert [o[3] for o in outcomes] == [[], [], []]
    assert sum(o[1] for o in outcomes) == reference.stored == 36
    assert sum(o[2] for o in outcomes) == 6   # the articles given to two writers


def test_store_equals_a_one_writer_run(runs):
    _, _, (one_stats, one_export, one_unlinked), (stats, export, unlinked), _ = runs
    assert one_stats["events"] > 0 and one_stats["event_mentions"] > 0
    assert stats == one_stats
    assert unlinked == one_unlinked
    assert export == one_export


def test_rerunning_a_slice_changes_nothing(runs):
    _, outcomes, _, (stats, export, _), many = runs
    r = run_articles(ingest.read_paths([outcomes[0][0]]), store=str(many))
    assert r.stored == 0 and not r.failures
    again = _snapshot(many)
    assert again[0] == stats and again[1] == export
