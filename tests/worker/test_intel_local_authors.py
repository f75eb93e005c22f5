"""The moderate agent applies the author stage itself for the author partitions this worker owns, and
the thread and band stages (and their verdicts) where their records arise for the partitions it owns.

Driven without a broker: the worker's :class:`IntelStages` over a Faust app with in-memory tables,
its sends captured; whatever goes to an internal topic is handed back to the stage agents' own
path (:meth:`IntelStages.apply`). Whichever author partitions are owned, the final decisions are
``classify``'s, and each table change is held for the changelog partition that owns its key.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from types import SimpleNamespace
from typing import Any, cast

import faust
import pytest

from streams.intel import Published, author_route, partition_for
from streams.intel.records import CommentRecord, decode_author, encode, split_batch
from streams.intel.topology import STAGES
from streams.settings import Settings
from streams.worker.batch_moderator import Scored
from streams.worker.intel_agents import IntelStages, owner
from tests.intel.test_topology import _POLICY, RECORDS, _classify, _summary

PARTITIONS = 4
BATCH = 16


def _stages(
    local: bool = True, local_stages: bool = True
) -> tuple[IntelStages, list[Published], deque[tuple[str, int, bytes]]]:
    settings = Settings(
        app_id="t-local", topic_partitions=PARTITIONS, intel_local_authors=local, intel_local_stages=local_stages
    )
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


def _own(stages: IntelStages, partitions: set[int]) -> None:
    stages.owned = {stage: frozenset(partitions) for stage in STAGES}


async def _run(stages: IntelStages, sent: deque[tuple[str, int, bytes]], counts: Counter[str] | None = None) -> int:
    """The workload in moderate batches; internal messages delivered by the stage agents' path.
    Returns how many comment records went by the author topic; ``counts`` gets the messages per stage topic."""
    by_topic = 0
    for start in range(0, len(RECORDS), BATCH):
        await stages.forward(_scored(RECORDS[start : start + BATCH]))
        while sent:
            stage, partition, value = sent.popleft()
            if counts is not None:
                counts[stage] += 1
            if stage == "authors":
                by_topic += sum(isinstance(decode_author(raw), CommentRecord) for raw in split_batch(value))
            event = SimpleNamespace(message=SimpleNamespace(partition=partition, value=value))
            await stages.emit(stage, stages.apply(stage, [cast(Any, event)]))
    return by_topic


@pytest.mark.parametrize("owned", [set(range(PARTITIONS)), {0, 2}, set()])
def test_any_owned_partitions_end_in_the_classify_decisions(owned: set[int]) -> None:
    stages, published, sent = _stages()
    _own(stages, owned)
    counts: Counter[str] = Counter()
    by_topic = asyncio.run(_run(stages, sent, counts))

    assert _summary(published) == _summary(_classify(RECORDS))
    remote = [r for r in RECORDS if partition_for(author_route(r.tenant, r.author_id), PARTITIONS) not in owned]
    assert by_topic == len(remote)  # exactly the comments of partitions owned elsewhere took the topic
    if owned == set(range(PARTITIONS)):  # everything applied where it arose: no internal message at all
        assert counts == Counter()
    else:
        assert counts["threads"] > 0 and counts["bands"] > 0


@pytest.mark.parametrize("owned", [set(range(PARTITIONS)), {1, 2}])
def test_thread_and_band_records_take_their_topics_when_only_the_author_stage_is_local(owned: set[int]) -> None:
    stages, published, sent = _stages(local_stages=False)
    _own(stages, owned)
    counts: Counter[str] = Counter()
    asyncio.run(_run(stages, sent, counts))

    assert _summary(published) == _summary(_classify(RECORDS))
    assert counts["threads"] > 0 and counts["bands"] > 0


def test_a_thread_verdict_for_an_owned_author_partition_is_applied_and_published_at_once() -> None:
    stages, published, sent = _stages()
    _own(stages, set(range(PARTITIONS)))
    asyncio.run(_run(stages, sent))
    revisions = [p for p in published if p.revision > 0]
    assert revisions, "the workload has thread floods and campaigns: revisions expected"
    assert not sent  # and none of them needed an internal topic


def test_held_author_changes_go_to_the_changelog_partition_that_owns_the_key() -> None:
    stages, _, sent = _stages()
    _own(stages, {1, 3})
    stages.write_through = False  # held until the producer's flush, as in the worker
    asyncio.run(_run(stages, sent))

    for stage in STAGES:
        pending = stages.changelogs[stage].pending
        assert pending  # something was held
        for partition, changes in pending.items():
            for key, value in changes.items():
                if isinstance(value, bytes):
                    assert partition_for(owner(stage, key, value), PARTITIONS) == partition


def test_without_local_authors_every_comment_takes_the_author_topic() -> None:
    stages, published, sent = _stages(local=False)
    _own(stages, set(range(PARTITIONS)))
    by_topic = asyncio.run(_run(stages, sent))

    assert by_topic == len(RECORDS)
    assert _summary(published) == _summary(_classify(RECORDS))


def test_a_rebalance_leaves_no_partition_owned_until_recovered() -> None:
    stages, _, _ = _stages()
    _own(stages, {0, 1})
    stages.partitions_revoked()
    assert not any(stages.owned.values()) and not stages.applies_here("threads", 0)
    _own(stages, {2})
    stages.recovery_started()
    assert not any(stages.owned.values()) and not stages.applies_here("authors", 2)


def test_a_crash_that_kept_the_author_state_but_lost_the_thread_and_band_state_is_repaired_by_redelivery() -> None:
    # all stages local: a batch's thread and band changes are held in the worker like its author changes;
    # a kill -9 can leave the author changelog records on the broker and lose the others. The comments'
    # offsets were not committed, so they come again: the author stage sees them as known and must still
    # hand their thread ticks and campaign candidates on.
    stages, published, sent = _stages()
    _own(stages, set(range(PARTITIONS)))

    async def crashing_run() -> None:
        for start in range(0, len(RECORDS), BATCH):
            batch = _scored(RECORDS[start : start + BATCH])
            lost = {stage: dict(stages.tables[stage].data) for stage in ("threads", "bands")}
            await stages.forward(batch)
            if (start // BATCH) % 3 == 1:  # every third batch: the downstream state is lost, the batch redelivered
                for stage, data in lost.items():
                    stages.tables[stage].data.clear()
                    stages.tables[stage].data.update(data)
                await stages.forward(batch)

    asyncio.run(crashing_run())
    assert not sent
    assert _summary(published) == _summary(_classify(RECORDS))
