"""The worker tells the truth, once: real broker, shuffled partitions, the classify decisions."""

from __future__ import annotations

import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import Stack

pytestmark = pytest.mark.kafka

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "comments.jsonl"


def _final(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    final: dict[str, dict[str, Any]] = {}
    for doc in docs:
        known = final.get(doc["_key"])
        if known is None or doc["revision"] > known["revision"]:
            final[doc["_key"]] = doc
    return final


def classify_final(lines: list[bytes]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """``modstream classify``'s final (action, reasons) per comment for these lines."""
    from streams.offline import classify_lines
    from streams.pipeline import Moderator
    from streams.settings import Settings

    settings = Settings()
    moderator = Moderator.from_paths(settings.model_path, settings.policy_path)
    final: dict[str, Any] = {}
    for item in classify_lines(lines, moderator):
        known = final.get(item.comment_id)  # type: ignore[union-attr]
        if known is None or item.revision > known.revision:  # type: ignore[union-attr]
            final[item.comment_id] = item  # type: ignore[union-attr]
    return {cid: (d.action, tuple(d.reasons)) for cid, d in final.items()}


def read_settled(stack: Stack, want: set[str], quiet_s: float = 4.0, timeout: float = 120.0) -> list[dict[str, Any]]:
    """Decision records until every id has one and nothing new came for ``quiet_s``."""
    deadline = time.monotonic() + timeout
    docs: list[dict[str, Any]] = []
    while time.monotonic() < deadline:
        docs = stack.decisions(len(want), timeout=20)
        if want <= {d["_key"] for d in docs}:
            time.sleep(quiet_s)
            again = stack.decisions(len(docs), timeout=20)
            if len(again) == len(docs):
                return again
    return docs


def test_shuffled_sample_ends_in_exactly_the_classify_decisions_once(stack_factory: Callable[..., Stack]) -> None:
    lines = [line for line in SAMPLE.read_bytes().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]
    shuffled = events[:]
    random.Random(11).shuffle(shuffled)
    stack = stack_factory()
    stack.worker()
    stack.send(shuffled)  # keyed by comment id: spread over every partition, in no order
    docs = read_settled(stack, {e["comment_id"] for e in events})

    final = {cid: (d["action"], tuple(d["reasons"])) for cid, d in _final(docs).items()}
    expected = classify_final(lines)
    assert final == expected
    by_comment: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        by_comment.setdefault(doc["_key"], []).append(doc)
    for records in by_comment.values():  # at most one record per comment per change
        assert sorted(d["revision"] for d in records) == list(range(len(records)))
        changes = [(d["action"], tuple(d["reasons"])) for d in sorted(records, key=lambda d: d["revision"])]
        assert all(a != b for a, b in itertools.pairwise(changes))
    revisions = Counter(d["revision"] for d in docs)
    print(f"records {len(docs)} for {len(events)} comments; by revision {dict(sorted(revisions.items()))}")


def test_three_events_after_an_idle_spell_get_exactly_three_decisions(stack_factory: Callable[..., Stack]) -> None:
    """An idle partition is not a stalled one: no seek back, no second decision (stall_after_s=3, 10 s idle)."""
    from tests.factories import event_dict

    stack = stack_factory(stall_after_s=3)
    worker = stack.worker()
    stack.send([event_dict(comment_id=f"warm-{i}", text=f"Warm-up comment {i}.") for i in range(4)])
    assert len(stack.wait_decided({f"warm-{i}" for i in range(4)}, timeout=60)) >= 4
    time.sleep(10)
    stack.send([event_dict(comment_id=f"late-{i}", text=f"A comment after the quiet spell, {i}.") for i in range(3)])
    time.sleep(8)  # past two stall checks
    docs = stack.decisions(7, timeout=30)
    late = [d for d in docs if d["_key"].startswith("late-")]
    assert sorted(d["_key"] for d in late) == ["late-0", "late-1", "late-2"]
    assert "no progress" not in worker.log_tail(200)


def test_the_same_event_twice_gets_the_same_decision(stack_factory: Callable[..., Stack]) -> None:
    """A redelivered comment counts once and never against itself (real broker, same partition)."""
    from tests.factories import event_dict

    text = "Same text again and again from me, about the tram."
    first = event_dict(comment_id="dup-1", author_id="parrot", text=text, created_at="2026-11-24T10:00:00Z")
    second = event_dict(comment_id="dup-2", author_id="parrot", text=text, created_at="2026-11-24T10:01:00Z")
    stack = stack_factory()
    stack.worker()
    stack.send([first, first, second, first], key=lambda e: e["author_id"].encode())
    docs = read_settled(stack, {"dup-1", "dup-2"})
    ones = [(d["action"], tuple(d["reasons"]), d["revision"]) for d in docs if d["_key"] == "dup-1"]
    assert len(ones) == 3 and len(set(ones)) == 1 and ones[0][0] == "allow" and ones[0][2] == 0
    twos = [d for d in docs if d["_key"] == "dup-2"]
    assert [(d["action"], d["reasons"][0]) for d in twos] == [("hide", "identical-repeat")]


def test_two_workers_in_one_group_end_in_the_classify_decisions(stack_factory: Callable[..., Stack]) -> None:
    """A second worker joins mid-stream: each applies the author stage of the partitions it owns and
    sends the others' comments by the author topic; a rebalance in between. Same final decisions."""
    lines = [line for line in SAMPLE.read_bytes().splitlines() if line.strip()]
    events = [json.loads(line) for line in lines]
    shuffled = events[:]
    random.Random(5).shuffle(shuffled)
    half = len(shuffled) // 2
    stack = stack_factory()
    stack.worker()
    stack.send(shuffled[:half])
    stack.worker()  # joins the group: the partitions (and the author tables) are shared out
    stack.send(shuffled[half:])
    docs = read_settled(stack, {e["comment_id"] for e in events})

    final = {cid: (d["action"], tuple(d["reasons"])) for cid, d in _final(docs).items()}
    assert final == classify_final(lines)
    content: dict[tuple[str, int], tuple[str, tuple[str, ...]]] = {}
    for doc in docs:  # a redelivery may repeat a record, never change one
        seen = content.setdefault((doc["_key"], doc["revision"]), (doc["action"], tuple(doc["reasons"])))
        assert seen == (doc["action"], tuple(doc["reasons"]))
