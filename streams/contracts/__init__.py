"""Wire contracts: comment events, decisions and dead letters."""

from streams.contracts.encoded import EncodedDecision
from streams.contracts.events import (
    ACTION_RANK,
    ACTIONS,
    SCHEMA_VERSION,
    Action,
    CommentEvent,
    Contribution,
    Decision,
    utc_now,
)
from streams.contracts.exceptions import ContractError, InvalidEvent
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
    "InvalidEvent",
    "parse_event",
    "utc_now",
]
