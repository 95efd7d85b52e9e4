"""marsad: war reporting in, a verified, geocoded, source-attributed event record out.

    import marsad
    result = marsad.run(["reports/"], store="war.db")   # see marsad.runner.run
    frame = marsad.read_events("war.db", admin1="Hama")  # see marsad.query.read_events

``import marsad`` stays cheap: the runner (and the store, pipeline and linker it brings)
is imported on first use of ``marsad.run``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .errors import MarsadError

if TYPE_CHECKING:
    from .query import read_events
    from .runner import Failure, RunResult, run

__version__ = "0.1.0"

#: public names imported on first use, and the module each comes from
_LAZY = {"run": "marsad.runner", "RunResult": "marsad.runner", "Failure": "marsad.runner",
         "read_events": "marsad.query"}

__all__ = ["Failure", "MarsadError", "RunResult", "__version__", "read_events", "run"]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'marsad' has no attribute {name!r}")
