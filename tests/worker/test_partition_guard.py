from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from aiokafka import TopicPartition
from faust.types import TP

from streams.worker.partition_guard import PartitionGuard

COMMENTS = "comments"


class _Thread:
    """The consumer thread: seeks land in ``seeks``."""

    def __init__(self, seeks: list[tuple[TP, int]]) -> None:
        self.seeks = seeks

    def seek(self, tp: TP, offset: int) -> None:
        self.seeks.append((tp, offset))

    async def call_thread(self, method: Any, *args: Any) -> Any:
        return method(*args)


def _app(consumer: Any) -> Any:
    completed = asyncio.Event()
    completed.set()
    return SimpleNamespace(consumer=consumer, rebalancing=False, tables=SimpleNamespace(
        recovery=SimpleNamespace(completed=completed)))


@dataclass
class FakeConsumer:
    """The few consumer calls the guard makes, with the seeks it asked for."""

    committed: dict[TP, int | None]
    earliest: dict[TP, int] = field(default_factory=dict)
    ends: dict[TP, int] = field(default_factory=dict)
    seeks: list[tuple[TP, int]] = field(default_factory=list)
    paused: set[TP] = field(default_factory=set)
    resumed: list[TP] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._committed_offset = dict(self.committed)
        self._gap: dict[TP, Any] = {}
        self._read_offset: dict[TP, int] = {}
        self._thread: Any = _Thread(self.seeks)

    def assignment(self) -> set[TP]:
        return set(self.committed)

    def pause_partitions(self, tps: set[TP]) -> None:
        assert all(isinstance(tp, TP) for tp in tps), tps  # as Faust's own flow control asserts
        self.paused |= set(tps)

    def resume_partitions(self, tps: set[TP]) -> None:
        assert all(isinstance(tp, TP) for tp in tps), tps
        self.paused -= set(tps)
        self.resumed += sorted(tps)

    async def earliest_offsets(self, *tps: TP) -> dict[TP, int]:
        return {tp: self.earliest.get(tp, 0) for tp in tps}

    async def highwaters(self, *tps: TP) -> dict[Any, int]:
        # keyed as the real one is: aiokafka's end_offsets answers with aiokafka TopicPartitions
        return {TopicPartition(tp.topic, tp.partition): self.ends.get(tp, 0) for tp in tps}

    async def seek(self, tp: TP, offset: int) -> None:
        raise AssertionError("Faust's Consumer.seek is not thread-safe; the guard must not call it")


def make_guard(consumer: FakeConsumer, stall_after_s: float = 30.0) -> PartitionGuard:
    return PartitionGuard(_app(consumer), [COMMENTS], stall_after_s=stall_after_s)


def events(tp: TP, *offsets: int) -> list[Any]:
    return [SimpleNamespace(message=SimpleNamespace(topic=tp.topic, partition=tp.partition, offset=o)) for o in offsets]


def test_records_dropped_before_the_first_one_handled_are_fetched_again() -> None:
    tp = TP(COMMENTS, 0)
    consumer = FakeConsumer(committed={tp: 83})
    guard = make_guard(consumer)
    consumer._gap[tp] = "faust would count 83..84 as done"
    asyncio.run(guard.handled(events(tp, 85, 86)))
    assert consumer.seeks == [(tp, 83)]
    assert tp not in consumer._gap


def test_a_partition_without_a_committed_offset_is_expected_at_its_first_offset() -> None:
    tp = TP(COMMENTS, 1)
    consumer = FakeConsumer(committed={tp: None}, earliest={tp: 0})
    guard = make_guard(consumer)
    asyncio.run(guard.handled(events(tp, 2)))
    assert consumer.seeks == [(tp, 0)]


def test_batches_in_order_cause_no_seek() -> None:
    tp = TP(COMMENTS, 2)
    consumer = FakeConsumer(committed={tp: 10})
    guard = make_guard(consumer)
    asyncio.run(guard.handled(events(tp, 10, 11, 12)))
    asyncio.run(guard.handled(events(tp, 13)))
    assert consumer.seeks == []


def test_a_partition_that_never_delivers_its_waiting_records_is_seeked_back() -> None:
    tp = TP(COMMENTS, 3)
    consumer = FakeConsumer(committed={tp: 100}, ends={tp: 140})
    guard = make_guard(consumer, stall_after_s=0.0)
    asyncio.run(guard.check_stalls())
    assert consumer.seeks == [(tp, 100)]


