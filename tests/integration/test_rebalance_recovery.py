"""A single worker rebalanced mid-stream (issue #17): every comment decided as classify would, commits reach the end.

The rebalance is forced the way an unplanned one happens to a lone worker: the process stops (SIGSTOP)
for longer than its session timeout while comments keep arriving, so the coordinator drops it from
the group; when it goes on, its heartbeat is refused, it rejoins, and every partition is revoked and
assigned to it again, with a backlog waiting and the stateful tables and the feedback join recovered
from their changelogs. In the soak this happened once (a late changelog topic) and the partition
guard then never let a comments partition commit again; here the partitions must commit to the end.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest
from kafka import KafkaConsumer, TopicPartition

from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack
from tests.integration.test_worker_truth import SAMPLE, _final, classify_final, read_settled

pytestmark = pytest.mark.kafka

SESSION_TIMEOUT_S = 6.0  # the broker's group.min.session.timeout.ms


def committed_and_end(stack: Stack) -> tuple[dict[int, int | None], dict[int, int]]:
    """The group's committed offset and the end offset of every comments partition."""
    consumer = KafkaConsumer(bootstrap_servers=stack.bootstrap, group_id=stack.tag, enable_auto_commit=False)
    try:
        tps = [TopicPartition(stack.comments_topic, p) for p in range(PARTITIONS)]
        ends = consumer.end_offsets(tps)
        return {tp.partition: consumer.committed(tp) for tp in tps}, {tp.partition: ends[tp] for tp in tps}
    finally:
        consumer.close()


def test_a_lone_worker_rebalanced_mid_stream_decides_everything_and_commits_to_the_end(
    stack_factory: Callable[..., Stack],
) -> None:
    sample = [line for line in SAMPLE.read_bytes().splitlines() if line.strip()]
    filler = [
        json.dumps(event_dict(comment_id=f"fill-{i}", author_id=f"fa-{i % 37}", thread_id=f"ft-{i % 13}",
                              text=f"Comment {i} about the library's opening hours.")).encode()
        for i in range(600)
    ]
    lines = sample + filler
    events: list[dict[str, Any]] = [json.loads(line) for line in lines]
    before, during = events[::3], [e for i, e in enumerate(events) if i % 3]
    stack = stack_factory(feedback_join=True, stall_after_s=5, session_timeout_s=SESSION_TIMEOUT_S)
    worker = stack.worker()
    stack.send(before)
    assert len(stack.wait_decided({e["comment_id"] for e in before})) >= len(before)

    worker.signal(signal.SIGSTOP)  # stopped past its session timeout: dropped from the group
    try:
        stack.send(during)  # a backlog waits for the rejoin
        time.sleep(SESSION_TIMEOUT_S + 6)
    finally:
        worker.signal(signal.SIGCONT)

    want = {e["comment_id"] for e in events}
    docs = read_settled(stack, want, timeout=240)
    final = {cid: (d["action"], tuple(d["reasons"])) for cid, d in _final(docs).items()}
    assert final == classify_final(lines)

    deadline = time.monotonic() + 60  # Faust commits once a second
    committed, ends = committed_and_end(stack)
    while committed != ends and time.monotonic() < deadline:
        time.sleep(1)
        committed, ends = committed_and_end(stack)
    assert committed == ends

    # every comments partition is watched again after the rejoin (at the latest on the guard's 5 s timer)
    deadline = time.monotonic() + 15
    while True:
        log = worker.log_path.read_text(errors="replace")
        assert log.count("Joined group") >= 2, "no rebalance happened"
        rejoined = log[log.rindex("Joined group"):]
        started = [line for line in rejoined.splitlines() if "partition guard starts at the committed offsets" in line]
        unwatched = [p for p in range(PARTITIONS) if not any(f"{stack.comments_topic}/{p}=" in s for s in started)]
        if not unwatched or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert not unwatched, started
    state = worker.readiness()
    assert state is not None and state["ready"], state
    assert state["checks"]["partitions_committing"]
