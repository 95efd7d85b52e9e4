"""RAMS: attacker / target / place arguments of conflict.* events, by head-token match.

The 5-sentence window is joined with spaces (so token offsets are known) and run through
the stages without ingest. The event mention covering the trigger (else the nearest one)
gives the prediction: attacker = actor1's mention, target = actor2's, place = its place's.
A predicted span matches a gold span when their head tokens are the same token.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import MarsadError
from ..model import Article, EventMention, Mention
from .data import Runner
from .metrics import PRF

DEFAULT_PATH = "rams/dev.jsonlines"
ROLES = ("attacker", "target", "place")
_STOP = {"of", "in", "from", "at", "on", "near", ",", "(", "who", "that", "which", "'s", "with"}


class RamsFormatError(MarsadError, ValueError):
    """The file is not RAMS jsonlines."""


def head_token(tokens: list[str], start: int, end: int) -> int:
    """Head of an inclusive token span: the last word before "of"/"in"/a comma..."""
    last = start
    for i in range(start, end + 1):
        if i > start and tokens[i].lower() in _STOP:
            break
        if re.search(r"\w", tokens[i]):
            last = i
    return last


def read_docs(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    docs = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                etype = d["evt_triggers"][0][2][0][0]
                trigger = d["evt_triggers"][0][0]
                links = d["gold_evt_links"]
                sentences = d["sentences"]
            except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
                raise RamsFormatError(f"{path}:{lineno}: not a RAMS record ({exc})") from exc
            if not etype.startswith("conflict."):
                continue
            gold = []
            for _trig, (s, e), role in links:
                role = re.sub(r"^evt\d+arg\d+", "", role)
                if role in ROLES:
                    gold.append((role, s, e))
            docs.append({"key": d.get("doc_key"), "type": etype, "trigger": trigger,
                         "tokens": [t for sent in sentences for t in sent], "gold": gold})
            if limit and len(docs) >= limit:
                break
    return docs


def _offsets(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    spans, pos = [], 0
    for t in tokens:
        spans.append((pos, pos + len(t)))
        pos += len(t) + 1
    return " ".join(tokens), spans


def _char_to_tokens(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    idx = [i for i, (s, e) in enumerate(spans) if s < end and start < e]
    return (idx[0], idx[-1]) if idx else None


def _pick_event(article: Article, at: int) -> EventMention | None:
    events = [e for e in article.events if e.modality == "asserted"] or list(article.events)
    if not events:
        return None
    return min(events, key=lambda e: (0 if e.start <= at < e.end else 1,
                                      min(abs(e.start - at), abs(e.end - at)), -e.confidence))


def _nearest(mentions: list[Mention], at: int) -> Mention | None:
    return min(mentions, key=lambda m: abs((m.start + m.end) // 2 - at)) if mentions else None


def predict_args(article: Article, at: int) -> dict[str, list[tuple[int, int]]]:
    """Char spans predicted per role for the event nearest char offset ``at``."""
    ev = _pick_event(article, at)
    out: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
    if ev is None:
        return out

    def in_event(m: Mention) -> bool:
        return ev.start <= m.start and m.end <= ev.end

    actors = [m for m in article.mentions if m.kind == "actor"]
    for role, actor_id in (("attacker", ev.actor1), ("target", ev.actor2)):
        if not actor_id:
            continue
        same = [m for m in actors if m.norm == actor_id]
        pick = _nearest([m for m in same if in_event(m)] or same, at)
        if pick is not None:
            out[role].append((pick.start, pick.end))
    places = [m for m in article.mentions if m.kind == "place"]
    pick = None
    if ev.place is not None:
        same = [m for m in places if m.norm == ev.place.id]
        pick = _nearest([m for m in same if in_event(m)] or same, at)
    if pick is None and ev.place_text:
        cands = [m for m in places if m.text == ev.place_text]
        pick = _nearest(cands, at)
    if pick is not None:
        out["place"].append((pick.start, pick.end))
    return out


def evaluate(path: Path, runner: Runner, *, limit: int | None = None) -> dict[str, Any]:
    docs = read_docs(path, limit)
    if not docs:
        raise RamsFormatError(f"{path}: no conflict.* event windows to score")
    counts = {r: PRF(0, 0, 0) for r in ROLES}
    for d in docs:
        tokens = d["tokens"]
        text, spans = _offsets(tokens)
        article = runner(text)
        at = spans[d["trigger"]][0]
        pred = predict_args(article, at)
        for role in ROLES:
            gold_heads = {head_token(tokens, s, e) for r, s, e in d["gold"] if r == role}
            pred_heads = set()
            for cs, ce in pred[role]:
                tok = _char_to_tokens(spans, cs, ce)
                if tok is not None:
                    pred_heads.add(head_token(tokens, *tok))
            tp = len(gold_heads & pred_heads)
            counts[role] = counts[role] + PRF(tp, len(pred_heads) - tp, len(gold_heads) - tp)
    micro = PRF(0, 0, 0)
    for c in counts.values():
        micro = micro + c
    result: dict[str, Any] = {"n": len(docs), "precision": micro.precision,
                              "recall": micro.recall, "f1": micro.f1}
    for role, c in counts.items():
        result[f"{role}_precision"] = c.precision
        result[f"{role}_recall"] = c.recall
        result[f"{role}_f1"] = c.f1
        result[f"{role}_gold"] = c.support
    return result


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield f"RAMS conflict.* argument heads, n={result['n']} windows (head-token match)"
    yield f"{'role':10}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}"
    for role in ROLES:
        yield (f"{role:10}{result[role + '_precision']:7.3f}{result[role + '_recall']:7.3f}"
               f"{result[role + '_f1']:7.3f}{result[role + '_gold']:6d}")
    yield f"{'micro':10}{result['precision']:7.3f}{result['recall']:7.3f}{result['f1']:7.3f}"
