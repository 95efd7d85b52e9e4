"""Stage registry: one place naming every stage factory (spaCy's registrations.py).

A factory takes the theater pack (and keyword config) and returns a stage: a callable
``Article -> Article`` with ``name``, ``requires`` and ``assigns``. Imports are lazy so
that importing marsad does not load every stage's data.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .theaters import TheaterPack

#: stage name -> "module:factory"
FACTORIES: dict[str, str] = {
    "sentences": "marsad.nlp.sentences:make_sentencizer",
    "places": "marsad.geo.tagger:make_place_tagger",
    "entities": "marsad.nlp.entities:make_entity_tagger",
    "dates": "marsad.nlp.dates:make_date_tagger",
    "numbers": "marsad.nlp.numbers:make_number_tagger",
    "relevance": "marsad.extract.relevance:make_relevance_judge",
    "events": "marsad.extract.coder:make_event_coder",
    "claims": "marsad.extract.claims:make_claim_tagger",
    "geocode": "marsad.geo.geocoder:make_event_geocoder",
    "distribute": "marsad.extract.distribute:make_place_distributor",
    "screen": "marsad.extract.screen:make_event_screen",
    "corefer": "marsad.extract.corefer:make_event_coreference",
}


def make_stage(name: str, pack: TheaterPack, **config: Any):
    try:
        target = FACTORIES[name]
    except KeyError:
        raise KeyError(f"unknown stage {name!r}; known: {', '.join(FACTORIES)}") from None
    module_name, func_name = target.split(":")
    factory = getattr(import_module(module_name), func_name)
    stage = factory(pack, **config)
    if getattr(stage, "name", None) != name:
        raise ValueError(f"factory {target} built a stage named {getattr(stage, 'name', None)!r}, expected {name!r}")
    return stage