def test_partitions_of_other_topics_are_left_alone() -> None:
    tp = TP("somebody-elses-changelog", 0)
    consumer = FakeConsumer(committed={tp: 5}, ends={tp: 50})
    guard = make_guard(consumer, stall_after_s=0.0)
    asyncio.run(guard.check_stalls())
    assert consumer.seeks == []


def test_nothing_is_checked_while_rebalancing() -> None:
    tp = TP(COMMENTS, 0)
    consumer = FakeConsumer(committed={tp: 100}, ends={tp: 140})
    guard = make_guard(consumer, stall_after_s=0.0)
    guard.app.rebalancing = True
    asyncio.run(guard.check_stalls())
    assert consumer.seeks == []


def test_a_disabled_guard_never_seeks() -> None:
    tp = TP(COMMENTS, 0)
    consumer = FakeConsumer(committed={tp: 83}, ends={tp: 140})
    guard = PartitionGuard(_app(consumer), [COMMENTS], stall_after_s=0.0, enabled=False)
    asyncio.run(guard.handled(events(tp, 90)))
    asyncio.run(guard.check_stalls())
    assert consumer.seeks == []


def test_seeks_run_on_the_consumer_thread_and_move_faust_read_offset() -> None:
    tp = TP(COMMENTS, 1)
    calls: list[str] = []

    class FakeThread:
        def seek(self, partition: TP, offset: int) -> None:
            calls.append(f"seek {partition.partition}@{offset}")

        async def call_thread(self, method: Any, *args: Any) -> Any:
            calls.append("on consumer thread")
            return method(*args)

    consumer = FakeConsumer(committed={tp: 10})
    consumer._thread = FakeThread()
    guard = make_guard(consumer)
    asyncio.run(guard.handled(events(tp, 12)))
    assert calls == ["on consumer thread", "seek 1@10"]
    assert consumer._read_offset == {tp: 10}


def test_a_failing_consumer_call_is_counted_not_raised() -> None:
    tp = TP(COMMENTS, 0)

    class BrokenConsumer(FakeConsumer):
        async def highwaters(self, *tps: TP) -> dict[TP, int]:
            raise ConnectionError("broker away")

        async def earliest_offsets(self, *tps: TP) -> dict[TP, int]:
            raise ConnectionError("broker away")

    consumer = BrokenConsumer(committed={tp: None})
    guard = make_guard(consumer, stall_after_s=0.0)
    asyncio.run(guard.check_stalls())
    asyncio.run(guard.handled(events(tp, 3)))
    assert consumer.seeks == []


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_stalled_partition_is_paused_and_resumed_as_fausts_own_tp() -> None:
    """Faust asserts its own TP in flow control: an aiokafka TopicPartition there crashed the fetcher."""
    tp = TP(COMMENTS, 1)
    consumer = FakeConsumer(committed={tp: 100}, ends={tp: 140})
    clock = Clock()
    guard = PartitionGuard(_app(consumer), [COMMENTS], stall_after_s=0.0, resume_after_s=1.0, clock=clock)
    asyncio.run(guard.check_stalls())
    assert consumer.seeks == [(tp, 100)] and consumer.paused == {tp}
    assert all(type(seen) is TP for seen in consumer.paused)
    clock.now += 1
    asyncio.run(guard.check_stalls())  # resumes it (before the fix: an AssertionError in resume_partitions)
    assert consumer.resumed == [tp] and consumer._read_offset[tp] == 100


def test_a_seek_pauses_the_partition_until_faust_read_offset_is_back_at_the_target() -> None:
    """Records fetched before the seek move Faust's read position past it; the resume puts it back."""
    tp = TP(COMMENTS, 0)
    consumer = FakeConsumer(committed={tp: 50}, ends={tp: 60})
    clock = Clock()
    guard = PartitionGuard(_app(consumer), [COMMENTS], stall_after_s=30.0, resume_after_s=1.0, clock=clock)
    asyncio.run(guard.handled(events(tp, 53)))
    assert consumer.seeks == [(tp, 50)] and consumer.paused == {tp}
    consumer._read_offset[tp] = 57  # the rest of the old fetch went out after the seek
    asyncio.run(guard.check_stalls())
    assert consumer.paused == {tp}  # not yet
    clock.now += 1
    asyncio.run(guard.check_stalls())
    assert consumer.paused == set()
    assert consumer._read_offset[tp] == 50


