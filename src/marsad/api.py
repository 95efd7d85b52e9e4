"""Library calls behind the `marsad` commands that read a store.

Each function takes an open :class:`~marsad.store.Store` (see :func:`open_store`) and
returns data; the CLI only renders it. Errors are :class:`~marsad.errors.MarsadError`
(an :class:`~marsad.errors.InvalidArgument` when an argument is to blame). Example::

    from marsad import api
    with api.open_store("war.db") as store:
        for row in api.timeline(store, start="2016-08-01"):
            print(row["when"], row["sub_event_type"], row["place"])
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from . import theaters
from .errors import EXTRAS, InvalidArgument, MarsadError, MissingExtra
from .export import BINARY_FORMATS, EXPORTERS, check_target, export as write_export
from .export.acled import UNASSERTED_STATUSES, event_id_prefix
from .link import (DeleteReport, LinkReport, Linker, delete_article as link_delete_article,
                   link_store, store_article_credibility)
from .link import contradictions as event_contradictions
from .link.reference import load_reference
from .query import actor_needles, find_event
from .store import NotFoundError, Store, StoreError
from .export.display import event_summary, render_event
from .summarize import (Summary, find_stories, story_contradictions, summarize_event,
                        summarize_story)
from .summarize import timeline as timeline_rows
from .theaters import PackError, TheaterPack, default_overlay_dir, load_pack

#: the store used when none is named (the CLI's --db default; $MARSAD_DB overrides it there)
DEFAULT_DB = "marsad.db"


def open_store(db: str | os.PathLike = DEFAULT_DB, *, create: bool = False) -> Store:
    """Open a store at a SQLite path or SQLAlchemy URL; with ``create=False`` a missing
    SQLite file is an error (nothing is created)."""
    try:
        return Store(db, create=create)
    except StoreError as exc:
        cause = exc.__cause__
        if isinstance(cause, ModuleNotFoundError) and cause.name in EXTRAS:
            raise MissingExtra(cause.name, EXTRAS[cause.name], f"the store {db}") from exc
        raise


def resolve_pack(pack: str | os.PathLike | TheaterPack) -> tuple[TheaterPack, str]:
    """(loaded pack, how the store records it): a built-in name as is, a folder as its
    absolute path, so a later command on the store finds the same pack."""
    if isinstance(pack, TheaterPack):
        builtin = Path(pack.path).resolve().parent == Path(theaters.__file__).resolve().parent
        return pack, pack.name if builtin else str(Path(pack.path).resolve())
    name = str(pack)
    ref = str(Path(name).resolve()) if (Path(name) / "pack.json").is_file() else name
    return load_pack(name), ref


def store_pack(store: Store, theater: str | None = None) -> TheaterPack:
    """``theater``, else the pack the store was made with, else syria."""
    return load_pack(theater or store.get_setting("theater") or "syria")


def _display_pack(store: Store) -> TheaterPack | None:
    try:
        return store_pack(store)
    except PackError:
        return None  # names fall back to actor ids


def _date(value: str | dt.date | None, param: str) -> dt.date | None:
    if not value or isinstance(value, dt.date):
        return value or None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidArgument(f"{value!r} is not a date (YYYY-MM-DD)", param=param) from exc


def event_filters(pack: TheaterPack | None, *, start=None, end=None, place=None, actor=None,
                  event_type=None) -> dict[str, Any]:
    """Store filters; ``actor`` also matches the pack's actors by name or alias."""
    filters = {"start": start, "end": end, "place": place, "event_type": event_type}
    if actor:
        filters["actor"] = list(actor_needles(pack, actor))
    return filters


def list_events(store: Store, *, limit: int | None = 50, start=None, end=None, place=None,
                actor=None, event_type=None) -> list[dict[str, Any]]:
    """Stored events as summary rows (id, date, type, place, actors, fatalities, sources)."""
    pack = _display_pack(store)
    try:
        found = store.events(limit=limit, **event_filters(
            pack, start=start, end=end, place=place, actor=actor, event_type=event_type))
    except ValueError as exc:  # a date that is not ISO
        raise InvalidArgument(str(exc)) from exc
    return [event_summary(e, arts, pack) for e, _, arts, _ in store.event_bundles(found)]


