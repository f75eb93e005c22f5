"""Dead-lettering: the original bytes go to the DLQ topic untouched, the reason rides in headers."""

from __future__ import annotations

from faust.types import EventT, TopicT

from streams.contracts import utc_now
from streams.metrics import DEAD_LETTERS

HEADER_REASON = "modstream-reason"
HEADER_DETAIL = "modstream-detail"
HEADER_SOURCE = "modstream-source"


def dead_letter_headers(reason: str, detail: str, event: EventT) -> dict[str, bytes]:
    """Headers that say why and where from: reason code, detail, topic/partition/offset, time."""
    message = event.message
    return {
        HEADER_REASON: reason.encode(),
        HEADER_DETAIL: detail[:1000].encode("utf-8", "replace"),
        HEADER_SOURCE: f"{message.topic}/{message.partition}/{message.offset}".encode(),
        "modstream-dead-lettered-at": utc_now().isoformat().encode(),
    }


async def dead_letter(topic: TopicT, event: EventT, reason: str, detail: str) -> None:
    """Publish the event's original key and value to ``topic`` with the reason."""
    message = event.message
    await topic.send(
        key=message.key,
        value=message.value if message.value is not None else b"",
        headers=dead_letter_headers(reason, detail, event),
    )
    DEAD_LETTERS.labels(reason=reason).inc()
