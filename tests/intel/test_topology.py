"""One rule engine, any delivery order: the in-memory topology against the classify order."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.intel import Published, TenantSettings, Topology, comment_record, final, partition_for
from streams.intel.records import CommentRecord
from streams.pipeline import Moderated
from tests.intel.helpers import CAMPAIGN, FRIENDLY, IntelPolicy, moderated

_POLICY = IntelPolicy({"flood_author_max": 4, "flood_thread_max": 6, "offender_flag_at": 2.0})
_SETTINGS = TenantSettings(_POLICY)
NOW = 2_000_000_000.0  # the scoring clock of these records (far after T0: nothing is clamped)


def _workload(seed: int = 3, n: int = 300) -> list[Moderated]:
    rng = random.Random(seed)
    items: list[Moderated] = []
    spam = iter(range(len(CAMPAIGN)))
    for i in range(n):
        at = i * 2.0 + rng.choice([0.0, 0.0, 0.5])  # some ties in rule time
        roll = rng.random()
        if roll < 0.04:
            k = next(spam, None)
            if k is not None:
                text = CAMPAIGN[k].format(url=f"https://c{k}.example.com/{rng.randint(1, 99)}")
                items.append(moderated(text, author=f"bot-{k}", thread=f"t{i % 7}", at=at))
                continue
        if roll < 0.15:
            items.append(moderated("you are all idiots here", author=f"troll-{i % 3}", at=at, action="hide"))
        elif roll < 0.3:
            items.append(moderated("meh, whatever you say", author=f"troll-{i % 3}", at=at, toxicity=0.5))
        elif roll < 0.4:
            items.append(moderated("Same text again and again from me", author="parrot", at=at))
        else:
            text = rng.choice(FRIENDLY) + f" number {i} about the budget"
            items.append(moderated(text, author=f"u{rng.randint(0, 60)}", thread=f"t{i % 3}", at=at))
    return items


def _records(items: list[Moderated]) -> list[CommentRecord]:
    return [
        comment_record(m, m.decision.model_dump_json().encode(), _SETTINGS(m.event.tenant), now=NOW) for m in items
    ]


RECORDS = _records(_workload())


def _classify(records: list[CommentRecord]) -> list[Published]:
    return list(Topology(_SETTINGS).run(records))


def _summary(published: list[Published]) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {cid: (p.action, p.reasons) for cid, p in final(published).items()}


def _interleaved(records: list[CommentRecord], choices: list[int], partitions: int = 4) -> list[Published]:
    """Records spread over ``partitions`` comment partitions by comment id; ``choices`` pick, at
    each step, which non-empty queue (a comment partition or any stage partition) delivers next."""
    topology = Topology(_SETTINGS, partitions=partitions)
    comments: dict[int, list[CommentRecord]] = defaultdict(list)
    for r in records:
        comments[partition_for(r.comment_id, partitions)].append(r)
    published: list[Published] = []
    step = 0
    while True:
        sources = [("comments", p) for p in sorted(comments) if comments[p]] + topology.ready()
        if not sources:
            return published
        pick = sources[choices[step % len(choices)] % len(sources)] if choices else sources[0]
        step += 1
        if pick[0] == "comments":
            topology.submit(comments[pick[1]].pop(0))
        else:
            published += topology.step(*pick)


def test_the_workload_exercises_every_rule() -> None:
    reasons = {r.split(":")[0] for _, rs in _summary(_classify(RECORDS)).values() for r in rs}
    assert {"campaign", "author-escalation", "flood", "identical-repeat"} <= reasons


def test_classify_order_is_deterministic() -> None:
    assert _summary(_classify(RECORDS)) == _summary(_classify(RECORDS))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=400))
def test_any_interleaving_across_partitions_ends_in_the_classify_decisions(choices: list[int]) -> None:
    expected = _summary(_classify(RECORDS))
    published = _interleaved(RECORDS, choices)
    assert _summary(published) == expected
    _assert_one_record_per_change(published)


def test_input_in_reverse_order_ends_in_the_same_decisions() -> None:
    assert _summary(_classify(RECORDS[::-1])) == _summary(_classify(RECORDS))


def _assert_one_record_per_change(published: list[Published]) -> None:
    by_comment: dict[str, list[Published]] = defaultdict(list)
    for p in published:
        by_comment[p.comment_id].append(p)
    for records in by_comment.values():
        assert [p.revision for p in records] == list(range(len(records)))
        for before, after in itertools.pairwise(records):
            assert (before.action, before.reasons) != (after.action, after.reasons)


def test_at_most_one_record_per_comment_per_change_in_classify_order() -> None:
    published = _classify(RECORDS)
    _assert_one_record_per_change(published)
    assert len(published) < len(RECORDS) * 1.2


def test_a_campaign_hide_is_published_once_whatever_number_of_bands_saw_it() -> None:
    copies = [
        moderated(CAMPAIGN[i].format(url=f"https://x{i}.example.com"), author=f"b{i}", at=float(i), spam=0.1)
        for i in range(5)
    ]
    published = _classify(_records(copies))
    assert [(p.comment_id, p.revision) for p in published][:5] == [(c.event.comment_id, 0) for c in copies]
    revisions = published[5:]
    assert sorted(p.comment_id for p in revisions) == sorted(c.event.comment_id for c in copies)
    assert {p.action for p in revisions} == {"hide"} and {p.revision for p in revisions} == {1}
    assert len({p.reasons[0] for p in revisions}) == 1  # one campaign name


def test_processing_the_same_record_twice_gives_the_same_decision() -> None:
    """Redelivery: nothing counts twice, and a comment never counts against itself."""
    parrot = [moderated("Same text again and again from me", author="p", at=float(i)) for i in range(3)]
    records = _records(parrot)
    once = _summary(_classify(records))
    topology = Topology(_SETTINGS)
    twice: list[Published] = []
    for r in records:
        for _ in range(2):
            topology.submit(r)
            twice += list(topology.drain())
    assert _summary(twice) == once
    first = [p for p in twice if p.comment_id == records[0].comment_id]
    assert {(p.action, p.reasons, p.revision) for p in first} == {("allow", (), 0)}  # never a repeat of itself
    assert once[records[1].comment_id][0] == "hide"


def test_a_late_earlier_comment_revises_the_later_one_once() -> None:
    first, second = _records([
        moderated("Same text again and again from me", author="p", at=0.0),
        moderated("Same text again and again from me", author="p", at=30.0),
    ])
    topology = Topology(_SETTINGS)
    published = list(topology.run([second, first]))  # the later one arrives first
    assert [(p.comment_id, p.revision, p.action) for p in published] == [
        (second.comment_id, 0, "allow"),
        (first.comment_id, 0, "allow"),
        (second.comment_id, 1, "hide"),
    ]
    assert published[-1].reasons[0] == "identical-repeat"


def test_a_year_9999_timestamp_neither_moves_the_clock_nor_wipes_state() -> None:
    parrot = "Same text again and again from me"
    first = moderated(parrot, author="p", at=0.0)
    future = moderated("hello from the far future of this thread", author="q", at=0.0)
    future.event.__dict__["created_at"] = datetime(9999, 12, 31, tzinfo=UTC)  # valid under the contract
    again = moderated(parrot, author="p", at=60.0)
    topology = Topology(_SETTINGS)
    published = list(topology.run(_records([first, future, again])))
    far = [p for p in published if p.comment_id == future.event.comment_id]
    assert far and far[0].action == "allow"
    assert _summary(published)[again.event.comment_id][0] == "hide"  # the repeat still counts
    record = _records([future])[0]
    assert record.ts == NOW + _SETTINGS("default").max_future_s  # clamped to the scoring clock
    assert topology.retention["authors"].clock(0) < NOW  # and it did not move the partition's clock


def test_state_is_dropped_once_its_partition_clock_passes_and_stays_bounded() -> None:
    topology = Topology(_SETTINGS)
    list(topology.run(RECORDS))
    assert all(topology.keys().values())
    # (each stage's partitions have their own clock: these later ones reach every stage, bands included)
    later = moderated("A comment ten days later, with a link: https://example.org/a", author="late", at=10 * 86400.0)
    latest = moderated("Another comment ten days later, a link: https://example.org/b", author="late2", at=864001.0)
    list(topology.run(_records([later, latest])))
    keys = topology.keys()
    assert keys["authors"] <= 4 and keys["threads"] <= 2 and keys["bands"] <= 16, keys  # only the late ones


def test_a_key_in_use_is_not_swept_by_its_partition_clock() -> None:
    """An author hours behind the rest of its partition keeps its state from one comment to the next."""
    now = moderated("news of the day, posted now", author="live", at=5 * 3600.0)
    old = [moderated("Same text again and again from me", author="replayed", at=float(i)) for i in range(2)]
    published = _classify(_records([now, *old]))
    assert _summary(published)[old[1].event.comment_id][0] == "hide"
