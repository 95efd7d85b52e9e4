"""Dstl re3d: entity recognition for Organisation, Location, Person, Weapon.

Our mention kinds map to re3d types (actor -> Organisation, place -> Location,
person -> Person, weapon -> Weapon). Documents run through the stages without ingest so
offsets index the document text. Exact match: same type and span; overlap match: same
type and any character overlap (P over our mentions, R over gold spans).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import MarsadError
from .data import Runner
from .metrics import PRF

DEFAULT_PATH = "re3d"
KIND_TO_TYPE = {"actor": "Organisation", "place": "Location", "person": "Person",
                "weapon": "Weapon"}
TYPES = tuple(KIND_TO_TYPE.values())


class Re3dFormatError(MarsadError, ValueError):
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


@dataclass
class SpanCounts:
    """Exact and overlap match counts for one entity type."""

    exact: PRF = field(default_factory=lambda: PRF(0, 0, 0))
    pred: int = 0
    pred_overlapping: int = 0    # our spans overlapping some gold span
    gold: int = 0
    gold_overlapped: int = 0     # gold spans overlapped by some span of ours

    def __add__(self, o: SpanCounts) -> SpanCounts:
        return SpanCounts(self.exact + o.exact, self.pred + o.pred,
                          self.pred_overlapping + o.pred_overlapping, self.gold + o.gold,
                          self.gold_overlapped + o.gold_overlapped)

    @property
    def overlap_precision(self) -> float:
        return self.pred_overlapping / self.pred if self.pred else 0.0

    @property
    def overlap_recall(self) -> float:
        return self.gold_overlapped / self.gold if self.gold else 0.0

    @property
    def overlap_f1(self) -> float:
        p, r = self.overlap_precision, self.overlap_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_spans(gold: set[tuple[str, int, int]], pred: set[tuple[str, int, int]]
                ) -> dict[str, SpanCounts]:
    out: dict[str, SpanCounts] = {}
    for t in TYPES:
        g = {x for x in gold if x[0] == t}
        p = {x for x in pred if x[0] == t}
        tp = len(g & p)
        out[t] = SpanCounts(PRF(tp, len(p) - tp, len(g) - tp), len(p),
                            sum(any(_overlaps(x, y) for y in g) for x in p), len(g),
                            sum(any(_overlaps(y, x) for x in p) for y in g))
    return out


def evaluate(path: Path, runner: Runner, *, limit: int | None = None) -> dict[str, Any]:
    docs = read_corpus(path, limit)
    totals = {t: SpanCounts() for t in TYPES}
    for d in docs:
        article = runner(d["text"])
        pred = {(KIND_TO_TYPE[m.kind], m.start, m.end) for m in article.mentions
                if m.kind in KIND_TO_TYPE}
        for t, c in score_spans(d["gold"], pred).items():
            totals[t] = totals[t] + c
    result: dict[str, Any] = {"n": len(docs)}
    micro = SpanCounts()
    for t, c in totals.items():
        micro = micro + c
        key = t.lower()
        result.update({f"{key}_precision": c.exact.precision, f"{key}_recall": c.exact.recall,
                       f"{key}_f1": c.exact.f1, f"{key}_overlap_precision": c.overlap_precision,
                       f"{key}_overlap_recall": c.overlap_recall,
                       f"{key}_overlap_f1": c.overlap_f1, f"{key}_gold": c.gold})
    result.update({"precision": micro.exact.precision, "recall": micro.exact.recall,
                   "f1": micro.exact.f1, "overlap_precision": micro.overlap_precision,
                   "overlap_recall": micro.overlap_recall, "overlap_f1": micro.overlap_f1})
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
