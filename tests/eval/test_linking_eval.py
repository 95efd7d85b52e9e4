import csv
import dataclasses
import datetime as dt
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner

from eval_fake_pipeline import fake_run
from marsad.cli import evaluation as commands
from marsad.eval import linking, service
from marsad.eval.linking import (GoldEvent, LinkingDataError, evaluate, far, gold_pairs,
                                 headlines_of, pair_scores, read_rows)
from marsad.model import Event

FIELDS = ["id", "date_start", "date_end", "latitude", "longitude", "source_headline",
          "source_date", "source_office"]
ALEPPO, DOUMA = ("36.2021", "37.1343"), ("33.5711", "36.4022")


def _row(rid, day, where, heads, dates, offices):
    return {"id": rid, "date_start": day, "date_end": day, "latitude": where[0],
            "longitude": where[1], "source_headline": ";".join(heads),
            "source_date": ";".join(dates), "source_office": ";".join(offices)}


ROWS = [
    # one shelling of Aleppo told by two outlets
    _row("1", "2017-04-04", ALEPPO, ["Army shelled Aleppo on 4 April 2017",
                                     "Rebels say army shelled Aleppo"],
         ["2017-04-04", "2017-04-05"], ["Alpha", "Beta"]),
    # a clash in Douma months earlier; its second report is a round-up also cited by row 1
    _row("2", "2016-08-10", DOUMA, ["Rebels clashed with army in Douma",
                                    "Day of violence across the country"],
         ["2016-08-10", "2016-08-11"], ["Alpha", "Gamma"]),
    _row("3", "2017-04-04", ALEPPO, ["Day of violence across the country",
                                     "Nothing else was reported today"],
         ["2017-04-05", "2017-04-05"], ["Gamma", "Gamma"]),
    # the same headline repeated on another day by another row: one article
    _row("4", "2016-08-11", DOUMA, ["Rebels clashed with army in Douma", "Ok"],
         ["2016-08-12", "2016-08-12"], ["Delta", "Delta"]),
]


def _csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS)
        w.writeheader()
        w.writerows(rows)
    return path


def unique_run(text, **kw):
    art = fake_run(text, **kw)
    art.events = [dataclasses.replace(m, id=f"{art.id}-{m.id}") for m in art.events]
    return art


def group_by_type_and_place(articles, pack):
    """A stand-in linker: one event per (sub-event type, place)."""
    groups = defaultdict(set)
    for a in articles:
        for m in a.events:
            groups[(m.sub_event_type, m.place.id if m.place else None)].add(a.id)
    return [Event(id=str(i), event_type="x", sub_event_type=k[0], articles=sorted(ids))
            for i, (k, ids) in enumerate(sorted(groups.items(), key=str))]


def test_headlines_merge_repeats_and_keep_every_event(tmp_path):
    heads, events = headlines_of(read_rows(_csv(tmp_path / "u.csv", ROWS)))
    assert "Ok" not in heads                                       # under 3 words
    douma = heads["Rebels clashed with army in Douma"]
    assert douma.rows == {"2", "4"}
    assert douma.published == dt.date(2016, 8, 10)                 # earliest report
    assert douma.outlets == ["Alpha", "Delta"]
    assert heads["Day of violence across the country"].rows == {"2", "3"}
    assert events["1"] == GoldEvent(dt.date(2017, 4, 4), dt.date(2017, 4, 4), 36.2021, 37.1343)


def test_misaligned_dates_fall_back_to_the_rows_earliest():
    row = _row("9", "2017-01-02", ALEPPO, ["A; headline with a semicolon", "Army shelled Aleppo"],
               ["2017-01-03", "2017-01-02"], ["X", "Y"])
    row["source_headline"] = "A; headline with a semicolon;Army shelled Aleppo today"
    heads, _ = headlines_of([row])
    assert heads["Army shelled Aleppo today"].published == dt.date(2017, 1, 2)


