"""Consumer lag per partition, in messages and in seconds, sampled on a timer."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping

import faust
from faust.types import TP

from streams.metrics import CONSUMER_LAG_MESSAGES, CONSUMER_LAG_SECONDS


class LagTracker:
    """Remembers the newest offset and timestamp processed per partition of ``topics``; turns them into lag."""

    def __init__(self, topics: set[str]) -> None:
        self.topics = topics
        self._processed: dict[TP, tuple[int, float]] = {}
        self._behind: dict[TP, int] = {}

    def processed(self, tp: TP, offset: int, timestamp: float) -> None:
        """Record that ``offset`` (with Kafka timestamp ``timestamp``) on ``tp`` is decided."""
        self._processed[tp] = (offset, timestamp)

    def forget(self, tps: set[TP]) -> None:
        """Drop revoked partitions."""
        for tp in tps:
            self._processed.pop(tp, None)
            self._behind.pop(tp, None)
            for gauge in (CONSUMER_LAG_MESSAGES, CONSUMER_LAG_SECONDS):
                with contextlib.suppress(KeyError):
                    gauge.remove(tp.topic, str(tp.partition))

    def waiting(self) -> int:
        """Records behind the log end over every tracked partition, as of the last sample."""
        return sum(self._behind.values())

    def _start(self, tp: TP, committed: Mapping[tuple[str, int], int], now: float) -> tuple[int, float]:
        """Before the first record of ``tp`` is decided here: the group's committed offset (0 when
        none), waiting since ``now``. After a restart the lag counts from where the group left off."""
        self._processed[tp] = (committed.get((tp.topic, tp.partition), 0) - 1, now)
        return self._processed[tp]

    def sample(self, app: faust.App, committed: Mapping[tuple[str, int], int] | None = None) -> None:
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
            if tp not in self._processed and committed is None:
                continue  # the group's committed offsets are not known yet
            offset, stamp = self._processed.get(tp) or self._start(tp, committed or {}, now)
            behind = max(0, int(highwater) - (offset + 1))
            self._behind[tp] = behind
            labels = (tp.topic, str(tp.partition))
            CONSUMER_LAG_MESSAGES.labels(*labels).set(behind)
            CONSUMER_LAG_SECONDS.labels(*labels).set(max(0.0, now - stamp) if behind else 0.0)

