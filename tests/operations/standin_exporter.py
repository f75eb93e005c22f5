"""A stand-in for the worker's /metrics: the real ``streams.metrics`` objects, every one of them used
with every label set that the dashboard filters on, changing continuously (so ``rate()`` has data).

Run as a child process (``python standin_exporter.py PORT``) so that the test process' own metric
values stay untouched. Stops when killed.
"""

from __future__ import annotations

import itertools
import random
import sys
import time

from prometheus_client import Counter, Gauge, Histogram, Info
from prometheus_client.metrics import MetricWrapperBase

from streams.metrics import registry as metrics

LABEL_VALUES: dict[str, tuple[str, ...]] = {
    "action": ("allow", "flag", "hide"),
    "tenant": ("t1", "t2"),
    "topic": ("comments",),
    "partition": ("0", "1"),
    "source": ("kafka", "created_at"),
    "label": ("toxicity", "spam"),
    "reason": ("invalid_json", "oversized"),
    "stage": ("moderate",),
    "from_action": ("flag",),
    "to_action": ("hide",),
    "scope": ("author", "thread"),
    "table": ("offenders", "campaigns"),
    "outcome": ("confirmed", "overturned"),
    "verdict": ("approve", "reject"),
    "deployment": ("live", "shadow"),
    "live_action": ("allow", "flag", "hide"),
    "shadow_action": ("allow", "flag", "hide"),
    "change": ("would_hide", "would_allow"),
}


def all_metrics() -> list[MetricWrapperBase]:
    return [m for m in vars(metrics).values() if isinstance(m, MetricWrapperBase)]


def children(metric: MetricWrapperBase) -> list[MetricWrapperBase]:
    names = tuple(metric._labelnames)
    if not names:
        return [metric]
    combos = itertools.product(*(LABEL_VALUES.get(name, ("x",)) for name in names))
    return [metric.labels(*combo) for combo in combos]


def touch(metric: MetricWrapperBase, rng: random.Random) -> None:
    for child in children(metric):
        if isinstance(metric, Counter):
            child.inc(rng.randint(1, 5))  # type: ignore[attr-defined]
        elif isinstance(metric, Gauge):
            child.set(rng.uniform(0, 100))  # type: ignore[attr-defined]
        elif isinstance(metric, Histogram):
            for _ in range(5):
                child.observe(rng.expovariate(20))  # type: ignore[attr-defined]
        elif isinstance(metric, Info):
            child.info({"version": "standin-1"})  # type: ignore[attr-defined]


def main() -> None:
    port = int(sys.argv[1])
    metrics.start_metrics_server(port, addr="127.0.0.1")
    rng = random.Random(7)
    while True:
        for metric in all_metrics():
            touch(metric, rng)
        time.sleep(0.2)


if __name__ == "__main__":
    main()
