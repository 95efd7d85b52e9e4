"""The trained event classifier is saved once and loaded after (issue 14, fast start)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from marsad.core.cache import cache_dir, write_atomic
from marsad.extract import classify
from marsad.extract.classify import DATA_DIR, EventClassifier, _cache_key, load_classifier

build = load_classifier.__wrapped__   # without the in-process cache

SENTENCES = [
    "Rebels seized the cement factory south of Aleppo on Sunday, activists said.",
    "Government warplanes struck a market in Idlib, killing 12 civilians.",
    "Hundreds of people protested peacefully in Daraa against rising prices.",
    "Police fired tear gas at protesters who threw stones at the governor's office.",
    "A suicide bomber blew himself up at a checkpoint near Homs.",
    "The army shelled rebel positions in eastern Ghouta with artillery.",
    "An earthquake struck the coast; no casualties were reported.",
    "The foreign minister met his Russian counterpart in Moscow on Tuesday.",
    "Unknown gunmen abducted a local council member in Raqqa.",
    "A roadside bomb exploded as a military convoy passed near Deir ez-Zor.",
    "Kurdish forces regained control of the village after ISIS withdrew.",
    "",
    "   ",
]


def _answers(clf: EventClassifier) -> list:
    return [(p.sub_event_type, p.event_type, p.score, p.ranking, p.rules)
            for p in clf.predict_many(SENTENCES)]


@pytest.fixture(scope="module")
def fresh() -> EventClassifier:
    """Trained here, as before the cache existed (the cache turned off)."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MARSAD_CACHE", "off")
    try:
        return build()
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def saved_cache(tmp_path_factory) -> Path:
    """A cache folder holding the classifier, written by a first load."""
    folder = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("MARSAD_CACHE", str(folder))
    try:
        build()
    finally:
        mp.undo()
    return folder


def _no_training(monkeypatch) -> None:
    def refuse(*a, **kw):
        raise AssertionError("trained although a saved classifier was there")
    monkeypatch.setattr(EventClassifier, "__init__", refuse)


def test_first_load_saves_one_keyed_file(saved_cache):
    files = sorted(p.name for p in saved_cache.iterdir())
    assert files == [f"classifier-{_cache_key(DATA_DIR)}.npz"]


def test_loaded_classifier_predicts_exactly_as_a_fresh_one(saved_cache, fresh, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(saved_cache))
    _no_training(monkeypatch)
    loaded = build()
    assert loaded.labels == fresh.labels
    assert [r.name for r in loaded.rules] == [r.name for r in fresh.rules]
    assert _answers(loaded) == _answers(fresh)          # labels and probabilities, exactly
    texts = [classify.normalize(t) for t in SENTENCES[:11]]
    assert (loaded._features(texts) != fresh._features(texts)).nnz == 0


def test_loaded_vectorizers_are_real_sklearn_ones(saved_cache, fresh, monkeypatch):
    monkeypatch.setenv("MARSAD_CACHE", str(saved_cache))
    loaded = build()
    texts = [classify.normalize(t) for t in SENTENCES[:5]]
    assert (loaded.word.transform(texts) != fresh.word.transform(texts)).nnz == 0
    assert (loaded.char.transform(texts) != fresh.char.transform(texts)).nnz == 0


def test_saved_file_holds_no_python_objects(saved_cache):
    (path,) = saved_cache.iterdir()
    with np.load(path, allow_pickle=False) as saved:   # would raise on an object array
        assert {"labels", "coef", "word_terms", "char_terms", "stack_coef"} <= set(saved.files)
        assert all(saved[k].dtype != object for k in saved.files)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "wrong_shape"])
def test_a_damaged_cache_is_rebuilt_and_logged(saved_cache, fresh, tmp_path, monkeypatch,
                                               caplog, damage):
    folder = tmp_path / "c"
    shutil.copytree(saved_cache, folder)
    (path,) = folder.iterdir()
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x00not a zip" * 100)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        with np.load(path, allow_pickle=False) as saved:
            state = {k: saved[k] for k in saved.files}
        state["coef"] = state["coef"][:-3]
        write_atomic(path, lambda fh: np.savez(fh, **state))
    monkeypatch.setenv("MARSAD_CACHE", str(folder))
    with caplog.at_level(logging.WARNING, logger="marsad.extract.classify"):
        clf = build()
    assert "unreadable" in caplog.text and str(path) in caplog.text
    assert _answers(clf) == _answers(fresh)
    caplog.clear()
    _no_training(monkeypatch)        # the rebuilt file is whole: the next load reads it
    assert _answers(build()) == _answers(fresh)
    assert not caplog.records


def test_the_key_follows_the_training_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    key = _cache_key(data)
    assert key == _cache_key(DATA_DIR)
    (data / "context_sentences.txt").write_text("A different background sentence.\n",
                                                encoding="utf-8")
    assert _cache_key(data) != key
    shutil.copytree(DATA_DIR, data, dirs_exist_ok=True)
    assert _cache_key(data) == key
    extra = data / "training_examples_zz_new.jsonl"
    extra.write_text('{"text": "Troops clashed with rebels.", "label": "Armed clash"}\n',
                     encoding="utf-8")
    assert _cache_key(data) != key


def test_the_key_follows_the_library_versions(monkeypatch):
    import sklearn
    key = _cache_key(DATA_DIR)
    monkeypatch.setattr(sklearn, "__version__", "0.0.0")
    assert _cache_key(DATA_DIR) != key


def test_unwritable_cache_is_not_fatal(fresh, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("MARSAD_CACHE", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="marsad.extract.classify"):
        clf = build()
    assert "cannot save" in caplog.text
    assert _answers(clf) == _answers(fresh)


def test_cache_off_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_CACHE", "off")
    assert cache_dir() is None


def test_cache_folder_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("MARSAD_CACHE", raising=False)
    monkeypatch.delenv("MARSAD_HOME", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "marsad"
    monkeypatch.setenv("MARSAD_HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.setenv("MARSAD_CACHE", str(tmp_path / "elsewhere"))
    assert cache_dir() == tmp_path / "elsewhere"


def test_write_atomic_leaves_no_partial_file(tmp_path):
    target = tmp_path / "sub" / "f.bin"
    write_atomic(target, lambda fh: fh.write(b"old"))

    def fail(fh):
        fh.write(b"half")
        raise OSError("disk full")
    with pytest.raises(OSError):
        write_atomic(target, fail)
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["f.bin"]
