"""``modstream feedback send``: publish verdicts to the feedback topic, keyed by comment id."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from streams.contracts import FeedbackEvent
from streams.feedback.exceptions import FeedbackError


def send_verdicts(
    verdicts: Iterable[FeedbackEvent], *, bootstrap: str, topic: str, security: Mapping[str, Any] | None = None
) -> int:
    """Send each verdict (JSON) keyed by its comment id; how many were sent (all acknowledged)."""
    from kafka import KafkaProducer
    from kafka.errors import KafkaError

    try:
        producer = KafkaProducer(
            bootstrap_servers=bootstrap.split(","), acks="all", enable_idempotence=True, **dict(security or {})
        )
    except KafkaError as exc:
        raise FeedbackError(f"cannot reach Kafka at {bootstrap}: {exc}") from None
    sent = 0
    try:
        for verdict in verdicts:
            value = verdict.model_dump_json(exclude_none=True).encode()
            producer.send(topic, key=verdict.comment_id.encode(), value=value)
            sent += 1
        producer.flush(timeout=30)
    except KafkaError as exc:
        raise FeedbackError(f"sending to {topic!r} failed: {exc}") from None
    finally:
        producer.close()
    return sent
