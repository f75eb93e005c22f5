"""A real broker with a SASL_SSL listener (TLS + SCRAM/PLAIN + mTLS): the worker decides over it,
the clients connect with :func:`streams.security.kafka_python_kwargs`, wrong credentials are refused."""

from __future__ import annotations

import json
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from kafka import KafkaConsumer, KafkaProducer

from streams.broker import BrokerError, KafkaConfig, LocalKafka, ensure_topics, free_port_pair, probe
from streams.broker.maven import jars_present
from streams.broker.secure import SaslSslListener
from streams.security import KafkaSecurity, kafka_python_kwargs
from streams.worker.process import WorkerProcess
from tests.integration.tls import Certs, make_certs

pytestmark = pytest.mark.kafka

SCRAM_USER, SCRAM_PASSWORD = "svc-worker", "scram-secret-512"
SCRAM256_USER, SCRAM256_PASSWORD = "svc-tail", "scram-secret-256"
PLAIN_USER, PLAIN_PASSWORD = "svc-replay", "plain-secret"


@dataclass(frozen=True)
class SecureBroker:
    bootstrap: str
    certs: Certs

    def security(self, mechanism: str = "SCRAM-SHA-512", user: str = SCRAM_USER,
                 password: str = SCRAM_PASSWORD, client_cert: bool = True) -> KafkaSecurity:
        return KafkaSecurity(
            protocol="SASL_SSL", mechanism=mechanism, username=user, password=password,
            cafile=self.certs.ca,
            certfile=self.certs.client_cert if client_cert else None,
            keyfile=self.certs.client_key if client_cert else None,
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def secure_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    """The project's local Kafka with a SASL_SSL listener, users made by ``kafka-storage format --add-scram``."""
    base = KafkaConfig.from_env()
    if shutil.which(base.java) is None or shutil.which("openssl") is None:
        pytest.skip("java or openssl not found")
    if not jars_present(base.libs) and shutil.which("mvn") is None:
        pytest.skip("Kafka jars not cached and mvn missing")
    certs = make_certs(tmp_path_factory.mktemp("certs"))
    port, controller = free_port_pair()
    listener = SaslSslListener(
        port=_free_port(),
        keystore=certs.keystore,
        keystore_password=certs.keystore_password,
        truststore=certs.ca,
        plain_users={PLAIN_USER: PLAIN_PASSWORD},
        scram_users=(
            ("SCRAM-SHA-512", SCRAM_USER, SCRAM_PASSWORD),
            ("SCRAM-SHA-256", SCRAM256_USER, SCRAM256_PASSWORD),
        ),
    )
    kafka = LocalKafka(
        KafkaConfig.from_env(
            port=port, controller_port=controller, data_dir=tmp_path_factory.mktemp("kafka-sasl"), sasl_ssl=listener
        )
    )
    kafka.up()
    try:
        yield SecureBroker(f"127.0.0.1:{listener.port}", certs)
    finally:
        kafka.down()


@pytest.mark.parametrize(
    ("mechanism", "user", "password"),
    [
        ("SCRAM-SHA-512", SCRAM_USER, SCRAM_PASSWORD),
        ("SCRAM-SHA-256", SCRAM256_USER, SCRAM256_PASSWORD),
        ("PLAIN", PLAIN_USER, PLAIN_PASSWORD),
    ],
)
def test_each_mechanism_logs_in(secure_broker: SecureBroker, mechanism: str, user: str, password: str) -> None:
    security = kafka_python_kwargs(secure_broker.security(mechanism, user, password))
    assert probe(secure_broker.bootstrap, timeout=10, security=security)


def test_wrong_password_is_refused(secure_broker: SecureBroker) -> None:
    wrong = kafka_python_kwargs(secure_broker.security(password="not-the-password"))
    assert not probe(secure_broker.bootstrap, timeout=5, security=wrong)
    with pytest.raises(BrokerError):
        ensure_topics(secure_broker.bootstrap, {f"t{uuid.uuid4().hex[:6]}.x": 1}, timeout=5, security=wrong)


def test_client_without_certificate_is_refused(secure_broker: SecureBroker) -> None:
    """The listener requires a client certificate (mTLS): the right password alone is not enough."""
    no_cert = kafka_python_kwargs(secure_broker.security(client_cert=False))
    assert not probe(secure_broker.bootstrap, timeout=5, security=no_cert)


def test_plaintext_client_is_refused(secure_broker: SecureBroker) -> None:
    assert not probe(secure_broker.bootstrap, timeout=5)


def test_worker_decides_over_sasl_ssl(secure_broker: SecureBroker, tmp_path: Path) -> None:
    sec = secure_broker.security()
    security = kafka_python_kwargs(sec)
    tag = f"t{uuid.uuid4().hex[:8]}"
    topics = {name: f"{tag}.{name}" for name in ("comments", "decisions", "dlq")}
    ensure_topics(secure_broker.bootstrap, dict.fromkeys(topics.values(), 2), security=security)
    worker = WorkerProcess(
        {
            "kafka_bootstrap": secure_broker.bootstrap,
            "kafka_security_protocol": "SASL_SSL",
            "kafka_sasl_mechanism": sec.mechanism,
            "kafka_sasl_username": sec.username,
            "kafka_sasl_password": sec.password,
            "kafka_ssl_cafile": sec.cafile,
            "kafka_ssl_certfile": sec.certfile,
            "kafka_ssl_keyfile": sec.keyfile,
            "app_id": tag,
            "comments_topic": topics["comments"],
            "decisions_topic": topics["decisions"],
            "dlq_topic": topics["dlq"],
            "feedback_topic": f"{tag}.feedback",
            "topic_partitions": 2,
            "stateful": "false",
            "feedback_join": "false",
            "data_dir": tmp_path / "state",
            "batch_timeout_s": 0.01,
        },
        log_path=tmp_path / "worker.log",
    )
    producer = KafkaProducer(bootstrap_servers=secure_broker.bootstrap, acks="all", **security)
    consumer = KafkaConsumer(
        topics["decisions"], bootstrap_servers=secure_broker.bootstrap, group_id=f"{tag}-reader",
        auto_offset_reset="earliest", enable_auto_commit=False, **security,
    )
    ids = {f"{tag}-{i}" for i in range(20)}
    try:
        worker.start()
        for i, comment_id in enumerate(sorted(ids)):
            event = {
                "comment_id": comment_id, "author_id": f"a{i}", "thread_id": "th", "tenant": "default",
                "text": f"thanks for the write-up, number {i}", "created_at": "2026-12-04T12:00:00Z",
            }
            producer.send(topics["comments"], key=comment_id.encode(), value=json.dumps(event).encode())
        producer.flush(timeout=30)
        decided: set[str] = set()
        deadline = time.monotonic() + 90
        while not ids <= decided and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                decided.update(json.loads(r.value)["comment_id"] for r in batch)
        assert decided == ids, f"{len(ids - decided)} undecided\n{worker.log_tail()}"
    finally:
        worker.stop()
        producer.close()
        consumer.close()
