"""`marsad link | contradictions | timeline | summary | credibility`."""

from __future__ import annotations

import json

import click

from .base import command
from .store import _sigterm_as_interrupt


def _common(func):
    func = click.option("--theater", default=None,
                        help="Theater pack name or folder (default: the store's, else syria).")(func)
    return click.option("--db", default="marsad.db", envvar="MARSAD_DB", show_default=True,
                        help="Store: a SQLite file or a SQLAlchemy URL (env MARSAD_DB).")(func)


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@command("link")
@click.option("--rebuild", is_flag=True, help="Delete all events and link every mention anew.")
@click.option("--json", "as_json", is_flag=True)
@_common
def link(rebuild, as_json, db, theater):
    """Link unlinked event mentions across articles into events.

    Ctrl-C or SIGTERM stops it with one line and exit code 130 (143 for SIGTERM): a link run
    saves its events in one transaction at its end, so a stopped one saved nothing (a
    stopped --rebuild may have deleted the events: run `marsad link` again).
    """
    from .. import api  # the library loads for the command that runs, not for --help

    with _sigterm_as_interrupt() as terminated:
        try:
            with api.open_store(db) as store:
                report = api.link(store, theater=theater, rebuild=rebuild)
        except KeyboardInterrupt:
            click.echo("interrupted: no events saved by this link run; run `marsad link` "
                       "again to link what is unlinked", err=True)
            raise SystemExit(143 if terminated else 130) from None
    if as_json:
        _echo_json(report.to_dict())
    else:
        click.echo(str(report))


@command("contradictions")
@click.option("--from", "start", default=None, help="Events from this date (YYYY-MM-DD).")
@click.option("--to", "end", default=None, help="Events up to this date.")
@click.option("--json", "as_json", is_flag=True)
@_common
def contradictions(start, end, as_json, db, theater):
    """Where sources contradict each other: denials, places, outcomes, fatality figures."""
    from .. import api  # the library loads for the command that runs, not for --help

    with api.open_store(db) as store:
        found = api.contradictions(store, theater=theater, start=start, end=end)
    if as_json:
        _echo_json(found)
        return
    if not found:
        click.echo("no contradictions")
    for c in found:
        click.echo(f"{c['event_id']}  {c['date'] or 'date unknown'}  {c['sub_event_type']}  "
                   f"{c['place'] or ''}  -- {c['kind']}")
        for side in c["sides"]:
            value = _value(c["field"], side.get("value"))
            click.echo(f"   [{side['stance']}] {side['source']} ({side['outlet'] or 'unknown outlet'})"
                       f"{value}: {side['text']}")


def _value(field_name: str, value) -> str:
    if field_name == "fatalities" and isinstance(value, dict):
        lo, best, hi = value.get("low"), value.get("best"), value.get("high")
        words = [value.get("qualifier") or "", str(best if best is not None else lo)]
        upto = f", up to {hi}" if hi not in (None, best) else ""
        return f" [{' '.join(w for w in words if w)}{upto} killed]"
    if field_name == "place" and isinstance(value, dict):
        return f" [{value.get('text') or value.get('name')}]"
    if field_name == "outcome":
        if isinstance(value, dict):
            if value.get("winner"):
                return f" [{value['winner']} came out ahead]"
            if value.get("loser"):
                return f" [{value['loser']} failed]"
            return f" [{value.get('result')}]"
        return f" [{value}]"
    return ""


@command("timeline")
@click.option("--from", "start", default=None, help="From this date (YYYY-MM-DD).")
@click.option("--to", "end", default=None, help="Up to this date.")
@click.option("--json", "as_json", is_flag=True)
@_common
def timeline(start, end, as_json, db, theater):
    """Events in date order, with how precisely each date is known."""
    from .. import api  # the library loads for the command that runs, not for --help

    with api.open_store(db) as store:
        rows = api.timeline(store, start=start, end=end)
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        fat = "" if r["fatalities"] is None else f"  {r['fatalities']} killed"
        click.echo(f"{r['when']:<40} {r['sub_event_type']:<36} {r['place'] or '?':<24} "
                   f"{r['articles']} article(s){fat}  {r['event_id']}")


@command("summary")
@click.argument("event_id", required=False)
@click.option("--story", is_flag=True, help="Summarize stories (the one holding EVENT_ID).")
@click.option("--json", "as_json", is_flag=True)
@_common
def summary(event_id, story, as_json, db, theater):
    """A cited summary of one event, or of stories (chains of linked events)."""
    from .. import api  # the library loads for the command that runs, not for --help

    if not event_id and not story:
        raise click.UsageError("give an EVENT_ID or --story")
    with api.open_store(db) as store:
        out = api.summaries(store, event_id, story=story, theater=theater)
    if as_json:
        _echo_json([s.to_dict() for s in out])
        return
    if not out:
        click.echo("no stories (events chain into a story when they share an area, "
                   "dates and actors)")
    click.echo("\n\n".join(s.to_text() for s in out))



@command("credibility")
@click.argument("article_id", required=False)
@click.option("--all", "all_", is_flag=True, help="Every article.")
@click.option("--reference", "reference_dir", default=None,
              help="Folder with reference_events.csv (default: the pack overlay, if any).")
@click.option("--json", "as_json", is_flag=True)
@_common
def credibility(article_id, all_, reference_dir, as_json, db, theater):
    """Credibility of articles, as reasons: corroboration of their events, contradictions,
    reference matches (no number: none has shown predictive signal yet)."""
    from .. import api  # the library loads for the command that runs, not for --help

    if not article_id and not all_:
        raise click.UsageError("give an ARTICLE_ID or --all")
    with api.open_store(db) as store:
        results = api.credibility(store, None if all_ else [article_id], theater=theater,
                                  reference_dir=reference_dir)
    # no score: none has predicted the FA-KES labels under cross-validation (`marsad eval
    # credibility`), so articles are shown with their reasons and the counts behind them
    if as_json:
        _echo_json(results)
        return
    for r in results:
        click.echo(f"{r['article_id']}  {r.get('outlet') or 'unknown outlet'}  "
                   f"{(r.get('title') or '')[:60]}")
        for reason in r["reasons"]:
            click.echo(f"    - {reason}")
