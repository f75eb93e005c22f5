"""``modstream classify``: JSONL events in, JSONL decisions out, through the worker's own code.

Same parse -> normalise -> score -> decide path as the worker; malformed lines are reported
(as JSON on the error stream, with the reason) and skipped, never silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from streams.contracts import CommentEvent, Decision, InvalidEvent, parse_event
from streams.intel import TenantSettings, Topology, comment_record
from streams.pipeline import Moderator


@dataclass(frozen=True, slots=True)
class Rejected:
    """A line that is not a valid event, with the same reason code the worker dead-letters with."""

    line_number: int
    reason: str
    detail: str

    def to_json(self) -> str:
        """One JSON line for the error stream."""
        return json.dumps(
            {"line": self.line_number, "reason": self.reason, "detail": self.detail},
            ensure_ascii=False,
        )


def classify_lines(
    lines: Iterable[bytes],
    moderator: Moderator,
    *,
    batch_size: int = 256,
    max_bytes: int = 256 * 1024,
    max_text_chars: int = 20_000,
    stateful: bool = True,
) -> Iterator[Decision | Rejected]:
    """Decide every event in input order; yield decisions (and revisions) or rejections.

    With ``stateful`` the stream rules run in-process on the in-memory topology (the worker's
    stages, one partition each), each comment delivered in input order: its decision is followed by
    any revised decisions (higher ``revision``) it causes for itself or earlier comments.
    """
    intel = _Intel(moderator) if stateful else None
    batch: list[CommentEvent] = []
    for number, line in enumerate(lines, start=1):
        try:
            batch.append(parse_event(line, max_bytes=max_bytes, max_text_chars=max_text_chars))
        except InvalidEvent as exc:
            yield from _flush(batch, moderator, intel)
            batch = []
            yield Rejected(number, exc.reason, exc.detail)
            continue
        if len(batch) >= batch_size:
            yield from _flush(batch, moderator, intel)
            batch = []
    yield from _flush(batch, moderator, intel)


class _Intel:
    """The stream rules for one classify run."""

    def __init__(self, moderator: Moderator) -> None:
        self.settings = TenantSettings(moderator.policy)
        self.topology = Topology(self.settings)


def _flush(batch: list[CommentEvent], moderator: Moderator, intel: _Intel | None) -> Iterator[Decision]:
    moderated = moderator.moderate(batch)
    if intel is None:
        for item in moderated:
            yield item.decision
        return
    records = (
        comment_record(item, item.decision.model_dump_json().encode(), intel.settings(item.event.tenant))
        for item in moderated
    )
    for published in intel.topology.run(records):
        yield Decision.model_validate_json(published.value)
