"""What a stage returns for one input: decisions to publish, records for other stages, counts.

Stages never touch Kafka or the metrics registry: a driver (the worker's Faust agents, or the
in-memory :class:`~streams.intel.topology.Topology`) sends the records and turns the counts into
metrics.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from streams.intel.records import CampaignVerdict, Candidate, ThreadTick, ThreadVerdict


@dataclass(frozen=True, slots=True)
class Published:
    """One decision record for ``moderation.decisions``: a comment's first decision or a change of it."""

    comment_id: str
    tenant: str
    revision: int
    action: str
    reasons: tuple[str, ...]
    value: bytes
    """The decision document, JSON."""
    previous_action: str | None = None
    """The action this revision replaces (None at revision 0)."""
    cause: str = "model"
    """What made this record: ``model`` (revision 0), or the rule behind a revision."""


@dataclass(slots=True)
class Output:
    """Everything one input caused."""

    published: list[Published] = field(default_factory=list)
    threads: list[ThreadTick] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    verdicts: list[ThreadVerdict | CampaignVerdict] = field(default_factory=list)
    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    """Rule events, e.g. ``("flood", "author")``, ``("escalation", "allow", "flag")``, ``("campaign",)``."""

    def extend(self, other: Output) -> None:
        self.published += other.published
        self.threads += other.threads
        self.candidates += other.candidates
        self.verdicts += other.verdicts
        self.counts.update(other.counts)
