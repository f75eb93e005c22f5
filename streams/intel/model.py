"""Shared vocabulary of the stateful rules: input protocols, the store type, revisions, reasons.

Revision precedence (monotonic per comment id, whichever stage publishes it):

* ``0`` (:data:`REVISION_BASE`): model decision plus the author rules (identical repeat, author
  flood, repeat-offender escalation) -- decided where author state lives.
* ``1`` (:data:`REVISION_THREAD_FLOOD`): an allowed comment flagged because its thread floods.
* ``2`` (:data:`REVISION_CAMPAIGN`): a comment hidden as part of a cross-account campaign.

Every revision is built from the revision-0 decision, so a revision's content depends only on the
rule that produced it, never on which other revisions a consumer happened to see first.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from streams.contracts import Action, Decision, utc_now

Store = MutableMapping[str, Any]
"""Key -> JSON-serialisable value: a ``dict`` offline, a Faust ``Table`` in the worker."""

REVISION_BASE = 0
REVISION_THREAD_FLOOD = 1
REVISION_CAMPAIGN = 2

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


def revise(base: Decision, *, action: Action, reasons: Sequence[str], revision: int) -> Decision:
    """``base`` with a new action, ``reasons`` put first, and a new revision number."""
    merged = list(dict.fromkeys([*reasons, *base.reasons]))
    return base.model_copy(
        update={"action": action, "reasons": merged, "revision": revision, "decided_at": utc_now()}
    )
