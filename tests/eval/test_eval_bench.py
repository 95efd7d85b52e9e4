import csv
import json

from click.testing import CliRunner

from marsad.eval.bench import load_docs, nth_doc, run_once
from marsad.eval.commands import benchmark

ROWS = [
    {"unit_id": "1", "article_title": "Clashes near Aleppo",
     "article_content": "Rebels and government forces clashed near Aleppo on Sunday. "
                        "At least four fighters were killed, activists said.",
     "source": "Example News", "date": "8/7/2016", "location": "aleppo", "labels": "1"},
    {"unit_id": "2", "article_title": "Shelling in Douma",
     "article_content": "Shells hit a market in Douma on Monday, killing two civilians.",
     "source": "Other Wire", "date": "8/8/2016", "location": "damascus", "labels": "0"},
]


def _file(tmp_path):
    path = tmp_path / "fakes.csv"
    with open(path, "w", encoding="latin-1", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(ROWS[0]))
        w.writeheader()
        w.writerows(ROWS)
    return path


def test_repeated_docs_are_distinct(tmp_path):
    docs = load_docs(_file(tmp_path))
    titles = {nth_doc(docs, i)[0] for i in range(6)}
    assert len(titles) == 6


def test_run_once_ingest_store_link(tmp_path):
    docs = load_docs(_file(tmp_path))
    r = run_once(docs, 6, workers=1, stages=(), link_every=4, tmpdir=str(tmp_path))
    assert r["n"] == 6 and r["stored"] == 6
    assert r["articles_per_s"] > 0 and r["peak_rss_mb"] > 0
    assert "ingest" in r["stage_ms"] and "store" in r["stage_ms"]


def test_run_once_parallel_workers(tmp_path):
    docs = load_docs(_file(tmp_path))
    r = run_once(docs, 8, workers=2, stages=(), tmpdir=str(tmp_path))
    assert r["stored"] == 8 and r["workers"] == 2


def test_benchmark_command(tmp_path):
    out = tmp_path / "b.json"
    res = CliRunner().invoke(benchmark, ["--n", "4", "--n", "8", "--workers", "2", "--data",
                                         str(_file(tmp_path)), "--stages", "", "--json",
                                         str(out)])
    assert res.exit_code == 0, res.output
    assert "articles/s" in res.output and "growth 4 -> 8" in res.output
    data = json.loads(out.read_text())
    assert len(data["runs"]) == 4 and "growth" in data


def test_run_once_stores_in_batches_and_links_every_n(tmp_path, monkeypatch):
    import marsad.eval.bench as bench

    calls = []

    def fake_linker(store, pack=None):
        calls.append(store.stats()["articles"])

    monkeypatch.setattr(bench, "find_linker", lambda: fake_linker)
    docs = load_docs(_file(tmp_path))
    r = run_once(docs, 10, workers=1, stages=(), link_every=4, store_batch=3,
                 tmpdir=str(tmp_path))
    # batches end at 3, 6, 9, 10 stored: links after passing 4 and 8, and once at the end
    assert r["stored"] == 10 and calls == [6, 9, 10]
    assert "same body" in r["copies"]
