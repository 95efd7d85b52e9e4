"""Extractive, cited summaries of events and stories.

Sentences come from the events' per-source versions (``Event.versions["occurred"]``):
each is a sentence an outlet wrote about the event. A summary takes 2-5 of them, spread
over outlets, drops page junk and near-duplicates, orders them by date and cites each
``[n]`` to its article and outlet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..link.reconcile import version_sentence
from ..link.textutil import content_text, is_junk
from ..model import Event

DUPLICATE_RATIO = 80   # token_set_ratio at or above which two sentences say the same


@dataclass
class Citation:
    n: int
    article_id: str
    outlet: str | None


@dataclass
class SummarySentence:
    text: str
    cite: int
    date: str | None
    event_id: str
    stance: str = "asserts"
    source: str | None = None    # who the outlet attributes it to


@dataclass
class Summary:
    title: str
    sentences: list[SummarySentence] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_text(self) -> str:
        lines = [self.title, ""]
        lines += [f"{s.text.strip()} [{s.cite}]" for s in self.sentences]
        if self.citations:
            lines.append("")
            lines += [f"[{c.n}] {c.outlet or 'unknown outlet'}, article {c.article_id}"
                      for c in self.citations]
        return "\n".join(lines)


def event_title(event: Event) -> str:
    when = event.date.start.isoformat() if event.date.start else "date unknown"
    where = event.place.name if event.place else "place unknown"
    return f"{event.sub_event_type}, {where}, {when}"


def _candidates(event: Event) -> list[dict]:
    """Versions worth quoting: asserted first, fresh before background, clean sentences."""
    occurred = (event.versions or {}).get("occurred", [])
    out: list[dict[str, Any]] = []
    for e in occurred:
        text = (version_sentence(event.version_sentences, e) or "").strip()
        if not text or is_junk(text):
            continue
        rank = (0 if e["value"] == "asserted" and e["stance"] != "denies" else
                1 if e["value"] == "denied" or e["stance"] == "denies" else 2)
        out.append({**e, "_rank": (rank, bool(e.get("background"))), "_text": text,
                    "_event": event.id, "_date": e.get("date") or (
                        event.date.start.isoformat() if event.date.start else None)})
    out.sort(key=lambda e: (e["_rank"], -len(e["_text"]), e["mention_id"]))
    return out


def _pick(candidates: Sequence[dict], limit: int, chosen: list[dict] | None = None) -> list[dict]:
    """Round-robin over outlets, skipping near-duplicates of what is already chosen."""
    chosen = list(chosen or [])
    texts = [content_text(c["_text"]) for c in chosen]
    by_outlet: dict[str, list[dict]] = {}
    for c in candidates:
        by_outlet.setdefault(c.get("outlet") or c["article_id"], []).append(c)
    queues = list(by_outlet.values())
    while len(chosen) < limit and any(queues):
        progressed = False
        for q in queues:
            while q:
                c = q.pop(0)
                t = content_text(c["_text"])
                if any(fuzz.token_set_ratio(t, u) >= DUPLICATE_RATIO for u in texts):
                    continue
                chosen.append(c)
                texts.append(t)
                progressed = True
                break
            if len(chosen) >= limit:
                break
        if not progressed:
            break
    return chosen


def _assemble(title: str, picked: list[dict], event_ids: list[str]) -> Summary:
    picked = sorted(picked, key=lambda c: (c["_date"] is None, c["_date"] or "",
                                           c["article_id"], c.get("position") or 0,
                                           c["mention_id"]))
    summary = Summary(title=title, event_ids=event_ids)
    numbers: dict[str, int] = {}
    for c in picked:
        n = numbers.get(c["article_id"])
        if n is None:
            n = numbers[c["article_id"]] = len(numbers) + 1
            summary.citations.append(Citation(n, c["article_id"], c.get("outlet")))
        summary.sentences.append(SummarySentence(c["_text"], n, c["_date"], c["_event"],
                                                 c.get("stance") or "asserts", c.get("source")))
    return summary


def summarize_event(event: Event, *, max_sentences: int = 5) -> Summary:
    """2-5 cited sentences from different outlets about one event (fewer if it has fewer)."""
    candidates = _candidates(event)
    asserted = [c for c in candidates if c["_rank"][0] == 0]
    picked = _pick(asserted, max_sentences)
    denials = [c for c in candidates if c["_rank"][0] == 1]
    if denials and len(picked) >= max_sentences:
        picked = picked[:max_sentences - 1]
    picked = _pick(denials, len(picked) + 1, picked) if denials else picked
    if len(picked) < 2:
        picked = _pick(candidates, 2, picked)
    return _assemble(event_title(event), picked, [event.id])


def summarize_events(events: Iterable[Event], title: str, *,
                     max_sentences: int = 5, must: Sequence[dict] = ()) -> Summary:
    """A story summary: the best-sourced events, one sentence each, ordered by date.

    ``must`` are versions to quote first (e.g. both sides of a disagreement), given as
    ``{"mention_id", "event_id"}`` dicts."""
    events = sorted(events, key=lambda e: (-len(e.articles), -len(e.outlets),
                                           e.id))
    by_event = {e.id: _candidates(e) for e in events}
    picked: list[dict] = []
    for side in must:
        c = next((c for c in by_event.get(side.get("event_id") or "", [])   # no id: no event
                  if c["mention_id"] == side.get("mention_id")), None)
        if c is not None and len(picked) < max_sentences:
            picked = _pick([c], len(picked) + 1, picked)
    for event in events:
        if len(picked) >= max_sentences:
            break
        if any(c["_event"] == event.id for c in picked):
            continue
        asserted = [c for c in by_event[event.id] if c["_rank"][0] == 0]
        used = {c.get("outlet") or c["article_id"] for c in picked}
        # prefer an outlet (or article) not cited yet, so the story is told by several sides
        asserted.sort(key=lambda c: ((c.get("outlet") or c["article_id"]) in used, c["_rank"],
                                     -len(c["_text"])))
        picked = _pick(asserted[:1] + asserted[1:], len(picked) + 1, picked) \
            if asserted else picked
    if len(picked) < 2:
        for event in events:
            picked = _pick(by_event[event.id], 2, picked)
            if len(picked) >= 2:
                break
    return _assemble(title, picked, sorted(e.id for e in events))
