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


def _gc_state() -> tuple[tuple[int, int, int], int]:
    return gc.get_threshold(), gc.get_freeze_count()


def test_the_model_process_runs_with_the_worker_collector_settings() -> None:
    # the model process is where every batch is scored: its loaded model is frozen out of collection
    # and its young collections come as seldom as the worker's (bench classify measures it that way)
    from streams.settings import Settings
    from streams.worker.model_runner import ModelRunner, RunnerConfig

    settings = Settings()
    config = RunnerConfig(
        model_path=settings.model_path, policy_path=settings.policy_path, classify=True,
        max_event_bytes=settings.max_event_bytes, max_text_chars=settings.max_text_chars, stateful=False,
    )
    runner = ModelRunner(None, config, child_process=True)
    try:
        thresholds, frozen = runner._executor.submit(_gc_state).result(timeout=60)
    finally:
        runner.shutdown()
    assert thresholds == THRESHOLDS
    assert frozen > 10_000  # the model, the policy and the imports
