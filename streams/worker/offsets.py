"""Watch each consumed partition for skipped records and stalls, and say where to seek back to.

Faust keeps at-least-once only while its fetch bookkeeping holds: it reads a jump in offsets as a
gap of records nobody needs (compaction, transaction markers) and commits past it, and a record it
fetched for a partition it had paused (while rebalancing or restoring tables) is dropped with the
fetch position already past it. Either way a comment would never be decided. Every agent reports
the offsets it handles here; the watch answers with a seek:

- a **jump**: back to the first offset not handled, once per jump;
- a **stall**: a partition whose records have been waiting for ``stall_after_s`` seconds, with
  no progress in that time, goes back to its next expected offset. The clock starts when records
  are first seen waiting, not at the last progress: a partition idle for a minute that then
  receives three records is not stalled (it was, before: the idle minute counted, and the three
  records were decided twice). That also covers a seek whose refill was lost, and
  tells a genuine gap (a transaction marker on the comments topic, say) from a skip: after a
  seek on an idle partition, whatever offset comes first is what the log holds.

- **no commit**: a partition whose records were handled past its committed offset, but whose
  committed offset has not moved for ``stall_after_s``, is restarted from its committed offset.
  Faust commits only a run of acknowledged offsets that starts at the committed one, so records it
  skipped and never redelivered stop every commit of the partition for good, however many new
  records are handled (seen after a rebalance in a soak: the guard's own seek back was overtaken by
  records already fetched, a later probe accepted one of those as what the log holds, and the
  partition went on deciding new comments with no commit for 17 minutes and 6 comments undecided).
  A restart repeats everything from the committed offset; after ``max_restarts`` restarts in a row
  with no commit the partition is reported as failing (the worker's ``/readyz`` turns false).

A partition is watched only once it has been started at its committed offset (:meth:`assigned`).
Offsets handled before that (:meth:`handled_before_start`: a batch handled while the app was still
settling after an assignment) count only where they run on unbroken from the committed offset: the
partition then starts after them (otherwise the next batch would look like a jump, and the seek back
would redeliver every record since the committed offset; seen as "offsets 0..0 were skipped" after a
restart). Offsets beyond a gap from the committed offset (a batch in flight across a rebalance, from
wherever the partition was before) say nothing about where it now starts and are not used; a
revocation or a new assignment (:meth:`revoked`) forgets them all.

Seeking back only ever repeats work: decisions are keyed by comment id and the stream rules ignore
a comment they have already seen, so a repeat changes nothing downstream.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from faust.types import TP


@dataclass(slots=True)
class _Partition:
    expected: int | None  # the next offset this partition should deliver (None: not known yet)
    progressed_at: float  # when ``expected`` last moved (or the partition was last seeked)
    probing: bool = False  # seeked back while idle: whatever comes first is what the log holds
    waiting_since: float | None = None  # when records were first seen waiting beyond ``expected``
    committed: int | None = None  # the committed offset last seen (None: not seen yet)
    committed_at: float = 0.0  # when ``committed`` last moved
    ahead_since: float | None = None  # when ``expected`` was first seen beyond ``committed``
    restarts: int = 0  # restarts from the committed offset since it last moved


class PartitionWatch:
    """Per-partition continuity of handled offsets, plus stall detection."""

    def __init__(
        self, stall_after_s: float = 30.0, clock: Callable[[], float] = time.monotonic, max_restarts: int = 3
    ) -> None:
        self.stall_after_s = stall_after_s
        self.max_restarts = max_restarts
        self._clock = clock
        self._partitions: dict[TP, _Partition] = {}
        self._retried: set[tuple[TP, int]] = set()
        self._early: dict[TP, list[tuple[int, int]]] = {}  # handled before the start: sorted (first, last) runs

    def assigned(self, committed: Mapping[TP, int | None]) -> None:
        """Start (over) on these partitions, expecting each at its committed offset (None: unknown).

        Offsets handled before the start that run on unbroken from the committed offset move the
        expected offset past them (the committed offset itself stays what it is).
        """
        now = self._clock()
        for tp, offset in committed.items():
            expected = offset
            for first, last in self._early.pop(tp, []):
                if expected is None or first > expected:
                    break  # beyond a gap: says nothing about where the partition starts
                expected = max(expected, last + 1)
            self._partitions[tp] = _Partition(expected=expected, progressed_at=now, committed=offset, committed_at=now)
            self._retried = {(p, o) for p, o in self._retried if p != tp}

    def revoked(self, tps: Iterable[TP]) -> None:
        """Forget partitions this worker no longer holds (or that start over): state and early offsets."""
        for tp in tps:
            self._partitions.pop(tp, None)
            self._early.pop(tp, None)
        self._retried = {(tp, offset) for tp, offset in self._retried if tp in self._partitions}

    def handled_before_start(self, tp: TP, offset: int) -> None:
        """Remember that ``offset`` of ``tp`` was handled before the partition was started (:meth:`assigned`)."""
        runs = self._early.setdefault(tp, [])
        for i, (first, last) in enumerate(runs):
            if first - 1 <= offset <= last + 1:
                first, last = min(first, offset), max(last, offset)
                if i + 1 < len(runs) and runs[i + 1][0] <= last + 1:  # the gap to the next run is filled
                    last = max(last, runs.pop(i + 1)[1])
                runs[i] = (first, last)
                return
            if offset < first:
                runs.insert(i, (offset, offset))
                return
        runs.append((offset, offset))

    def handled(self, tp: TP, offset: int) -> int | None:
        """Record that ``offset`` of ``tp`` was handled; the offset to seek back to if some were skipped.

        After a seek back, records that were already on their way (beyond the gap) may still arrive:
        they are handled (a harmless repeat later) but do not move the partition on; if the
        skipped records never come, :meth:`stalled` seeks again once the partition is idle, and
        then a jump is what the log really holds (a transaction marker, say) and is accepted.
        """
        now = self._clock()
        state = self._partitions.get(tp)
        if state is None:  # not started (yet): where it starts is its committed offset, not this one
            return None
        expected = state.expected
        if expected is None or offset == expected or (offset > expected and state.probing):
            state.expected, state.progressed_at, state.probing = offset + 1, now, False
            return None
        if offset < expected:  # a repeat of something already handled
            return None
        if (tp, expected) not in self._retried:
            self._retried.add((tp, expected))
            return expected
        return None  # beyond a gap we already asked to refill: wait for it (or for a stall)

    def stalled(self, highwaters: Mapping[TP, int]) -> dict[TP, int]:
        """Partitions whose records waited ``stall_after_s`` with no progress: where to seek each.

        ``highwaters`` maps a partition to its end offset. A stalled partition is seeked once per
        ``stall_after_s``: its clock restarts here.
        """
        now = self._clock()
        seeks: dict[TP, int] = {}
        for tp, highwater in highwaters.items():
            state = self._partitions.get(tp)
            if state is None or state.expected is None:
                continue
            if highwater <= state.expected:  # nothing waiting: idle, not stalled
                state.waiting_since = None
                continue
            if state.waiting_since is None:
                state.waiting_since = now
            if now - max(state.progressed_at, state.waiting_since) >= self.stall_after_s:
                seeks[tp] = state.expected
                state.progressed_at, state.probing = now, True
        return seeks

    def commits(self, committed: Mapping[TP, int | None]) -> tuple[dict[TP, int], list[TP]]:
        """Follow each partition's committed offset: ``(restarts, recovered)``.

        ``restarts`` maps a partition to the committed offset to restart it from: its records were
        handled past that offset, but it has not moved for ``stall_after_s``. The partition is then
        expected there again (a restart is asked for once per ``stall_after_s``). ``recovered`` lists
        the partitions whose committed offset moved after a restart.
        """
        now = self._clock()
        restarts: dict[TP, int] = {}
        recovered: list[TP] = []
        for tp, offset in committed.items():
            state = self._partitions.get(tp)
            if state is None or offset is None:
                continue
            if offset != state.committed:
                if state.restarts and state.committed is not None and offset > state.committed:
                    recovered.append(tp)
                state.committed, state.committed_at, state.restarts, state.ahead_since = offset, now, 0, None
                continue
            if state.expected is None or state.expected <= offset:  # nothing handled beyond it: no commit due
                state.ahead_since = None
                continue
            if state.ahead_since is None:
                state.ahead_since = now
            if now - max(state.committed_at, state.ahead_since) >= self.stall_after_s:
                restarts[tp] = offset
                state.expected, state.progressed_at, state.probing, state.waiting_since = offset, now, False, None
                state.committed_at, state.ahead_since = now, None
                state.restarts += 1
                self._retried = {(p, o) for p, o in self._retried if p != tp}
                self._retried.add((tp, offset))  # records already on their way past it: no second seek
        return restarts, recovered

    def restarts(self, tp: TP) -> int:
        """Restarts of ``tp`` from its committed offset since that offset last moved."""
        state = self._partitions.get(tp)
        return 0 if state is None else state.restarts

    def failing(self) -> set[TP]:
        """Partitions restarted ``max_restarts`` times in a row without a commit."""
        return {tp for tp, state in self._partitions.items() if state.restarts >= self.max_restarts}

    def expected(self, tp: TP) -> int | None:
        """The next offset ``tp`` should deliver, if known."""
        state = self._partitions.get(tp)
        return None if state is None else state.expected
