"""``modstream bench e2e``: comments/s and decision latency through the real broker and worker.

Each run gets fresh topics and a fresh consumer group (its topics are deleted afterwards).
Throughput: all events replayed at once, timed from the first send until every comment has its
first decision. Latency: once the worker has gone quiet, a paced replay; latency is the decision
message's Kafka timestamp minus the time its event was sent.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer

from streams.bench.corpus import comment_events
from streams.bench.exceptions import BenchError
from streams.clients.replay import make_producer
from streams.kafka_admin import BrokerError, delete_topics, ensure_topics
from streams.security import kafka_python_kwargs
from streams.settings import get_settings
from streams.worker.process import WorkerProcess


@dataclass
class E2EResult:
    """One configuration's figures."""

    mode: str
    comments: int
    throughput_per_s: float
    latency_rate_per_s: float
    latency_p50_ms: float
    latency_p99_ms: float
    worker_max_rss_mb: float | None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict for JSON output."""
        return asdict(self)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


Counted = Callable[[int, int], None]


def _collect(
    consumer: KafkaConsumer, ids: set[str], timeout: float, on_count: Counted | None = None
) -> dict[str, float]:
    """Kafka timestamps (s) of the first decision for each id, until all arrived or timeout."""
    seen: dict[str, float] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < len(ids) and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=200).values():
            for record in records:
                key = record.key.decode() if record.key else ""
                if key in ids and key not in seen:
                    seen[key] = record.timestamp / 1000.0
        if on_count is not None:
            on_count(len(seen), len(ids))
    return seen


def _wait_quiet(consumer: KafkaConsumer, quiet_s: float = 3.0, timeout: float = 120.0) -> None:
    """Read decisions until none arrived for ``quiet_s``: the worker is done with the burst
    (revisions included), so the paced run measures latency, not the tail of a backlog."""
    deadline = time.monotonic() + timeout
    last = time.monotonic()
    while time.monotonic() - last < quiet_s and time.monotonic() < deadline:
        if any(consumer.poll(timeout_ms=200).values()):
            last = time.monotonic()


def _wait_ready(workers: list[WorkerProcess], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all((w.readiness() or {}).get("ready") for w in workers):
            return
        time.sleep(0.5)
    raise BenchError("the workers of one group did not all get partitions")


def run_mode(
    mode: str,
    *,
    bootstrap: str,
    n: int,
    latency_rate: float,
    latency_n: int,
    settings: dict[str, Any],
    on_progress: Callable[[str], None] | None = None,
    on_count: Counted | None = None,
) -> E2EResult:
    """Start a worker with ``settings``, push ``n`` events, then a paced run; stop the worker."""
    tag = f"bench-{mode}-{uuid.uuid4().hex[:6]}"
    topics = {
        "comments": f"{tag}.comments", "decisions": f"{tag}.decisions", "dlq": f"{tag}.dlq",
        "feedback": f"{tag}.feedback", "shadow": f"{tag}.shadow",
    }
    partitions = int(settings.get("topic_partitions", 4))
    security = kafka_python_kwargs(get_settings())  # the worker child reads the same MODSTREAM_KAFKA_*
    ensure_topics(bootstrap, {name: partitions for name in topics.values()}, security=security)
    workdir = Path(tempfile.mkdtemp(prefix=f"{tag}-"))
    settings = dict(settings)
    count = int(settings.pop("workers", 1))
    workers = [
        WorkerProcess(
            {
                **settings,
                "kafka_bootstrap": bootstrap,
                "app_id": tag,  # one consumer group: the partitions are shared out
                "comments_topic": topics["comments"],
                "decisions_topic": topics["decisions"],
                "dlq_topic": topics["dlq"],
                "feedback_topic": topics["feedback"],
                "shadow_topic": topics["shadow"],
                "data_dir": workdir / f"state-{k}",
            },
            log_path=workdir / f"worker-{k}.log",
        )
        for k in range(count)
    ]
    worker = workers[0]
    consumer = KafkaConsumer(
        topics["decisions"], bootstrap_servers=bootstrap.split(","), group_id=f"{tag}-reader",
        auto_offset_reset="earliest", enable_auto_commit=False, **security,
    )
    producer = make_producer(bootstrap, security)
    try:
        for w in workers:
            w.start()
        if count > 1:  # every worker holds partitions before the burst (the group has settled)
            _wait_ready(workers)
        consumer.poll(timeout_ms=500)
        burst = comment_events(n, seed=11, prefix=f"{tag}-b")
        if on_progress:
            on_progress(f"{mode}: burst of {n}")
        start = time.time()
        for i, raw in enumerate(burst):
            producer.send(topics["comments"], key=f"{tag}-b-{i}".encode(), value=raw)
        producer.flush()
        got = _collect(consumer, {f"{tag}-b-{i}" for i in range(n)}, timeout=max(120.0, n / 200), on_count=on_count)
        if len(got) < n:
            raise BenchError(f"{mode}: only {len(got)}/{n} decisions arrived\n{worker.log_tail()}")
        throughput = n / (max(got.values()) - start)
        _wait_quiet(consumer)
        if on_progress:
            on_progress(f"{mode}: paced {latency_n} at {latency_rate}/s")
        paced = comment_events(latency_n, seed=13, prefix=f"{tag}-p")
        sent_at: dict[str, float] = {}
        interval = 1.0 / latency_rate
        t0 = time.time()
        for i, raw in enumerate(paced):
            delay = t0 + i * interval - time.time()
            if delay > 0:
                time.sleep(delay)
            key = f"{tag}-p-{i}"
            sent_at[key] = time.time()
            producer.send(topics["comments"], key=key.encode(), value=raw)
        producer.flush()
        got = _collect(consumer, set(sent_at), timeout=120.0, on_count=on_count)
        if len(got) < latency_n:
            raise BenchError(f"{mode}: only {len(got)}/{latency_n} paced decisions arrived")
        latencies = [max(0.0, got[k] - sent_at[k]) * 1000 for k in sent_at]
        return E2EResult(
            mode=mode,
            comments=n,
            throughput_per_s=round(throughput, 1),
            latency_rate_per_s=latency_rate,
            latency_p50_ms=round(statistics.median(latencies), 2),
            latency_p99_ms=round(_percentile(latencies, 0.99), 2),
            worker_max_rss_mb=round(sum(w.rss_mb() or 0.0 for w in workers), 1) or None,
        )
    finally:
        for w in workers:
            w.stop()
        consumer.close()
        producer.close()
        with contextlib.suppress(BrokerError):  # leave the broker as we found it
            delete_topics(bootstrap, tag, security=security)


def bench_e2e(
    *,
    bootstrap: str,
    n: int = 20_000,
    latency_rate: float = 200.0,
    latency_n: int = 2_000,
    modes: tuple[str, ...] = ("stateless", "stateful", "ceiling"),
    on_progress: Callable[[str], None] | None = None,
    on_count: Counted | None = None,
) -> list[E2EResult]:
    """The same pipeline with classification on (stateless, stateful) and off (the ceiling); optional
    modes: ``shadow`` (stateless plus the same model again as a shadow: the second model's cost) and
    ``feedback-join`` (stateless with the feedback join inside the worker, reading the decisions topic),
    ``stateful-2w`` and ``stateless-2w`` (two worker processes in one consumer group, the scale-out the
    docs describe)."""
    from streams.settings import Settings

    model = str(Settings().model_path)
    configs = {
        "stateless": {"stateful": "false", "classify_enabled": "true"},
        "stateful": {"stateful": "true", "classify_enabled": "true"},
        "ceiling": {"stateful": "false", "classify_enabled": "false"},
        "shadow": {"stateful": "false", "classify_enabled": "true", "shadow_model": model},
        "feedback-join": {"stateful": "false", "classify_enabled": "true", "feedback_join": "true"},
        "stateful-2w": {"stateful": "true", "classify_enabled": "true", "workers": "2"},
        "stateless-2w": {"stateful": "false", "classify_enabled": "true", "workers": "2"},
    }
    unknown = set(modes) - set(configs)
    if unknown:
        raise BenchError(f"unknown modes {sorted(unknown)}; choose from {sorted(configs)}")
    results = []
    for mode in modes:
        results.append(
            run_mode(
                mode, bootstrap=bootstrap, n=n, latency_rate=latency_rate, latency_n=latency_n,
                settings=configs[mode], on_progress=on_progress, on_count=on_count,
            )
        )
    return results


def to_json(results: list[E2EResult]) -> str:
    """The results as a JSON document."""
    return json.dumps([r.as_dict() for r in results], indent=2)
