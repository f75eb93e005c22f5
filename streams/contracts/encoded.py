"""``EncodedDecision``: a decision serialised once, with the few fields the worker reads of it.

The model process encodes each decision where it is made; the worker's event loop then routes,
counts and publishes it without parsing or serialising it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from streams.contracts.events import Action, Decision


class EncodedDecision(NamedTuple):
    """A decision's wire bytes (JSON, UTF-8) and the fields metrics and routing need."""

    comment_id: str
    tenant: str
    action: Action
    reasons: tuple[str, ...]
    value: bytes
    lang: str | None = None

    @classmethod
    def of(cls, decision: Decision) -> EncodedDecision:
        """Encode ``decision``."""
        return cls(
            comment_id=decision.comment_id,
            tenant=decision.tenant,
            action=decision.action,
            reasons=tuple(decision.reasons),
            value=decision.model_dump_json().encode(),
            lang=decision.lang,
        )

    @classmethod
    def wrap(cls, doc: Mapping[str, Any], text: str) -> EncodedDecision:
        """Wrap a decision's JSON ``text``, already parsed as ``doc``, without serialising it again."""
        return cls(
            comment_id=doc["comment_id"],
            tenant=doc["tenant"],
            action=doc["action"],
            reasons=tuple(doc["reasons"]),
            value=text.encode(),
            lang=doc.get("lang"),
        )
