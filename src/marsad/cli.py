"""The `marsad` command: a thin click layer over the library.

Each package contributes its commands from its own ``commands.py``; this module only
assembles them, so that stages stay importable and testable alone.
"""

from __future__ import annotations

from importlib import import_module

import click

from . import __version__

#: modules whose click commands are added to the group, and the command names they export
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "marsad.store.commands": ("run", "events", "show", "export"),
    "marsad.link.commands": ("link", "contradictions", "timeline", "summary", "credibility"),
    "marsad.eval.commands": ("eval_", "reference", "benchmark"),
}


@click.group()
@click.version_option(__version__, prog_name="marsad")
def cli() -> None:
    """marsad: turn war reporting into a geocoded, source-attributed event record."""


def _register() -> None:
    for module_name, names in COMMAND_MODULES.items():
        module = import_module(module_name)
        for name in names:
            cli.add_command(getattr(module, name))


_register()
