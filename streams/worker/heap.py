"""Garbage-collector settings for a long-running worker.

The stream-intelligence tables hold many small dicts and lists, and Python's cyclic collector
rescans all of them on every full collection, so a stateful worker slowed down as its state grew
(a 100k-comment burst: 858/s with the default thresholds, 1,030/s with these). The model, the
app and the imports are frozen out of collection after start-up; collections run less often.
The worker's model process (``streams.worker.model_runner``) does the same once its model is loaded.

With those thresholds a full collection comes seldom, and garbage in reference cycles waits for
it: every readiness probe (a kafka-python admin client, ~50 KB in cycles) and the consumer's and
producer's own cycles. The worker therefore runs :func:`full_collection` on a timer
(``MODSTREAM_GC_INTERVAL_S``, 60 s): what startup built stays frozen, so the pass only walks what
came since.
"""

from __future__ import annotations

import gc
import time

#: Allocations between young-generation collections (default 700), then the older generations.
THRESHOLDS = (50_000, 20, 20)


def tune_for_long_running() -> None:
    """Freeze what start-up built and raise the collection thresholds (call once, before serving)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)


def full_collection() -> tuple[int, float]:
    """Collect every generation now; (unreachable objects found, seconds taken)."""
    started = time.perf_counter()
    found = gc.collect()
    return found, time.perf_counter() - started
