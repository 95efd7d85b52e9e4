"""`process()` and library runs build a theater's pipeline once per process (issue 14)."""

from __future__ import annotations

import dataclasses

import marsad.pipeline as pipeline_mod
from marsad.pipeline import default_pipeline, process
from marsad.theaters import load_pack


def test_process_builds_the_pipeline_once(monkeypatch):
    real = pipeline_mod.build_pipeline
    calls = []

    def counting(theater="syria", **kw):
        calls.append(theater)
        return real(theater, **kw)

    monkeypatch.setattr(pipeline_mod, "build_pipeline", counting)
    a = process("Rebels shelled army positions in Aleppo on Monday.", published="2016-08-08")
    b = process("Rebels shelled army positions in Aleppo on Monday.", published="2016-08-08")
    assert calls == ["syria"]
    assert [e.sub_event_type for e in a.events] == [e.sub_event_type for e in b.events]
    assert default_pipeline("syria") is default_pipeline("syria")
    assert calls == ["syria"]


def test_a_changed_pack_gets_a_new_pipeline(monkeypatch):
    calls = []

    def fake(theater="syria", *, pack=None, **kw):
        calls.append(pack)
        return pipeline_mod.Pipeline([], pack)

    monkeypatch.setattr(pipeline_mod, "build_pipeline", fake)
    pack = load_pack("syria")
    first = default_pipeline("syria", pack=pack)
    assert default_pipeline("syria", pack=pack) is first
    other = dataclasses.replace(pack) if dataclasses.is_dataclass(pack) else load_pack("syria", ())
    assert other is not pack
    assert default_pipeline("syria", pack=other) is not first
    assert calls == [pack, other]
