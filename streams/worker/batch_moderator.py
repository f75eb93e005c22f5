"""Raw event bytes in, encoded decisions out: everything per comment that can leave the event loop.

Runs in the worker's model process (or a thread): parse and validate each event, moderate the
batch, encode each decision once and, when the stateful rules are on, build its author-topic
record (with the repeat digest and campaign fingerprint). What crosses back to the event loop is
small tuples of bytes and strings, cheap to unpickle.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import NamedTuple

from streams.contracts import CommentEvent, EncodedDecision, InvalidEvent, parse_event
from streams.intel import TenantSettings, author_route, comment_record
from streams.intel.records import encode
from streams.pipeline import Moderated, Moderator
from streams.policy import Policy

log = logging.getLogger(__name__)


class Scored(NamedTuple):
    """One comment's outcome: its decision, ready to publish, and its author record if stateful."""

    position: int
    """Position of the event in the input batch."""
    decision: EncodedDecision
    created_at: float
    """The event's ``created_at`` (epoch seconds)."""
    route: str
    """The author topic's routing key."""
    record: bytes | None
    """The author-topic record (:class:`streams.intel.CommentRecord`, MessagePack, the decision bytes
    inside), when the stateful rules are on."""


class Rejected(NamedTuple):
    """An event that gets no decision: it goes to the dead-letter topic with this reason."""

    position: int
    reason: str
    detail: str


class BatchResult(NamedTuple):
    """A batch's outcomes, in input order within each list."""

    scored: list[Scored]
    rejected: list[Rejected]


class BatchModerator:
    """Parses, moderates and encodes batches of raw comment events."""

    def __init__(
        self,
        moderator: Moderator,
        *,
        max_event_bytes: int,
        max_text_chars: int,
        stateful: bool,
    ) -> None:
        self.moderator = moderator
        self.max_event_bytes = max_event_bytes
        self.max_text_chars = max_text_chars
        self.intel = TenantSettings(moderator.policy) if stateful else None

    def set_policy(self, policy: Policy) -> None:
        """Decide from now on under ``policy`` (a reload; call between batches, in the running thread)."""
        self.moderator.policy = policy
        if self.intel is not None:
            self.intel = TenantSettings(policy)

    def run(self, values: Sequence[bytes | None], stamps: Sequence[float]) -> BatchResult:
        """Decide a batch of raw event values; ``stamps`` are their ``perf_counter`` arrival times."""
        rejected: list[Rejected] = []
        good: list[tuple[int, CommentEvent]] = []
        for i, raw in enumerate(values):
            try:
                good.append(
                    (i, parse_event(raw, max_bytes=self.max_event_bytes, max_text_chars=self.max_text_chars))
                )
            except InvalidEvent as exc:
                rejected.append(Rejected(i, exc.reason, exc.detail))
        moderated = self._moderate(good, stamps, rejected)
        scored = [self._encode(i, item) for i, item in moderated]
        rejected.sort()
        return BatchResult(scored=scored, rejected=rejected)

    def _moderate(
        self, good: list[tuple[int, CommentEvent]], stamps: Sequence[float], rejected: list[Rejected]
    ) -> list[tuple[int, Moderated]]:
        """The batch at once; if that fails, one by one, so one poisoned event costs only itself."""
        if not good:
            return []
        try:
            items = self.moderator.moderate([e for _, e in good], [stamps[i] for i, _ in good])
            return [(i, item) for (i, _), item in zip(good, items, strict=True)]
        except Exception:  # a bug or a poisoned event: isolate it
            log.exception("batch failed; retrying one by one")
        out: list[tuple[int, Moderated]] = []
        for i, event in good:
            try:
                out += [(i, item) for item in self.moderator.moderate([event], [stamps[i]])]
            except Exception as exc:
                rejected.append(Rejected(i, "processing_error", f"{type(exc).__name__}: {exc}"))
        return out

    def _encode(self, index: int, item: Moderated) -> Scored:
        event = item.event
        encoded = EncodedDecision.of(item.decision)
        record = None
        if self.intel is not None:
            record = encode(comment_record(item, encoded.value, self.intel(event.tenant)))
        return Scored(
            position=index,
            decision=encoded,
            created_at=event.created_at.timestamp(),
            route=author_route(event.tenant, event.author_id),
            record=record,
        )
