"""JSON Lines: one object per event with its mentions, articles, outlets and claims."""

from __future__ import annotations

from typing import TextIO

from .acled import acled_row, default_pack, finite_json, in_record, iter_bundles


def write_jsonl(store, fh: TextIO, *, pack=None, include_unasserted: bool = True,
                include_held_back: bool = False, **filters) -> int:
    """Write one JSON object per event; returns the number of lines.

    Keys: ``event`` (the Event record, with its ``status``), ``acled`` (its ACLED row),
    ``mentions``, ``articles`` (metadata, no text), ``outlets`` and ``claims``. Every event
    is written whatever its status (``include_unasserted=False`` keeps the ACLED CSV's
    choice); ``include_held_back`` adds one line per mention the screen held back:
    ``{"held_back": reason, "mention": ...}``.
    """
    pack = pack if pack is not None else default_pack(store)
    n = 0
    for event, mentions, articles, claims in iter_bundles(store, **filters):
        if not (include_unasserted or in_record(event)):
            continue
        doc = {
            "event": event.to_dict(),
            "acled": acled_row(event, mentions, articles, claims, pack),
            "mentions": [m.to_dict() for m in mentions],
            "articles": [{k: v for k, v in a.to_dict().items()
                          if k in ("id", "title", "outlet", "published", "url", "source_path")}
                         for a in articles],
            "outlets": list(dict.fromkeys(a.outlet for a in articles if a.outlet)),
            "claims": [c.to_dict() for c in claims],
        }
        fh.write(finite_json(doc, ensure_ascii=False, sort_keys=True))
        fh.write("\n")
        n += 1
    if include_held_back:
        for mention in store.event_mentions():
            if mention.held_back is None:
                continue
            fh.write(finite_json({"held_back": mention.held_back, "mention": mention.to_dict()},
                                 ensure_ascii=False, sort_keys=True))
            fh.write("\n")
            n += 1
    return n
