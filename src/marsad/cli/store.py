"""`marsad run | events | show | export | delete`: options in, one library call, text out."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from ..defaults import ARTICLE_TIMEOUT
from ..errors import printable
from .base import collector_paused, command, db_option, stop_quietly_on_closed_stdout

# The library is imported inside each command, for what that command uses: `marsad --help`
# loads click and these modules only, `marsad stats` no pipeline, `marsad run` no exporter
if TYPE_CHECKING:
    from ..model import Article
    from ..runner import Failure, RunResult
    from ..store import Store

PROGRESS_MIN_FILES = 20


@contextmanager
def _stdout_pipe():
    """Stop quietly when the reader of our stdout goes away (`marsad export | head`)."""
    try:
        yield
    except BrokenPipeError:
        stop_quietly_on_closed_stdout()


def _parse_columns(value: str | None) -> dict[str, str] | None:
    if not value:
        return None
    mapping = {}
    for part in value.split(","):
        field, sep, column = part.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"expected FIELD=COLUMN pairs like text=body,title=headline; got {part!r}",
                                     param_hint="--columns")
        mapping[field.strip()] = column.strip()
    return mapping


def _count_files(paths: Iterable[str], cap: int = PROGRESS_MIN_FILES) -> int:
    n = 0
    for p in paths:
        if os.path.isdir(p):
            for _, _, files in os.walk(p):
                n += len(files)
                if n >= cap:
                    return n
        else:
            n += 1
    return n


#: the seconds spent counting the inputs' articles for the progress bar (then no total)
ESTIMATE_SECONDS = 2.0


def _article_estimate(paths: Iterable[str], seconds: float = ESTIMATE_SECONDS) -> int | None:
    """About how many articles ``paths`` hold, for the progress bar's total and ETA: one
    per text, Markdown, HTML or JSON file, one per non-blank line of a JSON lines file and
    per line of a CSV file after its header (a quoted field over several lines counts each);
    None when counting takes more than ``seconds``."""
    from pathlib import Path

    from ..ingest.readers import _SKIP_IN_FOLDERS, STREAMED, SUPPORTED_EXTENSIONS, _expand

    deadline = time.monotonic() + seconds
    total = 0
    for given in paths:
        for item in _expand(given):
            if time.monotonic() > deadline:
                return None
            if not isinstance(item, str):
                continue
            kind = SUPPORTED_EXTENSIONS.get(Path(item).suffix.lower())
            if kind is None or (kind not in STREAMED and _SKIP_IN_FOLDERS.fullmatch(Path(item).name)
                                and Path(given).is_dir()):
                continue
            if kind not in STREAMED:
                total += 1
                continue
            lines = 0
            try:
                with open(item, "rb") as fh:
                    for k, line in enumerate(fh):
                        lines += 1 if line.strip() else 0
                        if k % 65536 == 65535 and time.monotonic() > deadline:
                            return None
            except OSError:
                continue
            total += max(0, lines - (1 if kind == "csv" else 0))
    return total


def _progress(paths: Iterable[str]):
    """The progress bar of ``run`` over these inputs: articles read of about how many, the
    rate and the time left (when the inputs' articles could be counted)."""
    total = _article_estimate(paths)
    shown: list = []

    def rate(_item: object) -> str:
        if not shown or shown[0].pos == 0:
            return ""
        elapsed = time.time() - shown[0].start   # click times the bar by time.time()
        return f"{shown[0].pos / elapsed:.1f} articles/s" if elapsed > 0 else ""

    def bar(items: Iterator[Article]) -> Iterator[Article]:
        # click draws the bar only on a terminal; elsewhere it prints the label once
        with click.progressbar(items, length=total, label="articles", file=sys.stderr,
                               show_pos=True, show_eta=True, item_show_func=rate) as progress:
            shown.append(progress)
            yield from progress

    return bar


def _report(failure: Failure) -> None:
    # one line whatever the input's name or the error say (a newline in a file name must
    # not forge an "error:" line of its own)
    click.echo(f"error: {printable(failure.input)}: {printable(failure.error)}", err=True)


@command()
@click.argument("paths", nargs=-1)
@click.option("--samples", is_flag=True, help="Also read the bundled sample articles.")
@db_option
@click.option("--theater", default="syria", show_default=True,
              help="Theater pack: a built-in name or a pack folder.")
@click.option("--columns", help="CSV/JSONL column mapping, e.g. text=body,title=headline.")
@click.option("--max-bytes", type=click.IntRange(min=1), help="Skip input files larger than this; JSONL and CSV are read a line at a time, "
                   "whatever their size, and a longer line is skipped.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--workers", "-w", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes that code articles (0: one per core); storing and linking "
                   "stay in this process. With --engine dask: the local cluster's worker "
                   "processes.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="What codes the articles: this machine's worker processes, or Dask "
                   "workers (the [dask] extra): a local cluster, or --scheduler's.")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler of a running Dask cluster "
                   "(tcp://host:8786) instead of a local cluster; the store must be a "
                   "database this machine reaches (PostgreSQL for a team).")
