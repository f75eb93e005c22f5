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


def test_partitions_first_seen_without_assignment_start_where_they_are() -> None:
    watch, _ = make_watch()
    assert watch.handled(TP1, 40) is None
    assert watch.expected(TP1) == 41


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
