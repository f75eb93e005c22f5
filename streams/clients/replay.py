"""Send a JSONL file of comment events to Kafka (kafka-python), optionally at a fixed rate.

Each line goes out byte for byte (malformed lines too, so the dead-letter path can be exercised);
the key is the event's ``comment_id`` when the line parses.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError

from streams.clients.exceptions import ClientError
from streams.kafka_admin import BrokerError, missing_topics


def read_lines(path: Path | None, stdin: Iterable[bytes] | None = None) -> Iterator[bytes]:
    """Non-empty lines of a JSONL file (or stdin), without their newline."""
    source: Iterable[bytes] = path.open("rb") if path is not None else (stdin or [])
    for line in source:
        line = line.rstrip(b"\r\n")
        if line.strip():
            yield line


def key_of(line: bytes) -> bytes | None:
    """The comment id of a line, if it has one."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if isinstance(value, dict) and isinstance(value.get("comment_id"), str):
        return value["comment_id"].encode()
    return None


def make_producer(bootstrap: str, security: Mapping[str, Any] | None = None) -> KafkaProducer:
    """An idempotent, acks=all producer; ``security``: :func:`streams.security.kafka_python_kwargs`."""
    try:
        return KafkaProducer(
            bootstrap_servers=bootstrap.split(","),
            acks="all",
            enable_idempotence=True,
            linger_ms=5,
            max_request_size=4 * 1024 * 1024,
            **dict(security or {}),
        )
    except KafkaError as exc:
        raise ClientError(f"cannot reach Kafka at {bootstrap}: {exc}") from None


def replay(
    lines: Iterable[bytes],
    *,
    bootstrap: str,
    topic: str,
    rate: float | None = None,
    on_sent: Callable[[int], None] | None = None,
    producer: KafkaProducer | None = None,
    security: Mapping[str, Any] | None = None,
) -> int:
    """Send every line to ``topic``; ``rate`` caps events per second. Returns how many were sent.

    Every send is checked: the first one the client or the broker refuses (e.g. an event above the
    broker's ``message.max.bytes``) stops the replay with a :class:`ClientError` naming its line.
    A topic the broker does not have fails at once (the broker does not create topics on first use).
    """
    try:
        if missing_topics(bootstrap, [topic], security=security):
            raise ClientError(
                f"topic {topic} does not exist on {bootstrap} (`modstream kafka topics` creates the project's)"
            )
    except BrokerError as exc:
        raise ClientError(str(exc)) from None
    own = producer is None
    producer = producer or make_producer(bootstrap, security)
    interval = 1.0 / rate if rate else 0.0
    started = time.perf_counter()
    refused: list[tuple[int, BaseException]] = []
    sent = 0
    try:
        for number, line in enumerate(lines, start=1):
            if refused:
                break
            if interval:
                due = started + sent * interval
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            try:
                future = producer.send(topic, key=key_of(line), value=line)
            except KafkaError as error:
                refused.append((number, error))
                break
            future.add_errback(lambda exc, n=number: refused.append((n, exc)))
            sent += 1
            if on_sent is not None:
                on_sent(sent)
        producer.flush()
    finally:
        if own:
            producer.close()
    if refused:
        number, first = min(refused, key=lambda item: item[0])
        reason = str(first) if type(first).__name__ in str(first) else f"{type(first).__name__}: {first}"
        raise ClientError(
            f"line {number} was not sent to {topic}: {reason}"
            f" ({len(refused)} refused; earlier lines may have been sent)"
        )
    return sent
