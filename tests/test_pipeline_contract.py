"""The stage contract: each default stage declares what it reads and writes, and a pipeline
missing a stage that a later one needs is rejected when it is built."""

from __future__ import annotations

import pytest

from marsad.pipeline import (CONTRACT_NAMES, DEFAULT_STAGES, E_MISSING, E_UNKNOWN_NAME,
                             FunctionStage, Pipeline, PipelineError, build_pipeline)
from marsad.theaters import load_pack

#: what each default stage needs and writes (DESIGN.md, "Stage contract")
EXPECTED = {
    "sentences": ((), ("sentences",)),
    "places": (("sentences",), ("mentions.place",)),
    "entities": (("sentences",), ("mentions.actor", "mentions.person", "mentions.weapon")),
    "dates": (("sentences",), ("mentions.date",)),
    "numbers": (("sentences", "mentions.date"), ("mentions.number",)),
    "events": (("sentences", "mentions.place", "mentions.actor", "mentions.date",
                "mentions.number"), ("events",)),
    "claims": (("sentences", "events", "mentions.actor", "mentions.person"),
               ("claims", "events.claims")),
    "geocode": (("sentences", "events", "mentions.place"), ("events.place",)),
    "relevance": (("mentions.place",), ("relevance",)),
    "distribute": (("events", "events.place", "events.claims", "mentions.place"), ("events",)),
    "screen": (("events", "events.place", "relevance", "mentions.place", "mentions.date"),
               ("events.held_back",)),
    "corefer": (("events", "events.place", "events.held_back"), ("events.held_back",)),
}


@pytest.fixture(scope="module")
def built():
    pipeline = build_pipeline("syria", pack=load_pack("syria", overlays=()))
    return pipeline, {s.name: s for s in pipeline.stages}


def test_default_declarations(built):
    _, stages = built
    assert list(stages) == list(DEFAULT_STAGES)
    for name, (requires, assigns) in EXPECTED.items():
        assert set(stages[name].requires) == set(requires), name
        assert set(stages[name].assigns) == set(assigns), name


@pytest.mark.parametrize("name", [n for n in DEFAULT_STAGES if EXPECTED[n][0]])
def test_default_pipeline_without_a_stages_prerequisites_is_rejected(built, name):
    pipeline, stages = built
    needs = set(EXPECTED[name][0])
    providers = {s for s in DEFAULT_STAGES if needs & set(stages[s].assigns)}
    removed = {a for s in providers for a in stages[s].assigns}
    with pytest.raises(PipelineError) as err:
        Pipeline([stages[s] for s in DEFAULT_STAGES if s not in providers], pipeline.pack)
    assert err.value.code == E_MISSING
    # the first stage left without its input is rejected: this one or an earlier one
    assert DEFAULT_STAGES.index(err.value.stage) <= DEFAULT_STAGES.index(name)
    assert err.value.missing and set(err.value.missing) <= removed
    assert str(err.value).startswith(f"[{E_MISSING}] stage {err.value.stage!r} requires")


@pytest.mark.parametrize(("name", "need"),
                         [(n, r) for n, (requires, _) in EXPECTED.items() for r in requires])
def test_each_declared_requirement_is_checked(built, name, need):
    pipeline, stages = built
    before = FunctionStage("before", lambda a: a,
                           assigns=tuple(r for r in EXPECTED[name][0] if r != need))
    with pytest.raises(PipelineError) as err:
        Pipeline([before, stages[name]], pipeline.pack)
    assert (err.value.code, err.value.stage, err.value.missing) == (E_MISSING, name, (need,))
    assert f"stage {name!r} requires {need}" in str(err.value)
    complete = FunctionStage("before", lambda a: a, assigns=EXPECTED[name][0])
    Pipeline([complete, stages[name]], pipeline.pack)


def test_issue_example_order_is_rejected_at_events(built):
    pipeline, stages = built
    with pytest.raises(PipelineError) as err:
        Pipeline([stages[n] for n in ("sentences", "events", "claims", "geocode")], pipeline.pack)
    assert err.value.stage == "events"
    assert set(err.value.missing) == {"mentions.place", "mentions.actor", "mentions.date",
                                      "mentions.number"}


def test_a_requirement_assigned_too_late_names_the_later_stage(built):
    pipeline, stages = built
    order = ["sentences", "entities", "dates", "numbers", "events", "places", "claims",
             "geocode"]
    with pytest.raises(PipelineError, match="mentions.place is assigned only later, by 'places'"):
        Pipeline([stages[n] for n in order], pipeline.pack)


def test_the_default_order_and_a_prefix_build(built):
    pipeline, stages = built
    Pipeline(list(stages.values()), pipeline.pack)
    Pipeline([stages[n] for n in ("sentences", "entities", "dates", "numbers")], pipeline.pack)


def test_undeclared_names_are_rejected():
    typo = FunctionStage("typo", lambda a: a, requires=(), assigns=("mention.place",))
    with pytest.raises(PipelineError) as err:
        Pipeline([typo], None)
    assert err.value.code == E_UNKNOWN_NAME and err.value.missing == ("mention.place",)
    assert {"mentions.place", "events.place", "claims"} <= CONTRACT_NAMES
