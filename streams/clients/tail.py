"""Read decisions off the decisions topic as they arrive (kafka-python)."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer
from kafka.errors import KafkaError

from streams.clients.exceptions import ClientError


@dataclass(frozen=True, slots=True)
class Received:
    """One decision message as read from Kafka (a value that is not a JSON object: ``{"undecodable": ...}``)."""

    key: str | None
    decision: dict[str, Any]
    timestamp: float
    partition: int
    offset: int
    headers: Mapping[str, str] = field(default_factory=dict)
    size: int = 0


def make_consumer(
    bootstrap: str,
    topic: str,
    *,
    from_beginning: bool,
    group: str | None,
    security: Mapping[str, Any] | None = None,
) -> KafkaConsumer:
    """A consumer on ``topic``; without a group it reads without committing offsets."""
    try:
        return KafkaConsumer(
            topic,
            bootstrap_servers=bootstrap.split(","),
            group_id=group or f"modstream-tail-{uuid.uuid4().hex[:8]}",
            auto_offset_reset="earliest" if from_beginning else "latest",
            enable_auto_commit=group is not None,
            consumer_timeout_ms=500,
            **dict(security or {}),
        )
    except KafkaError as exc:
        raise ClientError(f"cannot reach Kafka at {bootstrap}: {exc}") from None


def tail(
    *,
    bootstrap: str,
    topic: str,
    from_beginning: bool = False,
    max_messages: int | None = None,
    idle_timeout: float | None = None,
    group: str | None = None,
    security: Mapping[str, Any] | None = None,
) -> Iterator[Received]:
    """Yield decisions until ``max_messages`` arrived or nothing came for ``idle_timeout`` seconds."""
    consumer = make_consumer(bootstrap, topic, from_beginning=from_beginning, group=group, security=security)
    seen = 0
    last = time.monotonic()
    try:
        while max_messages is None or seen < max_messages:
            got = False
            for message in consumer:
                got = True
                seen += 1
                last = time.monotonic()
                value = message.value or b""
                try:
                    decision = json.loads(value)
                except (ValueError, RecursionError):
                    decision = None
                if not isinstance(decision, dict):
                    decision = {"undecodable": repr(value[:200])}
                yield Received(
                    key=message.key.decode("utf-8", "replace") if message.key else None,
                    decision=decision,
                    timestamp=message.timestamp / 1000.0,
                    partition=message.partition,
                    offset=message.offset,
                    headers={k: (v or b"").decode("utf-8", "replace") for k, v in message.headers or []},
                    size=len(value),
                )
                if max_messages is not None and seen >= max_messages:
                    return
            if not got and idle_timeout is not None and time.monotonic() - last > idle_timeout:
                return
    finally:
        consumer.close()
