"""`marsad eval stream FILE` and `marsad eval gold FILE` from the command line (issue 12)."""

import json

from click.testing import CliRunner

from marsad.cli import cli

STREAM = [
    {"doc_id": "s-1", "source": "Invented Wire", "published": "2016-08-08",
     "text": "Syrian army shells rebels in Aleppo\n\nSyrian government troops shelled rebel "
             "positions in Aleppo on Sunday, killing 4 fighters, activists said. Clashes "
             "went on in the Syrian city overnight."},
    {"doc_id": "s-2", "source": "Invented Wire", "published": "2016-08-08",
     "text": "Cup final ends in a draw\n\nThe home side and the visitors drew 2-2 in the cup "
             "final on Sunday, and fans celebrated in the streets of the capital."},
]


def test_stream_check_runs_and_writes_json(tmp_path):
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in STREAM) + "\n", encoding="utf-8")
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(cli, ["eval", "stream", str(path), "--sample", "1",
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert "sample of 1 exported events" in result.output
    scores = json.loads(out.read_text())
    assert scores["articles"] == 2 and scores["off_topic_articles"] == 1
    assert scores["events"] >= 1 and "eval stream" in scores["command"]


def test_real_news_evaluations_need_a_file(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "gold"])
    assert result.exit_code == 1
    assert "needs a FILE" in result.output
    result = CliRunner().invoke(cli, ["eval", "gold", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_empty_or_unreadable_inputs_are_errors_naming_the_file(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\x00\x01\xff" * 50)
    for name, path in (("gold", empty), ("stream", empty), ("stream", binary)):
        result = CliRunner().invoke(cli, ["eval", name, str(path)])
        assert result.exit_code == 1, (name, path, result.output)
        assert str(path) in result.output
