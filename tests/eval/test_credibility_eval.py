import csv
import dataclasses
import json

import pytest
from click.testing import CliRunner

from eval_fake_pipeline import fake_run
from marsad.cli import evaluation as commands
from marsad.eval import credibility, service
from marsad.eval.credibility import (CredibilityEvalError, auc, best_threshold, cross_validate,
                                     evaluate, fold_of, score_summary)


def unique_run(text, **kw):
    """The fake pipeline with mention ids unique across articles (the store needs that)."""
    art = fake_run(text, **kw)
    art.events = [dataclasses.replace(m, id=f"{art.id}-{m.id}") for m in art.events]
    return art


def _csv(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def _article(uid, title, body, source, label):
    return {"unit_id": uid, "article_title": title, "article_content": body, "source": source,
            "date": "4/4/2017", "location": "aleppo", "labels": label}


ROWS = [
    _article("1", "Shelling on Aleppo", "The army shelled Aleppo on 4 April 2017.", "alpha", "1"),
    _article("2", "Aleppo shelled", "Rebels said the army shelled Aleppo on 4 April 2017.",
             "beta", "1"),
    _article("3", "Clashes in Douma", "Rebels clashed with the army in Douma on 10 August 2016.",
             "alpha", "1"),
    _article("4", "Air strike on Idlib", "An air strike hit Idlib on 4 April 2017.", "gamma", "0"),
    _article("5", "Quiet day", "Nothing happened in the town.", "gamma", "0"),
]

UCDP = [  # reference rows: the Aleppo shelling and the Douma clash, not the Idlib strike
    {"id": "101", "date_start": "2017-04-04", "date_end": "2017-04-04",
     "where_coordinates": "Aleppo town", "latitude": "36.2021", "longitude": "37.1343",
     "adm_1": "Aleppo governorate", "adm_2": "", "where_prec": "1",
     "side_a": "Government of Syria", "side_b": "Syrian insurgents",
     "low": "0", "best": "0", "high": "1"},
    {"id": "102", "date_start": "2016-08-10", "date_end": "2016-08-10",
     "where_coordinates": "Douma town", "latitude": "33.5711", "longitude": "36.4022",
     "adm_1": "Rif Dimashq governorate", "adm_2": "", "where_prec": "1",
     "side_a": "Government of Syria", "side_b": "Syrian insurgents",
     "low": "0", "best": "0", "high": "0"},
]


def test_auc_extremes_and_ties():
    assert auc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]) == 1.0
    assert auc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0]) == 0.0
    assert auc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0]) == 0.5
    assert auc([0.7, 0.3, 0.5], [1, 0, 0]) == 1.0
    assert auc([0.7, 0.3], [1, 1]) is None


def test_threshold_separates_and_cv_is_perfect_on_separable_scores():
    scores = [0.1, 0.2, 0.3, 0.7, 0.8, 0.9] * 5
    labels = [0, 0, 0, 1, 1, 1] * 5
    t = best_threshold(scores, labels)
    assert 0.3 < t <= 0.7
    cv = cross_validate(scores, labels)
    assert cv["accuracy"] == 1.0 and cv["macro_f1"] == 1.0
    assert len(cv["fold_thresholds"].split()) == 5


def test_threshold_is_chosen_without_the_test_fold():
    # one fold holds the only high-scoring fakes: thresholds chosen elsewhere misjudge them
    scores = [0.9, 0.9, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.1, 0.1]
    labels = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0]
    cv = cross_validate(scores, labels, folds=2)
    assert cv["accuracy"] < 1.0


def test_folds_are_stratified():
    labels = [1] * 10 + [0] * 5
    folds = fold_of(labels, 5)
    assert sorted(folds[:10]) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert sorted(folds[10:]) == [0, 1, 2, 3, 4]


def test_no_score_counts_as_lowest():
    s = score_summary([None, None, 0.6, 0.7], [0, 0, 1, 1])
    assert s["auc"] == 1.0 and s["scored"] == 2 and s["auc_scored"] is None
    assert s["brier_scored"] == pytest.approx(((0.4) ** 2 + (0.3) ** 2) / 2)


def test_evaluate_with_and_without_reference(tmp_path):
    fakes = _csv(tmp_path / "fakes.csv", ROWS, encoding="latin-1")
    ucdp = _csv(tmp_path / "ucdp.csv", UCDP)
    out = evaluate(fakes, unique_run, reference_file=ucdp)
    assert out["n"] == 5 and out["credible"] == 3
    assert out["majority_baseline"] == pytest.approx(0.6)
    assert out["with_event"] == pytest.approx(4 / 5)       # 'Nothing happened' has no event
    assert out["no_reference"]["scored"] == 4
    assert out["reference_events"] == 2
    # Aleppo (two articles) and Douma match a row; Idlib and the quiet day do not
    assert out["reference_matched"] == pytest.approx(3 / 5)
    ref_only = out["reference_only"]
    assert ref_only["auc"] == 1.0
    assert out["with_reference"]["auc"] >= out["no_reference"]["auc"]
    assert "not found" in out["literature"] and "0.882" in out["literature"]


def test_evaluate_without_reference_file(tmp_path):
    fakes = _csv(tmp_path / "fakes.csv", ROWS, encoding="latin-1")
    out = evaluate(fakes, unique_run, reference_file=None)
    assert "with_reference" not in out
    assert any("no reference run" in line for line in credibility.format_report(out))


def test_bad_label_is_a_clear_error(tmp_path):
    rows = [dict(ROWS[0], labels="maybe")]
    with pytest.raises(CredibilityEvalError, match="neither 0 nor 1"):
        evaluate(_csv(tmp_path / "f.csv", rows), unique_run, reference_file=None)


def test_command_with_limit_and_json(tmp_path, monkeypatch):
    monkeypatch.setattr(service, "make_runner",
                        lambda kind, theater="syria": (unique_run, None))
    monkeypatch.setattr(credibility, "default_reference", lambda: None)
    fakes = _csv(tmp_path / "fakes.csv", ROWS, encoding="latin-1")
    out = tmp_path / "c.json"
    result = CliRunner().invoke(commands.eval_, ["credibility", str(fakes), "--limit", "3",
                                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "--limit 3" in result.output and "CV accuracy" in result.output
    data = json.loads(out.read_text())
    assert data["n"] == 3
    assert "no_reference.auc" in data and "no_reference.macro_f1" in data
    assert data["command"].startswith("marsad eval credibility")


def test_candidate_score_is_measured_from_the_reasons_counts():
    from marsad.eval.credibility import candidate_score
    assert candidate_score({"events": 0}) is None
    plain = {"events": 4, "corroborated": 2, "contradicted": 1}
    assert candidate_score(plain) == pytest.approx((2 - 0.1) / 4, abs=1e-3)
    ref = {**plain, "reference_agreement": 0.5}
    assert candidate_score(ref, with_reference=True) == pytest.approx(
        0.4 * (2 - 0.1) / 4 + 0.6 * 0.5, abs=1e-3)