def test_after_a_rebalance_the_guard_starts_at_the_committed_offset_and_restarts_a_partition_that_never_commits(
    caplog: Any,
) -> None:
    tp = TP(COMMENTS, 2)
    consumer = FakeConsumer(committed={tp: 2200}, ends={tp: 2400})
    clock = Clock()
    guard = PartitionGuard(_app(consumer), [COMMENTS], stall_after_s=15.0, max_restarts=2, clock=clock)
    asyncio.run(guard.check_stalls())
    asyncio.run(guard.handled(events(tp, *range(2200, 2265))))
    guard.reset({tp})  # revoked
    guard.app.rebalancing = True
    asyncio.run(guard.handled(events(tp, 2265, 2266, 2267)))  # the batch in flight: not where it starts
    guard.reset({tp})  # assigned again
    guard.app.rebalancing = False
    consumer._committed_offset[tp] = 2265
    with caplog.at_level("INFO"):
        asyncio.run(guard.handled(events(tp, 2268)))
    assert "partition guard starts at the committed offsets: comments/2=2265" in caplog.text
    assert consumer.seeks == [(tp, 2265)]
    # the records never come back; later records are handled (a probe accepted them), nothing commits
    guard.watch._partitions[tp].probing = True
    asyncio.run(guard.handled(events(tp, *range(2270, 2300))))
    consumer.ends[tp] = 2300  # nothing waits beyond what was handled: no stall, only no commit
    for _ in range(4):
        clock.now += 5
        asyncio.run(guard.check_stalls())
    assert consumer.seeks[-1] == (tp, 2265) and len(consumer.seeks) == 2
    assert guard.committing()
    with caplog.at_level("ERROR"):
        for _ in range(12):  # the missing records never come: a stall seek, a probe, a second restart
            asyncio.run(guard.handled(events(tp, *range(2290, 2300))))
            clock.now += 5
            asyncio.run(guard.check_stalls())
    assert consumer.seeks[-1] == (tp, 2265)
    assert not guard.committing()  # /readyz false: loud, not silent
    assert "no commit past offset 2265 after 2 restarts" in caplog.text
    asyncio.run(guard.handled(events(tp, *range(2265, 2300))))
    consumer._committed_offset[tp] = 2300
    clock.now += 5
    asyncio.run(guard.check_stalls())
    assert guard.committing()


def test_a_batch_handled_before_the_app_settled_counts_when_the_partition_starts(caplog: Any) -> None:
    """After a restart: no false "offsets 0..0 were skipped" seek (and the redelivery it caused)."""
    fresh, committed = TP(COMMENTS, 0), TP(COMMENTS, 1)
    consumer = FakeConsumer(committed={fresh: None, committed: 120}, earliest={fresh: 0})
    guard = make_guard(consumer)
    guard.reset({fresh, committed})  # assigned
    guard.app.rebalancing = True  # Faust resumed the flow but has not finished the rebalance yet
    asyncio.run(guard.handled(events(fresh, 0)))
    asyncio.run(guard.handled(events(committed, 120, 121, 122)))
    guard.app.rebalancing = False
    with caplog.at_level("WARNING"):
        asyncio.run(guard.handled(events(fresh, 1, 2)))
        asyncio.run(guard.check_stalls())  # the timer may start a partition first: the same start
        asyncio.run(guard.handled(events(committed, 123)))
    assert consumer.seeks == []
    assert "skipped" not in caplog.text
    assert guard.watch.expected(fresh) == 3 and guard.watch.expected(committed) == 124


def test_a_batch_handled_before_the_app_settled_beyond_the_committed_offset_still_leads_to_a_seek() -> None:
    tp = TP(COMMENTS, 2)
    consumer = FakeConsumer(committed={tp: 50})
    guard = make_guard(consumer)
    guard.reset({tp})
    guard.app.rebalancing = True
    asyncio.run(guard.handled(events(tp, 55, 56)))  # records 50..54 were dropped before it
    guard.app.rebalancing = False
    asyncio.run(guard.handled(events(tp, 57)))
    assert consumer.seeks == [(tp, 50)]
