"""Binary exports (Parquet, GeoPackage) go to a file path, never to a text stream."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InvalidArgument

#: where a binary file must not be written: stdout and the other device files
_DEVICE_DIRS = ("/dev/", "/proc/")


def check_path(fmt: str, target: object) -> str:
    """The real path a binary ``fmt`` is written to, or an :class:`InvalidArgument` on
    ``-o/--output`` when ``target`` is stdout (None, "-", an open stream), a device or a
    folder: a Parquet or GeoPackage file is written whole, then moved into place."""
    if target is None or target == "-" or not isinstance(target, (str, os.PathLike)):
        raise InvalidArgument(f"--format {fmt} writes a binary file, not text to stdout: "
                              "give its path with -o FILE", param="-o/--output")
    name = os.fsdecode(target)
    real = os.path.realpath(name)
    if any(hop.startswith(_DEVICE_DIRS) for hop in _hops(name)) or (
            os.path.exists(real) and not os.path.isfile(real)):
        # /dev/stdout resolves to the file stdout is redirected to: moving a file onto it
        # would replace that file (or the link in /dev), not write to the stream
        raise InvalidArgument(f"--format {fmt} writes a binary file: {os.fsdecode(target)!r} is "
                              "not a regular file (stdout, a device or a folder)",
                              param="-o/--output")
    return real


def _hops(name: str) -> Iterator[str]:
    """The absolute path, then each symbolic link's target it leads to, in turn."""
    path = os.path.abspath(name)
    for _ in range(40):   # as the kernel's limit on links followed
        yield path
        if not os.path.islink(path):
            return
        path = os.path.join(os.path.dirname(path), os.readlink(path))
        path = os.path.abspath(path)


@contextmanager
def replaced(path: str, suffix: str) -> Iterator[str]:
    """A fresh path (ending ``suffix``) beside ``path`` to write to; moved onto ``path``
    when the block ends without an error (a failed export leaves no half-written file,
    nor an old one cut short)."""
    folder = tempfile.mkdtemp(prefix=".marsad-export-", dir=os.path.dirname(path) or ".")
    try:
        tmp = os.path.join(folder, "export" + suffix)
        yield tmp
        os.replace(tmp, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
