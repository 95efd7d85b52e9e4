"""ACLED-shaped rows: one dict per linked event, with ACLED's column names and order."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import math
import weakref
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pycountry

from ..model import (DISORDER_TYPE, TIME_PRECISION_CODE, Article, Claim, Event, EventMention,
                     stable_id)
from ..theaters import PackError, load_pack

#: ACLED's export columns, in ACLED's order
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)


CIVILIAN_INTER = 7
_FAR_FUTURE = dt.date.max


#: ACLED's "Middle East" region, for rows exported without a pack (a pack says its own
#: neighbours' regions: ``pack.json`` "regions")
_MIDDLE_EAST = frozenset({"Syria", "Iraq", "Lebanon", "Jordan", "Israel", "Palestine",
                          "Palestinian Territory", "Iran", "Turkey", "Saudi Arabia", "Yemen",
                          "Kuwait", "Qatar", "United Arab Emirates", "Bahrain", "Oman"})


def region_of(country: str | None, pack) -> str:
    """The pack's region for its own country; for a country abroad, ACLED's region as the
    pack's "regions" give it, else empty (an event in Moscow is not in the Middle East)."""
    theater = getattr(pack, "country", None)
    if not country or country == theater:
        return getattr(pack, "region", None) or ""
    regions = getattr(pack, "regions", None)
    if regions is not None:
        return regions.get(country, "")
    return "Middle East" if country in _MIDDLE_EAST else ""


@lru_cache(maxsize=1024)
def country_code(iso: int | None, country: str | None) -> str:
    """ISO 3166 alpha-3 of a country, from its numeric code or its name (pycountry); "XXX"
    when neither is known."""
    if iso:
        found = pycountry.countries.get(numeric=f"{int(iso):03d}")
        if found is not None:
            return str(found.alpha_3)
    if country:
        try:
            return str(pycountry.countries.lookup(country).alpha_3)
        except LookupError:
            try:
                return str(pycountry.countries.search_fuzzy(country)[0].alpha_3)
            except LookupError:
                pass
    return "XXX"


#: how many decimal digits an ACLED-style id carries: the first 8 hex digits of the event's
#: content id as a number (0 .. 4294967295), zero-padded, so it converts back exactly
_ID_DIGITS = 10


def acled_event_id(event_id: str, iso: int | None, country: str | None) -> str:
    """``event_id_cnty`` in ACLED's form (ISO3 letters, then digits), stable across runs."""
    head = event_id[:8]
    if len(head) < 8 or any(ch not in "0123456789abcdef" for ch in head):
        head = stable_id(event_id)[:8]   # ids marsad makes are hex; any other is hashed
    return country_code(iso, country) + f"{int(head, 16):0{_ID_DIGITS}d}"


def event_id_prefix(acled_id: str) -> str | None:
    """The event id prefix an ``event_id_cnty`` stands for (None if it is not one)."""
    if len(acled_id) != 3 + _ID_DIGITS or not acled_id[:3].isalpha() or not acled_id[3:].isdigit():
        return None
    number = int(acled_id[3:])
    return f"{number:08x}" if number < 16 ** 8 else None


def actor_name(actor_id: str | None, pack, day: dt.date | None = None) -> str:
    """The pack's canonical name, as the group was called on ``day`` (the event's date:
    Jabhat al-Nusra is "Al Nusrah Front" in 2015 and HTS from 2017; its id does not
    change) or its current name when ``day`` is None; a new actor's slug made readable;
    '' when none."""
    if not actor_id:
        return ""
    actor = pack.actor(actor_id) if pack is not None else None
    if actor is not None:
        parent = pack.actor(actor.parent) if actor.parent else None
        if parent is not None and actor.name.startswith(parent.name + " "):
            # a branch of a force ("Military Forces of Syria (2000-) Air Force"): ACLED
            # names the force ("Military Forces of Syria (2000-)"); the record keeps the
            # branch's own id
            return parent.name_on(day)
        return actor.name_on(day)
    slug = actor_id.split(":", 1)[1] if actor_id.startswith("new:") else actor_id
    return " ".join(w[:1].upper() + w[1:] for w in slug.replace("_", "-").split("-") if w)


def local_name(names: str, country: str | None, pack) -> str:
    """ACLED names a group by the country it acts in: the theater's "Civilians (Syria)" or
    "Islamic State (Syria)" in an event in Yemen is "Civilians (Yemen)", "Islamic State
    (Yemen)" (a state's forces keep their own name). ``names`` may be a "; "-joined list."""
    home = getattr(pack, "country", None) if pack is not None else None
    if not names or not country or not home or country == home:
        return names
    suffix = f" ({home})"
    return "; ".join(n[:-len(suffix)] + f" ({country})" if n.endswith(suffix) else n
                     for n in names.split("; "))


def actor_inter(actor_id: str | None, pack) -> int | None:
    if not actor_id:
        return None
    actor = pack.actor(actor_id) if pack is not None else None
    if actor is not None and actor.inter:
        return actor.inter
    if actor is not None and actor.side == "civilian":
        return CIVILIAN_INTER
    return None


