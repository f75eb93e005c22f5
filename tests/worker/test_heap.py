from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from streams.worker.heap import THRESHOLDS, tune_for_long_running


@pytest.fixture
def restore_gc() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_start_up_objects_are_frozen_and_thresholds_raised(restore_gc: None) -> None:
    tune_for_long_running()
    assert gc.get_threshold() == THRESHOLDS
    assert gc.get_freeze_count() > 0
