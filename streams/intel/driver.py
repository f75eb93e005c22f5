"""One internal-topic message through its stage: what the worker's agents do with a message, minus Faust.

A message on an internal topic is a batch of records (:func:`streams.intel.records.encode_batch`)
for one partition of one stage. :meth:`BatchDriver.handle` applies them in order to the stage's
store, advances the partition's rule-time clock, and returns the decisions to publish, the records
for other stages grouped by destination partition, the rule counts, and the records that failed
(with the exception), so that one bad record never costs its batch-mates their decisions.
Retention (the sweep of expired keys) runs once per message. Several messages taken together add
to one :class:`BatchResult`, so their records for another stage go out as one message per
destination partition. The worker sends what it returns
(``streams.worker.intel_agents``), and hands the author records of the partitions it owns to
:meth:`BatchDriver.handle_records` directly, without the author topic; ``scripts/profile-intel.py``
drives it in memory.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from streams.intel.exceptions import IntelStateError
from streams.intel.outcome import Output, Published
from streams.intel.records import (
    DecodeError,
    decode_author,
    decode_band,
    decode_thread,
    encode,
    encode_batch,
    split_batch,
)
from streams.intel.state import Retention, StateStore
from streams.intel.topology import STAGES, Stages, route

_DECODE: dict[str, Callable[[bytes], Any]] = {"authors": decode_author, "threads": decode_thread, "bands": decode_band}


@dataclass(slots=True)
class BatchResult:
    """What one or more messages caused."""

    published: list[Published] = field(default_factory=list)
    outgoing: dict[tuple[str, int], list[bytes]] = field(default_factory=lambda: defaultdict(list))
    """The encoded records for each (stage, partition) they go to."""
    counts: Counter[tuple[str, ...]] = field(default_factory=Counter)
    failed: list[tuple[bytes, Exception]] = field(default_factory=list)
    """Records that could not be decoded or handled, with why."""

    @property
    def messages(self) -> list[tuple[tuple[str, int], bytes]]:
        """One message for each (stage, partition) that records go to."""
        return [(where, encode_batch(records)) for where, records in self.outgoing.items()]


class BatchDriver:
    """The stages over one store per stage (any byte mapping), with a rule-time clock per partition."""

    def __init__(self, stages: Stages, raw: Mapping[str, MutableMapping[str, Any]], partitions: int) -> None:
        self.stages = stages
        self.partitions = partitions
        self.stores = {stage: StateStore(raw[stage]) for stage in STAGES}
        self.retention = {stage: Retention() for stage in STAGES}

    def handle(self, stage: str, partition: int, message: bytes, result: BatchResult | None = None) -> BatchResult:
        """Apply one message of ``stage``'s partition ``partition``, adding what it caused to ``result``
        (a new one if None); ``IntelStateError`` if the message is unreadable."""
        try:
            raws = split_batch(message)
        except DecodeError as exc:
            raise IntelStateError(f"unreadable {stage} batch: {exc}") from None
        return self.handle_records(stage, partition, raws, result)

    def handle_records(
        self, stage: str, partition: int, raws: list[bytes], result: BatchResult | None = None
    ) -> BatchResult:
        """Apply the encoded records of one message (or what one would hold) of ``stage``'s partition
        ``partition``, adding what they caused to ``result`` (a new one if None)."""
        store = self.stores[stage]
        retention = self.retention[stage]
        decode = _DECODE[stage]
        result = BatchResult() if result is None else result
        outgoing = result.outgoing
        for raw in raws:
            out = Output()
            try:
                record = decode(raw)
                self.stages.handle(stage, store, record, out)
            except Exception as exc:  # one bad record or rule bug must not cost its batch-mates their decisions
                result.failed.append((raw, exc))
                continue
            ts = getattr(record, "ts", None)
            if ts is not None:
                retention.advance(partition, float(ts))
            result.published += out.published
            for r in route(out, self.partitions):
                outgoing[(r.stage, r.partition)].append(encode(r.record))
            result.counts.update(out.counts)
        retention.note(partition, store.take_written())
        retention.sweep(partition, store, self.stages.expiry_of(stage))
        store.take_written()  # deletes only
        return result
