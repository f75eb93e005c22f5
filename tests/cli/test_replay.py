"""``modstream replay`` checks every send: a record the broker refuses ends in one line and exit 2."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from streams.kafka_admin import ensure_topics
from tests.cli.test_errors import _run


@pytest.mark.kafka
def test_replay_fails_when_the_broker_refuses_an_event(kafka_bootstrap: str, tmp_path: Path) -> None:
    topic = f"replay-refused-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka_bootstrap, {topic: 1}, configs={"max.message.bytes": str(1024 * 1024)})
    small = {"comment_id": "c-1", "text": "hello"}
    big = {"comment_id": "c-2", "text": "x" * (2 * 1024 * 1024)}
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps(small) + "\n" + json.dumps(big) + "\n")

    done = _run("replay", str(events), "--topic", topic, "--bootstrap", kafka_bootstrap)

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "sent 2 events" not in done.stderr
    line = done.stderr.strip()
    assert line.count("\n") == 0 and "line 2" in line and "MessageSizeTooLarge" in line


@pytest.mark.kafka
def test_replay_to_a_missing_topic_fails_at_once(kafka_bootstrap: str, tmp_path: Path) -> None:
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"comment_id": "c-1", "text": "hello"}) + "\n")
    topic = f"replay-missing-{uuid.uuid4().hex[:8]}"

    done = _run("replay", str(events), "--topic", topic, "--bootstrap", kafka_bootstrap)

    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert line.count("\n") == 0 and f"topic {topic} does not exist" in line, line


@pytest.mark.kafka
def test_replay_reports_what_it_sent(kafka_bootstrap: str, tmp_path: Path) -> None:
    topic = f"replay-ok-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka_bootstrap, {topic: 1})
    events = tmp_path / "events.jsonl"
    events.write_text("".join(json.dumps({"comment_id": f"c-{i}", "text": "hi"}) + "\n" for i in range(3)))

    done = _run("replay", str(events), "--topic", topic, "--bootstrap", kafka_bootstrap)

    assert done.returncode == 0, done.stderr
    assert f"sent 3 events to {topic}" in done.stderr


@pytest.mark.kafka
def test_tail_of_the_dead_letter_topic_prints_reasons(kafka_bootstrap: str) -> None:
    from kafka import KafkaProducer

    topic = f"dlq-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka_bootstrap, {topic: 1})
    producer = KafkaProducer(bootstrap_servers=kafka_bootstrap)
    headers = [("modstream-reason", b"invalid_json"), ("modstream-detail", b"Expecting value"),
               ("modstream-source", b"comments/0/3")]
    producer.send(topic, key=b"c-1", value=b"{not json", headers=headers).get(timeout=30)
    producer.send(topic, key=b"c-2", value=b"[1, 2]", headers=[("modstream-reason", b"schema")]).get(timeout=30)
    producer.send(topic, key=b"\xff", value=b"[1, 2]").get(timeout=30)
    producer.close()

    done = _run("tail", "--topic", topic, "--bootstrap", kafka_bootstrap, "--from-beginning", "--idle-timeout", "3")

    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3, done.stdout
    assert "DEAD" in lines[0] and "c-1" in lines[0] and "invalid_json" in lines[0] and "comments/0/3" in lines[0]
    assert "DEAD" in lines[1] and "schema" in lines[1]
    assert "not a decision" in lines[2]
