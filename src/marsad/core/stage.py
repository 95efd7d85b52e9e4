"""What a pipeline stage is (the contract in docs/DESIGN.md); ``marsad.pipeline`` runs them.

It lives below the stage packages so that a stage (geo's, nlp's, extract's) can be built
without importing the pipeline that runs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..model import Article


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, article: Article) -> Article: ...


@dataclass
class FunctionStage:
    """Wrap a plain function ``(Article) -> Article`` as a stage."""

    name: str
    func: Callable[[Article], Article]
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, article: Article) -> Article:
        return self.func(article)
