"""Applies :class:`~streams.worker.offsets.PartitionWatch` to a Faust app: seeks back, counts, logs."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import faust
from faust.types import TP, EventT

from streams import metrics
from streams.worker import compat
from streams.worker.offsets import PartitionWatch

log = logging.getLogger(__name__)


class PartitionGuard:
    """Keeps the agents' source partitions free of skipped records and stalls.

    Agents call :meth:`handled` with each batch they finished; a timer calls :meth:`check_stalls`.
    """

    def __init__(self, app: faust.App, topics: Iterable[str], stall_after_s: float, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled
        self.topics = frozenset(topics)
        self.watch = PartitionWatch(stall_after_s=stall_after_s)

    def _settled(self) -> bool:
        """Partitions assigned, tables restored, flow running: offsets mean what they say."""
        app: Any = self.app
        return not app.rebalancing and app.tables.recovery.completed.is_set()

    def _watched(self) -> set[TP]:
        try:
            return {tp for tp in self.app.consumer.assignment() if tp.topic in self.topics}
        except Exception:  # consumer not started yet
            return set()

    async def _start(self, tps: set[TP]) -> None:
        """Expect each partition at its committed offset, or at its first offset if none."""
        consumer: Any = self.app.consumer
        committed: dict[TP, int | None] = {tp: compat.committed_offset(consumer, tp) for tp in tps}
        unknown = [tp for tp, offset in committed.items() if offset is None]
        if unknown:
            earliest = await consumer.earliest_offsets(*unknown)
            committed.update({tp: earliest.get(tp) for tp in unknown})
        self.watch.assigned(committed)

    async def _seek(self, tp: TP, offset: int, kind: str, seen: int | None = None) -> None:
        metrics.OFFSET_REPAIRS.labels(kind=kind).inc()
        what = f"offsets {offset}..{seen - 1} were skipped" if seen is not None else "no progress"
        log.warning("%s/%s: %s; seeking back to offset %s", tp.topic, tp.partition, what, offset)
        consumer: Any = self.app.consumer
        compat.forget_gap(consumer, tp)  # Faust would count the skipped records as done and commit past them
        # Faust's own Consumer.seek touches aiokafka from this thread while the consumer thread
        # fetches (a race that crashes the fetcher): seek on the consumer thread instead.
        await compat.seek_on_consumer_thread(consumer, tp, offset)

    async def handled(self, events: Sequence[EventT]) -> None:
        """Record a finished batch; seek back where it shows that records were skipped."""
        if not self.enabled:
            return
        try:
            await self._handled(events)
        except Exception:  # the guard must never stop processing; Faust's own bookkeeping goes on
            metrics.ERRORS.labels(stage="offset-guard").inc()
            log.exception("offset guard failed on a batch")

    async def _handled(self, events: Sequence[EventT]) -> None:
        seeks: dict[TP, tuple[int, int]] = {}
        for event in events:
            message = event.message
            tp = TP(message.topic, message.partition)
            if self.watch.expected(tp) is None and self._settled():
                await self._start({tp})
            back = self.watch.handled(tp, message.offset)
            if back is not None and tp not in seeks:
                seeks[tp] = (back, message.offset)
        for tp, (offset, seen) in seeks.items():
            await self._seek(tp, offset, "skipped", seen)

    async def check_stalls(self) -> None:
        """Seek back partitions that have records waiting but made no progress for a while."""
        if not self.enabled or not self._settled():
            return
        try:
            await self._check_stalls()
        except Exception:  # e.g. the broker briefly unreachable: try again on the next tick
            metrics.ERRORS.labels(stage="offset-guard").inc()
            log.warning("offset guard could not check for stalls", exc_info=True)

    async def _check_stalls(self) -> None:
        tps = self._watched()
        if not tps:
            return
        fresh = {tp for tp in tps if self.watch.expected(tp) is None}
        if fresh:
            await self._start(fresh)
        highwaters = await self.app.consumer.highwaters(*tps)
        for tp, offset in self.watch.stalled(dict(highwaters)).items():
            await self._seek(tp, offset, "stalled")

    def reset(self, tps: Iterable[TP]) -> None:
        """Partitions were revoked or (re)assigned: learn their offsets afresh."""
        self.watch.revoked(tps)
