"""The poison mix inside 1,000 valid events on a real broker: every valid comment decided, every
poison dead-lettered with its reason (the 1 MB-class one as a bounded prefix with size and digest),
the worker deciding afterwards and ready throughout."""

from __future__ import annotations

import hashlib
import json
import random

import pytest
from kafka import KafkaProducer

from streams.bench.poison import poison_events
from streams.worker.dead_letters import (
    HEADER_ORIGINAL_BYTES,
    HEADER_ORIGINAL_SHA256,
    HEADER_REASON,
    HEADER_TRUNCATED,
    PREFIX_BYTES,
)
from tests.factories import event_dict
from tests.integration.conftest import Stack

pytestmark = pytest.mark.kafka

VALID = 1_000


def test_poison_mix_inside_valid_events(running_worker: Stack) -> None:
    stack = running_worker
    poisons = poison_events(stack.tag)
    valid = [
        json.dumps(event_dict(comment_id=f"{stack.tag}-v{i}", author_id=f"a{i % 97}", thread_id=f"t{i % 13}",
                              text=f"Comment {i} on the council budget and the new bus lanes.")).encode()
        for i in range(VALID)
    ]
    records = [(f"{stack.tag}-v{i}", raw) for i, raw in enumerate(valid)]
    rng = random.Random(17)
    for poison in poisons:
        records.insert(rng.randrange(len(records)), (poison.comment_id, poison.raw))
    producer = KafkaProducer(bootstrap_servers=stack.bootstrap, acks="all", max_request_size=2 * 1024 * 1024)
    try:
        for key, raw in records:
            producer.send(stack.comments_topic, key=key.encode(), value=raw)
        producer.flush(timeout=60)

        valid_ids = {f"{stack.tag}-v{i}" for i in range(VALID)}
        decided = stack.wait_decided(valid_ids, timeout=180)
        missing = valid_ids - decided
        assert not missing, f"{len(missing)} valid comments undecided\n{stack.workers[-1].log_tail()}"
        assert not {p.comment_id for p in poisons} & decided

        letters = stack.read(stack.dlq_topic, len(poisons), timeout=60)
        by_key = {r.key.decode(): r for r in letters}
        assert set(by_key) == {p.comment_id for p in poisons}
        for poison in poisons:
            record = by_key[poison.comment_id]
            headers = dict(record.headers)
            assert headers[HEADER_REASON].decode() == poison.reason, poison.name
            if poison.name == "one-mb":  # beyond the dead-letter producer's limit: a bounded prefix
                assert record.value == poison.raw[:PREFIX_BYTES]
                assert int(headers[HEADER_TRUNCATED]) == PREFIX_BYTES
                assert int(headers[HEADER_ORIGINAL_BYTES]) == len(poison.raw)
                assert headers[HEADER_ORIGINAL_SHA256].decode() == hashlib.sha256(poison.raw).hexdigest()
            else:
                assert record.value == poison.raw
        assert len(letters) == len(poisons)  # nothing else dead-lettered (no batch lost for one member)

        state = stack.workers[-1].readiness()
        assert state is not None and state["ready"] is True, state
        assert state["checks"]["agent_running"] and state["checks"]["making_progress"]

        after = [event_dict(comment_id=f"{stack.tag}-after{i}") for i in range(20)]
        stack.send(after)
        after_ids = {e["comment_id"] for e in after}
        assert after_ids <= stack.wait_decided(after_ids, timeout=60)
    finally:
        producer.close()
