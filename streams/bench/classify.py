"""``modstream bench classify``: comments/s through normalise + score + decide on one core."""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from streams.bench.corpus import comment_events, comment_texts
from streams.contracts import parse_event
from streams.lang import identify
from streams.pipeline import Moderator
from streams.worker.heap import tune_for_long_running


@dataclass
class ClassifyResult:
    """What one run measured."""

    comments: int
    mean_chars: float
    max_chars: int
    batch_size: int
    seconds: float
    comments_per_s: float
    us_per_comment: float
    batch_p99_ms: float
    peer_comments_per_s: float | None
    max_rss_mb: float
    lang_id_us_per_comment: float
    lang_id_share: float
    langs: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


def pin_to_one_core() -> int | None:
    """Run this process on a single CPU; returns the CPU, or None where affinity is unsupported."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError):
        return None


def bench_classify(
    moderator: Moderator,
    n: int = 20_000,
    batch_size: int = 128,
    peer: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> ClassifyResult:
    """Time parse + normalise + score + decide (+ explanations) over ``n`` realistic comments.

    The garbage collector is set up as in the worker's model process (start-up frozen, the
    worker's thresholds: :func:`streams.worker.heap.tune_for_long_running`)."""
    raw = comment_events(n)
    texts = comment_texts(n)
    moderator.moderate([parse_event(r, max_bytes=1 << 20, max_text_chars=100_000) for r in raw[:256]])
    tune_for_long_running()  # as the worker's model process does once its model is loaded
    batch_times = []
    start = time.perf_counter()
    for i in range(0, n, batch_size):
        t0 = time.perf_counter()
        events = [parse_event(r, max_bytes=1 << 20, max_text_chars=100_000) for r in raw[i : i + batch_size]]
        moderator.moderate(events)
        batch_times.append(time.perf_counter() - t0)
        if on_progress is not None:
            on_progress(min(n, i + batch_size))
    seconds = time.perf_counter() - start
    lang_seconds, langs = _lang_id_cost(texts)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the peer loads
    peer_rate = _peer_rate(texts, batch_size) if peer else None
    batch_times.sort()
    return ClassifyResult(
        comments=n,
        mean_chars=round(statistics.fmean(len(t) for t in texts), 1),
        max_chars=max(len(t) for t in texts),
        batch_size=batch_size,
        seconds=round(seconds, 3),
        comments_per_s=round(n / seconds, 1),
        us_per_comment=round(seconds / n * 1e6, 2),
        batch_p99_ms=round(batch_times[int(0.99 * (len(batch_times) - 1))] * 1000, 3),
        peer_comments_per_s=peer_rate,
        max_rss_mb=round(rss_mb, 1),
        lang_id_us_per_comment=round(lang_seconds / n * 1e6, 2),
        lang_id_share=round(lang_seconds / seconds, 4),
        langs=langs,
    )


def _lang_id_cost(texts: list[str]) -> tuple[float, dict[str, int]]:
    """Seconds language identification alone takes over ``texts`` (part of the timed run), and
    how many comments each language got."""
    start = time.perf_counter()
    found = [identify(t) for t in texts]
    seconds = time.perf_counter() - start
    langs: dict[str, int] = {}
    for f in found:
        key = f"{f.lang}:{f.source}"
        langs[key] = langs.get(key, 0) + 1
    return seconds, dict(sorted(langs.items(), key=lambda kv: -kv[1]))


def _peer_rate(texts: list[str], batch_size: int) -> float | None:
    """alt-profanity-check on the same texts, same batch sizes; None if it is not installed."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    predict_prob(texts[:256])
    start = time.perf_counter()
    for i in range(0, len(texts), batch_size):
        predict_prob(texts[i : i + batch_size])
    return round(len(texts) / (time.perf_counter() - start), 1)
