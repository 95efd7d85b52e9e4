"""The build cache (issue 14, fast start): a theater pack and its gazetteer are read from
disk after the first process built them, keyed by everything they were built from; a
changed file gives a new key, a pack made in memory is never cached, and what is loaded
gives the same outputs as a fresh build."""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
from pathlib import Path

import pytest

from marsad.core import cache
from marsad.core.cache import build_key, cached_build, folder_digest
from marsad.geo import gazetteer as gaz_mod
from marsad.geo.gazetteer import Gazetteer
from marsad.pipeline import build_pipeline
from marsad.theaters import PACK_CACHE, builtin_pack_dir, files_key, load_pack

ARTICLES = [
    ("Rebels seized the cement factory south of Aleppo on Sunday, killing 12 soldiers, "
     "the Syrian Observatory said. Warplanes later struck Atareb and Darat Izza.", "2016-08-08"),
    ("Government forces shelled Douma in Eastern Ghouta on Tuesday; four civilians were "
     "killed. In Idlib, a car bomb exploded near a market in Sarmada.", "2017-03-01"),
    ("Turkish troops entered Jarablus, Turkey's army said, as fighting went on near Manbij "
     "and refugees fled to Lebanon.", "2016-08-24"),
]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    out = tmp_path / "cache"
    monkeypatch.setenv("MARSAD_CACHE", str(out))
    PACK_CACHE.clear()
    gaz_mod._CACHE.clear()
    yield out
    PACK_CACHE.clear()
    gaz_mod._CACHE.clear()


def test_built_once_then_loaded(folder):
    calls = []

    def build():
        calls.append(1)
        return {"a": [1, 2, 3]}

    assert cached_build("thing", build, key="k1") == {"a": [1, 2, 3]}
    assert cached_build("thing", build, key="k1") == {"a": [1, 2, 3]}
    assert calls == [1]
    assert [p.name for p in folder.iterdir()] == ["thing-k1.pickle"]
    cached_build("thing", build, key="k2")   # another key: built again
    assert calls == [1, 1]


def test_off_builds_every_time(monkeypatch, tmp_path):
    monkeypatch.setenv("MARSAD_CACHE", "off")
    calls = []
    for _ in range(2):
        cached_build("thing", lambda: calls.append(1) or 5, key="k")
    assert calls == [1, 1]


def test_unreadable_file_is_rebuilt(folder, caplog):
    cached_build("thing", lambda: 1, key="k")
    (folder / "thing-k.pickle").write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING):
        assert cached_build("thing", lambda: 2, key="k") == 2
    assert "unreadable" in caplog.text
    assert cached_build("thing", lambda: 3, key="k") == 2   # saved again, whole


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_a_file_others_may_write_is_not_loaded(folder, caplog):
    cached_build("thing", lambda: 1, key="k")
    path = folder / "thing-k.pickle"
    path.chmod(0o666)
    with caplog.at_level(logging.WARNING):
        assert cached_build("thing", lambda: 2, key="k") == 2
    assert "not this user's own" in caplog.text


def test_not_saved_when_the_files_changed_while_read(folder):
    cached_build("thing", lambda: 1, key="k", unchanged=lambda: False)
    assert not (folder / "thing-k.pickle").exists()


def test_old_builds_are_pruned(folder):
    for i in range(cache.KEEP_BUILDS + 3):
        cached_build("thing", lambda i=i: i, key=f"k{i}")
    assert len(list(folder.glob("thing-*.pickle"))) == cache.KEEP_BUILDS


def test_key_follows_every_file_of_a_folder(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(builtin_pack_dir("syria"), pack)
    k1 = build_key("pack", (pack,))
    assert build_key("pack", (pack,)) == k1
    places = pack / "places.csv"
    places.write_text(places.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(places, ns=(1, 1))   # even with an old stamp: the bytes are hashed
    cache._FOLDER_DIGESTS.clear()
    assert build_key("pack", (pack,)) != k1
    (pack / "new.json").write_text("{}", encoding="utf-8")
    assert folder_digest(pack) != folder_digest(builtin_pack_dir("syria"))
    assert build_key("pack", (pack,), extra=("en",)) != build_key("pack", (pack,), extra=("ar",))


def test_loaded_pack_and_gazetteer_equal_fresh_ones(folder, monkeypatch):
    first = load_pack("syria", overlays=())
    assert files_key(first) is not None
    assert {p.name.split("-")[0] for p in folder.iterdir()} == {"pack"}
    Gazetteer.for_pack(first)
    assert {p.name.split("-")[0] for p in folder.iterdir()} == {"pack", "gazetteer"}
    PACK_CACHE.clear()
    gaz_mod._CACHE.clear()
    loaded = load_pack("syria", overlays=())
    assert loaded is not first and loaded == first
    built = dict(Gazetteer(loaded).__dict__)
    cached = dict(Gazetteer.for_pack(loaded).__dict__)
    assert cached.keys() == built.keys()
    for k in built:
        if k != "pack":
            assert repr(cached[k]) == repr(built[k]) or cached[k] == built[k], k


def test_a_pack_changed_in_memory_is_never_cached(folder):
    pack = load_pack("syria", overlays=())
    smaller = dataclasses.replace(pack, places=pack.places[:50])
    assert files_key(smaller) is None
    gaz = Gazetteer.for_pack(smaller)
    assert len(gaz.places) <= 50 + len(pack.places_abroad)
    assert not list(folder.glob("gazetteer-*"))


def test_pipeline_outputs_are_the_same_from_the_cache(folder, monkeypatch):
    def outputs():
        PACK_CACHE.clear()
        gaz_mod._CACHE.clear()
        pipe = build_pipeline("syria")
        from marsad.ingest import article_from_text
        from marsad.core.datelines import as_date
        return [pipe(article_from_text(t, published=as_date(d))).to_dict() for t, d in ARTICLES]

    monkeypatch.setenv("MARSAD_CACHE", "off")
    fresh = outputs()
    monkeypatch.setenv("MARSAD_CACHE", str(folder))
    saved = outputs()      # builds and saves
    loaded = outputs()     # loads
    assert {p.name.split("-")[0] for p in folder.iterdir()} >= {"pack", "gazetteer"}
    assert fresh == saved == loaded
