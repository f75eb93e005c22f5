from __future__ import annotations

from faust.types import TP

from streams.worker.offsets import PartitionWatch

TP0 = TP("comments", 0)
TP1 = TP("comments", 1)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_watch(stall_after_s: float = 30.0) -> tuple[PartitionWatch, Clock]:
    clock = Clock()
    return PartitionWatch(stall_after_s=stall_after_s, clock=clock), clock


def test_offsets_in_order_need_no_seek() -> None:
    watch, _ = make_watch()
    watch.assigned({TP0: 10})
    assert [watch.handled(TP0, o) for o in range(10, 15)] == [None] * 5
    assert watch.expected(TP0) == 15


def test_a_jump_asks_for_a_seek_back_to_the_first_skipped_offset() -> None:
    watch, _ = make_watch()
    watch.assigned({TP0: 10})
    watch.handled(TP0, 10)
    assert watch.handled(TP0, 14) == 11
    # the skipped records arrive after the seek; then everything continues in order
    assert [watch.handled(TP0, o) for o in (11, 12, 13, 14, 15)] == [None] * 5
    assert watch.expected(TP0) == 16


def test_records_skipped_before_the_first_one_handled_are_caught_from_the_committed_offset() -> None:
    watch, _ = make_watch()
    watch.assigned({TP0: 0})
    assert watch.handled(TP0, 7) == 0


def test_records_already_on_their_way_past_a_gap_do_not_move_the_partition_on() -> None:
    watch, _ = make_watch()
    watch.assigned({TP0: 5})
    watch.handled(TP0, 5)
    assert watch.handled(TP0, 8) == 6
    assert [watch.handled(TP0, o) for o in (9, 10)] == [None, None]  # fetched before the seek
    assert watch.expected(TP0) == 6


def test_a_refill_that_never_comes_is_asked_for_again_once_the_partition_is_idle() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 5})
    watch.handled(TP0, 5)
    assert watch.handled(TP0, 8) == 6
    watch.handled(TP0, 9)  # in flight; the refill of 6..7 got lost
    assert watch.stalled({TP0: 10}) == {}  # records seen waiting: the stall clock starts
    clock.now += 31
    assert watch.stalled({TP0: 10}) == {TP0: 6}
    assert [watch.handled(TP0, o) for o in (6, 7, 8, 9)] == [None] * 4
    assert watch.expected(TP0) == 10


def test_a_genuine_gap_is_accepted_after_a_seek_on_the_idle_partition() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 5})
    watch.handled(TP0, 5)
    assert watch.handled(TP0, 7) == 6  # offset 6 is a transaction marker: no record there
    watch.handled(TP0, 7)
    assert watch.stalled({TP0: 8}) == {}
    clock.now += 31
    assert watch.stalled({TP0: 8}) == {TP0: 6}
    assert watch.handled(TP0, 7) is None  # first after the probe: what the log holds
    assert watch.expected(TP0) == 8
    clock.now += 31
    assert watch.stalled({TP0: 8}) == {}


def test_redelivered_older_offsets_do_not_move_the_position_back() -> None:
    watch, _ = make_watch()
    watch.assigned({TP0: 0})
    for offset in range(5):
        watch.handled(TP0, offset)
    assert watch.handled(TP0, 2) is None
    assert watch.expected(TP0) == 5


def test_offsets_handled_before_a_partition_is_started_are_not_used() -> None:
    """A batch in flight across a rebalance says nothing about where the partition now starts."""
    watch, _ = make_watch()
    assert watch.handled(TP1, 40) is None
    assert watch.expected(TP1) is None
    watch.assigned({TP1: 37})
    assert watch.handled(TP1, 41) == 37


def test_a_partition_with_waiting_records_and_no_progress_is_stalled() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 100, TP1: 50})
    watch.handled(TP1, 50)
    assert watch.stalled({TP0: 120, TP1: 51}) == {}
    clock.now += 29
    assert watch.stalled({TP0: 120, TP1: 51}) == {}
    clock.now += 2
    assert watch.stalled({TP0: 120, TP1: 51}) == {TP0: 100}
    # its clock restarted: not again at once
    assert watch.stalled({TP0: 120, TP1: 51}) == {}


def test_an_idle_partition_is_not_stalled() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 100})
    clock.now += 300
    assert watch.stalled({TP0: 100}) == {}


def test_progress_keeps_a_busy_partition_from_counting_as_stalled() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 0})
    for offset in range(10):
        clock.now += 10
        watch.handled(TP0, offset)
    assert watch.stalled({TP0: 1000}) == {}


def test_handling_only_records_beyond_a_gap_is_not_progress() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 0})
    assert watch.handled(TP0, 3) == 0
    assert watch.stalled({TP0: 40}) == {}
    for offset in range(4, 40):
        clock.now += 1
        watch.handled(TP0, offset)
    assert watch.stalled({TP0: 40}) == {TP0: 0}


def test_revoked_partitions_are_forgotten() -> None:
    watch, _ = make_watch()
    watch.assigned({TP0: 3})
    watch.revoked([TP0])
    assert watch.expected(TP0) is None
    assert watch.stalled({TP0: 10}) == {}


def test_records_arriving_after_a_quiet_spell_are_not_a_stall() -> None:
    """60 s idle, then 3 records: the idle time does not count towards a stall (no seek, no repeats)."""
    watch, clock = make_watch(stall_after_s=15)
    watch.assigned({TP0: 110})
    for offset in (110, 111, 112):
        watch.handled(TP0, offset)
    clock.now += 60
    assert watch.stalled({TP0: 113}) == {}  # idle
    clock.now += 5
    assert watch.stalled({TP0: 116}) == {}  # three new records, seen waiting just now
    clock.now += 0.03
    for offset in (113, 114, 115):
        watch.handled(TP0, offset)
    clock.now += 30
    assert watch.stalled({TP0: 116}) == {}


