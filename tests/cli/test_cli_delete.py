"""`marsad delete ARTICLE_ID`: a thin command over :func:`marsad.api.delete_article`;
afterwards `marsad stats --json` is that of a store into which the article was never put,
and a wrong id is one error line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import marsad
from marsad import api
from marsad.cli import cli

# invented reports: two of one capture (one denying it), one of another event
TEXTS = {
    "capture": "Rebels capture Tal Sheikh checkpoint\n\nOpposition fighters captured the army "
               "checkpoint at Tal Sheikh in the Hama countryside on Monday, August 8, 2016, "
               "activists said. At least seven soldiers were killed in the fighting.\n",
    "denial": "Army says Tal Sheikh attack repelled\n\nThe Syrian army repelled an attack by "
              "militants on a checkpoint at Tal Sheikh in rural Hama on Monday, August 8, 2016, "
              "state media said, denying that the position had fallen.\n",
    "strike": "Air strikes hit Saraqib\n\nWarplanes struck the town of Saraqib in Idlib province "
              "on Tuesday, August 9, 2016, killing four civilians, a monitoring group said.\n",
}


def _store(tmp_path, name: str, keys) -> str:
    folder = tmp_path / name
    folder.mkdir()
    for key in keys:
        (folder / f"{key}.txt").write_text(TEXTS[key], encoding="utf-8")
    db = str(tmp_path / f"{name}.db")
    result = marsad.run([str(folder)], store=db, outlet="Test Wire", published="2016-08-09")
    assert result.ok
    return db


def _article_id(db: str, title_word: str) -> str:
    with api.open_store(db) as store:
        (found,) = [a.id for a in store.articles(with_text=False) if title_word in a.title]
    return found


def _stats(db: str) -> dict:
    result = CliRunner().invoke(cli, ["stats", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("gone", ["denial", "strike"])
def test_delete_leaves_the_stats_of_a_store_without_the_article(tmp_path, gone):
    whole = _store(tmp_path, "whole", TEXTS)
    without = _store(tmp_path, "without", [k for k in TEXTS if k != gone])
    before = _stats(whole)
    assert before["contradictions"] >= 1     # the capture and its denial, side by side
    article_id = _article_id(whole, {"denial": "repelled", "strike": "Saraqib"}[gone])
    result = CliRunner().invoke(cli, ["delete", article_id, "--db", whole, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["article"] == article_id and report["mentions"] >= 1
    assert _stats(whole) == _stats(without) != before


def test_an_unknown_article_or_store_is_one_error_line(tmp_path):
    db = _store(tmp_path, "one", ["strike"])
    before = _stats(db)
    result = CliRunner().invoke(cli, ["delete", "0123456789abcdef", "--db", db])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: no article '0123456789abcdef' in {db}"]
    assert _stats(db) == before
    missing = CliRunner().invoke(cli, ["delete", "x", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and missing.output.startswith("error: no store at")
    text = CliRunner().invoke(cli, ["delete", _article_id(db, "Saraqib"), "--db", db])
    assert text.exit_code == 0 and text.output.startswith("article ")
    assert _stats(db)["articles"] == 0 and _stats(db)["events"] == 0
