"""The worker's driver of the stages: messages of records in, taken one by one or several together."""

from __future__ import annotations

from collections import Counter, deque

import pytest

from streams.intel import (
    BatchDriver,
    BatchResult,
    IntelStateError,
    Published,
    Stages,
    author_route,
    final,
    partition_for,
)
from streams.intel.records import encode, encode_batch
from streams.intel.topology import STAGES
from tests.intel.test_topology import _SETTINGS, RECORDS, _classify, _summary

PARTITIONS = 4


def _drive(take: int, batch: int = 16) -> tuple[list[Published], Counter[str]]:
    """The workload as the worker runs it: scored in batches of ``batch``, one author message per
    author partition per batch; each stage agent takes up to ``take`` waiting messages together."""
    driver = BatchDriver(Stages(_SETTINGS), {stage: {} for stage in STAGES}, PARTITIONS)
    queues: dict[str, deque[tuple[int, bytes]]] = {stage: deque() for stage in STAGES}
    published: list[Published] = []
    sent: Counter[str] = Counter()

    def run(stage: str) -> None:
        result = BatchResult()
        for _ in range(min(take, len(queues[stage]))):
            driver.handle(stage, *queues[stage].popleft(), result)
        assert not result.failed
        published.extend(result.published)
        messages = result.messages
        assert len({where for where, _ in messages}) == len(messages)  # one message per destination
        for (to, partition), message in messages:
            sent[to] += 1
            queues[to].append((partition, message))

    for start in range(0, len(RECORDS), batch):
        groups: dict[int, list[bytes]] = {}
        for r in RECORDS[start : start + batch]:
            groups.setdefault(partition_for(author_route(r.tenant, r.author_id), PARTITIONS), []).append(encode(r))
        for partition, records in groups.items():
            queues["authors"].append((partition, encode_batch(records)))
        while any(queues.values()):
            for stage in STAGES:
                if queues[stage]:
                    run(stage)
    return published, sent


@pytest.mark.parametrize("take", [1, 4, 64])
def test_messages_taken_one_by_one_or_together_end_in_the_classify_decisions(take: int) -> None:
    published, _ = _drive(take)
    assert _summary(published) == _summary(_classify(RECORDS))
    assert len(final(published)) == len(RECORDS)


def test_taking_messages_together_sends_fewer_messages_between_the_stages() -> None:
    _, one_by_one = _drive(take=1)
    _, together = _drive(take=64)
    assert together["threads"] < one_by_one["threads"]
    assert sum(together.values()) < sum(one_by_one.values())


def test_an_unreadable_message_is_refused_and_its_result_untouched() -> None:
    driver = BatchDriver(Stages(_SETTINGS), {stage: {} for stage in STAGES}, PARTITIONS)
    result = BatchResult()
    with pytest.raises(IntelStateError):
        driver.handle("authors", 0, b"\xc1 not msgpack", result)
    assert result.published == [] and result.messages == []
