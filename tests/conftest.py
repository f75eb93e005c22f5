"""Shared pytest fixtures.

``kafka_bootstrap``: a real Kafka for tests marked ``@pytest.mark.kafka``. Uses ``KAFKA_BOOTSTRAP``
when set; otherwise starts the project's own broker (:class:`streams.broker.LocalKafka`) on a
private data dir and a free port pair, so it never collides with a developer's broker on 19092.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Bootstrap address of a running Kafka broker for the whole test session."""
    external = os.environ.get("KAFKA_BOOTSTRAP")
    if external:
        yield external
        return

    from streams.broker import KafkaConfig, LocalKafka, free_port_pair
    from streams.broker.maven import jars_present

    config = KafkaConfig.from_env()
    if shutil.which(config.java) is None:
        pytest.skip("java not found: install JDK 17+ or set KAFKA_BOOTSTRAP")
    if not jars_present(config.libs) and shutil.which("mvn") is None:
        pytest.skip(f"Kafka jars not cached in {config.libs} and mvn missing; set KAFKA_BOOTSTRAP")
    port, controller_port = free_port_pair()
    kafka = LocalKafka(
        KafkaConfig.from_env(
            port=port,
            controller_port=controller_port,
            data_dir=tmp_path_factory.mktemp("kafka"),
        )
    )
    kafka.up()
    try:
        yield kafka.bootstrap
    finally:
        kafka.down()
