"""``comments:suggestscore`` -> a ``FeedbackEvent`` on the feedback topic (kafka-python)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kafka import KafkaProducer
from kafka.errors import KafkaError

from streams.contracts import FeedbackEvent
from streams.serve.attributes import label_for
from streams.serve.exceptions import unavailable
from streams.serve.perspective import SuggestScoreRequest

REJECT_AT = 0.5  # a suggested score at or above this is the moderator saying "this label applies"
_CORAL_PREFIX = "comment:"


def make_feedback_producer(bootstrap: str, security: Mapping[str, Any] | None = None) -> KafkaProducer:
    """The one place the feedback producer is built: idempotent, acks=all; ``security`` from
    :func:`streams.security.kafka_python_kwargs`."""
    return KafkaProducer(
        bootstrap_servers=bootstrap.split(","),
        acks="all",
        enable_idempotence=True,
        linger_ms=0,
        retries=5,
        **dict(security or {}),
    )


def _context_comment_id(request: SuggestScoreRequest) -> str | None:
    """Coral puts ``{"Coral_comment_id": ...}`` as JSON in ``context.entries[].text``."""
    for entry in (request.context.entries or []) if request.context else []:
        try:
            data = json.loads(entry.text)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict):
            for name in ("Coral_comment_id", "comment_id", "commentId"):
                value = data.get(name)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return None


def comment_id_of(request: SuggestScoreRequest) -> tuple[str, bool]:
    """The comment id, and whether the client gave it (else it is derived from the text)."""
    found = _context_comment_id(request)
    if found is None and request.clientToken and request.clientToken.strip():
        found = request.clientToken.strip()
        if found.startswith(_CORAL_PREFIX) and len(found) > len(_CORAL_PREFIX):
            found = found[len(_CORAL_PREFIX) :]
    if found is not None and len(found) <= 256:
        return found, True
    digest = hashlib.sha256(request.comment.text.encode("utf-8")).hexdigest()
    return f"sha256:{digest}", False


def to_feedback(request: SuggestScoreRequest, labels: Sequence[str], now: datetime) -> tuple[FeedbackEvent, bool]:
    """The feedback record for a suggestscore request, and whether its comment id came from the client.

    A suggested score >= 0.5 says the label applies (Coral sends 1 for rejected, 0 for approved):
    any such label makes the verdict ``reject``, none makes it ``approve``.
    """
    scores = {label_for(name, labels): attr.summaryScore.value for name, attr in request.attributeScores.items()}
    applied = sorted(label for label, value in scores.items() if value >= REJECT_AT)
    comment_id, given = comment_id_of(request)
    event = FeedbackEvent(
        comment_id=comment_id,
        verdict="reject" if applied else "approve",
        labels=applied,
        decided_at=now,
        source="suggestscore",
        text=None if request.doNotStore else request.comment.text,
        attribute_scores=scores,
    )
    return event, given


@dataclass(frozen=True, slots=True)
class Published:
    """Where a record landed."""

    topic: str
    partition: int
    offset: int


class FeedbackPublisher:
    """Publishes feedback records; connects on first use, so the service starts without Kafka."""

    def __init__(
        self, bootstrap: str, topic: str, timeout_s: float, security: Mapping[str, Any] | None = None
    ) -> None:
        self.bootstrap = bootstrap
        self.security = dict(security or {})
        self.topic = topic
        self.timeout_s = timeout_s
        self._producer: KafkaProducer | None = None
        self._lock = threading.Lock()

    def _get(self) -> KafkaProducer:
        with self._lock:
            if self._producer is None:
                try:
                    self._producer = make_feedback_producer(self.bootstrap, self.security)
                except KafkaError as exc:
                    raise unavailable(f"feedback not stored: cannot reach Kafka at {self.bootstrap}: {exc}") from None
            return self._producer

    def publish(self, event: FeedbackEvent, key: str | None) -> Published:
        """Send one record and wait for the broker's acknowledgement (blocking: call it off the loop)."""
        value = event.model_dump_json().encode("utf-8")
        try:
            meta = self._get().send(self.topic, key=key.encode() if key else None, value=value).get(self.timeout_s)
        except KafkaError as exc:
            raise unavailable(f"feedback not stored: Kafka did not acknowledge it ({type(exc).__name__})") from None
        return Published(meta.topic, meta.partition, meta.offset)

    def close(self) -> None:
        """Flush and close the producer, if one was made."""
        with self._lock:
            if self._producer is not None:
                self._producer.close(timeout=5)
                self._producer = None
