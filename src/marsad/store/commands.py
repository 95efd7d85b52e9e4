"""`marsad run | events | show | export`: thin click wrappers over ingest, pipeline, store."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..model import Article
from ..theaters import PackError, load_pack
from .errors import StoreError
from .store import Store

PROGRESS_MIN_FILES = 20


def db_option(func):
    return click.option(
        "--db", default="marsad.db", envvar="MARSAD_DB", show_default=True,
        help="Store: a SQLite file or a SQLAlchemy URL (env MARSAD_DB).")(func)


@contextmanager
def _open_store(db: str, *, create: bool = False) -> Iterator[Store]:
    try:
        store = Store(db, create=create)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        yield store
    finally:
        store.close()


def _load_pack(theater: str):
    try:
        return load_pack(theater)
    except PackError as exc:
        raise click.ClickException(str(exc)) from exc


def _store_pack(store: Store):
    try:
        return load_pack(store.get_setting("theater") or "syria")
    except PackError:
        return None  # names fall back to actor ids


@contextmanager
def _stdout_pipe():
    """Stop quietly when the reader of our stdout goes away (`marsad export | head`)."""
    try:
        yield
    except BrokenPipeError:
        try:  # keep Python's exit-time flush from failing again on the closed pipe
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        raise SystemExit(1) from None


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


def _describe(article: Article) -> str:
    return article.source_path or article.url or article.title or article.id


def _error(source: str, reason: object) -> None:
    click.echo(f"error: {source}: {reason}", err=True)


@contextmanager
def _progress(items: Iterable[Article], show: bool):
    if not show:
        yield items
        return
    # click draws the bar only on a terminal; elsewhere it prints the label once
    with click.progressbar(items, label="articles", file=sys.stderr, show_pos=True) as bar:
        yield bar


class _Tally:
    def __init__(self) -> None:
        self.read = self.new = self.old = self.failed = 0


#: link after every this many new articles, so one link batch never holds a whole corpus.
#: A batch costs its mentions plus every stored event they touch (read, grown, rewritten):
#: on a corpus whose batches all touch the same events, 5,000 costs a fifth of 1,000 per
#: article (scripts/benchmark.py: link 3.4 -> 2.8 ms/article at 2k, 6.5 -> 2.9 at 10k)
#: and a batch's mentions still take only tens of MB
LINK_EVERY = 5000


@click.command()
@click.argument("paths", nargs=-1)
@click.option("--samples", is_flag=True, help="Also read the bundled sample articles.")
@db_option
@click.option("--theater", default="syria", show_default=True,
              help="Theater pack: a built-in name or a pack folder.")
@click.option("--columns", help="CSV/JSONL column mapping, e.g. text=body,title=headline.")
@click.option("--max-bytes", type=click.IntRange(min=1), help="Skip input files larger than this.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@click.option("--workers", "-w", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes that code articles (0: one per core); storing and linking "
                   "stay in this process.")
def run(paths, samples, db, theater, columns, max_bytes, quiet, workers):
    """Read articles, code their events, store them and link them into events.

    PATHS are files, folders or glob patterns (.txt, .md, .html, .csv, .jsonl). Articles
    already in the store are skipped. A failing input is reported on stderr as
    "error: INPUT: REASON" and the rest go on; the exit code is 1 if any input failed.

    \b
    Examples:
      marsad run --samples
      marsad run reports/ --db war.db
      marsad run feed.csv --columns text=body,title=headline
      marsad run corpus/ --workers 0
    """
    from .. import ingest
    from ..parallel import ParallelError, WorkerError, available_cores, pipe_parallel
    from ..pipeline import PipelineError, batch_gc, build_pipeline
    from . import link_pending, recent_articles

    read_paths = getattr(ingest, "read_paths", None)
    if read_paths is None:
        raise click.ClickException("marsad.ingest.read_paths is not available in this install")
    paths = list(paths)
    if samples:
        paths += list(ingest.sample_paths())
    if not paths:
        raise click.UsageError("give files, folders or glob patterns to read, or --samples")
    read_kwargs = {}
    if columns:
        read_kwargs["columns"] = _parse_columns(columns)
    if max_bytes:
        read_kwargs["max_bytes"] = max_bytes
    pack = _load_pack(theater)
    tally = _Tally()

    def articles(store: Store) -> Iterator[Article]:
        for item in read_paths(paths, **read_kwargs):
            if not isinstance(item, Article):  # IngestFailure(source, reason)
                tally.failed += 1
                _error(item.source, item.reason)
                continue
            tally.read += 1
            if store.has_article(item.id):  # skip the NLP for what is already stored
                tally.old += 1
                continue
            yield item

    def processed(store: Store) -> Iterator[Article]:
        new = articles(store)
        first = next(new, None)
        if first is None:
            return  # nothing new: skip building the pipeline (seconds of model setup)
        try:
            pipeline = build_pipeline(theater, pack=pack)
        except (ImportError, PipelineError, ValueError) as exc:
            raise click.ClickException(f"cannot build the pipeline: {exc}") from exc
        with batch_gc():
            try:
                yield from pipe_parallel(pipeline, itertools.chain([first], new),
                                         workers or available_cores(), on_error=pipeline_failed)
            except ParallelError as exc:
                raise click.ClickException(str(exc)) from exc

    def pipeline_failed(article: Article, exc: Exception) -> None:
        tally.failed += 1
        # a WorkerError already reads "ValueError: ..." (the error raised in the worker)
        detail = str(exc) if isinstance(exc, WorkerError) else f"{type(exc).__name__}: {exc}"
        _error(_describe(article), detail)

    def store_failed(article: Article, exc: StoreError) -> None:
        tally.failed += 1
        _error(_describe(article), exc)

    theater_ref = str(Path(theater).resolve()) if (Path(theater) / "pack.json").is_file() else theater
    with _open_store(db, create=True) as store:
        store.set_setting("theater", theater_ref)
        events_before = store.stats()["events"]
        recent = recent_articles()
        show_bar = not quiet and (sys.stderr.isatty() or _count_files(paths) >= PROGRESS_MIN_FILES)
        try:
            with _progress(processed(store), show_bar) as bar:
                for article, stored in store.add_articles(bar, on_error=store_failed):
                    if stored:
                        tally.new += 1
                        if recent is not None:
                            recent.add(article)
                        if tally.new % LINK_EVERY == 0:  # bounded linking batches
                            link_pending(store, pack, recent)
                            if recent is not None:
                                recent.clear()
                    else:
                        tally.old += 1
        except KeyboardInterrupt:
            click.echo(f"interrupted: {tally.new} new articles stored in {store}; their events "
                       "are linked on the next run", err=True)
            raise SystemExit(130) from None
        try:
            method = link_pending(store, pack, recent)
        except StoreError as exc:
            raise click.ClickException(f"linking failed: {exc}") from exc
        if not quiet:
            click.echo(_summary(store, tally, events_before, method))
    if tally.failed:
        raise SystemExit(1)


def _summary(store: Store, tally: _Tally, events_before: int, method: str) -> str:
    events_now = store.stats()["events"]
    rows = [("articles read", tally.read), ("  new", tally.new),
            ("  already stored", tally.old), ("inputs failed", tally.failed),
            ("new events", events_now - events_before), ("events in store", events_now)]
    rows += [(f"  {etype}", n) for etype, n in store.event_type_counts().items()]
    rows += [("linking", "cross-article linker" if method == "linker"
              else "one event per mention (linker not installed)"),
             ("store", str(store))]
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


def _filters(store: Store, pack, start, end, place, actor, event_type) -> dict:
    filters = {"start": start, "end": end, "place": place, "event_type": event_type}
    if actor:
        needle = actor.lower()
        ids = [a.id for a in (pack.actors if pack else ())
               if needle in a.name.lower() or any(needle in al.lower() for al in a.aliases)]
        filters["actor"] = [actor, *ids]
    return filters


@click.command()
@_event_filters
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON list instead of a table.")
@db_option
def events(start, end, place, actor, event_type, limit, as_json, db):
    """List stored events (id, date, type, place, actors, fatalities, sources)."""
    from .display import event_summary, render_table

    with _open_store(db) as store:
        pack = _store_pack(store)
        try:
            found = store.events(limit=limit, **_filters(store, pack, start, end, place, actor,
                                                         event_type))
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
        summaries = [event_summary(e, arts, pack) for e, _, arts, _ in store.event_bundles(found)]
    with _stdout_pipe():
        if as_json:
            click.echo(json.dumps(summaries, ensure_ascii=False, indent=1))
        elif not summaries:
            click.echo("no events match", err=True)
        else:
            click.echo(render_table(summaries))
            if len(summaries) == limit:
                click.echo(f"(first {limit} events; raise --limit for more)", err=True)


@click.command()
@click.argument("event_id")
@db_option
def show(event_id, db):
    """Show one event: its mentions' sentences, sources (with stance) and places."""
    from .display import render_event

    with _open_store(db) as store:
        event = store.get_event(event_id)
        if event is None:
            matches = store.find_event_ids(event_id)
            if len(matches) != 1:
                hint = f" (matches: {', '.join(matches)})" if matches else ""
                raise click.ClickException(f"no single event with id {event_id!r}{hint}")
            event = store.get_event(matches[0])
        pack = _store_pack(store)
        (bundle,) = store.event_bundles([event])
    click.echo(render_event(*bundle, pack))


@click.command()
@click.option("--format", "fmt", default="acled-csv", show_default=True,
              help="acled-csv, geojson or jsonl.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of stdout.")
@_event_filters
@db_option
def export(fmt, output, start, end, place, actor, event_type, db):
    """Export the stored events (ACLED CSV, GeoJSON or JSON Lines)."""
    from ..export import EXPORTERS, ExportError, export as write

    if fmt not in EXPORTERS:
        raise click.BadParameter(f"{fmt!r}; known: {', '.join(EXPORTERS)}", param_hint="--format")
    with _open_store(db) as store:
        pack = _store_pack(store)
        filters = _filters(store, pack, start, end, place, actor, event_type)
        try:
            if output:
                with open(output, "w", encoding="utf-8", newline="") as fh:
                    n = write(store, fmt, fh, pack=pack, **filters)
                click.echo(f"wrote {n} events to {output}", err=True)
            else:
                with _stdout_pipe():
                    write(store, fmt, sys.stdout, pack=pack, **filters)
        except (ExportError, ValueError) as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            raise click.ClickException(f"cannot write {output}: {exc.strerror}") from exc
