"""The moderate agent applies the author stage itself for the author partitions this worker owns.

Driven without a broker: the worker's :class:`IntelStages` over a Faust app with in-memory tables,
its sends captured; whatever goes to an internal topic is handed back to the stage agents' own
path (:meth:`IntelStages.apply`). Whichever author partitions are owned, the final decisions are
``classify``'s, and each table change is held for the changelog partition that owns its key.
"""

from __future__ import annotations

import asyncio
from collections import deque
from types import SimpleNamespace
from typing import Any, cast

import faust
import pytest

from streams.intel import Published, author_route, partition_for
from streams.intel.records import CommentRecord, decode_author, encode, split_batch
from streams.settings import Settings
from streams.worker.batch_moderator import Scored
from streams.worker.intel_agents import IntelStages, owner
from tests.intel.test_topology import _POLICY, RECORDS, _classify, _summary

PARTITIONS = 4
BATCH = 16


def _stages(local: bool = True) -> tuple[IntelStages, list[Published], deque[tuple[str, int, bytes]]]:
    settings = Settings(app_id="t-local", topic_partitions=PARTITIONS, intel_local_authors=local)
    app = faust.App("t-local", broker="kafka://127.0.0.1:1", store="memory://")
    published: list[Published] = []

    async def publish(p: Published) -> None:
        published.append(p)

    stages = IntelStages(app, settings, _POLICY, publish)
    sent: deque[tuple[str, int, bytes]] = deque()
    names = {name: stage for stage, name in stages.topic_names.items()}

    async def send(topic: str, key: bytes | None, value: bytes | None, partition: int | None, *_: Any) -> None:
        if topic in names:  # changelog records are not replayed here: the tables already hold them
            assert value is not None and partition is not None
            sent.append((names[topic], partition, value))

    stages._send = send  # type: ignore[method-assign]
    return stages, published, sent


def _scored(records: list[CommentRecord]) -> list[Scored]:
    return [
        Scored(i, cast(Any, None), r.ts, author_route(r.tenant, r.author_id), encode(r)) for i, r in enumerate(records)
    ]


async def _run(stages: IntelStages, sent: deque[tuple[str, int, bytes]]) -> int:
    """The workload in moderate batches; internal messages delivered by the stage agents' path.
    Returns how many comment records went by the author topic."""
    by_topic = 0
    for start in range(0, len(RECORDS), BATCH):
        await stages.forward(_scored(RECORDS[start : start + BATCH]))
        while sent:
            stage, partition, value = sent.popleft()
            if stage == "authors":
                by_topic += sum(isinstance(decode_author(raw), CommentRecord) for raw in split_batch(value))
            event = SimpleNamespace(message=SimpleNamespace(partition=partition, value=value))
            await stages.emit(stage, stages.apply(stage, [cast(Any, event)]))
    return by_topic


@pytest.mark.parametrize("owned", [set(range(PARTITIONS)), {0, 2}, set()])
def test_any_owned_partitions_end_in_the_classify_decisions(owned: set[int]) -> None:
    stages, published, sent = _stages()
    stages.owned = frozenset(owned)
    by_topic = asyncio.run(_run(stages, sent))

    assert _summary(published) == _summary(_classify(RECORDS))
    remote = [r for r in RECORDS if partition_for(author_route(r.tenant, r.author_id), PARTITIONS) not in owned]
    assert by_topic == len(remote)  # exactly the comments of partitions owned elsewhere took the topic


def test_held_author_changes_go_to_the_changelog_partition_that_owns_the_key() -> None:
    stages, _, sent = _stages()
    stages.owned = frozenset({1, 3})
    stages.write_through = False  # held until the producer's flush, as in the worker
    asyncio.run(_run(stages, sent))

    pending = stages.changelogs["authors"].pending
    assert pending  # something was held
    for partition, changes in pending.items():
        for key, value in changes.items():
            if isinstance(value, bytes):
                assert partition_for(owner("authors", key, value), PARTITIONS) == partition


def test_without_local_authors_every_comment_takes_the_author_topic() -> None:
    stages, published, sent = _stages(local=False)
    stages.owned = frozenset(range(PARTITIONS))
    by_topic = asyncio.run(_run(stages, sent))

    assert by_topic == len(RECORDS)
    assert _summary(published) == _summary(_classify(RECORDS))


def test_a_rebalance_leaves_no_partition_owned_until_recovered() -> None:
    stages, _, _ = _stages()
    stages.owned = frozenset({0, 1})
    stages.partitions_revoked()
    assert stages.owned == frozenset()
    stages.owned = frozenset({2})
    stages.recovery_started()
    assert stages.owned == frozenset()