def event_prefix_of(event_id: str) -> str:
    """What to look up for an id a user typed: an ACLED id's event prefix, or the id."""
    prefix = event_id_prefix(event_id)
    return prefix if prefix is not None else event_id


def show_event(store: Store, event_id: str) -> str:
    """One event as text: its mentions' sentences, sources (with stance) and places."""
    (bundle,) = store.event_bundles([find_event(store, event_id)])
    return render_event(*bundle, _display_pack(store))


def check_export_format(fmt: str) -> None:
    if fmt not in EXPORTERS:
        raise InvalidArgument(f"{fmt!r}; known: {', '.join(EXPORTERS)}", param="--format")


def check_export_output(fmt: str, output: str | os.PathLike | TextIO | None) -> None:
    """A usage error (on ``-o/--output``) when a binary format (parquet, gpkg) is to go to
    stdout (``output`` None or "-"), an open stream, a device or a folder."""
    check_export_format(fmt)
    check_target(fmt, output)


def export_events(store: Store, fmt: str, output: str | os.PathLike | TextIO, *, start=None,
                  end=None, place=None, actor=None, event_type=None,
                  include_held_back: bool = False) -> int:
    """Write the stored events as ``fmt`` (acled-csv, geojson, jsonl; parquet and gpkg to
    a file path only) to a file path or an open text file; returns how many were written.

    The ACLED CSV, Parquet, GeoJSON and GeoPackage keep the analyst's record: events made
    only of background, denied or unasserted mentions are left out unless
    ``include_held_back`` (GeoJSON and GeoPackage also leave out events without
    coordinates); JSON Lines has every event with its status, and with
    ``include_held_back`` also every mention the screen held back, with its reason. :func:`held_back` counts what was left out."""
    check_export_output(fmt, output)
    pack = _display_pack(store)
    filters = event_filters(pack, start=start, end=end, place=place, actor=actor,
                            event_type=event_type)
    if fmt == "jsonl":
        filters["include_held_back"] = include_held_back
    else:
        filters["include_unasserted"] = include_held_back
    try:
        if isinstance(output, (str, os.PathLike)) and fmt not in BINARY_FORMATS:
            with open(output, "w", encoding="utf-8", newline="") as fh:
                return write_export(store, fmt, fh, pack=pack, **filters)
        return write_export(store, fmt, output, pack=pack, **filters)
    except MarsadError:
        raise
    except ValueError as exc:  # a date that is not ISO
        raise MarsadError(str(exc)) from exc
    except BrokenPipeError:
        raise  # the reader went away: the caller decides
    except OSError as exc:
        raise MarsadError(f"cannot write {output}: {exc.strerror}") from exc


@dataclass(frozen=True)
class HeldBack:
    """What the analyst's record (ACLED CSV, map) leaves out, and why."""

    events_by_status: dict[str, int]     # linked events: background_only, denied_only, ...
    mentions_by_reason: dict[str, int]   # screened mentions: "off-topic article", ...

    def lines(self) -> list[str]:
        out = []
        if self.events_by_status:
            out.append(f"held back {sum(self.events_by_status.values())} events: "
                       + ", ".join(f"{k} {v}" for k, v in sorted(self.events_by_status.items())))
        if self.mentions_by_reason:
            out.append(f"held back {sum(self.mentions_by_reason.values())} event mentions: "
                       + ", ".join(f"{k} {v}" for k, v in sorted(
                           self.mentions_by_reason.items(), key=lambda kv: (-kv[1], kv[0]))))
        return out


def held_back(store: Store) -> HeldBack:
    """Count the events and mentions the record leaves out, by status and by reason."""
    statuses: Counter[str] = Counter(
        e.status for batch in store.iter_events() for e in batch
        if e.status in UNASSERTED_STATUSES)
    reasons: Counter[str] = Counter(
        m.held_back.split(":", 1)[0] for m in store.event_mentions() if m.held_back)
    return HeldBack(dict(statuses), dict(reasons))


def link(store: Store, *, theater: str | None = None, rebuild: bool = False) -> LinkReport:
    """Link the store's unlinked event mentions into events (``rebuild``: all anew)."""
    return link_store(store, store_pack(store, theater), rebuild=rebuild)


