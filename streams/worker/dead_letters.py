"""Dead-lettering: the original bytes go to the DLQ topic, the reason rides in headers.

A value the dead-letter producer cannot carry (larger than its request limit, or refused when sent)
is replaced by its first :data:`PREFIX_BYTES` bytes, with its size and SHA-256 in headers, so the
record still says what arrived and why it was rejected. A dead letter that cannot be sent even
then is logged and counted (``modstream_dead_letter_failures_total``); it never stops the agent.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging

from faust.types import EventT, TopicT

from streams.contracts import utc_now
from streams.metrics import DEAD_LETTER_FAILURES, DEAD_LETTERS

log = logging.getLogger(__name__)

HEADER_REASON = "modstream-reason"
HEADER_DETAIL = "modstream-detail"
HEADER_SOURCE = "modstream-source"
HEADER_TRUNCATED = "modstream-truncated"
HEADER_ORIGINAL_BYTES = "modstream-original-bytes"
HEADER_ORIGINAL_SHA256 = "modstream-original-sha256"

PREFIX_BYTES = 64 * 1024
"""Bytes of an oversized value kept in its dead letter."""
RECORD_OVERHEAD = 4 * 1024
"""Room left in the producer's request limit for the record's key, headers and framing."""
DEFAULT_LIMIT = 1_000_000
"""The dead-letter producer's ``max_request_size`` (Faust's default)."""


def dead_letter_headers(reason: str, detail: str, event: EventT) -> dict[str, bytes]:
    """Headers that say why and where from: reason code, detail, topic/partition/offset, time."""
    message = event.message
    return {
        HEADER_REASON: reason.encode(),
        HEADER_DETAIL: detail[:1000].encode("utf-8", "replace"),
        HEADER_SOURCE: f"{message.topic}/{message.partition}/{message.offset}".encode(),
        "modstream-dead-lettered-at": utc_now().isoformat().encode(),
    }


def truncated(value: bytes, headers: dict[str, bytes]) -> tuple[bytes, dict[str, bytes]]:
    """The first :data:`PREFIX_BYTES` of ``value`` and headers naming its full size and digest."""
    prefix = value[:PREFIX_BYTES]
    return prefix, {
        **headers,
        HEADER_TRUNCATED: str(len(prefix)).encode(),
        HEADER_ORIGINAL_BYTES: str(len(value)).encode(),
        HEADER_ORIGINAL_SHA256: hashlib.sha256(value).hexdigest().encode(),
    }


async def dead_letter(
    topic: TopicT, event: EventT, reason: str, detail: str, *, limit: int = DEFAULT_LIMIT
) -> bool:
    """Publish the event's key and value (or a bounded prefix) to ``topic`` with the reason.

    ``limit`` is the producer's request size limit. True when a dead letter was sent; never raises
    (except cancellation).
    """
    message = event.message
    key = message.key if isinstance(message.key, bytes) or message.key is None else str(message.key).encode()
    value = message.value if message.value is not None else b""
    headers = dead_letter_headers(reason, detail, event)
    attempts: list[tuple[bytes, dict[str, bytes]]] = []
    if len(value) + len(key or b"") + RECORD_OVERHEAD <= limit:
        attempts.append((value, headers))
    if len(value) > PREFIX_BYTES:
        attempts.append(truncated(value, headers))
    for body, attempt_headers in attempts:
        try:
            await topic.send(key=key, value=body, headers=attempt_headers)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("dead letter for %s/%s/%s not sent (%s: %s)%s", message.topic, message.partition,
                        message.offset, type(exc).__name__, exc,
                        "; retrying with a bounded prefix" if body is not attempts[-1][0] else "")
            continue
        DEAD_LETTERS.labels(reason=reason).inc()
        return True
    DEAD_LETTER_FAILURES.inc()
    log.error("dead letter for %s/%s/%s (%s) could not be sent; the event is skipped",
              message.topic, message.partition, message.offset, reason)
    return False
