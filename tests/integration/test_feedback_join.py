"""Feedback against a real broker: verdicts joined to decisions, live precision counted, bad verdicts
dead-lettered, and the labelled export."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from streams.contracts import FeedbackEvent
from streams.feedback import export, send_verdicts
from streams.kafka_admin import ensure_topics
from streams.settings import REPO_ROOT
from streams.worker.dead_letters import HEADER_REASON
from streams.worker.process import WorkerProcess
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack
from tests.integration.scrape import total

pytestmark = pytest.mark.kafka

VERDICTS = "modstream_feedback_verdicts_total"
LABEL_VERDICTS = "modstream_feedback_label_verdicts_total"


def policy_by_tenant(tmp_path: Path) -> Path:
    """Tenant ``hides`` hides everything, ``flags`` flags everything, the rest as shipped."""
    policy: dict[str, Any] = json.loads((REPO_ROOT / "config" / "policy.json").read_text())
    labels = list(policy["thresholds"])
    policy["tenants"] = {
        "hides": {"thresholds": {lb: {"flag": 0.0, "hide": 0.0} for lb in labels}},
        "flags": {"thresholds": {lb: {"flag": 0.0, "hide": 1.01} for lb in labels}},
    }
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy))
    return path


def verdict(cid: str, v: str, tenant: str, labels: list[str] | None = None, text: str | None = None) -> FeedbackEvent:
    return FeedbackEvent.model_validate(
        {"comment_id": cid, "verdict": v, "labels": labels or [], "decided_at": datetime.now(UTC),
         "tenant": tenant, "moderator_id": "ab" * 32, "text": text}
    )


def comment(cid: str, tenant: str) -> dict[str, Any]:
    return event_dict(comment_id=cid, author_id=f"author-{cid}", tenant=tenant, text=f"Note {cid} on the gardens.")


def test_verdicts_are_joined_and_live_precision_is_right(stack_factory: Callable[..., Stack], tmp_path: Path) -> None:
    stack = stack_factory()
    feedback_topic = f"{stack.tag}.feedback"
    ensure_topics(stack.bootstrap, {feedback_topic: PARTITIONS})
    policy = policy_by_tenant(tmp_path)
    stack.worker(policy_path=policy, feedback_topic=feedback_topic)
    # the join runs beside the worker, as deployed (`modstream feedback join`)
    worker = WorkerProcess(
        {
            "kafka_bootstrap": stack.bootstrap, "app_id": stack.tag, "decisions_topic": stack.decisions_topic,
            "dlq_topic": stack.dlq_topic, "feedback_topic": feedback_topic, "topic_partitions": PARTITIONS,
            "data_dir": tmp_path / "join-state", "policy_path": policy,
        },
        log_path=tmp_path / "join.log",
        command=("feedback", "join"),
    ).start()
    stack.workers.append(worker)  # stopped with the stack

    # 10 hides: 7 rejected, 2 approved, 1 relabelled with no labels (= fine) -> hide precision 0.7
    # 4 flags: 1 rejected, 3 approved -> flag precision 0.25; 3 hide verdicts arrive before their comments
    hides = [f"h{i}" for i in range(10)]
    flags = [f"f{i}" for i in range(4)]
    hide_verdicts = [verdict(c, "reject", "hides", text=f"Note {c} on the gardens.") for c in hides[:7]]
    hide_verdicts += [verdict(c, "approve", "hides") for c in hides[7:9]] + [verdict(hides[9], "relabel", "hides")]
    flag_verdicts = [verdict(flags[0], "reject", "flags", ["insult"])]
    flag_verdicts += [verdict(c, "approve", "flags") for c in flags[1:]]
    early, late = hide_verdicts[:3], hide_verdicts[3:]
    send_verdicts(early, bootstrap=stack.bootstrap, topic=feedback_topic)
    stack.send([comment(c, "hides") for c in hides] + [comment(c, "flags") for c in flags])
    assert stack.wait_decided(set(hides + flags)) >= set(hides + flags)
    send_verdicts([*late, *flag_verdicts, late[0]], bootstrap=stack.bootstrap, topic=feedback_topic)  # one twice
    producer = KafkaProducer(bootstrap_servers=stack.bootstrap)
    producer.send(feedback_topic, key=b"bad", value=b'{"comment_id": "x", "verdict": "maybe"}')
    producer.flush()
    producer.close()

    url = worker.metrics_url

    def counts() -> dict[tuple[str, str], float]:
        return {
            (action, outcome): total(url, VERDICTS, action=action, outcome=outcome)
            for action in ("hide", "flag") for outcome in ("confirmed", "overturned")
        }

    want = {("hide", "confirmed"): 7, ("hide", "overturned"): 3, ("flag", "confirmed"): 1, ("flag", "overturned"): 3}
    deadline = time.monotonic() + 120  # generous: a loaded CI machine
    while counts() != want and time.monotonic() < deadline:
        time.sleep(0.5)
    got = counts()
    assert got == want, f"{got}\n{worker.log_tail(80)}"
    hide_precision = got[("hide", "confirmed")] / (got[("hide", "confirmed")] + got[("hide", "overturned")])
    assert hide_precision == pytest.approx(0.7)
    assert total(url, VERDICTS, action="hide", tenant="hides", outcome="confirmed") == 7
    assert total(url, LABEL_VERDICTS, label="toxicity", action="hide", outcome="confirmed") == 7
    # the flag verdict named "insult": that label is confirmed, the other labels that flagged it are not
    assert total(url, LABEL_VERDICTS, label="insult", action="flag", outcome="confirmed") == 1
    assert total(url, LABEL_VERDICTS, label="spam", action="flag", outcome="confirmed") == 0
    assert total(url, "modstream_feedback_received_total") == 15
    assert total(url, "modstream_feedback_hide_precision_floor") == 0.8

    letters = stack.read(stack.dlq_topic, 1)
    assert [dict(r.headers)[HEADER_REASON].decode() for r in letters] == ["invalid_fields"]

    # the labelled export reads both topics back
    from streams.scoring import OnnxScorer
    from streams.settings import Settings

    labels = OnnxScorer.load(Settings().model_path).labels
    out = tmp_path / "feedback.jsonl"
    stats = export(stack.bootstrap, stack.decisions_topic, feedback_topic, out, labels)
    rows = {row["comment_id"]: row for row in map(json.loads, out.read_text().splitlines())}
    assert (stats.rows, stats.joined, stats.with_text, stats.invalid) == (14, 14, 7, 1)
    assert rows["h0"]["text"] == "Note h0 on the gardens." and rows["h7"]["text"] is None
    assert rows["h7"]["labels"] == dict.fromkeys(labels, 0)
    assert rows["h0"]["labels"]["toxicity"] == 1 and rows["h0"]["decision"]["action"] == "hide"
    assert rows["f0"]["labels"]["insult"] == 1 and rows["f0"]["labels"]["toxicity"] is None
