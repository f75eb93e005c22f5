"""Feedback contract: a moderator's verdict on one comment, on the ``moderation.feedback`` topic."""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from streams.contracts.exceptions import InvalidEvent
from streams.contracts.parse import decode_json_object, describe_validation_error

Verdict = Literal["approve", "reject", "relabel"]
FeedbackSource = Literal["platform", "cli", "suggestscore"]

MAX_FEEDBACK_BYTES = 256 * 1024


class FeedbackEvent(BaseModel):
    """A moderator's verdict on one comment, on the `moderation.feedback` topic keyed by comment id."""

    model_config = ConfigDict(extra="ignore", frozen=True, title="modstream feedback v1")

    schema_version: Literal[1] = Field(1, description="Contract version.")
    comment_id: str = Field(
        min_length=1, max_length=256, description="The comment (and decision) the verdict concerns."
    )
    verdict: Verdict = Field(
        description="approve: the comment is fine; reject: it should be hidden; relabel: labels given."
    )
    labels: list[str] = Field(
        default_factory=list, description="Labels the moderator says apply (reject/relabel); may be empty."
    )
    moderator_id: str | None = Field(
        None,
        description="sha256 hex of the moderator id (see hash_moderator_id), never the raw id.",
    )
    decided_at: AwareDatetime = Field(description="When the moderator decided (RFC 3339 with offset).")
    tenant: str = Field("default", min_length=1, max_length=128, description="Platform or site.")
    source: FeedbackSource = Field("platform", description="Who sent the verdict.")
    text: str | None = Field(
        None, description="The comment text, only when the platform allows storing it."
    )
    attribute_scores: dict[str, float] = Field(
        default_factory=dict, description="Scores the moderator gave, label -> 0..1 (e.g. suggestscore's)."
    )


def hash_moderator_id(raw: str, salt: str = "") -> str:
    """The sha256 hex digest of ``salt + raw``: what ``FeedbackEvent.moderator_id`` carries."""
    return hashlib.sha256((salt + raw).encode("utf-8")).hexdigest()


def parse_feedback(raw: bytes | None, *, max_bytes: int = MAX_FEEDBACK_BYTES) -> FeedbackEvent:
    """Decode and validate one feedback message; raise ``InvalidEvent`` with a stable reason otherwise.

    Reason codes: ``empty``, ``oversized``, ``invalid_utf8``, ``invalid_json``, ``not_an_object``,
    ``invalid_fields``, ``too_deep`` (the same codes as comment events).
    """
    payload = decode_json_object(raw, max_bytes=max_bytes)
    try:
        return FeedbackEvent.model_validate(payload)
    except ValidationError as exc:
        raise InvalidEvent("invalid_fields", describe_validation_error(exc)) from None