def _as_sentence(text: str) -> str:
    """Whitespace collapsed and closed with a full stop, so headlines join like sentences."""
    text = " ".join(text.split())
    return text if not text or text[-1] in '.!?"\'”’' else text + "."


#: ACLED notes are a few sentences: the asserted ones, earliest report first, at most
#: this many and about this long (the JSONL export and the dossier keep every sentence)
NOTES_SENTENCES = 3
NOTES_CHARS = 600


def short_notes(sentences: Iterable[str]) -> str:
    """The first sentences, whole, up to ``NOTES_SENTENCES`` and ``NOTES_CHARS`` (the
    first one is kept whatever its length), with a count of the reports left out."""
    sentences = list(sentences)
    kept: list[str] = []
    for text in sentences:
        if kept and (len(kept) >= NOTES_SENTENCES or
                     sum(len(k) + 1 for k in kept) + len(text) > NOTES_CHARS):
            break
        kept.append(text)
    more = len(sentences) - len(kept)
    return " ".join(kept) + (f" [{more} more sentence{'s' if more > 1 else ''} in the record]"
                             if more else "")


def interaction_code(inter1: int | None, inter2: int | None) -> str:
    """ACLED interaction: the two inter codes sorted ("12"); a lone actor is "<inter>0"."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{codes[0]}0"
    return f"{codes[0]}{codes[1]}"


def _assoc(mentions: Sequence[EventMention], which: str, exclude: set[str], pack,
           day: dt.date | None = None) -> str:
    ids = dict.fromkeys(a for m in mentions for a in getattr(m, which) if a not in exclude)
    return "; ".join(actor_name(a, pack, day) for a in ids)


#: ACLED's source scales, narrowest first (combined as "National-International")
_SCALES = ("Local partner", "Subnational", "National", "Regional", "International", "Other")


def _norm_outlet(name: str) -> str:
    key = " ".join(name.casefold().split())
    return key[4:] if key.startswith("the ") else key


def _outlet_scale(name: str, pack) -> str:
    """A profile's ``scale``; else National when it is based in the theater's country,
    International when elsewhere, Other when the outlet is not in the pack."""
    return _outlet_scales(pack).get(_norm_outlet(name), "Other")


#: each pack's outlet names (normalised) -> scale, built once per pack object: a row used to
#: scan every profile for every outlet (the largest cost of an exported page). Packs are
#: unhashable, so the key is the object's id, checked against a weak reference to it.
_SCALES_OF: dict[int, tuple[weakref.ref, dict[str, str]]] = {}


def _outlet_scales(pack) -> dict[str, str]:
    cached = _SCALES_OF.get(id(pack))
    if cached is not None and cached[0]() is pack:
        return cached[1]
    scales: dict[str, str] = {}
    for profile in pack.outlets:
        if profile.get("scale"):
            scale = profile["scale"]
        elif not profile.get("country"):
            scale = "Other"
        else:
            scale = "National" if profile["country"] == pack.country else "International"
        for n in (profile.get("name", ""), *profile.get("aliases", ())):
            scales.setdefault(_norm_outlet(n), scale)   # the first profile naming it wins
    try:
        key = id(pack)
        _SCALES_OF[key] = (weakref.ref(pack, lambda _ref: _SCALES_OF.pop(key, None)), scales)
    except TypeError:   # a stand-in pack that cannot be weakly referenced: built each call
        pass
    return scales


def _source_scale(outlets: Sequence[str], pack) -> str:
    if pack is None or not outlets:
        return ""
    found = {_outlet_scale(name, pack) for name in outlets}
    ordered = [s for s in _SCALES if s in found] + sorted(found - set(_SCALES))
    return "-".join(ordered)


def acled_row(event: Event, mentions: Sequence[EventMention], articles: Sequence[Article],
              claims: Sequence[Claim], pack) -> dict[str, Any]:
    """One ACLED row for a linked event (``pack`` may be None: ids stand in for names)."""
    place = event.place
    iso = (place.iso if place and place.iso else None) or getattr(pack, "iso", None)
    country = (place.country if place and place.country else None) or getattr(pack, "country", "")
    inter1, inter2 = actor_inter(event.actor1, pack), actor_inter(event.actor2, pack)
    start = event.date.start
    fat = event.fatalities
    tags = []
    if not fat.known:
        tags.append("fatalities unknown")
    elif fat.qualifier:
        tags.append(f"fatalities {fat.qualifier}")
    if event.date.relative:
        tags.append("date relative to publication")
    status = event.status
    if status and status != "asserted":
        tags.append(str(status))
    by_date = sorted(articles, key=lambda a: (a.published or _FAR_FUTURE, a.outlet or "", a.id))
    outlets = list(dict.fromkeys(a.outlet for a in by_date if a.outlet))
    order = {a.id: i for i, a in enumerate(by_date)}
    ordered = sorted(mentions, key=lambda m: (not m.is_event, order.get(m.article_id, len(order)),
                                              m.sentence, m.start))
    notes = short_notes(dict.fromkeys(_as_sentence(m.text) for m in ordered if m.is_event)
                        or dict.fromkeys(_as_sentence(m.text) for m in ordered))
    published = [a.published for a in articles if a.published]
    actor2_civilian = inter2 == CIVILIAN_INTER
    best = fat.best if fat.best is not None else fat.low
    return {
        "event_id_cnty": acled_event_id(event.id, iso, country),
        "event_date": start.isoformat() if start else "",
        "year": start.year if start else "",
        "time_precision": TIME_PRECISION_CODE.get(event.date.precision, 3),
        "disorder_type": DISORDER_TYPE.get(event.event_type, ""),
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        # each actor as it was called on the event's (first) day
        "actor1": local_name(actor_name(event.actor1, pack, start), country, pack),
        "assoc_actor_1": local_name(_assoc(mentions, "assoc_actor1", {event.actor1 or ""}, pack,
                                           start), country, pack),
        "inter1": inter1 or "",
        "actor2": local_name(actor_name(event.actor2, pack, start), country, pack),
        "assoc_actor_2": local_name(_assoc(mentions, "assoc_actor2", {event.actor2 or ""}, pack,
                                           start), country, pack),
        "inter2": inter2 or "",
        "interaction": interaction_code(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if actor2_civilian else "",
        "iso": iso or "",
        "region": region_of(country, pack),
        "country": country or "",
        "admin1": (place.admin1 if place else None) or "",
        "admin2": (place.admin2 if place else None) or "",
        "admin3": (place.admin3 if place else None) or "",
        "location": place.name if place else "",
        "latitude": place.lat if place and finite(place.lat) else "",
        "longitude": place.lon if place and finite(place.lon) else "",
        "geo_precision": event.geo_precision or "",
        "source": "; ".join(outlets),
        "source_scale": _source_scale(outlets, pack),
        "notes": notes,
        "fatalities": best if best is not None else 0,
        "tags": "; ".join(tags),
        # deterministic: when the information became available (latest publication day)
        "timestamp": calendar.timegm(max(published).timetuple()) if published else "",
    }


#: reconciled statuses of events that are not asserted occurrences: kept in the store and
#: the JSONL export, left out of the ACLED CSV and GeoJSON unless asked for
UNASSERTED_STATUSES = frozenset({"background_only", "denied_only", "unasserted"})


def in_record(event: Event) -> bool:
    """Whether an event belongs in the analyst's record (ACLED CSV, map) by default."""
    return event.status not in UNASSERTED_STATUSES


