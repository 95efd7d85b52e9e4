"""Where marsad keeps what it can rebuild (the trained classifier, a theater pack as read
from its files, the pack's gazetteer index), and how it writes there.

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
from typing import IO, Any

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


# -- built objects (a pickled component, keyed by everything it was built from) ----------

#: bump when what a built object's file holds changes layout
_BUILT_FORMAT = "1"
#: the package's own folder: its code and data decide what a build gives
_PACKAGE = Path(__file__).resolve().parent.parent
#: what the package holds that no build reads (the web app's static files, byte code)
_SKIP_DIRS = frozenset({"__pycache__", "web"})


def _tree_files(folder: Path, skip: frozenset[str] = frozenset()) -> list[Path]:
    out: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in skip and not d.startswith("."))
        out.extend(Path(root) / f for f in sorted(files)
                   if not f.startswith(".") and not f.endswith((".pyc", ".pyo")))
    return out


def _hash_files(h: Any, base: Path, files: list[Path]) -> None:
    for path in files:
        h.update(str(path.relative_to(base)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0unreadable")
        h.update(b"\0")


_PACKAGE_HASH: list[str] = []


def package_hash() -> str:
    """Hash of every file of the marsad package a build can read (code and data: the
    language files, the theater packs, the training data), once per process."""
    if not _PACKAGE_HASH:
        import hashlib
        h = hashlib.sha256()
        _hash_files(h, _PACKAGE, _tree_files(_PACKAGE, _SKIP_DIRS))
        _PACKAGE_HASH.append(h.hexdigest())
    return _PACKAGE_HASH[0]


#: folder -> (its files' stamps, the digest of their bytes): each folder read once a process
#: while its files stay as they were
_FOLDER_DIGESTS: dict[Path, tuple[tuple[tuple[str, int, int], ...], str]] = {}


def folder_digest(folder: str | Path) -> str:
    """Hash of the names and bytes of every file in ``folder`` (recursively)."""
    import hashlib
    base = Path(folder).resolve()
    files = _tree_files(base) if base.is_dir() else []
    stamps = []
    for f in files:
        try:
            st = f.stat()
            stamps.append((str(f), st.st_size, st.st_mtime_ns))
        except OSError:
            stamps.append((str(f), -1, -1))
    hit = _FOLDER_DIGESTS.get(base)
    if hit is not None and hit[0] == tuple(stamps):
        return hit[1]
    h = hashlib.sha256()
    _hash_files(h, base, files)
    _FOLDER_DIGESTS[base] = (tuple(stamps), h.hexdigest())
    return h.hexdigest()


def build_key(kind: str, folders: tuple[str | Path, ...] = (), extra: tuple[str, ...] = ()) -> str:
    """The key of a built object: its kind, the Python version, the package's files
    (:func:`package_hash`), every file in ``folders`` (a theater pack and its overlays,
    wherever they are) and the strings of ``extra`` (the versions of the libraries the
    build uses, its options)."""
    import hashlib
    import sys

    h = hashlib.sha256()
    for part in (_BUILT_FORMAT, kind, sys.version, package_hash(), *extra):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for folder in folders:
        h.update(str(Path(folder).resolve()).encode("utf-8", "surrogateescape") + b"\0")
        h.update(folder_digest(folder).encode() + b"\0")
    return h.hexdigest()[:32]


def _safe_to_load(path: Path) -> bool:
    """A built file is read only when this user wrote it and no one else can write it or
    its folder (a pickle runs code as it loads: only the user's own files are trusted)."""
    if not hasattr(os, "getuid"):
        return True
    import stat
    for p in (path, path.parent):
        st = os.stat(p)
        if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return False
    return True


#: saved builds of one kind kept (the newest): others were made for code or packs since
#: changed (or for other packs: one per pack and language is kept while they are in use)
KEEP_BUILDS = 8


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Remove all but the :data:`KEEP_BUILDS` newest saved builds of ``kind``."""
    try:
        saved = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns,
                       reverse=True)
        for old in saved[KEEP_BUILDS:]:
            if old != keep:
                old.unlink(missing_ok=True)
    except OSError:
        pass   # another process pruned or wrote meanwhile: the next save prunes again


def cached_build(kind: str, build: Callable[[], object], *, key: str,
                 unchanged: Callable[[], bool] | None = None) -> object:
    """``build()``, or what an earlier process saved of it under ``key`` (see
    :func:`build_key`) in the cache folder: a pickle, loaded in a fraction of the build's
    time. Any change to what the build reads gives a new key, so a stale object is never
    read; a file that cannot be read, is not the user's own or does not fit is logged and
    built again, never an error; a cache folder that cannot be written only costs the next
    start the build. ``MARSAD_CACHE=off``: always built. ``unchanged()``, asked after the
    build, says whether the key still holds (a file edited while it was read: the build
    is used but not saved)."""
    import logging
    import pickle

    log = logging.getLogger(__name__)
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        if path.is_file():
            if not _safe_to_load(path):
                log.warning("%s is not this user's own file (or others may write it): "
                            "not loaded; building %s", path, kind)
            else:
                with open(path, "rb") as fh:
                    obj = pickle.load(fh)
                log.debug("%s loaded from %s", kind, path)
                return obj
    except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt
        log.warning("%s cache %s is unreadable (%s: %s); building it again", kind, path,
                    type(exc).__name__, exc)
    obj = build()
    if unchanged is not None and not unchanged():
        log.info("the files %s was built from changed meanwhile: not saved", kind)
        return obj
    try:
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)

        def write(fh: IO[bytes]) -> None:
            fh.write(data)

        write_atomic(path, write)
        log.info("%s built and saved to %s", kind, path)
        _prune(folder, kind, keep=path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.warning("cannot save %s to %s (%s); it is built again in the next process",
                    kind, path, exc)
    return obj