def delete_article(store: Store, article_id: str, *,
                   theater: str | None = None) -> DeleteReport:
    """Delete a stored article with everything that hangs off it and re-link the events
    its event mentions were in (:func:`marsad.link.delete_article`): afterwards the store
    holds the record of a store into which the article was never put. One transaction; a
    :class:`~marsad.store.NotFoundError` when no article has that id."""
    return link_delete_article(store, store_pack(store, theater), article_id)


def contradictions(store: Store, *, theater: str | None = None, start=None,
                   end=None) -> list[dict[str, Any]]:
    """Where sources contradict each other, per event and per story."""
    start, end = _date(start, "--from"), _date(end, "--to")
    found = event_contradictions(store, start=start, end=end)
    events = store.events(start=start, end=end)
    side_of = Linker(store_pack(store, theater)).side_group
    by_id = {e.id: e for e in events}
    for s in find_stories(events, side_of=side_of):
        for c in story_contradictions(s, by_id):
            found.append({**c, "sub_event_type": "story", "date": None,
                          "place": s.area, "event_id": f"story {s.id}"})
    return found


def timeline(store: Store, *, start=None, end=None) -> list[dict[str, Any]]:
    """Events in date order, with how precisely each date is known."""
    return timeline_rows(store, start=_date(start, "--from"), end=_date(end, "--to"))


def summaries(store: Store, event_id: str | None = None, *, story: bool = False,
              theater: str | None = None) -> list[Summary]:
    """A cited summary of one event, or of the stories (all, or the one holding
    ``event_id``)."""
    if not story:
        if not event_id:
            raise InvalidArgument("give an event id or story=True")
        return [summarize_event(find_event(store, event_id))]
    events = store.events()
    by_id = {e.id: e for e in events}
    stories = find_stories(events, side_of=Linker(store_pack(store, theater)).side_group)
    if event_id:
        wanted = find_event(store, event_id).id
        stories = [s for s in stories if wanted in s.events]
        if not stories:
            raise MarsadError(f"event {wanted} is in no story")
    return [summarize_story(s, by_id) for s in stories]


def credibility(store: Store, article_ids: Sequence[str] | None = None, *,
                theater: str | None = None,
                reference_dir: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """Credibility of articles (all when ``article_ids`` is None): corroboration of their
    events and matches in the reference events (``reference_dir``, default the pack's
    overlay folder when it holds reference_events.csv)."""
    reference = _reference(store_pack(store, theater), reference_dir)
    for article_id in article_ids or ():
        if not store.has_article(article_id):
            raise NotFoundError(f"no article {article_id!r}")
    return store_article_credibility(store, None if article_ids is None else list(article_ids),
                                     reference=reference)


def stats(store: Store) -> dict[str, Any]:
    """What the store holds: row counts of articles, sentences, mentions, event mentions,
    claims and events, the contradictions the events name, and a checksum of the event
    set (SHA-256 over every event's stored fields, in id order), so a run killed and run
    again can be compared with a clean one (issue 14.4)."""
    counts: dict[str, Any] = dict(store.stats())
    per_event: dict[str, str] = {}
    contradictions = 0
    for batch in store.iter_events():
        for event in batch:
            contradictions += len(event.contradictions)
            per_event[event.id] = hashlib.sha256(json.dumps(
                event.to_dict(), sort_keys=True, default=str, ensure_ascii=False
            ).encode("utf-8")).hexdigest()
    digest = hashlib.sha256()
    for event_id in sorted(per_event):
        digest.update(f"{event_id} {per_event[event_id]}\n".encode())
    counts["contradictions"] = contradictions
    counts["events_checksum"] = digest.hexdigest()
    return counts


def _reference(pack: TheaterPack, directory: str | os.PathLike | None):
    path = Path(directory) if directory else default_overlay_dir(pack.name)
    if not (path / "reference_events.csv").exists():
        if directory:
            raise MarsadError(f"no reference_events.csv in {path}")
        return None
    return load_reference(path)


__all__ = ["DEFAULT_DB", "check_export_format", "check_export_output", "contradictions",
           "credibility", "delete_article", "stats", "event_filters", "export_events",
           "find_event", "link", "list_events", "open_store", "resolve_pack", "show_event",
           "store_pack", "summaries", "timeline"]
