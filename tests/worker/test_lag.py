"""Lag after a restart counts from the group's committed offset, not from offset 0."""

from __future__ import annotations

from typing import Any

from faust.types import TP
from prometheus_client import REGISTRY

from streams.worker.lag import LagTracker

TOPIC = "lagtest.comments"


class Consumer:
    def __init__(self, highwater: dict[TP, int]) -> None:
        self._highwater = highwater

    def assignment(self) -> set[TP]:
        return set(self._highwater)

    def highwater(self, tp: TP) -> int:
        return self._highwater[tp]


class App:
    def __init__(self, highwater: dict[TP, int]) -> None:
        self.consumer = Consumer(highwater)


def lag(partition: int) -> float | None:
    return REGISTRY.get_sample_value("modstream_consumer_lag_messages", {"topic": TOPIC, "partition": str(partition)})


def test_restart_counts_from_the_committed_offset() -> None:
    tp0, tp1 = TP(TOPIC, 0), TP(TOPIC, 1)
    app: Any = App({tp0: 10_000, tp1: 500})
    tracker = LagTracker({TOPIC})
    tracker.sample(app)  # committed offsets not known yet: nothing reported rather than a wrong 10,000
    assert lag(0) is None
    tracker.sample(app, committed={(TOPIC, 0): 9_990})  # partition 1: nothing committed, from 0
    assert lag(0) == 10 and lag(1) == 500
    assert tracker.waiting() == 510
    tracker.processed(tp0, 9_999, 0.0)
    tracker.processed(tp1, 499, 0.0)
    tracker.sample(app, committed={(TOPIC, 0): 9_990})
    assert lag(0) == 0 and lag(1) == 0 and tracker.waiting() == 0
    tracker.forget({tp0, tp1})