def test_records_waiting_long_enough_without_progress_are_a_stall_even_after_idling() -> None:
    watch, clock = make_watch(stall_after_s=15)
    watch.assigned({TP0: 10})
    clock.now += 60
    assert watch.stalled({TP0: 12}) == {}  # first seen waiting now
    clock.now += 14
    assert watch.stalled({TP0: 12}) == {}
    clock.now += 2
    assert watch.stalled({TP0: 12}) == {TP0: 10}


def test_records_handled_past_a_commit_that_never_moves_restart_the_partition_from_it() -> None:
    """The soak after a rebalance: new records decided, the committed offset stuck at 2265 for good."""
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 2265})
    assert watch.handled(TP0, 2268) == 2265  # 2265..2267 skipped: seek back
    for offset in range(2269, 2300):  # already on their way; the refill never comes
        assert watch.handled(TP0, offset) is None
    watch.stalled({TP0: 2300})
    clock.now += 30
    assert watch.stalled({TP0: 2300}) == {TP0: 2265}  # no progress: seek back and probe
    watch.handled(TP0, 2290)  # a record fetched before the seek, accepted by the probe
    assert watch.expected(TP0) == 2291
    assert watch.commits({TP0: 2265}) == ({}, [])
    clock.now += 29
    assert watch.commits({TP0: 2265}) == ({}, [])
    clock.now += 1
    assert watch.commits({TP0: 2265}) == ({TP0: 2265}, [])
    assert watch.expected(TP0) == 2265
    assert watch.restarts(TP0) == 1
    assert watch.handled(TP0, 2291) is None  # already on its way past the restart: no second seek
    for offset in range(2265, 2300):
        watch.handled(TP0, offset)
    assert watch.commits({TP0: 2300}) == ({}, [TP0])
    assert watch.restarts(TP0) == 0


def test_a_partition_that_commits_is_never_restarted() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 0})
    for step in range(10):
        for offset in range(step * 10, step * 10 + 10):
            watch.handled(TP0, offset)
        clock.now += 20
        assert watch.commits({TP0: step * 10 + 5}) == ({}, [])


def test_an_idle_partition_that_just_handled_a_record_has_time_to_commit_it() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch.assigned({TP0: 10})
    clock.now += 600  # idle: nothing handled, nothing to commit
    assert watch.commits({TP0: 10}) == ({}, [])
    watch.handled(TP0, 10)
    assert watch.commits({TP0: 10}) == ({}, [])
    clock.now += 5
    assert watch.commits({TP0: 11}) == ({}, [])


def test_a_partition_restarted_max_restarts_times_without_a_commit_is_failing() -> None:
    watch, clock = make_watch(stall_after_s=30)
    watch = PartitionWatch(stall_after_s=30, clock=clock, max_restarts=2)
    watch.assigned({TP0: 5})
    for _ in range(2):
        watch.handled(TP0, 5)
        watch.commits({TP0: 5})
        clock.now += 30
        assert watch.commits({TP0: 5}) == ({TP0: 5}, [])
    assert watch.failing() == {TP0}
    watch.handled(TP0, 5)
    assert watch.commits({TP0: 6}) == ({}, [TP0])
    assert watch.failing() == set()


def test_a_reassigned_partition_starts_clean_at_its_committed_offset() -> None:
    watch, _ = make_watch(stall_after_s=30)
    watch.assigned({TP0: 100})
    watch.handled(TP0, 103)  # a jump: a seek back asked for 100
    watch.commits({TP0: 100})
    watch.revoked([TP0])
    watch.handled(TP0, 104)  # in flight across the rebalance: not used
    watch.assigned({TP0: 104})
    assert watch.expected(TP0) == 104
    assert watch.restarts(TP0) == 0
    assert watch.handled(TP0, 107) == 104  # a new jump is asked for again, from the new start


def test_offsets_handled_before_the_start_that_follow_the_committed_offset_move_the_start_past_them() -> None:
    watch, _ = make_watch()
    for offset in (0, 1, 2):  # a batch handled while the worker was still settling
        watch.handled_before_start(TP0, offset)
    watch.assigned({TP0: 0})
    assert watch.expected(TP0) == 3
    assert watch.handled(TP0, 3) is None  # the next batch is no jump (was: seek back to 0)
    assert watch.commits({TP0: 0}) == ({}, [])  # the committed offset is still the committed one


def test_offsets_handled_before_the_start_beyond_a_gap_are_not_used() -> None:
    watch, _ = make_watch()
    for offset in (2, 3, 7, 8):
        watch.handled_before_start(TP0, offset)
    watch.assigned({TP0: 2})
    assert watch.expected(TP0) == 4  # 2..3 follow on; 7..8 lie beyond the gap 4..6
    assert watch.handled(TP0, 7) == 4
    watch.handled_before_start(TP1, 40)  # a batch in flight from where the partition was before
    watch.assigned({TP1: 10})
    assert watch.expected(TP1) == 10
    assert watch.handled(TP1, 41) == 10


def test_offsets_handled_before_the_start_merge_in_any_order_and_an_assignment_forgets_them() -> None:
    watch, _ = make_watch()
    for offset in (5, 3, 9, 4, 7, 6, 8, 2, 4):
        watch.handled_before_start(TP0, offset)
    assert watch._early[TP0] == [(2, 9)]
    watch.assigned({TP0: 4})
    assert watch.expected(TP0) == 10
    watch.handled_before_start(TP1, 20)
    watch.revoked([TP1])  # revoked (or assigned again) before it started
    watch.assigned({TP1: 20})
    assert watch.expected(TP1) == 20
