"""The thread stage: a thread floods when a comment has ``flood_thread_max`` or more comments before it
(rule time, then comment id) within ``flood_thread_window_s``.

Keyed by ``tenant|thread``. State is sliced by window: ``t|<tenant>|<thread>|<n>`` holds the
thread's comments with rule time in ``[n*W, (n+1)*W)`` (W = the window), so a comment touches at
most two slices and a busy thread never rewrites more than a window's worth of entries. A comment
that arrives late is slotted in and the later comments within a window are counted again; any
that now flood are reported to the author stage (:class:`ThreadVerdict`). Counts only grow, so a
comment once reported flooding stays so.
"""

from __future__ import annotations

import math
from bisect import bisect_right, insort
from collections.abc import Callable

from streams.intel.outcome import Output
from streams.intel.records import ThreadBucket, ThreadEntry, ThreadTick, ThreadVerdict, decoder
from streams.intel.settings import IntelSettings
from streams.intel.state import StateStore

_BUCKET = decoder(ThreadBucket)


def _order(e: ThreadEntry) -> tuple[float, str]:
    return (e.ts, e.comment_id)


class ThreadStage:
    """Thread floods over one partition's store."""

    def __init__(self, settings: Callable[[str], IntelSettings]) -> None:
        self.settings = settings

    @staticmethod
    def _key(tenant: str, thread_id: str, n: int) -> str:
        return f"t|{tenant}|{thread_id}|{n}"

    def expiry_of(self, key: str, raw: bytes) -> float:
        tenant = key.split("|", 2)[1]
        s = self.settings(tenant)
        n = int(key.rsplit("|", 1)[1])
        return (n + 2) * s.flood_thread_window_s + s.late_window_s

    def handle(self, store: StateStore, tick: ThreadTick, out: Output) -> None:
        s = self.settings(tick.tenant)
        if not s.floods_enabled:
            return
        window = s.flood_thread_window_s
        n = math.floor(tick.ts / window)
        keys = [self._key(tick.tenant, tick.thread_id, m) for m in (n - 1, n, n + 1)]
        buckets = [store.get(k, ThreadBucket) or ThreadBucket(entries=[]) for k in keys]
        here = buckets[1]
        if any(e.comment_id == tick.comment_id for e in here.entries):  # redelivered
            for e in here.entries:
                if e.comment_id == tick.comment_id and e.flood:
                    out.verdicts.append(ThreadVerdict(e.comment_id, tick.tenant, e.author_id))
            return
        entry = ThreadEntry(tick.ts, tick.comment_id, tick.author_id)
        insort(here.entries, entry, key=_order)
        merged = [*buckets[0].entries, *here.entries, *buckets[2].entries]  # all in order
        times = [e.ts for e in merged]
        start = merged.index(entry)
        changed_next = False
        for i in range(start, len(merged)):
            e = merged[i]
            if e.ts >= tick.ts + window and i > start:
                break
            if e.flood:
                continue
            before = i - bisect_right(times, e.ts - window, 0, i)  # earlier ones within the window
            if before + 1 > s.flood_thread_max:
                e.flood = True
                out.verdicts.append(ThreadVerdict(e.comment_id, tick.tenant, e.author_id))
                out.counts[("flood", "thread")] += 1
                changed_next = changed_next or e in buckets[2].entries
        for m, key, bucket in ((n, keys[1], here), (n + 1, keys[2], buckets[2])):
            if bucket is here or changed_next:
                store.put(key, bucket, (m + 2) * window + s.late_window_s)
