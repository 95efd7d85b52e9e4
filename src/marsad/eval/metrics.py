"""Metric helpers shared by the evaluations: P/R/F1, name normalization."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.names import fold


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def per_label(gold: Sequence[str], pred: Sequence[str]) -> dict[str, PRF]:
    """Single-label classification counts per label (every label seen in gold or pred)."""
    if len(gold) != len(pred):
        raise ValueError(f"gold and pred differ in length: {len(gold)} != {len(pred)}")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    labels = sorted(set(gold) | set(pred))
    return {lab: PRF(tp[lab], fp[lab], fn[lab]) for lab in labels}


def classification_scores(gold: Sequence[str], pred: Sequence[str],
                          labels: Iterable[str] | None = None) -> dict[str, float]:
    """Accuracy, weighted F1 (by gold support) and macro F1.

    Averages run over ``labels`` (default: the labels present in gold), as sklearn does
    with ``labels=`` given; predictions outside them still count as errors (recall).
    """
    counts = per_label(gold, pred)
    labels = sorted(set(gold)) if labels is None else list(labels)
    if not labels:
        raise ValueError("no labels to average over")
    zero = PRF(0, 0, 0)
    rows = [counts.get(lab, zero) for lab in labels]
    total = sum(r.support for r in rows)
    weighted = sum(r.f1 * r.support for r in rows) / total if total else 0.0
    macro = sum(r.f1 for r in rows) / len(rows)
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0
    return {"accuracy": accuracy, "weighted_f1": weighted, "macro_f1": macro, "n": len(gold)}


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def find_folded(haystack: str, needle: str) -> tuple[int, int] | None:
    """Span of ``needle`` in ``haystack`` as a whole word, ignoring case, diacritics,
    apostrophes (ayn/hamza marks) and hyphen-vs-space."""
    if not needle.strip():
        return None
    parts = []
    for ch in fold(needle.strip()):
        if ch == "'":
            parts.append("'?")
        elif ch in "- ":
            parts.append("[- ]?")
        else:
            parts.append(re.escape(ch))
    pattern = re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)")
    m = pattern.search(fold(haystack))
    return (m.start(), m.end()) if m else None


# Governorates: canonical key -> spellings seen in FA-KES, ACLED, UCDP, GeoNames, OCHA.
_GOVERNORATES: dict[str, tuple[str, ...]] = {
    "aleppo": ("aleppo", "halab", "alep"),
    "damascus": ("damascus", "dimashq", "damas"),
    "rural damascus": ("rural damascus", "rif dimashq", "reef dimashq", "damascus countryside",
                       "rif dimashq governorate", "damascus suburbs", "rif damascus"),
    "idlib": ("idlib", "idleb", "edlib"),
    "deir ez-zor": ("deir ezzor", "deir ez-zor", "deir ez zor", "deir al-zor", "deir al zor",
                    "deir ezzor", "dayr az zawr", "deir el-zor", "deir-ez-zor", "deir ezor",
                    "deir al-zour", "deir ez-zour", "dayr az-zawr"),
    "homs": ("homs", "hims"),
    "raqqa": ("raqqa", "ar-raqqa", "ar raqqa", "ar raqqah", "ar-raqqah", "al-raqqa", "raqqah",
              "rakka", "al raqqa"),
    "hama": ("hama", "hamah", "hamat"),
    "hasakeh": ("hasakeh", "al-hasakeh", "al hasakah", "al-hasakah", "hasakah", "hasaka",
                "al-hasaka", "al hasakeh", "hassakeh", "el hasakah"),
    "lattakia": ("lattakia", "latakia", "al-ladhiqiyah", "al ladhiqiyah", "ladhiqiyah",
                 "lattaquie", "latakiyah"),
    "daraa": ("daraa", "dar'a", "deraa", "dara", "dar`a"),
    "quneitra": ("quneitra", "al-quneitra", "al qunaytirah", "qunaytirah", "kuneitra"),
    "tartus": ("tartus", "tartous", "tartous"),
    "as-sweida": ("as-sweida", "as suwayda", "as-suwayda", "sweida", "suwayda", "al-suwayda",
                  "sweida", "suwaida"),
}
_GOV_LOOKUP = {
    re.sub(r"[^a-z]", "", fold(v)): key for key, vs in _GOVERNORATES.items() for v in vs
}
_GOV_NOISE = re.compile(r"\b(governorate|province|muhafazat|mohafazat|gov\.?)\b")


def normalize_governorate(name: str | None) -> str | None:
    """Canonical governorate key ("deir ez-zor") for any common spelling, else None."""
    if not name:
        return None
    s = _GOV_NOISE.sub(" ", fold(name.strip()))
    for prefix in ("northern ", "southern ", "eastern ", "western ", "north ", "south "):
        if s.startswith(prefix):
            s = s[len(prefix):]
    key = re.sub(r"[^a-z]", "", s)
    return _GOV_LOOKUP.get(key)


def same_governorate(a: str | None, b: str | None, *, lenient: bool = False) -> bool:
    """Governorate equality; ``lenient`` also counts Damascus == Rural Damascus."""
    ka, kb = normalize_governorate(a), normalize_governorate(b)
    if ka is None or kb is None:
        return False
    if lenient:
        ka, kb = (k.replace("rural ", "") for k in (ka, kb))
    return ka == kb
