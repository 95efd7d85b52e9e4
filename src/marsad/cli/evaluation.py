"""`marsad eval`, `marsad reference import` and `marsad benchmark`."""

from __future__ import annotations

from pathlib import Path

import click

from ..defaults import LINK_EVERY
from .base import LazyChoice, command, group


def _service():
    """:mod:`marsad.eval.service`, imported when an eval, import or benchmark runs (it
    brings the runner, the linker and the evaluation sets; `marsad --help` needs none)."""
    from ..eval import service
    return service


def _eval_names() -> list[str]:
    service = _service()
    return sorted([*service.EVALS, *service.REAL_NEWS_EVALS])


@command("eval")
@click.argument("name", type=LazyChoice(_eval_names))
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(path_type=Path),
              help="write the scores as a flat JSON object")
@click.option("--limit", type=int, default=None, help="only the first N items")
@click.option("--theater", default="syria", show_default=True)
@click.option("--sample", type=int, default=20, show_default=True,
              help="stream: how many exported events to print for a coder to read")
@click.option("--seed", type=int, default=0, show_default=True,
              help="stream: the sample's random seed")
@click.option("--per-mention", is_flag=True,
              help="gold: score each article's exported mentions, not the linked record")
def eval_(name: str, file: Path | None, json_out: Path | None, limit: int | None,
          theater: str, sample: int, seed: int, per_mention: bool) -> None:
    """Score marsad on evaluation data NAME (default file under $MARSAD_DATA).

    `gold FILE` scores the record against a gold set of real articles (data/gold/);
    `stream FILE` checks what marsad would export from a news stream (JSON Lines)."""
    service = _service()
    if name in service.REAL_NEWS_EVALS:
        real = service.evaluate_real_news(name, file, theater=theater, json_out=json_out,
                                          sample=sample, seed=seed, limit=limit,
                                          per_mention=per_mention)
        for line in real.report():
            click.echo(line)
        return
    outcome = service.evaluate(name, file, limit=limit, theater=theater, json_out=json_out)
    for line in outcome.report():
        click.echo(line)


@group("reference")
def reference() -> None:
    """Reference data (ACLED exports, UCDP GED) for gazetteer, actors and credibility."""


@reference.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--theater", default="syria", show_default=True)
@click.option("--into", type=click.Path(file_okay=False, path_type=Path),
              help="overlay folder (default: $MARSAD_HOME/packs/<theater>)")
@click.option("--exclude-heldout", is_flag=True,
              help="skip UCDP rows with int(id) % 5 == 0 (held out for evaluation)")
def reference_import(file: Path, theater: str, into: Path | None,
                     exclude_heldout: bool) -> None:
    """Import an ACLED export or a UCDP GED CSV into the theater's overlay folder."""
    summary = _service().import_reference_file(file, theater=theater, into=into,
                                            exclude_heldout=exclude_heldout)
    click.echo(f"{summary['format'].upper()} file, {summary['rows']} rows -> {summary['into']}: "
               f"{summary['places_added']} places, {summary['actors_added']} actors added; "
               f"{summary['events_added']} new reference events "
               f"({summary['events_total']} in all)")


@command("benchmark")
@click.option("--n", "ns", type=int, multiple=True,
              help="articles per run (repeatable; default 2000 and 20000)")
@click.option("--workers", type=int, default=None, help="processes for the parallel run")
@click.option("--data", "data_file", type=click.Path(path_type=Path),
              help="FA-KES CSV (default: fakes/dev.csv under $MARSAD_DATA)")
@click.option("--json", "json_out", type=click.Path(path_type=Path))
@click.option("--theater", default="syria", show_default=True)
@click.option("--link-every", type=int, default=LINK_EVERY, show_default=True,
              help="link incrementally after every N stored articles")
@click.option("--stages", default=None,
              help="comma-separated stage names (default: all); '' for ingest+store+link only")
@click.option("--spacy-model", default=None,
              help="installed spaCy pipeline for the reference NER pass "
                   "(default: the first of en_core_web_sm/md/lg that is installed, else "
                   "spaCy's stock small NER architecture untrained; the [bench] extra)")
@click.option("--db", "dbs", multiple=True, metavar="URL",
              help="where each run stores (repeatable, to compare): 'sqlite' (a temporary "
                   "file, the default), a folder (a temporary SQLite file in it), or a "
                   "PostgreSQL URL (each run in a new schema of that database, dropped after)")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: also run on a local Dask cluster of --workers processes (the "
                   "[dask] extra), after the one-worker and --workers runs")
@click.option("--copies", type=click.Choice(["shifted", "identical"]), default="shifted",
              show_default=True,
              help="how articles past the file's 420 are made: 'shifted' (its years moved, "
                   "so other dates: a feed growing in time) or 'identical' (same body: every "
                   "copy's events are the original's, the linker's worst case)")
def benchmark(ns: tuple[int, ...], workers: int | None, data_file: Path | None,
              json_out: Path | None, theater: str, link_every: int, stages: str | None,
              spacy_model: str | None, dbs: tuple[str, ...], engine: str,
              copies: str) -> None:
    """Articles/s, words/s, peak memory and ms/article per stage for the whole pipeline.

    \b
    SQLite against PostgreSQL (scripts/with_postgres.sh starts a throwaway server):
      marsad benchmark --n 2000 --workers 1 --db sqlite --db postgresql+psycopg2://...

    \b
    One worker, the --workers pool and a local Dask cluster of as many processes:
      marsad benchmark --n 2000 --workers 2 --engine dask
    """
    if engine == "dask":
        from ..cluster import require_dask
        require_dask()   # before minutes of other runs
    _service().benchmark(tuple(ns), data_file=data_file, workers=workers, theater=theater, dbs=dbs,
                      engine=engine, copies=copies,
                      link_every=link_every, spacy_model=spacy_model, json_out=json_out,
                      echo=click.echo,
                      stages=None if stages is None else
                      tuple(x.strip() for x in stages.split(",") if x.strip()))
