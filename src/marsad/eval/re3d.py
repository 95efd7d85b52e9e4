"""Dstl re3d: entity recognition for Organisation, Location, Person, Weapon.

Our mention kinds map to re3d types (actor -> Organisation, place -> Location,
person -> Person, weapon -> Weapon). Documents run through the stages without ingest so
offsets index the document text. Exact match: same type and span; overlap match: same
type and any character overlap (P over our mentions, R over gold spans).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .data import Runner
from .metrics import PRF

DEFAULT_PATH = "re3d"
KIND_TO_TYPE = {"actor": "Organisation", "place": "Location", "person": "Person",
                "weapon": "Weapon"}
TYPES = tuple(KIND_TO_TYPE.values())


class Re3dFormatError(ValueError):
    """A folder is not a re3d (mongoexport) source folder."""


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    out = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip():
                    out.append(json.loads(line))
    except json.JSONDecodeError as exc:
        raise Re3dFormatError(f"{path}: not mongoexport JSON lines ({exc})") from exc
    return out


def read_corpus(root: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """Documents with their gold spans from every source folder under ``root`` (or ``root``
    itself when it holds documents.json)."""
    folders = [root] if (root / "documents.json").exists() else sorted(
        p for p in root.iterdir() if (p / "documents.json").exists())
    if not folders:
        raise Re3dFormatError(f"{root}: no documents.json in it or its sub-folders")
    docs = []
    for folder in folders:
        gold: dict[str, set[tuple[str, int, int]]] = {}
        for e in _read_jsonl(folder / "entities.json"):
            if e.get("type") in TYPES:
                gold.setdefault(e["documentId"], set()).add((e["type"], int(e["begin"]),
                                                              int(e["end"])))
        for d in _read_jsonl(folder / "documents.json"):
            docs.append({"id": d["_id"], "source": folder.name, "text": d["text"],
                         "gold": gold.get(d["_id"], set())})
            if limit and len(docs) >= limit:
                return docs
    return docs


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def score_spans(gold: set[tuple[str, int, int]], pred: set[tuple[str, int, int]]
                ) -> dict[str, dict[str, PRF]]:
    """Per type: exact PRF and overlap PRF."""
    out: dict[str, dict[str, PRF]] = {}
    for t in TYPES:
        g = {x for x in gold if x[0] == t}
        p = {x for x in pred if x[0] == t}
        tp = len(g & p)
        exact = PRF(tp, len(p) - tp, len(g) - tp)
        p_hit = sum(any(_overlaps(x, y) for y in g) for x in p)
        g_hit = sum(any(_overlaps(y, x) for x in p) for y in g)
        # overlap precision uses p_hit, recall g_hit: encode as two PRFs' halves
        overlap = PRF(p_hit, len(p) - p_hit, 0), PRF(g_hit, 0, len(g) - g_hit)
        out[t] = {"exact": exact, "overlap_p": overlap[0], "overlap_r": overlap[1]}
    return out


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(path: Path, runner: Runner, *, limit: int | None = None) -> dict[str, Any]:
    docs = read_corpus(path, limit)
    totals = {t: {"exact": PRF(0, 0, 0), "overlap_p": PRF(0, 0, 0), "overlap_r": PRF(0, 0, 0)}
              for t in TYPES}
    for d in docs:
        article = runner(d["text"])
        pred = {(KIND_TO_TYPE[m.kind], m.start, m.end) for m in article.mentions
                if m.kind in KIND_TO_TYPE}
        for t, parts in score_spans(d["gold"], pred).items():
            for k, v in parts.items():
                totals[t][k] = totals[t][k] + v
    result: dict[str, Any] = {"n": len(docs)}
    micro = {k: PRF(0, 0, 0) for k in ("exact", "overlap_p", "overlap_r")}
    for t, parts in totals.items():
        key = t.lower()
        for k in micro:
            micro[k] = micro[k] + parts[k]
        e, op, orr = parts["exact"], parts["overlap_p"].precision, parts["overlap_r"].recall
        result.update({f"{key}_precision": e.precision, f"{key}_recall": e.recall,
                       f"{key}_f1": e.f1, f"{key}_overlap_precision": op,
                       f"{key}_overlap_recall": orr, f"{key}_overlap_f1": _f1(op, orr),
                       f"{key}_gold": e.support})
    e, op, orr = micro["exact"], micro["overlap_p"].precision, micro["overlap_r"].recall
    result.update({"precision": e.precision, "recall": e.recall, "f1": e.f1,
                   "overlap_precision": op, "overlap_recall": orr, "overlap_f1": _f1(op, orr)})
    return result


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield f"re3d entity recognition, n={result['n']} documents (all source folders)"
    yield f"{'type':14}{'P':>7}{'R':>7}{'F1':>7}{'ovP':>7}{'ovR':>7}{'ovF1':>7}{'gold':>6}"
    for t in TYPES:
        k = t.lower()
        yield (f"{t:14}{result[k + '_precision']:7.3f}{result[k + '_recall']:7.3f}"
               f"{result[k + '_f1']:7.3f}{result[k + '_overlap_precision']:7.3f}"
               f"{result[k + '_overlap_recall']:7.3f}{result[k + '_overlap_f1']:7.3f}"
               f"{result[k + '_gold']:6d}")
    yield (f"{'micro':14}{result['precision']:7.3f}{result['recall']:7.3f}{result['f1']:7.3f}"
           f"{result['overlap_precision']:7.3f}{result['overlap_recall']:7.3f}"
           f"{result['overlap_f1']:7.3f}")
