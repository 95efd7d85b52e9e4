"""`marsad eval`, `marsad reference import` and `marsad benchmark`."""

from __future__ import annotations

import json
import math
import shlex
import time
from pathlib import Path
from typing import Any

import click

from ..store.commands import LINK_EVERY
from . import case2021, credibility, fakes, linking, rams, re3d, ucdp
from .data import (EvalDataError, Runner, data_dir, eval_pack, pipeline_runner, raw_runner,
                   resolve)

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


def make_runner(kind: str, theater: str = "syria") -> tuple[Runner, Any]:
    """(runner, pack) for an evaluation; tests replace this with a fake pipeline."""
    runner = raw_runner(theater) if kind == "raw" else pipeline_runner(theater)
    return runner, eval_pack(theater)


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


@click.command("eval")
@click.argument("name", type=click.Choice(sorted(EVALS)))
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--json", "json_out", type=click.Path(path_type=Path),
              help="write the scores as a flat JSON object")
@click.option("--limit", type=int, default=None, help="only the first N items")
@click.option("--theater", default="syria", show_default=True)
def eval_(name: str, file: Path | None, json_out: Path | None, limit: int | None,
          theater: str) -> None:
    """Score marsad on evaluation data NAME (default file under $MARSAD_DATA)."""
    module, default, kind = EVALS[name]
    try:
        path = resolve(file, default)
    except EvalDataError as exc:
        raise click.ClickException(str(exc)) from exc
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
            result = module.evaluate(path, runner, limit=limit, pack=pack)
        else:
            result = module.evaluate(path, runner, limit=limit)
    except UnicodeDecodeError as exc:  # a binary file or another encoding: name the file
        raise click.ClickException(
            f"{name}: {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except (ValueError, OSError) as exc:
        raise click.ClickException(f"{name}: {exc}") from exc
    result["seconds"] = round(time.perf_counter() - t0, 2)
    for line in module.format_report(result):
        click.echo(line)
    click.echo(f"({result['seconds']} s; theater pack {theater!r} without overlays)  "
               f"command: {command}")
    if json_out:
        write_json(json_out, result, command)


@click.group("reference")
def reference() -> None:
    """Reference data (ACLED exports, UCDP GED) for gazetteer, actors and credibility."""


@reference.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--theater", default="syria", show_default=True)
@click.option("--into", type=click.Path(file_okay=False, path_type=Path),
              help="overlay folder (default: $MARSAD_HOME/packs/<theater>)")
@click.option("--exclude-heldout", is_flag=True,
              help="skip UCDP rows with int(id) % 5 == 0 (held out for evaluation)")
def reference_import(file: Path, theater: str, into: Path | None,
                     exclude_heldout: bool) -> None:
    """Import an ACLED export or a UCDP GED CSV into the theater's overlay folder."""
    from ..theaters import PackError, default_overlay_dir, load_pack
    from .reference import ReferenceFormatError, import_reference

    try:
        pack = load_pack(theater, overlays=())
        target = into or default_overlay_dir(pack.name)
        summary = import_reference(file, target, pack=pack, exclude_heldout=exclude_heldout)
    except (ReferenceFormatError, PackError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{summary['format'].upper()} file, {summary['rows']} rows -> {summary['into']}: "
               f"{summary['places_added']} places, {summary['actors_added']} actors added; "
               f"{summary['events_added']} new reference events "
               f"({summary['events_total']} in all)")


@click.command("benchmark")
@click.option("--n", "ns", type=int, multiple=True,
              help="articles per run (repeatable; default 2000 and 20000)")
@click.option("--workers", type=int, default=None, help="processes for the parallel run")
@click.option("--data", "data_file", type=click.Path(path_type=Path),
              help="FA-KES CSV (default: fakes/dev.csv under $MARSAD_DATA)")
@click.option("--json", "json_out", type=click.Path(path_type=Path))
@click.option("--theater", default="syria", show_default=True)
@click.option("--link-every", type=int, default=LINK_EVERY, show_default=True,
              help="link incrementally after every N stored articles")
@click.option("--stages", default=None,
              help="comma-separated stage names (default: all); '' for ingest+store+link only")
@click.option("--spacy-model", default=None,
              help="installed spaCy pipeline for the reference NER pass "
                   "(default: the first of en_core_web_sm/md/lg that is installed)")
def benchmark(ns: tuple[int, ...], workers: int | None, data_file: Path | None,
              json_out: Path | None, theater: str, link_every: int, stages: str | None,
              spacy_model: str | None) -> None:
    """Articles/s, words/s, peak memory and ms/article per stage for the whole pipeline."""
    from .bench import BenchmarkError, run_benchmark

    try:
        path = data_file or data_dir() / "fakes" / "dev.csv"
        out = run_benchmark(path, tuple(ns) or (2000, 20000), workers=workers,
                            theater=theater, echo=click.echo, link_every=link_every,
                            spacy_model=spacy_model,
                            stages=None if stages is None else
                            tuple(x.strip() for x in stages.split(",") if x.strip()))
    except (BenchmarkError, EvalDataError) as exc:
        raise click.ClickException(str(exc)) from exc
    if json_out:
        Path(json_out).write_text(json.dumps(out, indent=1, default=str) + "\n",
                                  encoding="utf-8")