@click.option("--article-timeout", type=click.FloatRange(min=0), default=ARTICLE_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="CPU seconds one article may take before it is reported as failed and "
                   "skipped (0: no limit).")
@click.option("--outlet", help="Outlet of articles whose input names none (text, HTML).")
@click.option("--published", metavar="YYYY-MM-DD",
              help="Publication day of articles whose input gives none (text, HTML).")
@click.pass_context
def run(ctx, paths, samples, db, theater, columns, max_bytes, quiet, workers, engine,
        scheduler, article_timeout, outlet, published):
    """Read articles, code their events, store them and link them into events.

    PATHS are files, folders or glob patterns (.txt, .md, .html, .csv, .jsonl). Articles
    already in the store are skipped. A failing input is reported on stderr as
    "error: INPUT: REASON" and the rest go on; the exit code is 1 if any input failed.

    \b
    Examples:
      marsad run --samples            (into ./marsad-samples.db unless --db says)
      marsad run reports/ --db war.db
      marsad run page.html --outlet SANA --published 2016-08-01
      marsad run feed.csv --columns text=body,title=headline
      marsad run corpus/ --workers 0
      marsad run corpus/ --engine dask --workers 4
      marsad run corpus/ --engine dask --scheduler tcp://10.0.0.5:8786 --db postgresql://...

    Ctrl-C or SIGTERM stops the run cleanly: what was stored stays (its events are linked
    on the next run), one line says so, and the exit code is 130 (143 for SIGTERM).
    """
    with collector_paused():
        from .. import ingest, runner
        from ..runner import RunInterrupted

    paths = list(paths) + (list(ingest.sample_paths()) if samples else [])
    if not paths:
        raise click.UsageError("give files, folders or glob patterns to read, or --samples")
    if samples and ctx.get_parameter_source("db") == click.core.ParameterSource.DEFAULT:
        db = runner.SAMPLES_DB   # invented sample articles never mix into ./marsad.db
    mapping = _parse_columns(columns)
    coder = _engine(ctx, engine, scheduler, workers)
    show_bar = not quiet and (sys.stderr.isatty() or _count_files(paths) >= PROGRESS_MIN_FILES)
    with _sigterm_as_interrupt() as terminated:
        try:
            result = runner.run(paths, store=db, pack=theater, columns=mapping,
                                max_bytes=max_bytes, workers=workers, on_failure=_report,
                                progress=_progress(paths) if show_bar else None,
                                article_timeout=article_timeout or None,
                                outlet=outlet, published=published, engine=coder)
        except RunInterrupted as exc:
            click.echo(printable(str(exc)), err=True)
            raise SystemExit(143 if terminated else 130) from None
        except KeyboardInterrupt:   # before the first article (opening the store, the pack)
            click.echo("interrupted: nothing stored", err=True)
            raise SystemExit(143 if terminated else 130) from None
    if not quiet:
        click.echo(_summary(result))
    if result.failures:
        raise SystemExit(1)


def _engine(ctx, engine: str, scheduler: str | None, workers: int):
    """None for this machine's pool, else the Dask engine (an error naming the extra to
    install when Dask is missing)."""
    if engine != "dask":
        if scheduler:
            raise click.UsageError("--scheduler goes with --engine dask")
        return None
    if scheduler and ctx.get_parameter_source("workers") != click.core.ParameterSource.DEFAULT:
        raise click.UsageError("--workers sizes a local Dask cluster; with --scheduler the "
                               "cluster's own workers code the articles")
    from ..cluster import DaskEngine
    return DaskEngine(scheduler=scheduler, workers=workers)


@contextmanager
def _sigterm_as_interrupt():
    """SIGTERM raises KeyboardInterrupt here, so `kill` stops a run as Ctrl-C does; the
    list yielded is non-empty once SIGTERM came. The old handler is restored after."""
    came: list[int] = []

    def on_term(signum, frame):
        came.append(signum)
        raise KeyboardInterrupt

    try:
        old = signal.signal(signal.SIGTERM, on_term)
    except ValueError:   # not the main thread (a caller's thread): leave SIGTERM alone
        yield came
        return
    try:
        yield came
    finally:
        signal.signal(signal.SIGTERM, old)


