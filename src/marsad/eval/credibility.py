"""FA-KES credibility: does any score built from marsad's credibility facts predict the
credible/fake labels?

marsad shows credibility as reasons, never as a number (``link.credibility``); this module
is where a candidate number is measured before anyone may show it. The candidate
(``candidate_score``) is the weighting marsad once showed: the share of the article's
events other outlets report, less a tenth of the share other sources contradict, and with
reference data 0.4 of that plus 0.6 of the reference agreement.

Every article goes through the pipeline into a temporary store; the store is linked and
``article_credibility`` read twice: without reference data (corroboration across the
articles only) and with a UCDP GED reference imported into a temporary overlay (the FA-KES
method -- date, place and casualty figures checked against a database -- with UCDP in place
of the VDC). The score is turned into a label by a threshold chosen by 5-fold
cross-validation on the same file (chosen on 4 folds, scored on the 5th). AUC says whether
the score carries any signal at all (0.5: none).

Reference figures (FA-KES as a classification benchmark), cited, not re-measured here:

- Abu Salem et al., "FA-KES: A Fake News Dataset around the Syrian War", ICWSM 2019,
  pp. 573-582 (zenodo.org/record/2607278): no absolute accuracy/F1 found by our search
  (the stored excerpts of the paper hold only its abstract and introduction).
- Abu Salem et al., "Meta-learning for fake news detection surrounding the Syrian war",
  Patterns 2(11) 100369, 2021: the abstract reports the MAML model beating text-only
  baselines by about 20% in accuracy, 15% in F1 and 30% in AUC. The authors' repository
  (github.com/fakenewssyria/fake_news_detection, Experiments/Shallow/Experiment1/
  output_probabilistic/error_metrics/testing_errors.csv) lists XGBoost on their features at
  accuracy 0.882, F1 0.889, AUC 0.882 on a 161-article test split of all 804 articles:
  supervised, on another split, so a target rather than a like-for-like comparison.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import MarsadError
from ..link.reference import import_reference, load_reference
from ..link.service import link_store, store_article_credibility
from ..store import Store
from .data import EvalDataError, Runner, data_dir
from .fakes import parse_us_date, read_rows
from .metrics import classification_scores

DEFAULT_PATH = "fakes/dev.csv"
REFERENCE_PATH = "ucdp_ged_syria/dev.csv"
FOLDS = 5
LITERATURE = (
    "reference: FA-KES paper (Abu Salem et al., ICWSM 2019): absolute accuracy/F1 not "
    "found; Abu Salem et al., Patterns 2021: meta-learning ~+20% accuracy, ~+15% F1, "
    "~+30% AUC over text-only baselines; their repository (fakenewssyria/"
    "fake_news_detection, Experiment1 testing_errors.csv): XGBoost accuracy 0.882, F1 0.889, "
    "AUC 0.882 on a 161-article test split of all 804 (supervised, another split)")
#: score given to articles that report no event of their own (below every real score)
NO_SCORE = -1.0


class CredibilityEvalError(MarsadError, ValueError):
    """The FA-KES file has no usable labels."""


def default_reference() -> Path | None:
    """UCDP GED dev under the data folder, when there is one."""
    try:
        path = data_dir() / REFERENCE_PATH
    except EvalDataError:
        return None
    return path if path.is_file() else None


# ---------------------------------------------------------------------------
# metrics
# ---------------------------------------------------------------------------


def auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    """ROC AUC (Mann-Whitney, ties count half); None when a class is missing."""
    pos = [s for s, y in zip(scores, labels) if y == 1]
    neg = [s for s, y in zip(scores, labels) if y == 0]
    if not pos or not neg:
        return None
    ranked = sorted((s, i) for i, s in enumerate(list(pos) + list(neg)))
    ranks = [0.0] * len(ranked)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[ranked[k][1]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(ranks[:len(pos)])
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def _scores_at(scores: Sequence[float], labels: Sequence[int], threshold: float
               ) -> dict[str, float]:
    pred = ["1" if s >= threshold else "0" for s in scores]
    return classification_scores([str(y) for y in labels], pred, labels=["0", "1"])


def best_threshold(scores: Sequence[float], labels: Sequence[int]) -> float:
    """The cut-off (credible when score >= it) with the best macro F1, then accuracy;
    the lowest such cut-off on a tie. Candidates: midpoints between distinct scores and
    one above the highest (everything fake)."""
    values = sorted(set(scores))
    cands = [values[0]] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1] + 1]
    best, best_key = cands[0], None
    for t in cands:
        s = _scores_at(scores, labels, t)
        key = (round(s["macro_f1"], 12), round(s["accuracy"], 12))
        if best_key is None or key > best_key:
            best, best_key = t, key
    return best


def fold_of(labels: Sequence[int], folds: int = FOLDS) -> list[int]:
    """Stratified, deterministic folds: the i-th item of each label goes to fold i % folds."""
    seen = {0: 0, 1: 0}
    out = []
    for y in labels:
        out.append(seen[y] % folds)
        seen[y] += 1
    return out


def cross_validate(scores: Sequence[float], labels: Sequence[int], folds: int = FOLDS
                   ) -> dict[str, Any]:
    """Threshold chosen on folds-1 folds, scored on the held-out fold; means over folds."""
    fold = fold_of(labels, folds)
    accs, f1s, cuts = [], [], []
    for k in range(folds):
        train = [i for i, f in enumerate(fold) if f != k]
        test = [i for i, f in enumerate(fold) if f == k]
        if not test or not train:
            continue
        t = best_threshold([scores[i] for i in train], [labels[i] for i in train])
        s = _scores_at([scores[i] for i in test], [labels[i] for i in test], t)
        accs.append(s["accuracy"])
        f1s.append(s["macro_f1"])
        cuts.append(t)
    whole = best_threshold(scores, labels)
    return {"accuracy": sum(accs) / len(accs) if accs else 0.0,
            "macro_f1": sum(f1s) / len(f1s) if f1s else 0.0,
            "threshold": whole,
            "fold_thresholds": " ".join(f"{t:.3f}" for t in cuts)}


def score_summary(raw: Sequence[float | None], labels: Sequence[int]) -> dict[str, Any]:
    """CV accuracy/macro F1, thresholds, AUC (all articles, and those with a score),
    Brier score of the raw score as a probability of 'credible'."""
    filled = [NO_SCORE if s is None else float(s) for s in raw]
    out = cross_validate(filled, labels)
    out["auc"] = auc(filled, labels)
    scored = [(s, y) for s, y in zip(raw, labels) if s is not None]
    out["scored"] = len(scored)
    out["auc_scored"] = auc([s for s, _ in scored], [y for _, y in scored]) if scored else None
    out["brier_scored"] = (sum((s - y) ** 2 for s, y in scored) / len(scored)
                           if scored else None)
    return out


# ---------------------------------------------------------------------------
# running the pipeline, the store and the linker
# ---------------------------------------------------------------------------


def candidate_score(result: dict[str, Any], *, with_reference: bool = False) -> float | None:
    """The candidate credibility number measured here (never shown to users): None for an
    article with no event of its own."""
    n = result.get("events") or 0
    if not n:
        return None
    corroboration = (result.get("corroborated", 0) - 0.1 * result.get("contradicted", 0)) / n
    if not with_reference:
        return round(corroboration, 3)
    return round(0.4 * corroboration + 0.6 * result.get("reference_agreement", 0.0), 3)


def _labels(rows: list[dict[str, str]]) -> list[int]:
    if rows and "labels" not in rows[0]:
        raise CredibilityEvalError("FA-KES file has no 'labels' column")
    out = []
    for i, r in enumerate(rows, 2):
        v = (r.get("labels") or "").strip()
        if v not in ("0", "1"):
            raise CredibilityEvalError(f"line {i}: label {v!r} is neither 0 nor 1")
        out.append(int(v))
    return out


def credibility_scores(rows: list[dict[str, str]], runner: Runner, pack, workdir: Path, *,
                       reference_file: Path | None = None) -> dict[str, Any]:
    """Process, store, link and score; per row: the article id and its credibility dicts."""

    store = Store(workdir / "fakes.db")
    try:
        ids = []
        for r in rows:
            article = runner(r["article_content"] or "", title=r["article_title"] or None,
                             outlet=r.get("source") or None)
            if article.text:
                store.add_article(article)
            ids.append(article.id)
        report = link_store(store, pack)
        plain = {c["article_id"]: c for c in store_article_credibility(store)}
        with_ref: dict[str, dict] = {}
        ref_summary: dict[str, Any] = {}
        if reference_file is not None:
            overlay = workdir / "overlay"
            ref_summary = import_reference(reference_file, overlay, pack=pack)
            reference = load_reference(overlay)
            with open(overlay / "reference_events.csv", encoding="utf-8", newline="") as fh:
                days = [r["date"] for r in csv.DictReader(fh) if r.get("date")]
            if days:
                ref_summary["span"] = (dt.date.fromisoformat(min(days)),
                                       dt.date.fromisoformat(max(days)))
            with_ref = {c["article_id"]: c
                        for c in store_article_credibility(store, reference=reference)}
    finally:
        store.close()
    return {"ids": ids, "plain": plain, "with_reference": with_ref,
            "events": report.events_created, "mentions": report.mentions,
            "reference": ref_summary}


def evaluate(path: Path, runner: Runner, *, limit: int | None = None, pack=None,
             reference_file: Path | None | bool = True) -> dict[str, Any]:
    """``reference_file``: a UCDP/ACLED file, True for UCDP dev under the data folder
    (skipped when absent), False/None for no reference run."""
    rows = read_rows(path, limit)
    labels = _labels(rows)
    if reference_file is True:
        reference_file = default_reference()
    with tempfile.TemporaryDirectory(prefix="marsad-cred-") as tmp:
        got = credibility_scores(rows, runner, pack, Path(tmp),
                                 reference_file=reference_file or None)
    n = len(rows)
    empty: dict[str, Any] = {}

    def col(table: dict, key: str) -> list[float | None]:
        return [table.get(aid, empty).get(key) for aid in got["ids"]]

    def candidate(table: dict, with_reference: bool = False) -> list[float | None]:
        return [candidate_score(table.get(aid, empty), with_reference=with_reference)
                for aid in got["ids"]]

    def agreement(table: dict) -> list[float | None]:
        return [r.get("reference_agreement") if (r := table.get(aid, empty)).get("events")
                else None for aid in got["ids"]]

    plain = candidate(got["plain"])
    result: dict[str, Any] = {
        "n": n, "credible": sum(labels), "majority_baseline": max(sum(labels), n - sum(labels))
        / n if n else 0.0,
        "with_event": sum(s is not None for s in plain) / n if n else 0.0,
        "corroborated": sum(bool(c) for c in col(got["plain"], "corroborated")) / n if n else 0.0,
        "mentions": got["mentions"], "events": got["events"],
        "literature": LITERATURE,
        "no_reference": score_summary(plain, labels),
    }
    if got["with_reference"]:
        ref = got["reference"]
        result["reference_file"] = str(reference_file)
        result["reference_events"] = ref.get("events_total")
        result["with_reference"] = score_summary(candidate(got["with_reference"], True), labels)
        result["reference_only"] = score_summary(agreement(got["with_reference"]), labels)
        matches = [c.get("reference_matches") or [] for c in
                   (got["with_reference"].get(a, empty) for a in got["ids"])]
        span = ref.get("span")
        if span:
            # articles whose FA-KES date (the labellers' own) the reference period covers:
            # only there can a missing match mean anything
            inside = [i for i, r in enumerate(rows)
                      if (d := parse_us_date(r["date"])) is not None and span[0] <= d <= span[1]]
            result["reference_span"] = f"{span[0]}..{span[1]}"
            result["in_span"] = len(inside)
            for key, scores in (("in_span_with_reference", candidate(got["with_reference"], True)),
                                ("in_span_reference_only", agreement(got["with_reference"]))):
                result[key] = score_summary([scores[i] for i in inside],
                                            [labels[i] for i in inside])
        result["reference_matched"] = sum(
            any(d.get("match") is not None for d in m) for m in matches) / n if n else 0.0
    return result


def _line(name: str, s: dict[str, Any]) -> str:
    def f(v: Any) -> str:
        return "n/a" if v is None else f"{v:.3f}"
    return (f"{name:<24} CV accuracy {f(s['accuracy'])}  macro F1 {f(s['macro_f1'])}  "
            f"AUC {f(s['auc'])} (articles with a score: {s['scored']}, AUC {f(s['auc_scored'])})"
            f"  threshold {f(s['threshold'])} (folds: {s['fold_thresholds']})")


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield (f"FA-KES credibility, n={result['n']} ({result['credible']} credible); majority "
           f"class {result['majority_baseline']:.3f}; {FOLDS}-fold CV threshold on the candidate score "
           f"(measured here only: marsad shows reasons, not a number)")
    yield (f"articles with an event of their own {result['with_event']:.3f}; corroborated by "
           f"another outlet {result['corroborated']:.3f}; {result['mentions']} mentions -> "
           f"{result['events']} events")
    yield _line("no reference", result["no_reference"])
    if "with_reference" in result:
        yield (f"reference: {result['reference_events']} events from "
               f"{result['reference_file']}; articles with a matching row "
               f"{result['reference_matched']:.3f}")
        yield _line("with UCDP reference", result["with_reference"])
        yield _line("reference score only", result["reference_only"])
        if "in_span" in result:
            yield (f"{result['in_span']} articles dated (FA-KES date column) within the "
                   f"reference period {result['reference_span']}:")
            yield _line("  with UCDP reference", result["in_span_with_reference"])
            yield _line("  reference score only", result["in_span_reference_only"])
    else:
        yield "no reference run (UCDP GED dev not found)"
    yield result["literature"]
