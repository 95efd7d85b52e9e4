"""A fresh, empty store for one measurement, removed afterwards: a SQLite file in a
temporary folder, or a schema of its own in a PostgreSQL database (``marsad benchmark
--db``)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from .errors import StoreError
from .store import Store


def backend_name(spec: str | os.PathLike | None) -> str:
    """"sqlite" or the server's dialect ("postgresql") for a :func:`scratch_store` spec."""
    text = str(spec or "sqlite")
    return sa.make_url(text).get_backend_name() if "://" in text else "sqlite"


@contextmanager
def scratch_store(spec: str | os.PathLike | None = None) -> Iterator[Store]:
    """A new, empty :class:`Store`, closed and deleted afterwards.

    ``spec``: None or "sqlite" (a SQLite file in a temporary folder), an existing folder
    (a SQLite file in a temporary folder inside it, to measure that disk), or a server URL
    (``postgresql+psycopg2://USER:PASSWORD@HOST/DB``): a schema named
    ``marsad_scratch_<random>`` is created in that database for the store and dropped with
    everything in it afterwards, so the user needs the right to create schemas there."""
    text = str(spec or "sqlite")
    if "://" not in text:
        folder = None if text == "sqlite" else Path(text)
        if folder is not None and not folder.is_dir():
            raise StoreError(f"{text}: not a folder; give a folder for the scratch SQLite "
                             "store, 'sqlite' for a temporary one, or a server URL")
        with tempfile.TemporaryDirectory(dir=folder, prefix="marsad-scratch-") as tmp:
            store = Store(Path(tmp) / "scratch.sqlite")
            try:
                yield store
            finally:
                store.close()
        return
    name = f"marsad_scratch_{uuid.uuid4().hex[:12]}"
    try:
        engine = sa.create_engine(text)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    except (sa.exc.SQLAlchemyError, ModuleNotFoundError) as exc:
        raise StoreError(f"cannot make a scratch schema in {text!r}: {exc}") from exc
    try:
        url = sa.make_url(text).update_query_dict({"options": f"-csearch_path={name}"})
        store = Store(url.render_as_string(hide_password=False))
        try:
            yield store
        finally:
            store.close()
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        engine.dispose()


__all__ = ["backend_name", "scratch_store"]