def acled_rows(store, pack=None, **filters) -> list[dict[str, Any]]:
    """ACLED rows for the store's events (filters as in ``Store.events``)."""
    return [acled_row(e, ms, arts, cls, pack)
            for e, ms, arts, cls in iter_bundles(store, **filters)]


def iter_bundles(store, **filters):
    """(event, mentions, articles, claims) for each selected event, loaded in batches."""
    for batch in store.iter_events(**filters):
        yield from store.event_bundles(batch)


def default_pack(store):
    """The theater pack the store was filled with (``marsad run`` records it), or None."""
    name = store.get_setting("theater") or "syria"
    try:
        return load_pack(name)
    except PackError:
        return None


#: numeric ACLED columns: nullable integers / floats in the DataFrame ('' in CSV)
INT_COLUMNS = ("year", "time_precision", "inter1", "inter2", "iso", "geo_precision",
               "fatalities", "timestamp")
FLOAT_COLUMNS = ("latitude", "longitude")
#: the columns that hold numbers (a negative longitude is a number, not a formula)
NUMERIC_COLUMNS = frozenset(INT_COLUMNS + FLOAT_COLUMNS)


def finite(value: float | None) -> bool:
    """A coordinate that can be exported: not None, NaN or infinite."""
    return value is not None and math.isfinite(value)


def finite_json(doc: Any, **kwargs: Any) -> str:
    """``json.dumps(doc)``, always valid JSON: NaN and infinities (which ``json`` writes as
    the bare words NaN/Infinity) become null; ``doc`` holding none is written as is."""
    try:
        return json.dumps(doc, allow_nan=False, **kwargs)
    except ValueError:
        return json.dumps(_nulled(doc), allow_nan=False, **kwargs)


def _nulled(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _nulled(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_nulled(v) for v in value]
    return value


def events_frame(store, pack=None, **filters):
    """ACLED rows as a DataFrame; numeric columns typed (missing values are <NA>/NaN)."""
    pack = pack if pack is not None else default_pack(store)
    return acled_frame(acled_rows(store, pack, **filters))


def acled_frame(rows: Sequence[dict[str, Any]], *, extra: Sequence[str] = ()):
    """A DataFrame of ACLED rows: ACLED's columns then ``extra``, the numeric ACLED columns
    typed (missing values are <NA>/NaN)."""
    import pandas as pd  # slow to import: only the DataFrame needs it
    frame = pd.DataFrame(list(rows), columns=[*ACLED_COLUMNS, *extra])
    for col in INT_COLUMNS:
        frame[col] = pd.array([None if v == "" else v for v in frame[col]], dtype="Int64")
    for col in FLOAT_COLUMNS:
        frame[col] = pd.array([None if v == "" else v for v in frame[col]], dtype="Float64")
    return frame
