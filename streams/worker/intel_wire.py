"""The author-topic record: one moderated comment as the author stage receives it.

Written in the model process, read on the worker's event loop. It carries no text: the repeat
digest and the campaign fingerprint were computed where the comment was scored
(:func:`streams.intel.comment_facts`). The model's decision travels as JSON text, so the author
stage can publish it unchanged without serialising it again. Records of older workers (text
instead of facts, the decision as an object) are still read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from streams.contracts import Decision
from streams.intel import AuthorInput, CommentFacts, IntelSettings, IntelStateError, comment_facts
from streams.pipeline import Moderated

_DECISION_FIELDS = frozenset({"comment_id", "tenant", "action", "scores", "reasons"})
"""What the author stage reads of a decision it may publish as received."""


def decision_from_wire(value: Any) -> Decision:
    """A decision carried inside an intel record: a JSON string (a dict from older workers).

    Raises ``ValueError`` (pydantic's ``ValidationError``) or ``TypeError`` when it is not one.
    """
    if isinstance(value, str | bytes):
        return Decision.model_validate_json(value)
    return Decision.model_validate(value)


def route_key(tenant: str, author_id: str) -> str:
    """What the author topic is partitioned by."""
    return f"{tenant}|{author_id}"


def encode_author_record(item: Moderated, decision_json: str, facts: CommentFacts) -> bytes:
    """``item`` as an author-topic record (JSON); ``decision_json`` is its decision, encoded."""
    event = item.event
    record = {
        "c": event.comment_id,
        "th": event.thread_id,
        "a": event.author_id,
        "tn": event.tenant,
        "ts": event.created_at.timestamp(),
        "d": decision_json,
        "rk": facts.repeat_digest,
        "sg": facts.signature,
        "bk": list(facts.band_keys),
    }
    return json.dumps(record, separators=(",", ":")).encode()


def decode_author_record(record: Any, settings: Callable[[str], IntelSettings]) -> AuthorInput:
    """An author-topic record (parsed JSON) as the author stage's input; :class:`IntelStateError` if bad."""
    try:
        raw = record["d"]
        if isinstance(raw, str):
            decision, text = json.loads(raw), raw
        else:  # an older worker sent the decision as an object
            text = Decision.model_validate(raw).model_dump_json()
            decision = json.loads(text)
        if not isinstance(decision, dict) or not decision.keys() >= _DECISION_FIELDS:
            raise ValueError(f"the decision lacks some of {sorted(_DECISION_FIELDS)}")
        tenant = str(record["tn"])
        if "nt" in record:  # an older worker sent the text: compute the facts here
            facts = comment_facts(_Legacy.of(record, decision), settings(tenant))
        else:
            facts = CommentFacts(
                repeat_digest=record["rk"], signature=record["sg"], band_keys=tuple(record["bk"])
            )
        return AuthorInput(
            comment_id=str(record["c"]),
            thread_id=str(record["th"]),
            author_id=str(record["a"]),
            tenant=tenant,
            ts=float(record["ts"]),
            decision_text=text,
            decision=decision,
            facts=facts,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IntelStateError(f"malformed author record: {exc}") from None


@dataclass(frozen=True, slots=True)
class _LegacyEvent:
    comment_id: str
    thread_id: str
    author_id: str
    tenant: str
    author_name: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class _LegacyText:
    text: str
    urls: tuple[str, ...]
    n_money: int
    n_phone: int


@dataclass(frozen=True, slots=True)
class _Legacy:
    """A record of an older worker, read as a moderated comment (for :func:`comment_facts`)."""

    event: _LegacyEvent
    normalized: _LegacyText
    decision: Decision

    @classmethod
    def of(cls, record: dict[str, Any], decision: dict[str, Any]) -> _Legacy:
        return cls(
            event=_LegacyEvent(
                comment_id=record["c"],
                thread_id=record["th"],
                author_id=record["a"],
                tenant=record["tn"],
                author_name=record.get("an"),
                created_at=datetime.fromtimestamp(float(record["ts"]), UTC),
            ),
            normalized=_LegacyText(
                text=record["nt"], urls=tuple(record["u"]), n_money=int(record["m"]), n_phone=int(record["p"])
            ),
            decision=Decision.model_validate(decision),
        )
