"""Where marsad keeps what it can rebuild (the trained classifier), and how it writes there.

The folder is ``$MARSAD_CACHE`` when set, else ``$MARSAD_HOME/cache`` when ``MARSAD_HOME``
is set, else ``$XDG_CACHE_HOME/marsad`` (``~/.cache/marsad``). ``MARSAD_CACHE=off`` turns
the cache off: everything is rebuilt in each process, as before the cache existed.
Everything in it is keyed by a hash of what it was built from, so deleting the folder
only costs the next start its build time.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

OFF = frozenset({"off", "0", "no", "false", "none"})


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when ``MARSAD_CACHE`` turns it off."""
    env = os.environ.get("MARSAD_CACHE", "").strip()
    if env:
        return None if env.lower() in OFF else Path(env).expanduser()
    home = os.environ.get("MARSAD_HOME", "").strip()
    if home:
        return Path(home).expanduser() / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "marsad"


def write_atomic(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write ``path`` through ``write(file)`` into a temporary file beside it, then rename
    it into place: a reader sees the old file, no file, or the whole new one, never a
    partial one (two processes writing the same path at once leave one whole copy)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
