"""Fixtures shared across the test folders."""

from __future__ import annotations

import pytest

import marsad.store.store as store_mod


@pytest.fixture
def slept(monkeypatch) -> list[float]:
    """The store's retry pauses, recorded instead of slept (short delays, no waiting)."""
    monkeypatch.setattr(store_mod, "RETRY_DELAYS", (0.5, 1.0, 2.0))
    out: list[float] = []
    monkeypatch.setattr(store_mod.time, "sleep", out.append)
    return out
