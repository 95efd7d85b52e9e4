"""The store's exception classes."""

from __future__ import annotations

from ..errors import MarsadError


class StoreError(MarsadError, RuntimeError):
    """The store cannot be opened or a write broke its constraints."""


class NotFoundError(StoreError, KeyError):
    """No record with that id."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class MigrationError(StoreError):
    """A migration failed or the recorded migrations do not match the known ones."""
