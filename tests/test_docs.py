"""The README documents every command and every pipeline stage (as datasette's test_docs does)."""

from pathlib import Path

from marsad.cli import cli
from marsad.registrations import FACTORIES

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
DESIGN = (Path(__file__).resolve().parents[1] / "docs" / "DESIGN.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    missing = [name for name in cli.commands if f"marsad {name}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_every_command_has_help():
    assert all((cmd.help or "").strip() for cmd in cli.commands.values())


def test_every_stage_is_in_the_design_notes():
    missing = [name for name in FACTORIES if name not in DESIGN]
    assert not missing, f"stages not described in docs/DESIGN.md: {missing}"