def test_far_rule():
    a = GoldEvent(dt.date(2017, 4, 4), dt.date(2017, 4, 4), 36.2, 37.13)
    assert not far(a, GoldEvent(dt.date(2017, 4, 7), dt.date(2017, 4, 7), 36.25, 37.2))
    assert far(a, GoldEvent(dt.date(2017, 4, 8), dt.date(2017, 4, 8), 36.2, 37.13))   # 4 days
    assert not far(a, GoldEvent(dt.date(2017, 3, 20), dt.date(2017, 4, 5), 36.2, 37.13))
    assert far(a, GoldEvent(dt.date(2017, 4, 4), dt.date(2017, 4, 4), 33.57, 36.40))  # Douma


def test_pair_scores_leave_nearby_pairs_unscored():
    events = {"1": GoldEvent(dt.date(2017, 4, 4), dt.date(2017, 4, 4), 36.2, 37.13),
              "2": GoldEvent(dt.date(2017, 4, 5), dt.date(2017, 4, 5), 36.21, 37.14),
              "3": GoldEvent(dt.date(2016, 1, 1), dt.date(2016, 1, 1), 33.5, 36.4)}
    arts = {"a": {"1"}, "b": {"1"}, "c": {"2"}, "d": {"3"}}
    positives, must_not = gold_pairs(arts, events)
    assert positives == {("a", "b")}
    s = pair_scores({("a", "c"), ("a", "d"), ("b", "c")}, positives, must_not)
    assert (s["tp"], s["fp"], s["fn"], s["unscored_pairs"]) == (0, 1, 1, 2)
    s = pair_scores({("a", "b"), ("c", "d")}, positives, must_not)
    assert s["precision"] == 0.5 and s["recall"] == 1.0
    assert pair_scores({("a", "b")}, positives, must_not, keep={"a", "c"})["gold_pairs"] == 0


def test_evaluate_counts(tmp_path, monkeypatch):
    monkeypatch.setattr(linking, "link_articles", group_by_type_and_place)
    out = evaluate(_csv(tmp_path / "u.csv", ROWS), unique_run)
    assert out["rows"] == 4 and out["headlines"] == 5
    assert out["shared_headlines"] == 2
    assert out["roundups"] == 1                                   # the 'day of violence' one
    assert out["with_event"] == pytest.approx(3 / 5)
    every = out["all"]
    # gold: the two reports of row 1; Douma with the round-up (row 2); the round-up with
    # 'nothing else' (row 3)
    assert every["gold_pairs"] == 3
    assert every["tp"] == 1 and every["fp"] == 0
    assert every["recall"] == pytest.approx(1 / 3)
    assert out["with_event_only"]["gold_pairs"] == 1
    assert out["with_event_only"]["recall"] == 1.0
    assert out["with_event_no_roundups"]["f1"] == 1.0


def test_real_linker_runs_on_fake_mentions(tmp_path):
    out = evaluate(_csv(tmp_path / "u.csv", ROWS), unique_run)
    assert 0.0 <= out["all"]["precision"] <= 1.0 and out["all"]["gold_pairs"] == 3


def test_missing_columns_are_a_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id,date_start\n1,2017-01-01\n")
    with pytest.raises(LinkingDataError, match="missing UCDP GED columns"):
        read_rows(path)


def test_command_with_limit_and_json(tmp_path, monkeypatch):
    monkeypatch.setattr(service, "make_runner",
                        lambda kind, theater="syria": (unique_run, None))
    monkeypatch.setattr(linking, "link_articles", group_by_type_and_place)
    out = tmp_path / "l.json"
    result = CliRunner().invoke(commands.eval_, ["linking", str(_csv(tmp_path / "u.csv", ROWS)),
                                                 "--limit", "2", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "--limit 2" in result.output
    data = json.loads(out.read_text())
    assert data["rows"] == 2                     # the two earliest rows: both in Douma
    assert data["all.gold_pairs"] == 1 and "with_event_only.f1" in data
