"""Shared vocabulary of the stream rules: input protocols, reasons, the rules' clock.

Revisions: a comment's first decision has revision 0; each later change of its action or reasons
(published by the author stage, the one place that publishes decisions) has the next number. A
consumer that keeps the highest revision per comment id has the current decision.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from streams.contracts import Decision

REASON_CAMPAIGN = "campaign"
REASON_ESCALATION = "author-escalation"
REASON_FLOOD = "flood"
REASON_REPEAT = "identical-repeat"


class NormalizedLike(Protocol):
    """What the rules read of ``streams.normalize.NormalizedText``."""

    @property
    def text(self) -> str: ...

    @property
    def urls(self) -> Sequence[str]: ...

    @property
    def n_money(self) -> int: ...

    @property
    def n_phone(self) -> int: ...


class EventLike(Protocol):
    """What the rules read of ``streams.contracts.CommentEvent``."""

    @property
    def comment_id(self) -> str: ...

    @property
    def thread_id(self) -> str: ...

    @property
    def author_id(self) -> str: ...

    @property
    def tenant(self) -> str: ...

    @property
    def author_name(self) -> str | None: ...

    @property
    def created_at(self) -> datetime: ...


class ModeratedLike(Protocol):
    """What the rules read of ``streams.pipeline.Moderated``."""

    @property
    def event(self) -> EventLike: ...

    @property
    def normalized(self) -> NormalizedLike: ...

    @property
    def decision(self) -> Decision: ...


def event_time(event: EventLike) -> float:
    """The rules' clock: the event's own ``created_at`` (makes replays deterministic)."""
    return event.created_at.timestamp()


def short_hash(text: str, nbytes: int = 8) -> str:
    """A process-independent hex digest (never Python's salted ``hash()``)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=nbytes).hexdigest()
