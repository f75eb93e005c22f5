from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from streams.worker.heap import THRESHOLDS, full_collection, tune_for_long_running


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


def test_full_collection_frees_cycles_the_raised_thresholds_leave_behind(restore_gc: None) -> None:
    tune_for_long_running()

    class Node:
        def __init__(self) -> None:
            self.other: Node | None = None

    for _ in range(1000):  # what a closed broker client leaves: objects that only refer to each other
        a, b = Node(), Node()
        a.other, b.other = b, a
    del a, b
    assert sum(isinstance(o, Node) for o in gc.get_objects()) >= 1000  # left alone by the young collections

    found, took = full_collection()
    assert found >= 2000 and took >= 0
    assert not any(isinstance(o, Node) for o in gc.get_objects())
