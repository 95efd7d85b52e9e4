"""JSON Lines: one object per event with its mentions, articles, outlets and claims."""

from __future__ import annotations

import json
from typing import TextIO

from .acled import acled_row, default_pack, iter_bundles


def write_jsonl(store, fh: TextIO, *, pack=None, **filters) -> int:
    """Write one JSON object per event; returns the number of lines.

    Keys: ``event`` (the Event record), ``acled`` (its ACLED row), ``mentions``,
    ``articles`` (metadata, no text), ``outlets`` and ``claims``.
    """
    pack = pack if pack is not None else default_pack(store)
    n = 0
    for event, mentions, articles, claims in iter_bundles(store, **filters):
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
        fh.write(json.dumps(doc, ensure_ascii=False, sort_keys=True))
        fh.write("\n")
        n += 1
    return n
