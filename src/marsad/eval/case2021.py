"""CASE 2021 task 2: event sub-type classification of news snippets.

Each snippet goes through the pipeline as a one-sentence article. The prediction is the
sub-type of the highest-confidence *asserted* event mention, else NOT_EVENT (variant
"any": any mention, whatever its modality). The 5 labels outside ACLED are gold NOT_EVENT.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import MarsadError
from ..model import ACLED_TAXONOMY, SUB_EVENT_TO_TYPE, Article
from .data import Runner
from .metrics import classification_scores, per_label

DEFAULT_PATH = "case2021/dev.csv"
NOT_EVENT = "NOT_EVENT"

CASE_TO_ACLED: dict[str, str] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
NON_ACLED = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
SUB_TYPES: tuple[str, ...] = tuple(s for subs in ACLED_TAXONOMY.values() for s in subs)
CLASSES_26: tuple[str, ...] = SUB_TYPES + (NOT_EVENT,)


class CaseLabelError(MarsadError, ValueError):
    """A label that is neither a CASE 2021 label nor an ACLED sub-event type."""


def case_to_acled(label: str) -> str:
    """CASE label -> ACLED sub-event type, or NOT_EVENT for the 5 non-ACLED labels."""
    label = label.strip()
    if label in CASE_TO_ACLED:
        return CASE_TO_ACLED[label]
    if label in NON_ACLED:
        return NOT_EVENT
    raise CaseLabelError(f"unknown CASE 2021 label {label!r}")


def to_type(sub_or_not: str) -> str:
    return SUB_EVENT_TO_TYPE.get(sub_or_not, NOT_EVENT)


def predict_from_article(article: Article, *, asserted_only: bool = True) -> str:
    best = None
    for ev in article.events:
        if asserted_only and (ev.modality != "asserted"):
            continue
        if ev.sub_event_type not in SUB_EVENT_TO_TYPE:
            continue
        if best is None or ev.confidence > best.confidence:
            best = ev
    return best.sub_event_type if best is not None else NOT_EVENT


# A plain keyword baseline: a few obvious words per sub-type, first hit in this order wins.
# Written once from the ACLED codebook's wording, not tuned on any data.
_BASELINE_RULES: tuple[tuple[str, str], ...] = (
    ("Chemical weapon", r"chemical|sarin|chlorine|mustard gas|nerve agent"),
    ("Suicide bomb", r"suicide"),
    ("Air/drone strike", r"air ?strike|drone|warplane|air raid|bombed from the air"),
    ("Remote explosive/landmine/IED", r"\bied\b|landmine|roadside bomb|car bomb|explosive device"),
    ("Grenade", r"grenade"),
    ("Shelling/artillery/missile attack", r"shell(ed|ing)|artillery|mortar|rocket|missile"),
    ("Sexual violence", r"\brap(e|ed|ing)\b|sexual"),
    ("Abduction/forced disappearance", r"abduct|kidnap|disappear"),
    ("Arrests", r"arrest|detain"),
    ("Excessive force against protesters", r"(fired|opened fire|killed).{0,40}protest"),
    ("Protest with intervention", r"(dispersed|tear gas|police).{0,60}protest|protest.{0,60}(dispersed|tear gas)"),
    ("Violent demonstration", r"riot|(protest|demonstrat).{0,60}(torched|stones|clashed)"),
    ("Mob violence", r"\bmob\b|lynch"),
    ("Peaceful protest", r"protest|demonstrat|rally|march(ed)? "),
    ("Government regains territory", r"(army|troops|government forces).{0,40}(recaptur|retook|regain)"),
    ("Non-state actor overtakes territory", r"(militants|rebels|insurgents|fighters).{0,40}(seized|captured|took control)"),
    ("Non-violent transfer of territory", r"withdr[ae]w|handed over|evacuat"),
    ("Armed clash", r"clash|fighting|gunfight|battle|exchange of fire"),
    ("Attack", r"attack|gunmen|shot dead|killed"),
    ("Agreement", r"agreement|ceasefire|truce|deal|accord"),
    ("Headquarters or base established", r"(set up|established|new) (a )?(base|headquarters)"),
    ("Disrupted weapons use", r"defus|seized (weapons|arms|explosives)|foiled|intercepted"),
    ("Looting/property destruction", r"loot|torched|set on fire|demolish"),
    ("Change to group/activity", r"merge|rename|dissolv|new group"),
)
_BASELINE = tuple((label, re.compile(pat, re.I)) for label, pat in _BASELINE_RULES)


def keyword_baseline(text: str) -> str:
    for label, pattern in _BASELINE:
        if pattern.search(text):
            return label
    return NOT_EVENT


def read_rows(path: Path, limit: int | None = None) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"EventSnippet", "SubType"} - set(reader.fieldnames or ())
        if missing:
            raise CaseLabelError(f"{path}: missing columns {sorted(missing)}")
        rows = [r for r in reader if r["EventSnippet"] and r["SubType"]]
    return rows[:limit] if limit else rows


def _view_30(gold_case: list[str], pred26: list[str]) -> tuple[list[str], list[str]]:
    """30-label view: gold keeps its CASE label; a NOT_EVENT prediction counts as correct
    for any of the 5 non-ACLED labels (our single NOT_EVENT class stands for all 5)."""
    gold, pred = [], []
    for g, p in zip(gold_case, pred26):
        gold.append(g)
        if p == NOT_EVENT:
            pred.append(g if g in NON_ACLED else NOT_EVENT)
        else:
            pred.append(next(k for k, v in CASE_TO_ACLED.items() if v == p))
    return gold, pred


def score(gold_case: list[str], pred26: list[str], prefix: str = "") -> dict[str, Any]:
    gold26 = [case_to_acled(g) for g in gold_case]
    labels26 = [c for c in CLASSES_26 if c in set(gold26)]
    s26 = classification_scores(gold26, pred26, labels26)
    g30, p30 = _view_30(gold_case, pred26)
    s30 = classification_scores(g30, p30, sorted(set(g30)))
    gt = [to_type(g) for g in gold26]
    pt = [to_type(p) for p in pred26]
    st = classification_scores(gt, pt, sorted(set(gt)))
    out = {
        f"{prefix}weighted_f1": s26["weighted_f1"],
        f"{prefix}macro_f1": s26["macro_f1"],
        f"{prefix}accuracy": s26["accuracy"],
        f"{prefix}weighted_f1_30": s30["weighted_f1"],
        f"{prefix}macro_f1_30": s30["macro_f1"],
        f"{prefix}type_macro_f1": st["macro_f1"],
        f"{prefix}type_weighted_f1": st["weighted_f1"],
    }
    return out


def evaluate(path: Path, runner: Runner, *, limit: int | None = None) -> dict[str, Any]:
    rows = read_rows(path, limit)
    gold_case = [r["SubType"].strip() for r in rows]
    pred, pred_any, base = [], [], []
    for r in rows:
        text = " ".join(r["EventSnippet"].split())
        article = runner(text)
        pred.append(predict_from_article(article))
        pred_any.append(predict_from_article(article, asserted_only=False))
        base.append(keyword_baseline(text))
    result: dict[str, Any] = {"n": len(rows)}
    result.update(score(gold_case, pred))
    result.update(score(gold_case, pred_any, "any_"))
    result.update(score(gold_case, base, "baseline_"))
    gold26 = [case_to_acled(g) for g in gold_case]
    result["per_label"] = {
        lab: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
        for lab, c in per_label(gold26, pred).items()
    }
    result["confusions"] = top_confusions(gold26, pred)
    return result


def top_confusions(gold: list[str], pred: list[str], k: int = 10) -> dict[str, int]:
    """The ``k`` most frequent disagreements as ``"gold -> predicted": count``, most frequent
    first (ties in label order), so a reader sees which boundaries the errors sit on."""
    pairs = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    ranked = sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:k]
    return {f"{g} -> {p}": n for (g, p), n in ranked}


def format_report(result: dict[str, Any]) -> Iterable[str]:
    yield f"CASE 2021 sub-event types, n={result['n']} (26 classes = 25 ACLED + NOT_EVENT; " \
          "the 5 non-ACLED labels are gold NOT_EVENT)"
    yield f"{'':24}{'marsad':>10}{'any-mod.':>10}{'baseline':>10}"
    for key in ("weighted_f1", "macro_f1", "accuracy", "weighted_f1_30", "macro_f1_30",
                "type_macro_f1", "type_weighted_f1"):
        yield (f"{key:24}{result[key]:10.3f}{result['any_' + key]:10.3f}"
               f"{result['baseline_' + key]:10.3f}")
    yield "30-label view: gold keeps its 30 CASE labels; our NOT_EVENT counts as correct for " \
          "any of the 5 non-ACLED labels. type_*: rolled up to 6 ACLED types + NOT_EVENT."
    yield f"{'label':40}{'P':>7}{'R':>7}{'F1':>7}{'n':>5}"
    for lab, r in sorted(result["per_label"].items()):
        yield f"{lab[:40]:40}{r['precision']:7.2f}{r['recall']:7.2f}{r['f1']:7.2f}{r['support']:5d}"
    if result.get("confusions"):
        yield "most frequent errors (gold -> marsad):"
        for pair, count in result["confusions"].items():
            yield f"  {count:3d}  {pair}"
