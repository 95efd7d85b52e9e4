"""Where the evaluation data lives, and how an evaluation runs text through marsad."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..errors import MarsadError
from ..ingest import EmptyArticle
from ..model import Article
from ..pipeline import build_pipeline, process
from ..theaters import load_pack


class EvalDataError(MarsadError, FileNotFoundError):
    """The evaluation data folder or file cannot be found or read."""


def repo_root() -> Path:
    return Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """``$MARSAD_DATA``, else ``../shared/data`` next to the repo root or the cwd."""
    env = os.environ.get("MARSAD_DATA")
    if env:
        return Path(env)
    for base in (repo_root(), Path.cwd()):
        cand = (base / ".." / "shared" / "data").resolve()
        if cand.is_dir():
            return cand
    raise EvalDataError(
        "evaluation data not found: set MARSAD_DATA or put it in ../shared/data "
        "next to the repository or the current folder")


def resolve(path: str | os.PathLike | None, default: str) -> Path:
    """An explicit path, else ``default`` under the data folder; must exist."""
    p = Path(path) if path else data_dir() / default
    if not p.exists():
        raise EvalDataError(f"{p}: no such evaluation file or folder")
    return p


class Runner(Protocol):
    """Text in, processed Article out (the real pipeline, or a fake one in tests)."""

    def __call__(self, text: str, *, title: str | None = None, outlet: str | None = None,
                 published: dt.date | None = None) -> Article: ...


def eval_pack(theater: str = "syria"):
    """The bare pack, without the user's overlay folder: scores must not depend on what
    was imported into $MARSAD_HOME (a UCDP import could hold the held-out rows)."""

    return load_pack(theater, overlays=())


def pipeline_runner(theater: str = "syria") -> Runner:
    """The real pipeline: ingest (cleaning) then every default stage."""

    pipeline = build_pipeline(theater, pack=eval_pack(theater))

    def run(text: str, *, title: str | None = None, outlet: str | None = None,
            published: dt.date | None = None) -> Article:
        try:
            return process(text, title=title, outlet=outlet, published=published,
                           pipeline=pipeline)
        except EmptyArticle:  # all page junk: nothing to find, scored as such
            return Article(id=Article.make_id(text), text="", title=title, outlet=outlet)

    return run


def raw_runner(theater: str = "syria") -> Runner:
    """The stages without ingest, so mention offsets index the given text exactly."""

    pipeline = build_pipeline(theater, pack=eval_pack(theater))

    def run(text: str, *, title: str | None = None, outlet: str | None = None,
            published: dt.date | None = None) -> Article:
        article = Article(id=Article.make_id(text), text=text, title=title, outlet=outlet,
                          published=published)
        return pipeline(article)

    return run


RunnerFactory = Callable[[], Runner]
