"""Plain-text rendering of events for the terminal (tables, one event in detail)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Article, Claim, Event, EventMention, Fatalities, ResolvedDate
from .acled import actor_name


def format_date(date: ResolvedDate) -> str:
    if date.start is None:   # not date.known
        return "unknown"
    if date.end is None or date.end == date.start:
        text = date.start.isoformat()
    else:
        text = f"{date.start.isoformat()}..{date.end.isoformat()}"
    return text if date.precision == "day" else f"{text} ({date.precision})"


#: qualifiers read before the number ("at least 12"); others go after it in brackets
_PREFIX_QUALIFIERS = frozenset({"at least", "more than", "over", "up to", "about", "around",
                                "nearly", "almost", "some", "dozens", "hundreds", "scores",
                                "several", "at most", "less than", "fewer than"})


def format_fatalities(fat: Fatalities) -> str:
    if not fat.known:
        return "?"
    best = fat.best if fat.best is not None else fat.low
    prefix = fat.qualifier in _PREFIX_QUALIFIERS
    text = f"{fat.qualifier} {best}" if prefix else str(best)
    if fat.low is not None and fat.high is not None and fat.low != fat.high:
        text += f" ({fat.low}-{fat.high})"
    elif fat.qualifier and not prefix:
        text += f" ({fat.qualifier})"
    return text


def format_place(event: Event | EventMention) -> str:
    place = event.place
    if place is None:
        return getattr(event, "place_text", None) or "?"
    parts = [place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    return ", ".join(parts)


def format_actors(event: Event, pack) -> str:
    day = event.date.start
    a1, a2 = actor_name(event.actor1, pack, day), actor_name(event.actor2, pack, day)
    if a1 and a2:
        return f"{a1} vs {a2}"
    return a1 or a2 or "?"


def event_summary(event: Event, articles: Sequence[Article], pack) -> dict[str, Any]:
    """The fields `marsad events` shows, as plain values (also its --json output)."""
    place = event.place
    return summary_fields(
        event.id, event.date, event.event_type, event.sub_event_type,
        place.name if place else None, place.admin1 if place else None,
        place.id if place else None, place.lat if place else None, place.lon if place else None,
        event.actor1, event.actor2, event.fatalities,
        sorted({a.outlet for a in articles if a.outlet}), len(event.mentions), pack)



def place_label(place_name: str | None, admin1: str | None) -> str:
    """"Kafr Nabl, Idleb": the place with its governorate when that says more; "?" for none."""
    if place_name is None:
        return "?"
    if admin1 and admin1 != place_name:
        return f"{place_name}, {admin1}"
    return place_name

def summary_fields(event_id: str, date: ResolvedDate, event_type: str, sub_event_type: str,
                   place_name: str | None, admin1: str | None, place_id: str | None,
                   lat: float | None, lon: float | None, actor1: str | None,
                   actor2: str | None, fatalities: Fatalities, sources: list[str],
                   mentions: int, pack) -> dict[str, Any]:
    """:func:`event_summary` from the event's fields (no place: ``place_name`` None), for
    a list built from table columns without decoding whole events."""
    day = date.start
    a1, a2 = actor_name(actor1, pack, day), actor_name(actor2, pack, day)
    where = place_label(place_name, admin1)
    return {
        "id": event_id,
        "date": format_date(date),
        "date_start": day.isoformat() if day else None,
        "date_end": date.end.isoformat() if date.end else None,
        "precision": date.precision,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "place": where,
        "place_id": place_id,
        "lat": lat,
        "lon": lon,
        "actor1": a1 or None,
        "actor2": a2 or None,
        "actors": f"{a1} vs {a2}" if a1 and a2 else a1 or a2 or "?",   # as format_actors
        "fatalities": format_fatalities(fatalities),
        "sources": sources,
        "mentions": mentions,
    }


_TABLE = (("id", "id", 16), ("date", "date", 30), ("type", "event_type", 26),
          ("sub-type", "sub_event_type", 34), ("place", "place", 26),
          ("actors", "actors", 36), ("fat.", "fatalities", 12), ("sources", "sources", 40))


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def render_table(summaries: Sequence[dict[str, Any]]) -> str:
    """A fixed-width table, each column as wide as its widest cell (capped)."""
    cells = [[_cut("; ".join(s[key]) if isinstance(s[key], list) else str(s[key]), cap)
              for _, key, cap in _TABLE] for s in summaries]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, (h, _, _) in enumerate(_TABLE)]
    lines = ["  ".join(h.ljust(w) for (h, _, _), w in zip(_TABLE, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def render_event(event: Event, mentions: Sequence[EventMention], articles: Sequence[Article],
                 claims: Sequence[Claim], pack) -> str:
    """One event in detail: fields, then each mention with its sentence, place and sources."""
    by_article = {a.id: a for a in articles}
    claims_of: dict[str, list[Claim]] = {}
    for c in claims:
        if c.event_mention is not None:   # looked up by mention id below
            claims_of.setdefault(c.event_mention, []).append(c)
    place = event.place
    where = format_place(event)
    if place is not None:
        where += f" [{place.level}"
        if place.lat is not None and place.lon is not None:
            where += f", {place.lat:.4f}, {place.lon:.4f}"
        where += "]"
    if event.geo_precision:
        where += f" (geo precision {event.geo_precision})"
    lines = [
        f"Event {event.id}: {event.event_type} / {event.sub_event_type}",
        f"  date:       {format_date(event.date)}",
        f"  place:      {where}",
        f"  actors:     {format_actors(event, pack)}",
        f"  fatalities: {format_fatalities(event.fatalities)}",
        f"  sources:    {'; '.join(sorted({a.outlet for a in articles if a.outlet})) or '?'}",
    ]
    for key, value in (("status", event.status), ("linking", event.linking),
                       ("background_only", event.background_only)):
        if value:
            lines.append(f"  {key + ':':<11} {value}")
    for con in event.contradictions:
        sides = " vs ".join(
            f"{side.get('source') or '?'} ({side.get('outlet') or '?'}, {side.get('stance') or '?'})"
            for side in con.get("sides", ()))
        lines.append(f"  contradicts: {con.get('field')}: {con.get('kind', '')}: {sides}")
    lines.append(f"Mentions ({len(mentions)}):")
    for n, m in enumerate(mentions, start=1):
        a = by_article.get(m.article_id)
        head = ", ".join(x for x in (a and a.outlet, a and a.published and a.published.isoformat(),
                                     a and a.title and f'"{a.title}"') if x)
        lines.append(f" [{n}] {head or m.article_id}  (article {m.article_id})")
        lines.append(f"     \"{' '.join(m.text.split())}\"")
        coded = f"{m.sub_event_type}; {m.modality}" + ("; background" if m.background else "")
        lines.append(f"     coded:  {coded}; date {format_date(m.date)}")
        mplace = m.place.name if m.place else "unresolved"
        said = f"\"{m.place_text}\" -> " if m.place_text else ""
        lines.append(f"     place:  {said}{mplace}")
        for c in claims_of.get(m.id, ()):
            who = f"{c.source} ({c.source_kind}"
            if c.source_actor:
                who += f", {actor_name(c.source_actor, pack, m.date.start or event.date.start)}"
            lines.append(f"     source: {who}) {c.stance}"
                         + (f": \"{c.text}\"" if c.text else ""))
    return "\n".join(lines)
