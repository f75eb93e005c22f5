"""Bodies of the native routes: ``/v1/moderate`` and ``/v1/moderate:batch``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from streams.contracts import CommentEvent, Decision

MAX_BATCH = 100


class ServedDecision(Decision):
    """A decision from the same code as the worker, before any stream rule (none apply over HTTP)."""

    model_config = ConfigDict(title="modstream served decision v1")

    stream_rules: Literal["not_applied"] = Field(
        "not_applied", description="Stream rules (campaigns, repeat offenders, floods) are not applied here."
    )


class BatchRequest(BaseModel):
    """Up to 100 comment events (the Kafka contract)."""

    model_config = ConfigDict(extra="ignore")

    events: list[CommentEvent] = Field(min_length=1, max_length=MAX_BATCH)


class BatchResponse(BaseModel):
    """One decision per event, in request order."""

    decisions: list[ServedDecision]
    stream_rules: Literal["not_applied"] = "not_applied"
