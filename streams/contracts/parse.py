"""Turn raw Kafka message bytes into a ``CommentEvent`` or a precise ``InvalidEvent``."""

from __future__ import annotations

import json

from pydantic import ValidationError

from streams.contracts.events import CommentEvent
from streams.contracts.exceptions import InvalidEvent


def describe_validation_error(error: ValidationError) -> str:
    """The first five field errors as one line: ``where: message; ...``."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item["loc"]) or "<event>"
        parts.append(f"{where}: {item['msg']}")
    return "; ".join(parts)


def parse_event(raw: bytes | None, *, max_bytes: int, max_text_chars: int) -> CommentEvent:
    """Decode and validate one event; raise ``InvalidEvent`` with a stable reason code otherwise.

    Reason codes: ``empty``, ``oversized``, ``invalid_utf8``, ``invalid_json``, ``not_an_object``,
    ``invalid_fields``, ``text_too_long``.
    """
    if not raw:
        raise InvalidEvent("empty", "message has no value")
    if len(raw) > max_bytes:
        raise InvalidEvent("oversized", f"{len(raw)} bytes > limit {max_bytes}")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvent("invalid_utf8", str(exc)) from None
    try:
        payload = json.loads(decoded)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InvalidEvent("invalid_json", str(exc)[:300]) from None
    if not isinstance(payload, dict):
        raise InvalidEvent("not_an_object", f"top-level JSON is {type(payload).__name__}")
    try:
        event = CommentEvent.model_validate(payload)
    except ValidationError as exc:
        raise InvalidEvent("invalid_fields", describe_validation_error(exc)) from None
    if len(event.text) > max_text_chars:
        raise InvalidEvent("text_too_long", f"{len(event.text)} characters > limit {max_text_chars}")
    return event
