"""Garbage-collector settings for a long-running worker.

The stream-intelligence tables hold many small dicts and lists, and Python's cyclic collector
rescans all of them on every full collection, so a stateful worker slowed down as its state grew
(a 100k-comment burst: 858/s with the default thresholds, 1,030/s with these). The model, the
app and the imports are frozen out of collection after start-up; collections run less often.
"""

from __future__ import annotations

import gc

#: Allocations between young-generation collections (default 700), then the older generations.
THRESHOLDS = (50_000, 20, 20)


def tune_for_long_running() -> None:
    """Freeze what start-up built and raise the collection thresholds (call once, before serving)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
