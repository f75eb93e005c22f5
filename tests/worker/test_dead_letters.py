"""Dead letters: original bytes when they fit, a bounded prefix with size and digest otherwise, and a
failed send never raises."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from typing import Any

from streams.worker.dead_letters import (
    HEADER_ORIGINAL_BYTES,
    HEADER_ORIGINAL_SHA256,
    HEADER_REASON,
    HEADER_TRUNCATED,
    PREFIX_BYTES,
    dead_letter,
)


@dataclass
class Message:
    value: bytes | None
    key: bytes | None = b"k"
    topic: str = "comments"
    partition: int = 0
    offset: int = 7


@dataclass
class Event:
    message: Message


@dataclass
class Topic:
    """Records what was sent; refuses values over ``refuse_over`` bytes like a producer's size check."""

    refuse_over: int = 10**9
    sent: list[dict[str, Any]] = field(default_factory=list)

    async def send(self, *, key: bytes | None, value: bytes, headers: dict[str, bytes]) -> None:
        if len(value) > self.refuse_over:
            raise RuntimeError("MessageSizeTooLargeError")
        self.sent.append({"key": key, "value": value, "headers": headers})


def run(topic: Topic, value: bytes | None, limit: int = 1_000_000) -> bool:
    return asyncio.run(dead_letter(topic, Event(Message(value)), "oversized", "detail", limit=limit))  # type: ignore[arg-type]


def test_small_value_goes_whole() -> None:
    topic = Topic()
    assert run(topic, b"{bad")
    (record,) = topic.sent
    assert record["value"] == b"{bad" and record["headers"][HEADER_REASON] == b"oversized"
    assert HEADER_TRUNCATED not in record["headers"]


def test_value_over_the_producer_limit_goes_as_a_prefix_with_size_and_digest() -> None:
    topic = Topic()
    value = b"x" * 1_020_000
    assert run(topic, value)
    (record,) = topic.sent
    assert record["value"] == value[:PREFIX_BYTES]
    headers = record["headers"]
    assert headers[HEADER_ORIGINAL_BYTES] == b"1020000"
    assert headers[HEADER_ORIGINAL_SHA256] == hashlib.sha256(value).hexdigest().encode()


def test_refused_send_falls_back_to_the_prefix() -> None:
    topic = Topic(refuse_over=500_000)
    assert run(topic, b"y" * 600_000)
    (record,) = topic.sent
    assert len(record["value"]) == PREFIX_BYTES


def test_a_dead_letter_that_cannot_be_sent_is_reported_not_raised() -> None:
    topic = Topic(refuse_over=10)
    assert run(topic, b"z" * 100) is False
    assert topic.sent == []
