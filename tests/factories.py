"""Factories for test data: comment events as dicts, bytes and models."""

from __future__ import annotations

import itertools
import json
from typing import Any

from streams.contracts import CommentEvent

_ids = itertools.count(1)


def event_dict(**overrides: Any) -> dict[str, Any]:
    """A valid comment event as a dict; any field can be overridden."""
    n = next(_ids)
    base: dict[str, Any] = {
        "comment_id": f"c-{n}",
        "thread_id": f"t-{n % 97}",
        "author_id": f"a-{n}",
        "text": "I think the council made the right call on the new bike lanes.",
        "created_at": "2026-11-24T10:00:00Z",
    }
    base.update(overrides)
    return base


def event_bytes(**overrides: Any) -> bytes:
    """A valid comment event as it arrives on the wire."""
    return json.dumps(event_dict(**overrides), ensure_ascii=False).encode()


def event_model(**overrides: Any) -> CommentEvent:
    """A valid comment event as the contract model."""
    return CommentEvent.model_validate(event_dict(**overrides))
