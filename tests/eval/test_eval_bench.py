import csv
import json

from click.testing import CliRunner

import pytest

from marsad.eval.bench import BenchmarkError, load_docs, nth_doc, run_once, year_shift
from marsad.cli.evaluation import benchmark

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


def test_shifted_copies_tell_other_years(tmp_path):
    """A realistic feed grows in time: copy k of an article moves every year its text
    names by the k-th shift of 0, +1, -1, +2 ... that keeps them in the date reader's
    1950-2049; the first copy is the file's article itself."""
    docs = [("Strikes in 2016", "On 7 August 2016 jets struck Atareb; in 2015 too.", "X"),
            ("No year", "Jets struck Atareb on Sunday.", None)]
    assert nth_doc(docs, 0, "shifted") == docs[0]
    assert nth_doc(docs, 2, "shifted") == ("Strikes in 2017 (2)",
                                           "On 7 August 2017 jets struck Atareb; in 2016 too.", "X")
    assert nth_doc(docs, 4, "shifted")[1] == "On 7 August 2015 jets struck Atareb; in 2014 too."
    assert nth_doc(docs, 3, "shifted") == ("No year (2)", docs[1][1], None)
    assert nth_doc(docs, 2, "identical") == ("Strikes in 2016 (2)", docs[0][1], "X")
    bodies = {nth_doc(docs, 2 * k, "shifted")[1] for k in range(60)}
    assert len(bodies) == 60          # 2015..2049 and 1950..: 60 distinct years
    text = "in 2049 and 1950"         # no room to move: every copy keeps its years
    assert {year_shift(text, k) for k in range(5)} == {0}
    assert max(year_shift("in 2016", k) for k in range(200)) == 33
    assert min(year_shift("in 2016", k) for k in range(200)) == -66
    glued = [("Raids", "Last updated at Jun 132016 Jets struck Idlib on June 8 2016.", None)]
    assert nth_doc(glued, 1, "shifted")[1] == \
        "Last updated at Jun 132017 Jets struck Idlib on June 8 2017."
    assert nth_doc([("a", "ref 132016", None)], 1, "shifted")[1] == "ref 132016"   # no year
    with pytest.raises(BenchmarkError):
        nth_doc(docs, 2, "other")


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
    # per article at each size on one core, with the peak RSS: the one-core runs, by size
    assert [x["n"] for x in data["per_article"]] == [4, 8]
    assert all(x["cpu_ms_per_article"] > 0 and x["peak_rss_mb"] > 0 for x in data["per_article"])
    assert "per article, one core: n=4: " in res.output and "; n=8: " in res.output
    # start-up: `marsad run` on one article in a new process, twice (cold, then warm cache)
    assert "start-up: `marsad run one_article.txt`" in res.output
    assert [r["seconds"] > 0 and r["cpu_seconds"] > 0 for r in data["startup"]["runs"]] == [True, True]


def test_run_once_stores_in_batches_and_links_every_n(tmp_path, monkeypatch):

    calls = []

    def fake_linker(store, pack=None, recent=None):
        calls.append(store.stats()["articles"])

    monkeypatch.setattr("marsad.runner.find_linker", lambda: fake_linker)
    docs = load_docs(_file(tmp_path))
    r = run_once(docs, 10, workers=1, stages=(), link_every=4, store_batch=3,
                 tmpdir=str(tmp_path))
    # batches end at 3, 6, 9, 10 stored: links after passing 4 and 8, and once at the end
    assert r["stored"] == 10 and calls == [6, 9, 10]
    assert "same body" in r["copies"]


class _FakePipe:
    def __init__(self, listeners=()):
        self.listening_components = list(listeners)


class _FakeNlp:
    """Stands in for a loaded spaCy pipeline: enough surface for the NER reference pass."""

    meta = {"version": "0.0-test"}

    def __init__(self, ner_listens: bool):
        self.components = {"tok2vec": _FakePipe(["tagger", "parser"] + (["ner"] if ner_listens else [])),
                           "tagger": _FakePipe(), "parser": _FakePipe(), "ner": _FakePipe()}
        self.pipe_names = list(self.components)
        self.seen = 0

    def get_pipe(self, name):
        return self.components[name]

    def select_pipes(self, enable):
        self.pipe_names = [p for p in self.pipe_names if p in enable]

    def pipe(self, texts, batch_size=64):
        for text in texts:
            self.seen += 1
            yield type("FakeDoc", (), {"ents": tuple(w for w in text.split() if w.istitle())})()


def _fake_spacy(monkeypatch, nlp, known=("en_core_web_sm",)):
    import sys
    import types

    def load(name):
        if name not in known:
            raise OSError(f"[E050] Can't find model '{name}'")
        return nlp

    monkeypatch.setitem(sys.modules, "spacy", types.SimpleNamespace(load=load, __version__="9.9"))


