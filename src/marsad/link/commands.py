"""`marsad link | contradictions | timeline | summary | credibility`: thin click wrappers."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click


def _common(func):
    func = click.option("--theater", default=None,
                        help="Theater pack name or folder (default: the store's, else syria).")(func)
    return click.option("--db", default="marsad.db", envvar="MARSAD_DB", show_default=True,
                        help="Store: a SQLite file or a SQLAlchemy URL (env MARSAD_DB).")(func)


@contextmanager
def _store(db: str) -> Iterator:
    from ..store.commands import _open_store
    if "://" not in db and not Path(db).exists():
        raise click.ClickException(f"no store at {db} (run `marsad run` first, or pass --db)")
    with _open_store(db) as store:
        yield store


def _pack(store, theater: str | None):
    from ..store.commands import _load_pack
    return _load_pack(theater or store.get_setting("theater") or "syria")


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _event(store, event_id: str):
    event = store.get_event(event_id)
    if event is None:
        ids = store.find_event_ids(event_id)
        if len(ids) > 1:
            raise click.ClickException(f"{event_id!r} matches several events: {', '.join(ids)}")
        event = store.get_event(ids[0]) if ids else None
    if event is None:
        raise click.ClickException(f"no event {event_id!r}")
    return event


@click.command("link")
@click.option("--rebuild", is_flag=True, help="Delete all events and link every mention anew.")
@click.option("--json", "as_json", is_flag=True)
@_common
def link(rebuild, as_json, db, theater):
    """Link unlinked event mentions across articles into events."""
    from .linker import LinkError
    from .service import link_store
    with _store(db) as store:
        try:
            report = link_store(store, _pack(store, theater), rebuild=rebuild)
        except LinkError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        _echo_json(report.to_dict())
    else:
        click.echo(str(report))


@click.command("contradictions")
@click.option("--from", "start", default=None, help="Events from this date (YYYY-MM-DD).")
@click.option("--to", "end", default=None, help="Events up to this date.")
@click.option("--json", "as_json", is_flag=True)
@_common
def contradictions(start, end, as_json, db, theater):
    """Where sources contradict each other: denials, places, outcomes, fatality figures."""
    from ..summarize import find_stories, story_contradictions
    from .linker import Linker
    from .service import contradictions as find
    with _store(db) as store:
        found = find(store, start=_date(start), end=_date(end))
        events = store.events(start=_date(start), end=_date(end))
        side_of = Linker(_pack(store, theater)).side_group
        by_id = {e.id: e for e in events}
        for s in find_stories(events, side_of=side_of):
            for c in story_contradictions(s, by_id):
                found.append({**c, "sub_event_type": "story", "date": None,
                              "place": s.area, "event_id": f"story {s.id}"})
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


@click.command("timeline")
@click.option("--from", "start", default=None, help="From this date (YYYY-MM-DD).")
@click.option("--to", "end", default=None, help="Up to this date.")
@click.option("--json", "as_json", is_flag=True)
@_common
def timeline(start, end, as_json, db, theater):
    """Events in date order, with how precisely each date is known."""
    from ..summarize import timeline as rows_of
    with _store(db) as store:
        rows = rows_of(store, start=_date(start), end=_date(end))
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        fat = "" if r["fatalities"] is None else f"  {r['fatalities']} killed"
        click.echo(f"{r['when']:<40} {r['sub_event_type']:<36} {r['place'] or '?':<24} "
                   f"{r['articles']} article(s){fat}  {r['event_id']}")


@click.command("summary")
@click.argument("event_id", required=False)
@click.option("--story", is_flag=True, help="Summarize stories (the one holding EVENT_ID).")
@click.option("--json", "as_json", is_flag=True)
@_common
def summary(event_id, story, as_json, db, theater):
    """A cited summary of one event, or of stories (chains of linked events)."""
    from ..summarize import find_stories, summarize_event, summarize_story
    if not event_id and not story:
        raise click.UsageError("give an EVENT_ID or --story")
    with _store(db) as store:
        if not story:
            out = [summarize_event(_event(store, event_id))]
        else:
            from .linker import Linker
            events = store.events()
            by_id = {e.id: e for e in events}
            stories = find_stories(events, side_of=Linker(_pack(store, theater)).side_group)
            if event_id:
                wanted = _event(store, event_id).id
                stories = [s for s in stories if wanted in s.events]
                if not stories:
                    raise click.ClickException(f"event {wanted} is in no story")
            out = [summarize_story(s, by_id) for s in stories]
    if as_json:
        _echo_json([s.to_dict() for s in out])
        return
    if not out:
        click.echo("no stories (events chain into a story when they share an area, "
                   "dates and actors)")
    click.echo("\n\n".join(s.to_text() for s in out))


def _reference(pack, directory: str | None):
    try:
        from ..eval.reference import load_reference
    except ImportError:
        return None
    from ..theaters import default_overlay_dir
    path = Path(directory) if directory else default_overlay_dir(pack.name)
    if not (path / "reference_events.csv").exists():
        if directory:
            raise click.ClickException(f"no reference_events.csv in {path}")
        return None
    return load_reference(path)


@click.command("credibility")
@click.argument("article_id", required=False)
@click.option("--all", "all_", is_flag=True, help="Score every article.")
@click.option("--reference", "reference_dir", default=None,
              help="Folder with reference_events.csv (default: the pack overlay, if any).")
@click.option("--json", "as_json", is_flag=True)
@_common
def credibility(article_id, all_, reference_dir, as_json, db, theater):
    """Credibility of articles: corroboration of their events and reference matches."""
    from .service import store_article_credibility
    if not article_id and not all_:
        raise click.UsageError("give an ARTICLE_ID or --all")
    with _store(db) as store:
        reference = _reference(_pack(store, theater), reference_dir)
        ids = None if all_ else [article_id]
        if ids and not store.has_article(article_id):
            raise click.ClickException(f"no article {article_id!r}")
        results = store_article_credibility(store, ids, reference=reference)
    if as_json:
        _echo_json(results)
        return
    for r in results:
        score = "n/a" if r["score"] is None else f"{r['score']:.2f}"
        click.echo(f"{r['article_id']}  {score}  {r.get('outlet') or 'unknown outlet'}  "
                   f"{(r.get('title') or '')[:60]}")
        for reason in r["reasons"]:
            click.echo(f"    - {reason}")
