"""Kafka admin helpers (kafka-python) that the worker and the CLI use against any broker.

Kept apart from :mod:`streams.broker` (the local dev broker: Maven jars, process management) so
that importing the worker does not load the dev tooling (``tests/worker/test_import_boundaries.py``).
"""

from __future__ import annotations

from streams.kafka_admin.client import (
    Security,
    delete_topics,
    ensure_topics,
    group_offsets,
    missing_topics,
    probe,
    topic_max_message_bytes,
    wait_ready,
    warm_up_coordinator,
)
from streams.kafka_admin.exceptions import BrokerError, BrokerNotReady

__all__ = [
    "BrokerError",
    "BrokerNotReady",
    "Security",
    "delete_topics",
    "ensure_topics",
    "group_offsets",
    "missing_topics",
    "probe",
    "topic_max_message_bytes",
    "wait_ready",
    "warm_up_coordinator",
]
