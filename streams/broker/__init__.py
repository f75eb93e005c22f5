"""Local Apache Kafka (KRaft, single node) from Maven Central: resolve, up, down, status."""

from __future__ import annotations

from streams.broker.exceptions import BrokerError, BrokerNotReady, MavenResolutionError, PortInUse
from streams.broker.local import (
    BrokerStatus,
    DownResult,
    KafkaConfig,
    LocalKafka,
    UpResult,
    free_port_pair,
)
from streams.broker.maven import DEFAULT_KAFKA_VERSION, resolve_kafka
from streams.kafka_admin import delete_topics, ensure_topics, probe, wait_ready, warm_up_coordinator

__all__ = [
    "DEFAULT_KAFKA_VERSION",
    "BrokerError",
    "BrokerNotReady",
    "BrokerStatus",
    "DownResult",
    "KafkaConfig",
    "LocalKafka",
    "MavenResolutionError",
    "PortInUse",
    "UpResult",
    "delete_topics",
    "ensure_topics",
    "free_port_pair",
    "probe",
    "resolve_kafka",
    "wait_ready",
    "warm_up_coordinator",
]
