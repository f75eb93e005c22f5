"""Admin helpers: readiness probe and idempotent ``ensure_topics`` (real broker for most)."""

from __future__ import annotations

import uuid

import pytest
from kafka.admin import KafkaAdminClient

from streams.broker import (
    BrokerError,
    ensure_topics,
    free_port_pair,
    probe,
    wait_ready,
    warm_up_coordinator,
)
from streams.broker.exceptions import BrokerNotReady
from streams.kafka_admin import delete_topics


def _unused_bootstrap() -> str:
    return f"127.0.0.1:{free_port_pair()[0]}"


def test_probe_false_when_nothing_listens() -> None:
    assert not probe(_unused_bootstrap(), timeout=0.5)


def test_wait_ready_times_out() -> None:
    with pytest.raises(BrokerNotReady, match="did not answer"):
        wait_ready(_unused_bootstrap(), timeout=0.5)


def test_wait_ready_stops_when_process_dies() -> None:
    with pytest.raises(BrokerNotReady, match="exited"):
        wait_ready(_unused_bootstrap(), timeout=30, is_alive=lambda: False)


def test_ensure_topics_validates_arguments() -> None:
    with pytest.raises(ValueError):
        ensure_topics("127.0.0.1:1", {"t": 0})
    assert ensure_topics("127.0.0.1:1", {}) == []


def test_ensure_topics_unreachable() -> None:
    with pytest.raises(BrokerError, match="cannot reach"):
        ensure_topics(_unused_bootstrap(), {"t": 1}, timeout=1.0)


def test_warm_up_never_raises() -> None:
    assert not warm_up_coordinator(_unused_bootstrap(), timeout=0.5)


@pytest.mark.kafka
def test_probe_wait_ready_and_warm_up(kafka_bootstrap: str) -> None:
    assert probe(kafka_bootstrap)
    assert wait_ready(kafka_bootstrap, timeout=10) < 10
    assert warm_up_coordinator(kafka_bootstrap)


@pytest.mark.kafka
def test_ensure_topics_creates_and_is_idempotent(kafka_bootstrap: str) -> None:
    suffix = uuid.uuid4().hex[:8]
    topics = {f"comments-{suffix}": 4, f"decisions-{suffix}": 4, f"dlq-{suffix}": 2}
    assert ensure_topics(kafka_bootstrap, topics) == sorted(topics)
    assert ensure_topics(kafka_bootstrap, topics) == []
    extra = {f"comments-{suffix}": 4, f"extra-{suffix}": 1}
    assert ensure_topics(kafka_bootstrap, extra) == [f"extra-{suffix}"]

    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    try:
        described = {t["name"]: t for t in admin.describe_topics(list(topics))}
    finally:
        admin.close()
    for name, partitions in topics.items():
        assert len(described[name]["partitions"]) == partitions
        assert all(p["leader_id"] >= 0 for p in described[name]["partitions"])


@pytest.mark.kafka
def test_delete_topics_removes_only_those_with_the_prefix(kafka_bootstrap: str) -> None:
    tag = f"del{uuid.uuid4().hex[:6]}"
    keep = f"keep{uuid.uuid4().hex[:6]}"
    ensure_topics(kafka_bootstrap, {f"{tag}.a": 1, f"{tag}-intel-b": 2, keep: 1})
    assert sorted(delete_topics(kafka_bootstrap, tag)) == sorted([f"{tag}.a", f"{tag}-intel-b"])
    admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    try:
        left = set(admin.list_topics())
    finally:
        admin.close()
    assert keep in left and not any(t.startswith(tag) for t in left)


def test_delete_topics_refuses_an_empty_prefix() -> None:
    with pytest.raises(ValueError):
        delete_topics("127.0.0.1:1", "")