def test_spacy_pass_runs_ner_alone_unless_it_listens(monkeypatch):
    from marsad.eval.bench import spacy_baseline

    docs = [("Shelling in Aleppo", "Rebels said Army units advanced.", None)]
    for listens, pipes in ((False, ["ner"]), (True, ["tok2vec", "ner"])):
        nlp = _FakeNlp(listens)
        _fake_spacy(monkeypatch, nlp)
        out = spacy_baseline(docs, 3)
        assert out["pipes"] == pipes and out["model"] == "en_core_web_sm"
        assert out["n"] == 3 and out["articles_per_s"] > 0 and out["entities"] > 0
        assert nlp.seen == 3 + 3  # warm-up on the first texts, then the timed pass


def test_named_spacy_model_that_does_not_load_is_an_error(monkeypatch):
    import pytest

    from marsad.eval.bench import BenchmarkError, spacy_baseline

    _fake_spacy(monkeypatch, _FakeNlp(False))
    with pytest.raises(BenchmarkError, match="no_such_model"):
        spacy_baseline([("t", "b", None)], 1, "no_such_model")


def test_without_a_stock_model_the_stock_architecture_is_timed(monkeypatch):
    """No en_core_web_* installed (none is on the package index): the pass times spaCy's
    stock small NER architecture, untrained, and says so."""
    from marsad.eval import bench

    nlp = _FakeNlp(True)
    _fake_spacy(monkeypatch, _FakeNlp(False), known=())
    monkeypatch.setattr(bench, "stock_ner_architecture", lambda spacy: nlp)
    out = bench.spacy_baseline([("t", "b", None)], 2)
    assert out["model"] == bench.STOCK_ARCHITECTURE and out["trained"] is False
    assert out["version"] is None and out["pipes"] == ["tok2vec", "ner"] and nlp.seen == 2 + 2


def test_stock_ner_architecture_is_the_small_models():
    """With spaCy installed (the [bench] extra): the default NER config of `spacy init
    config` for CPU efficiency, en_core_web_sm's sizes, the 18 OntoNotes labels."""
    import pytest

    spacy = pytest.importorskip("spacy")
    from marsad.eval import bench

    nlp = bench.stock_ner_architecture(spacy)
    assert nlp.pipe_names == ["tok2vec", "ner"] and nlp.lang == "en"
    assert set(nlp.get_pipe("ner").labels) == set(bench.ONTONOTES_LABELS)
    cfg = nlp.config["components"]
    assert cfg["tok2vec"]["model"]["encode"]["width"] == 96
    assert cfg["tok2vec"]["model"]["encode"]["depth"] == 4
    assert cfg["ner"]["model"]["hidden_width"] == 64
    doc = nlp("Rebels said Army units advanced on Aleppo on Sunday.")
    assert len(doc) == 10   # the English tokenizer: nine words and the full stop


def test_benchmark_without_articles_is_a_clear_error(tmp_path):
    import pytest

    from marsad.eval.bench import BenchmarkError

    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "bin.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    for path in (empty, binary):
        with pytest.raises(BenchmarkError, match="no articles|not a readable CSV"):
            load_docs(path)


def test_benchmark_db_runs_on_each_store_given(tmp_path):
    from marsad.eval.bench import run_benchmark

    folder = tmp_path / "stores"
    folder.mkdir()
    lines = []
    out = run_benchmark(_file(tmp_path), (4,), workers=1, stages=(), dbs=("sqlite", str(folder)),
                        echo=lines.append, spacy_model=None)
    assert [r["db"] for r in out["runs"]] == ["sqlite", "sqlite"]
    assert out["runs"][1]["store"].startswith(str(folder))
    assert all(r["stored"] == 4 for r in out["runs"])
    assert list(folder.iterdir()) == []        # the scratch store is gone
    assert any("db=sqlite" in line for line in lines)


def test_run_once_on_a_local_dask_cluster_stores_what_the_pool_stores(tmp_path):
    import importlib.util

    import pytest

    from marsad.eval.bench import format_run

    if importlib.util.find_spec("distributed") is None:
        pytest.skip("the [dask] extra is not installed")
    docs = load_docs(_file(tmp_path))
    pool = run_once(docs, 8, workers=2, stages=("sentences",), tmpdir=str(tmp_path))
    dask = run_once(docs, 8, workers=2, stages=("sentences",), tmpdir=str(tmp_path),
                    engine="dask")
    assert dask["engine"] == "dask" and dask["stored"] == 8
    assert dask["store_stats"] == pool["store_stats"] and pool["store_stats"]["sentences"] > 0
    assert dask["engine_start_seconds"] > 0 and "sentences" in dask["stage_ms"]
    assert "engine=dask" in format_run(dask)[0] and "engine=dask" not in format_run(pool)[0]
