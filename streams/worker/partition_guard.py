"""Applies :class:`~streams.worker.offsets.PartitionWatch` to a Faust app: seeks back, counts, logs."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import faust
from faust.types import TP, EventT

from streams import metrics
from streams.worker import compat, lograte
from streams.worker.offsets import PartitionWatch

log = logging.getLogger(__name__)


class PartitionGuard:
    """Keeps the agents' source partitions free of skipped records, stalls and stopped commits.

    Agents call :meth:`handled` with each batch they finished; a timer calls :meth:`check_stalls`.

    A seek pauses the partition until the next check (at least ``resume_after_s`` later): records
    Faust had already fetched from the old position would otherwise still go out after the seek and
    move Faust's read position past the seek's target, and the records fetched again from the target
    would then be dropped as already read (the seek undone). Paused, the rest of that fetch is not
    delivered; at the resume Faust's read position is put back to the target first.
    """

    def __init__(
        self, app: faust.App, topics: Iterable[str], stall_after_s: float, enabled: bool = True,
        max_restarts: int = 3, resume_after_s: float = 1.0, clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.enabled = enabled
        self.topics = frozenset(topics)
        self.watch = PartitionWatch(stall_after_s=stall_after_s, clock=clock, max_restarts=max_restarts)
        self.resume_after_s = resume_after_s
        self._clock = clock
        self._paused: dict[TP, tuple[int, float]] = {}  # partition -> (offset it was seeked to, when)
        self._failing: set[TP] = set()

    def committing(self) -> bool:
        """False while a partition has been restarted ``max_restarts`` times in a row with no commit."""
        return not (self.enabled and self.watch.failing())

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
        # One line per start, never rate-limited: after a rebalance every partition of every watched
        # topic starts within a second, and a per-partition line was suppressed by the log filter.
        where = ", ".join(f"{tp.topic}/{tp.partition}={offset}" for tp, offset in sorted(committed.items()))
        log.info("partition guard starts at the committed offsets: %s", where, extra={lograte.EXEMPT: True})

    async def _seek(self, tp: TP, offset: int, kind: str, seen: int | None = None) -> None:
        metrics.OFFSET_REPAIRS.labels(kind=kind).inc()
        what = f"offsets {offset}..{seen - 1} were skipped" if seen is not None else "no progress"
        log.warning("%s/%s: %s; seeking back to offset %s", tp.topic, tp.partition, what, offset)
        await self._seek_to(tp, offset)

    async def _seek_to(self, tp: TP, offset: int) -> None:
        consumer: Any = self.app.consumer
        compat.forget_gap(consumer, tp)  # Faust would count the skipped records as done and commit past them
        consumer.pause_partitions({tp})  # what is left of the current fetch must not go out (class doc)
        self._paused[tp] = (offset, self._clock())
        # Faust's own Consumer.seek touches aiokafka from this thread while the consumer thread
        # fetches (a race that crashes the fetcher): seek on the consumer thread instead.
        await compat.seek_on_consumer_thread(consumer, tp, offset)

    def _resume_due(self) -> None:
        """Resume partitions paused for a seek at least ``resume_after_s`` ago, from the seek's target."""
        consumer: Any = self.app.consumer
        now = self._clock()
        due = {tp: offset for tp, (offset, at) in self._paused.items() if now - at >= self.resume_after_s}
        for tp, offset in due.items():
            del self._paused[tp]
            compat.set_read_offset(consumer, tp, offset)  # a record delivered while pausing moved it on
            consumer.resume_partitions({tp})

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
            if self.watch.expected(tp) is None:
                if not self._settled():  # counted when the partition starts, if it follows on from there
                    self.watch.handled_before_start(tp, message.offset)
                    continue
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
        self._resume_due()
        tps = self._watched()
        if not tps:
            return
        fresh = {tp for tp in tps if self.watch.expected(tp) is None}
        if fresh:
            await self._start(fresh)
        active = tps - self._paused.keys()
        # aiokafka answers with its own TopicPartition keys; Faust's flow control (pause/resume)
        # asserts its own TP, and a foreign key there crashed the fetcher after a stall seek
        ends = await self.app.consumer.highwaters(*active)
        highwaters = {TP(tp.topic, tp.partition): end for tp, end in ends.items()}
        for tp, offset in self.watch.stalled(highwaters).items():
            await self._seek(tp, offset, "stalled")
        consumer: Any = self.app.consumer
        restarts, recovered = self.watch.commits({tp: compat.committed_offset(consumer, tp) for tp in active})
        for tp in recovered:
            log.info("%s/%s: committing again after a restart from the committed offset", tp.topic, tp.partition)
        for tp, offset in restarts.items():
            await self._restart(tp, offset)
        failing = self.watch.failing()
        for tp in sorted(failing - self._failing):
            log.error(
                "%s/%s: no commit past offset %s after %d restarts from it; /readyz reports partitions_committing "
                "false until it commits", tp.topic, tp.partition, self.watch.expected(tp), self.watch.restarts(tp),
            )
        self._failing = failing

    async def _restart(self, tp: TP, offset: int) -> None:
        metrics.OFFSET_REPAIRS.labels(kind="uncommitted").inc()
        log.warning(
            "%s/%s: records handled past the committed offset %s but nothing committed for %.0f s; restarting "
            "the partition from its committed offset (restart %d)",
            tp.topic, tp.partition, offset, self.watch.stall_after_s, self.watch.restarts(tp),
        )
        await self._seek_to(tp, offset)

    def reset(self, tps: Iterable[TP]) -> None:
        """Partitions were revoked or (re)assigned: forget them; each starts again at its committed offset.

        Faust resumes every assigned partition after a rebalance and seeks it to its committed
        offset, so a pause for a seek ends here too.
        """
        tps = set(tps)
        self.watch.revoked(tps)
        for tp in tps:
            self._paused.pop(tp, None)
        self._failing -= tps
