"""The stream rules' topology in memory: dict-backed topics and stores, any delivery order.

The same three stages the worker runs on Faust agents, driven here without a broker:

    comment records --> authors (tenant|author) --> decisions (published)
                           |--> threads (tenant|thread) --ThreadVerdict--> authors
                           '--> bands (band key)        --CampaignVerdict-> authors

Each stage has ``partitions`` queues, routed by the same BLAKE2b hash as the worker. ``modstream
classify`` runs it with every queue drained after each comment; the tests run it with a chosen
interleaving (:meth:`Topology.step` on any non-empty queue) to show that the order of delivery
does not change the final decisions.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from streams.intel.authors import AuthorStage
from streams.intel.campaigns import BandStage
from streams.intel.outcome import Output, Published
from streams.intel.records import (
    AuthorMessage,
    Candidate,
    CommentRecord,
    ThreadTick,
    decode_author,
    decode_band,
    decode_thread,
    encode,
)
from streams.intel.settings import IntelSettings
from streams.intel.state import Retention, StateStore
from streams.intel.threads import ThreadStage

STAGES = ("authors", "threads", "bands")
_WIRE: dict[str, Callable[[bytes], Any]] = {"authors": decode_author, "threads": decode_thread, "bands": decode_band}


def partition_for(routing_key: str, partitions: int) -> int:
    """The partition of a routing key: stable across processes and restarts (never ``hash()``)."""
    digest = hashlib.blake2b(routing_key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % partitions


def author_route(tenant: str, author_id: str) -> str:
    """What the author stage is partitioned by."""
    return f"{tenant}|{author_id}"


@dataclass(slots=True)
class Routed:
    """An output record and where it goes."""

    stage: str
    partition: int
    record: Any


def route(out: Output, partitions: int) -> list[Routed]:
    """Where each record ``out`` holds for another stage goes (candidates split by band partition)."""
    routed: list[Routed] = []
    for tick in out.threads:
        routed.append(Routed("threads", partition_for(f"{tick.tenant}|{tick.thread_id}", partitions), tick))
    for c in out.candidates:
        by_partition: dict[int, list[str]] = defaultdict(list)
        for key in c.keys:
            by_partition[partition_for(key, partitions)].append(key)
        for partition, keys in by_partition.items():
            part = Candidate(c.comment_id, c.tenant, c.author_id, c.ts, c.spam, c.signature, tuple(keys))
            routed.append(Routed("bands", partition, part))
    for verdict in out.verdicts:
        partition = partition_for(author_route(verdict.tenant, verdict.author_id), partitions)
        routed.append(Routed("authors", partition, verdict))
    return routed


def record_time(record: Any) -> float | None:
    """A record's rule time (verdicts have none: they do not move a clock)."""
    ts = getattr(record, "ts", None)
    return float(ts) if ts is not None else None


class Stages:
    """The three stages and their settings (shared by both drivers)."""

    def __init__(self, settings: Callable[[str], IntelSettings]) -> None:
        self.settings = settings
        self.authors = AuthorStage(settings)
        self.threads = ThreadStage(settings)
        self.bands = BandStage(settings)

    def handle(self, stage: str, store: StateStore, record: Any, out: Output) -> None:
        """Apply one record to the stage's store."""
        if stage == "authors":
            self.authors.handle(store, record, out)
        elif stage == "threads":
            self.threads.handle(store, record, out)
        else:
            self.bands.handle(store, record, out)

    def expiry_of(self, stage: str) -> Callable[[str, bytes], float]:
        return {"authors": self.authors.expiry_of, "threads": self.threads.expiry_of, "bands": self.bands.expiry_of}[
            stage
        ]


class Topology:
    """The stages over in-memory queues and stores."""

    def __init__(self, settings: Callable[[str], IntelSettings], partitions: int = 1) -> None:
        self.stages = Stages(settings)
        self.partitions = partitions
        self.queues: dict[tuple[str, int], deque[Any]] = {
            (stage, p): deque() for stage in STAGES for p in range(partitions)
        }
        self.stores = {stage: StateStore({}) for stage in STAGES}
        self.retention = {stage: Retention() for stage in STAGES}
        self.counts: Counter[tuple[str, ...]] = Counter()

    def submit(self, record: CommentRecord) -> None:
        """A scored comment enters (to its author partition)."""
        partition = partition_for(author_route(record.tenant, record.author_id), self.partitions)
        self.queues[("authors", partition)].append(decode_author(encode(record)))

    def ready(self) -> list[tuple[str, int]]:
        """Queues with records waiting."""
        return [where for where, queue in self.queues.items() if queue]

    def step(self, stage: str, partition: int) -> list[Published]:
        """Deliver the next record of one queue; the decisions it published."""
        record: AuthorMessage | ThreadTick | Candidate = self.queues[(stage, partition)].popleft()
        out = Output()
        store = self.stores[stage]
        self.stages.handle(stage, store, record, out)
        for routed in route(out, self.partitions):  # through their wire form, as on Kafka
            wire = _WIRE[routed.stage](encode(routed.record))
            self.queues[(routed.stage, routed.partition)].append(wire)
        retention = self.retention[stage]
        ts = record_time(record)
        if ts is not None:
            retention.advance(partition, ts)
        retention.note(partition, store.take_written())
        retention.sweep(partition, store, self.stages.expiry_of(stage))
        store.take_written()  # deletes only
        self.counts.update(out.counts)
        return out.published

    def drain(self) -> Iterator[Published]:
        """Deliver everything waiting, stage by stage, until nothing is left."""
        while True:
            ready = self.ready()
            if not ready:
                return
            for stage, partition in ready:
                while self.queues[(stage, partition)]:
                    yield from self.step(stage, partition)

    def run(self, records: Iterable[CommentRecord]) -> Iterator[Published]:
        """Offline, in input order: each comment's decision, then whatever revisions it caused."""
        for record in records:
            self.submit(record)
            yield from self.drain()

    def keys(self) -> dict[str, int]:
        """Keys held per stage."""
        return {stage: len(store.raw) for stage, store in self.stores.items()}


def final(published: Iterable[Published]) -> dict[str, Published]:
    """What a consumer keeping the highest revision per comment id ends with."""
    out: dict[str, Published] = {}
    for p in published:
        known = out.get(p.comment_id)
        if known is None or p.revision > known.revision:
            out[p.comment_id] = p
    return out
