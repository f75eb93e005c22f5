"""Wire contracts: comment events, decisions, dead letters and moderator feedback."""

from streams.contracts.encoded import EncodedDecision
from streams.contracts.events import (
    ACTION_RANK,
    ACTIONS,
    SCHEMA_VERSION,
    Action,
    CommentEvent,
    Contribution,
    Decision,
    trusted_decision,
    utc_now,
)
from streams.contracts.exceptions import ContractError, InvalidEvent
from streams.contracts.feedback import (
    FeedbackEvent,
    FeedbackSource,
    Verdict,
    hash_moderator_id,
    parse_feedback,
)
from streams.contracts.parse import parse_event

__all__ = [
    "ACTIONS",
    "ACTION_RANK",
    "SCHEMA_VERSION",
    "Action",
    "CommentEvent",
    "ContractError",
    "Contribution",
    "Decision",
    "EncodedDecision",
    "FeedbackEvent",
    "FeedbackSource",
    "InvalidEvent",
    "Verdict",
    "hash_moderator_id",
    "parse_event",
    "parse_feedback",
    "trusted_decision",
    "utc_now",
]
