"""``/readyz`` follows the broker: false while it is stopped, true again once it is back, and the
worker decides afterwards. The test stops a broker of its own (never the session's)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from streams.broker import KafkaConfig, LocalKafka, ensure_topics, free_port_pair
from streams.broker.maven import jars_present
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack
from tests.integration.scrape import sample

pytestmark = pytest.mark.kafka


@pytest.fixture
def own_kafka(tmp_path: Path) -> Iterator[LocalKafka]:
    config = KafkaConfig.from_env()
    if shutil.which(config.java) is None:
        pytest.skip("java not found: install JDK 17+")
    if not jars_present(config.libs) and shutil.which("mvn") is None:
        pytest.skip(f"Kafka jars not cached in {config.libs} and mvn missing")
    port, controller_port = free_port_pair()
    kafka = LocalKafka(KafkaConfig.from_env(port=port, controller_port=controller_port, data_dir=tmp_path / "kafka"))
    kafka.up()
    try:
        yield kafka
    finally:
        kafka.down()


def wait_for(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.5)
    return False


def test_readyz_is_false_while_the_broker_is_stopped_and_true_once_it_is_back(
    own_kafka: LocalKafka, tmp_path: Path
) -> None:
    stack = Stack(bootstrap=own_kafka.bootstrap, tag="ready", workdir=tmp_path / "stack")
    topics = (stack.comments_topic, stack.decisions_topic, stack.dlq_topic)
    ensure_topics(stack.bootstrap, dict.fromkeys(topics, PARTITIONS))
    try:
        worker = stack.worker()
        stack.send([event_dict(comment_id="before")])
        assert stack.wait_decided({"before"}, timeout=60) >= {"before"}
        state: dict[str, Any] = worker.readiness() or {}
        assert state.get("ready") is True, state

        own_kafka.down()
        assert wait_for(lambda: (worker.readiness() or {}).get("ready") is False, 30), worker.log_tail()
        state = worker.readiness() or {}
        assert state["checks"]["broker"] is False, state
        assert sample(worker.metrics_url, "modstream_ready") == 0.0
        assert sample(worker.metrics_url, "modstream_ready_check", check="broker") == 0.0

        own_kafka.up()
        assert wait_for(lambda: (worker.readiness() or {}).get("ready") is True, 90), worker.log_tail()
        assert sample(worker.metrics_url, "modstream_ready") == 1.0
        stack._producer = None  # a fresh producer after the outage
        stack.send([event_dict(comment_id="after")])
        assert stack.wait_decided({"after"}, timeout=90) >= {"after"}, worker.log_tail()
        assert worker.proc is not None and worker.proc.poll() is None  # the same process throughout
    finally:
        stack.close()
