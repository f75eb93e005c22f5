"""Consumer lag per partition, in messages and in seconds, sampled on a timer."""

from __future__ import annotations

import contextlib
import time

import faust
from faust.types import TP

from streams.metrics import CONSUMER_LAG_MESSAGES, CONSUMER_LAG_SECONDS


class LagTracker:
    """Remembers the newest offset and timestamp processed per partition of ``topics``; turns them into lag."""

    def __init__(self, topics: set[str]) -> None:
        self.topics = topics
        self._processed: dict[TP, tuple[int, float]] = {}

    def processed(self, tp: TP, offset: int, timestamp: float) -> None:
        """Record that ``offset`` (with Kafka timestamp ``timestamp``) on ``tp`` is decided."""
        self._processed[tp] = (offset, timestamp)

    def forget(self, tps: set[TP]) -> None:
        """Drop revoked partitions."""
        for tp in tps:
            self._processed.pop(tp, None)
            for gauge in (CONSUMER_LAG_MESSAGES, CONSUMER_LAG_SECONDS):
                with contextlib.suppress(KeyError):
                    gauge.remove(tp.topic, str(tp.partition))

    def sample(self, app: faust.App) -> None:
        """Update the lag gauges for every assigned partition of the tracked topics."""
        now = time.time()
        for tp in app.consumer.assignment():
            if tp.topic not in self.topics:
                continue
            try:
                highwater = app.consumer.highwater(tp)
            except Exception:
                continue
            if highwater is None:
                continue
            offset, stamp = self._processed.get(tp, (-1, now))
            behind = max(0, int(highwater) - (offset + 1))
            labels = (tp.topic, str(tp.partition))
            CONSUMER_LAG_MESSAGES.labels(*labels).set(behind)
            CONSUMER_LAG_SECONDS.labels(*labels).set(max(0.0, now - stamp) if behind else 0.0)

