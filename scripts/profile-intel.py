"""CPU time per comment of the stream rules as the worker runs them, without a broker.

Scores ``--n`` bench comments (``streams.bench.corpus``) once with the real model, then feeds their
author records to the stages the way the worker's agents do: one author-topic message per author
partition per poll batch (``--batch``), each stage taking up to ``--take`` waiting messages together
(:meth:`streams.intel.BatchDriver.handle` over a write-back buffer), whose changes are counted as
the changelog records the worker would send (one per changed key per take: the worker holds them
longer, so this is an upper bound). Prints the process CPU time per comment of
each stage, and the records the event loop would send per comment. ``--profile`` adds a cProfile
listing of the stage work.

    .venv/bin/python scripts/profile-intel.py --n 3000
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from collections import Counter, deque
from pathlib import Path
from typing import Any

import msgspec

from streams.bench.corpus import comment_events
from streams.contracts import EncodedDecision, parse_event
from streams.intel import BatchDriver, BatchResult, Stages, TenantSettings, author_route, comment_record, partition_for
from streams.intel.records import encode, encode_batch
from streams.intel.topology import STAGES
from streams.pipeline import Moderator
from streams.settings import Settings
from streams.worker.write_back import DELETED, WriteBackStore


def author_records(n: int, batch: int) -> tuple[list[list[tuple[str, bytes]]], TenantSettings]:
    """The bench comments' author records, per poll batch: (routing key, record bytes)."""
    settings = Settings()
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path)
    intel = TenantSettings(moderator.policy)
    cache = Path(f"/tmp/profile-intel-{n}-{batch}.msgpack")
    if cache.exists():
        return msgspec.msgpack.decode(cache.read_bytes(), type=list[list[tuple[str, bytes]]]), intel
    events = [
        parse_event(raw, max_bytes=settings.max_event_bytes, max_text_chars=settings.max_text_chars)
        for raw in comment_events(n)
    ]
    batches = []
    for start in range(0, n, batch):
        chunk = events[start : start + batch]
        items = moderator.moderate(chunk)
        batches.append(
            [
                (
                    author_route(item.event.tenant, item.event.author_id),
                    encode(comment_record(item, EncodedDecision.of(item.decision).value, intel(item.event.tenant))),
                )
                for item in items
            ]
        )
    cache.write_bytes(msgspec.msgpack.encode(batches))
    return batches, intel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=512)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--take", type=int, default=64, help="most messages a stage takes together (1: one by one)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    batches, intel = author_records(args.n, args.batch)
    stages = Stages(intel)
    tables: dict[str, dict[str, bytes]] = {stage: {} for stage in STAGES}
    buffers = {stage: WriteBackStore(tables[stage]) for stage in STAGES}
    driver = BatchDriver(stages, {stage: buffers[stage] for stage in STAGES}, args.partitions)
    cpu: Counter[str] = Counter()
    sent: Counter[str] = Counter()
    sent_bytes: Counter[str] = Counter()
    queues: dict[str, deque[tuple[int, bytes]]] = {stage: deque() for stage in STAGES}
    profiler = cProfile.Profile() if args.profile else None

    def run(stage: str, messages: list[tuple[int, bytes]]) -> None:
        """One take of the stage's agent: the waiting messages together; changes sent per take."""
        started = time.process_time()
        if profiler is not None:
            profiler.enable()
        result = BatchResult()
        table = tables[stage]
        for partition, message in messages:
            driver.handle(stage, partition, message, result)
            for key, value in buffers[stage].take().items():  # as DirectChangelog: the store, then a record
                held[(stage, partition, key)] = value
                if value is DELETED:
                    table.pop(key, None)
                else:
                    table[key] = value
        for (st, _, key), value in held.items():
            sent[f"changelog-{st}"] += 1
            sent_bytes[f"changelog-{st}"] += len(key) + (0 if value is DELETED else len(value))
        held.clear()
        out = result.messages
        if profiler is not None:
            profiler.disable()
        cpu[stage] += time.process_time() - started
        sent["decisions"] += len(result.published)
        sent_bytes["decisions"] += sum(len(p.value) for p in result.published)
        for (to, part), raw in out:
            sent[f"to-{to}"] += 1
            sent_bytes[f"to-{to}"] += len(raw)
            queues[to].append((part, raw))

    held: dict[tuple[str, int, str], Any] = {}
    for batch in batches:
        groups: dict[int, list[bytes]] = {}
        for route_key, record in batch:
            groups.setdefault(partition_for(route_key, args.partitions), []).append(record)
        for partition, records in groups.items():
            raw = encode_batch(records)
            sent["to-authors"] += 1
            sent_bytes["to-authors"] += len(raw)
            queues["authors"].append((partition, raw))
        while any(queues.values()):
            for stage in STAGES:
                if queues[stage]:
                    waiting = [queues[stage].popleft() for _ in range(min(args.take, len(queues[stage])))]
                    run(stage, waiting)
    n = sum(len(b) for b in batches)
    total = sum(cpu.values())
    print(f"{n} comments, batch {args.batch}, {args.partitions} partitions, take {args.take}; CPU ms per comment:")
    for stage in STAGES:
        print(f"  {stage:8s} {1000 * cpu[stage] / n:6.3f}")
    print(f"  {'total':8s} {1000 * total / n:6.3f}")
    print("records sent per comment (bytes per comment):")
    for what in sorted(sent):
        print(f"  {what:10s} {sent[what] / n:6.3f} ({sent_bytes[what] / n:,.0f} B)")
    print("keys held:", {stage: len(table) for stage, table in tables.items()})
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
