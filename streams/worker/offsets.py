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


class PartitionWatch:
    """Per-partition continuity of handled offsets, plus stall detection."""

    def __init__(self, stall_after_s: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.stall_after_s = stall_after_s
        self._clock = clock
        self._partitions: dict[TP, _Partition] = {}
        self._retried: set[tuple[TP, int]] = set()

    def assigned(self, committed: Mapping[TP, int | None]) -> None:
        """Start (over) on these partitions, expecting each at its committed offset (None: unknown)."""
        now = self._clock()
        for tp, offset in committed.items():
            self._partitions[tp] = _Partition(expected=offset, progressed_at=now)

    def revoked(self, tps: Iterable[TP]) -> None:
        """Forget partitions this worker no longer holds."""
        for tp in tps:
            self._partitions.pop(tp, None)
        self._retried = {(tp, offset) for tp, offset in self._retried if tp in self._partitions}

    def handled(self, tp: TP, offset: int) -> int | None:
        """Record that ``offset`` of ``tp`` was handled; the offset to seek back to if some were skipped.

        After a seek back, records that were already on their way (beyond the gap) may still arrive:
        they are handled (a harmless repeat later) but do not move the partition on; if the
        skipped records never come, :meth:`stalled` seeks again once the partition is idle, and
        then a jump is what the log really holds (a transaction marker, say) and is accepted.
        """
        now = self._clock()
        state = self._partitions.get(tp)
        if state is None:
            self._partitions[tp] = _Partition(expected=offset + 1, progressed_at=now)
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

    def expected(self, tp: TP) -> int | None:
        """The next offset ``tp`` should deliver, if known."""
        state = self._partitions.get(tp)
        return None if state is None else state.expected
