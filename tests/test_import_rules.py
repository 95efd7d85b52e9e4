"""The layer contract in pyproject.toml ([tool.importlinter]) holds: no module imports a
layer above its own. Runs the same check as `lint-imports` in CI."""

from __future__ import annotations

import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_layers_contract_is_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "1 kept, 0 broken" in out


def test_contract_names_every_top_level_package():
    # a new package must take its place in the layers, or the contract silently ignores it
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layered = {name.strip() for contract in config["contracts"] for layer in contract["layers"]
               for name in layer.split("|")}
    src = ROOT / "src" / "marsad"
    packages = {f"marsad.{p.stem if p.is_file() else p.name}" for p in src.iterdir()
                if (p.is_dir() and (p / "__init__.py").exists())
                or (p.suffix == ".py" and p.name != "__init__.py")}
    assert packages <= layered, packages - layered