def _summary(result: RunResult) -> str:
    rows: list[tuple[str, object]]   # counts, then the linking mode and the store
    rows = [("articles read", result.read), ("  new", result.stored),
            ("  already stored", result.skipped), ("inputs failed", result.failed),
            ("new events", result.new_events), ("events in store", result.events)]
    rows += [(f"  {etype}", n) for etype, n in result.event_types.items()]
    rows += [("linking", "cross-article linker" if result.linking == "linker"
              else "one event per mention (linker not installed)"),
             ("store", result.store)]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k:<{width}}  {v}" for k, v in rows)


def _event_filters(func):
    for opt in reversed([
        click.option("--from", "start", help="Events on or after this date (YYYY-MM-DD)."),
        click.option("--to", "end", help="Events on or before this date (YYYY-MM-DD)."),
        click.option("--place", help="Place name, id or province (substring)."),
        click.option("--actor", help="Actor name or id (substring)."),
        click.option("--type", "event_type", help="Event type or sub-event type (substring)."),
    ]):
        func = opt(func)
    return func


def _open(db: str) -> Store:
    from .. import api
    return api.open_store(db)


@command()
@_event_filters
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON list instead of a table.")
@db_option
def events(start, end, place, actor, event_type, limit, as_json, db):
    """List stored events (id, date, type, place, actors, fatalities, sources)."""
    from .. import api
    from ..export.acled import finite_json
    from ..export.display import render_table

    with _open(db) as store:
        summaries = api.list_events(store, limit=limit, start=start, end=end, place=place,
                                    actor=actor, event_type=event_type)
    with _stdout_pipe():
        if as_json:
            click.echo(finite_json(summaries, ensure_ascii=False, indent=1))
        elif not summaries:
            click.echo("no events match", err=True)
        else:
            click.echo(render_table(summaries))
            if len(summaries) == limit:
                click.echo(f"(first {limit} events; raise --limit for more)", err=True)


@command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of a table.")
@db_option
def stats(as_json, db):
    """What the store holds: counts of articles, sentences, mentions, claims, events and
    contradictions, and a checksum of the event set (equal checksums: equal events)."""
    from .. import api
    from ..export.acled import finite_json

    with _open(db) as store:
        figures = api.stats(store)
    with _stdout_pipe():
        if as_json:
            click.echo(finite_json(figures, ensure_ascii=False, indent=1))
        else:
            width = max(len(k) for k in figures)
            for key, value in figures.items():
                click.echo(f"{key:<{width}}  {value}")


@command()
@click.argument("event_id")
@db_option
def show(event_id, db):
    """Show one event: its mentions' sentences, sources (with stance) and places."""
    from .. import api

    with _open(db) as store:
        text = api.show_event(store, event_id)
    click.echo(text)


@command()
@click.option("--format", "fmt", default="acled-csv", show_default=True,
              help="acled-csv, geojson, jsonl, parquet or gpkg (GeoPackage); parquet and "
                   "gpkg need -o FILE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of stdout (required for parquet and gpkg).")
@click.option("--all", "include_held_back", is_flag=True,
              help="Also what the record leaves out: background-only and denied-only events "
                   "(ACLED CSV, GeoJSON, Parquet, GeoPackage); with jsonl, held-back mentions "
                   "and their reasons.")
@_event_filters
@db_option
def export(fmt, output, include_held_back, start, end, place, actor, event_type, db):
    """Export the stored events (ACLED CSV, GeoJSON, JSON Lines, Parquet or GeoPackage).

    The ACLED CSV, Parquet, GeoJSON and GeoPackage hold the analyst's record: asserted
    events only. What was held back, and why, is counted on stderr."""
    from .. import api

    # before the store: a usage error wins over a missing store
    api.check_export_output(fmt, output)
    filters = {"start": start, "end": end, "place": place, "actor": actor,
               "event_type": event_type, "include_held_back": include_held_back}
    with _open(db) as store:
        if output:
            n = api.export_events(store, fmt, output, **filters)
            click.echo(f"wrote {n} events to {output}", err=True)
        else:
            with _stdout_pipe():
                api.export_events(store, fmt, sys.stdout, **filters)
        if not include_held_back:
            for line in api.held_back(store).lines():
                click.echo(f"{line} (--all to include them)", err=True)


@command()
@click.argument("article_id")
@click.option("--theater", help="Theater pack name or folder (default: the store's, else syria).")
@click.option("--json", "as_json", is_flag=True, help="What was deleted as one JSON object.")
@db_option
def delete(article_id, theater, as_json, db):
    """Delete a stored article with its sentences, mentions, event mentions and claims,
    and re-link the events it was part of (an event only it reported goes): the store
    then holds the record of a store into which the article was never put."""
    import json

    from .. import api

    with _open(db) as store:
        report = api.delete_article(store, article_id, theater=theater)
    click.echo(json.dumps(report.to_dict(), indent=1) if as_json else str(report))
