"""batch_gc: a long run collects less often and leaves the process as it found it."""

from __future__ import annotations

import gc

from marsad.pipeline import BATCH_GC_THRESHOLD, batch_gc


def test_batch_gc_sets_and_restores_the_thresholds():
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with batch_gc():
        assert gc.get_threshold() == BATCH_GC_THRESHOLD
        assert gc.get_freeze_count() >= frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_batch_gc_restores_after_an_error():
    before = gc.get_threshold()
    try:
        with batch_gc((1000, 5, 5)):
            raise KeyError("boom")
    except KeyError:
        pass
    assert gc.get_threshold() == before
