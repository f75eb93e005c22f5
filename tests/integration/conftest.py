"""Real-broker fixtures: a worker child process on fresh topics, plus helpers to feed and read it."""

from __future__ import annotations

import contextlib
import json
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from streams.kafka_admin import BrokerError, delete_topics, ensure_topics
from streams.worker.process import WorkerProcess

PARTITIONS = 4


@dataclass
class Stack:
    """Fresh topics and one consumer group; workers started on it share state and offsets."""

    bootstrap: str
    tag: str
    workdir: Path
    settings: dict[str, Any] = field(default_factory=dict)
    workers: list[WorkerProcess] = field(default_factory=list)
    _producer: KafkaProducer | None = None

    @property
    def comments_topic(self) -> str:
        return f"{self.tag}.comments"

    @property
    def decisions_topic(self) -> str:
        return f"{self.tag}.decisions"

    @property
    def dlq_topic(self) -> str:
        return f"{self.tag}.dlq"

    def worker(self, **overrides: Any) -> WorkerProcess:
        """Start a worker (same app id, so same group and tables) and wait until it is ready."""
        settings = {
            "kafka_bootstrap": self.bootstrap,
            "app_id": self.tag,
            "comments_topic": self.comments_topic,
            "decisions_topic": self.decisions_topic,
            "dlq_topic": self.dlq_topic,
            "data_dir": self.workdir / f"state-{len(self.workers)}",
            "topic_partitions": PARTITIONS,
            "batch_timeout_s": 0.01,
            **self.settings,
            **overrides,
        }
        worker = WorkerProcess(settings, log_path=self.workdir / f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker.start()

    @property
    def metrics_url(self) -> str:
        return self.workers[-1].metrics_url

    def send(self, events: Sequence[dict[str, Any] | bytes], key: Callable[[Any], bytes | None] | None = None) -> None:
        """Publish events (dicts are JSON-encoded; bytes go as they are), keyed by comment id."""
        if self._producer is None:
            self._producer = KafkaProducer(bootstrap_servers=self.bootstrap, acks="all")
        for event in events:
            if isinstance(event, bytes):
                value, k = event, None
            else:
                value, k = json.dumps(event).encode(), str(event.get("comment_id", "")).encode()
            self._producer.send(self.comments_topic, key=key(event) if key else k, value=value)
        self._producer.flush()

    def _reader(self, topic: str) -> KafkaConsumer:
        """A consumer on every partition of ``topic`` from the start (no group: no join to wait for)."""
        consumer = KafkaConsumer(bootstrap_servers=self.bootstrap, enable_auto_commit=False)
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        return consumer

    def read(self, topic: str, want: int, timeout: float = 60.0) -> list[Any]:
        """Every record on ``topic`` from the start, until ``want`` arrived (or timeout)."""
        consumer = self._reader(topic)
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        try:
            while len(records) < want and time.monotonic() < deadline:
                for batch in consumer.poll(timeout_ms=300).values():
                    records.extend(batch)
            # a short grace read: anything beyond `want` (duplicates) is visible to the caller
            for batch in consumer.poll(timeout_ms=1000).values():
                records.extend(batch)
        finally:
            consumer.close()
        return records

    def decisions(self, want: int, timeout: float = 60.0) -> list[dict[str, Any]]:
        """Decision documents (with their Kafka key under ``_key``)."""
        out = []
        for record in self.read(self.decisions_topic, want, timeout):
            doc = json.loads(record.value)
            doc["_key"] = record.key.decode() if record.key else None
            out.append(doc)
        return out

    def wait_decided(self, ids: set[str], timeout: float = 90.0) -> set[str]:
        """Read decisions until every id in ``ids`` has one (or timeout); return the ids decided."""
        consumer = self._reader(self.decisions_topic)
        seen: set[str] = set()
        deadline = time.monotonic() + timeout
        try:
            while not ids <= seen and time.monotonic() < deadline:
                for batch in consumer.poll(timeout_ms=300).values():
                    seen.update(r.key.decode() for r in batch if r.key)
        finally:
            consumer.close()
        return seen

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        if self._producer is not None:
            self._producer.close()
        with contextlib.suppress(BrokerError):  # keep a long-lived dev broker lean
            delete_topics(self.bootstrap, self.tag)


@pytest.fixture
def stack_factory(kafka_bootstrap: str, tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    """Make a fresh stack (topics created, no worker yet); everything is stopped afterwards."""
    stacks: list[Stack] = []

    def make(**settings: Any) -> Stack:
        stack = Stack(
            bootstrap=kafka_bootstrap, tag=f"t{uuid.uuid4().hex[:8]}",
            workdir=tmp_path / f"stack-{len(stacks)}", settings=settings,
        )
        ensure_topics(
            kafka_bootstrap,
            {t: PARTITIONS for t in (stack.comments_topic, stack.decisions_topic, stack.dlq_topic)},
        )
        stacks.append(stack)
        return stack

    yield make
    for stack in stacks:
        stack.close()


@pytest.fixture
def running_worker(stack_factory: Callable[..., Stack]) -> Stack:
    """A stack with one ready worker."""
    stack = stack_factory()
    stack.worker()
    return stack
