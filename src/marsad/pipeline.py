"""The pipeline: named stages, each a callable ``Article -> Article``, composed by config.

Like spaCy's ``Language``: a stage declares what it ``requires`` and ``assigns``, in the
names of :data:`CONTRACT_NAMES` (Article fields, mention kinds such as ``mentions.place``,
event fields such as ``events.place``); the pipeline rejects an order in which a stage
requires something no earlier stage assigns when it is built, and checks each stage's
return value when it runs.
Stages hold only read-only state (the theater pack, compiled matchers), so a pipeline can
be built once per worker process and articles processed anywhere.

Example::

    from marsad.pipeline import process
    article = process("Rebels seized the cement factory south of Aleppo on Sunday.",
                      title="...", outlet="Example News", published="2016-08-07")
    for event in article.events:
        print(event.sub_event_type, event.place and event.place.name)
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from .core.stage import FunctionStage as FunctionStage  # public here too (stage authors)
from .core.datelines import as_date
from .core.stage import Stage
from .errors import MarsadError
from .ingest import article_from_text
from .model import MENTION_KINDS, Article
from .registrations import make_stage
from .theaters import TheaterPack, load_pack

log = logging.getLogger(__name__)


class PipelineError(MarsadError, RuntimeError):
    """A stage is misconfigured or broke its contract. ``code`` names the rule broken
    (one of the ``E_*`` constants below); ``stage`` and ``missing`` say where and what."""

    def __init__(self, message: str, *, code: str, stage: str | None = None,
                 missing: tuple[str, ...] = ()) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.stage = stage
        self.missing = missing


E_NOT_CALLABLE = "stage-not-callable"
E_UNKNOWN_NAME = "stage-unknown-name"      # requires/assigns a name outside CONTRACT_NAMES
E_MISSING = "stage-missing-requirement"    # requires what no earlier stage assigns
E_RETURN = "stage-bad-return"

#: what ingest puts on every Article before the first stage
INGEST_ASSIGNS = ("text", "title", "outlet", "published")

#: every name a stage may require or assign: Article fields, one per mention kind
#: (``mentions.place`` ...: Mention records of that kind with their typed payload), and
#: fields stages fill on the events (``events.place``: place and geo_precision;
#: ``events.claims``: EventMention.claims)
CONTRACT_NAMES: frozenset[str] = frozenset({
    *INGEST_ASSIGNS, "sentences", *(f"mentions.{kind}" for kind in MENTION_KINDS),
    "events", "events.place", "events.claims", "events.held_back", "claims", "relevance",
})


#: The default order. Each name maps to a factory in ``marsad.registrations``.
DEFAULT_STAGES = (
    "sentences",   # nlp: sentences
    "places",      # geo: mentions.place (gazetteer)
    "entities",    # nlp: mentions.actor, .person, .weapon
    "dates",       # nlp: mentions.date (resolved against Article.published)
    "numbers",     # nlp: mentions.number (needs mentions.date)
    "relevance",   # extract: is the article about the theater's conflict (needs mentions.place)
    "events",      # extract: events from sentences and place/actor/date/number mentions
    "claims",      # extract: claims + events.claims (needs events, actor/person mentions)
    "geocode",     # geo: events.place (needs events, mentions.place)
    "distribute",  # extract: one event per place of a listed place run (needs events.place)
    "screen",      # extract: events.held_back, with the reason (needs relevance, events.place)
    "corefer",     # extract: a second telling of one incident merged into the first (events.held_back)
)


class Pipeline:
    def __init__(self, stages: list[Stage], pack: TheaterPack):
        self.stages = list(stages)
        self.pack = pack
        self._validate()

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def _validate(self) -> None:
        have: set[str] = set(INGEST_ASSIGNS)
        for i, stage in enumerate(self.stages):
            if not callable(stage):
                raise PipelineError(f"stage {stage!r} is not callable", code=E_NOT_CALLABLE)
            unknown = [n for n in (*stage.requires, *stage.assigns) if n not in CONTRACT_NAMES]
            if unknown:
                raise PipelineError(
                    f"stage {stage.name!r} declares {', '.join(unknown)}, not among "
                    f"{', '.join(sorted(CONTRACT_NAMES))}", code=E_UNKNOWN_NAME,
                    stage=stage.name, missing=tuple(unknown))
            missing = tuple(r for r in stage.requires if r not in have)
            if missing:
                later = {r: s.name for s in reversed(self.stages[i + 1:]) for r in s.assigns}
                where = "; ".join(f"{r} is assigned only later, by {later[r]!r}"
                                  for r in missing if r in later)
                raise PipelineError(
                    f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier "
                    f"stage assigns{'; ' + where if where else ''}; order: {self.stage_names}",
                    code=E_MISSING, stage=stage.name, missing=missing)
            have.update(stage.assigns)

    def __call__(self, article: Article) -> Article:
        for stage in self.stages:
            result = stage(article)
            if not isinstance(result, Article):
                raise PipelineError(
                    f"stage {stage.name!r} returned {type(result).__name__}, not Article",
                    code=E_RETURN, stage=stage.name)
            article = result
        return article

    def pipe(self, articles: Iterable[Article], *,
             on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[Article]:
        """Process a stream; with ``on_error`` a failing article is reported and skipped."""
        for article in articles:
            try:
                yield self(article)
            except Exception as exc:  # noqa: BLE001 - handed to the caller's handler
                if on_error is None:
                    raise
                on_error(article, exc)


def build_pipeline(theater: str = "syria", *, stages: Iterable[str] = DEFAULT_STAGES,
                   config: dict[str, dict[str, Any]] | None = None,
                   pack: TheaterPack | None = None) -> Pipeline:
    """Build the named stages for a theater. ``config`` maps stage name -> factory kwargs."""

    with collect_seldom():   # the stages' indexes and patterns: objects that all live on
        pack = pack or load_pack(theater)
        config = config or {}
        built = [make_stage(name, pack, **config.get(name, {})) for name in stages]
    return Pipeline(built, pack)


#: theater -> (pack, builder, the pipeline :func:`default_pipeline` built from them)
_DEFAULT_PIPELINES: dict[str, tuple[TheaterPack, Callable[..., Pipeline], Pipeline]] = {}


def default_pipeline(theater: str = "syria", *, pack: TheaterPack | None = None) -> Pipeline:
    """The theater's default pipeline (``build_pipeline(theater, pack=pack)``), built once
    per process and reused: stages hold only read-only state, so sharing is safe. Built
    again when the pack changed (``load_pack`` gives a new pack object when its files
    changed on disk, e.g. after ``marsad reference import``) or when ``build_pipeline`` was
    replaced (a test standing in its own)."""
    pack = pack or load_pack(theater)
    build = build_pipeline   # looked up now, so a stand-in is honoured
    hit = _DEFAULT_PIPELINES.get(theater)
    if hit is not None and hit[0] is pack and hit[1] is build:
        return hit[2]
    built = build(theater, pack=pack)
    _DEFAULT_PIPELINES[theater] = (pack, build, built)
    return built


#: collector thresholds for a batch job (Python's default is 700, 10, 10): an article makes
#: tens of thousands of short-lived objects that reference counting frees, and the young
#: generation's collections over them cost 0.68 ms of a 9 ms article (0.10 with these)
BATCH_GC_THRESHOLD = (50_000, 20, 20)


@contextmanager
def collect_seldom(threshold: tuple[int, int, int] = BATCH_GC_THRESHOLD) -> Iterator[None]:
    """The collector's batch thresholds for a while (Python's restored after): building
    a pipeline makes hundreds of thousands of objects that all stay, and the young
    generation's collections over them were a sixth of the build (0.58 -> 0.50 CPU-s)."""
    old = gc.get_threshold()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def batch_gc(threshold: tuple[int, int, int] = BATCH_GC_THRESHOLD) -> Iterator[None]:
    """For a long run once the pipeline is built: the models' long-lived objects leave the
    collector's view (``gc.freeze``) and the collector runs less often; both are undone
    on exit."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*threshold)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def process(text: str, *, title: str | None = None, outlet: str | None = None,
            published: str | dt.date | None = None, pipeline: Pipeline | None = None,
            theater: str = "syria") -> Article:
    """Process one text and return the Article with sentences, mentions, events and claims.

    Without ``pipeline``, the theater's default pipeline is built on the first call and
    reused by later ones (see :func:`default_pipeline`)."""

    pipeline = pipeline or default_pipeline(theater)
    article = article_from_text(text, title=title, outlet=outlet, published=as_date(published))
    return pipeline(article)
