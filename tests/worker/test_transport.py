"""The producer's accumulator: one due batch takes every batch bound for the same broker along."""

from __future__ import annotations

import asyncio
import time

from aiokafka.structs import TopicPartition

from streams.worker.compat import NodeDrainingAccumulator

LINGER_MS = 60_000  # no batch comes due by itself during a test


class Leaders:
    """A cluster view: partition -> broker id."""

    def __init__(self, leaders: dict[TopicPartition, int]) -> None:
        self.leaders = leaders

    def leader_for_partition(self, tp: TopicPartition) -> int | None:
        return self.leaders.get(tp)


def _drain(leaders: dict[TopicPartition, int], due: set[TopicPartition], ignore: set[int]) -> set[TopicPartition]:
    """Put one record on every partition, make ``due`` due, drain; the partitions sent."""

    async def run() -> set[TopicPartition]:
        acc = NodeDrainingAccumulator(Leaders(leaders), 16384, 0, 30.0, linger_ms=LINGER_MS)
        for tp in leaders:
            await acc.add_message(tp, b"k", b"v", timeout=1.0)
        for tp in due:
            acc._batches[tp][0]._ctime = time.monotonic() - 2 * LINGER_MS / 1000
        nodes, _ = acc.drain_by_nodes(ignore_nodes=ignore)
        return {tp for batches in nodes.values() for tp in batches}

    return asyncio.run(run())


A0, A1, B0, C0 = (TopicPartition("a", 0), TopicPartition("a", 1), TopicPartition("b", 0), TopicPartition("c", 0))


def test_a_due_batch_takes_every_batch_of_its_broker() -> None:
    sent = _drain({A0: 1, A1: 1, B0: 1, C0: 2}, due={A0}, ignore=set())
    assert sent == {A0, A1, B0}  # broker 2 has nothing due: its batch keeps lingering


def test_nothing_due_sends_nothing() -> None:
    assert _drain({A0: 1, B0: 2}, due=set(), ignore=set()) == set()


def test_a_broker_with_a_request_in_flight_is_left_alone() -> None:
    assert _drain({A0: 1, A1: 1, B0: 2}, due={A0, B0}, ignore={1}) == {B0}
