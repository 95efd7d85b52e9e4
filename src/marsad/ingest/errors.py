"""Ingest errors and the per-input failure record."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MarsadError


class IngestError(MarsadError, ValueError):
    """An input cannot be turned into an Article; the message names the reason."""


class EmptyArticle(IngestError):
    """Nothing is left of the text after page junk is removed."""


@dataclass(frozen=True)
class IngestFailure:
    """One input (a file, or a row of one) that could not be read; the batch goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
