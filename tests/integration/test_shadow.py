"""A shadow policy on a real broker: one shadow record per comment, live decisions untouched,
agreement metrics move, the shadow's precision from verdicts, and the report from the topics."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from streams.contracts import FeedbackEvent
from streams.feedback import send_verdicts
from streams.feedback.export import read_topic
from streams.kafka_admin import ensure_topics
from streams.settings import REPO_ROOT
from streams.shadow import build_report
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack
from tests.integration.scrape import total

pytestmark = pytest.mark.kafka


def hide_everything(tmp_path: Path) -> Path:
    policy: dict[str, Any] = json.loads((REPO_ROOT / "config" / "policy.json").read_text())
    policy["version"] = "shadow-strict"
    policy["thresholds"] = {label: {"flag": 0.0, "hide": 0.0} for label in policy["thresholds"]}
    path = tmp_path / "shadow-policy.json"
    path.write_text(json.dumps(policy))
    return path


def test_shadow_policy_scores_every_comment_off_the_decision_path(
    stack_factory: Callable[..., Stack], tmp_path: Path
) -> None:
    stack = stack_factory()
    shadow_topic, feedback_topic = f"{stack.tag}.shadow", f"{stack.tag}.feedback"
    ensure_topics(stack.bootstrap, {shadow_topic: PARTITIONS, feedback_topic: PARTITIONS})
    worker = stack.worker(
        shadow_policy=hide_everything(tmp_path), shadow_topic=shadow_topic, feedback_topic=feedback_topic,
        feedback_join=True,  # the join inside the worker (small setups); test_feedback_join runs it beside
    )
    ids = [f"s{i}" for i in range(40)]
    stack.send([
        event_dict(comment_id=c, author_id=f"author-{c}", text=f"Lovely photos of the harbour, number {c}.")
        for c in ids
    ])
    assert stack.wait_decided(set(ids)) >= set(ids)

    records = stack.read(shadow_topic, len(ids))
    keys = [r.key.decode() for r in records]
    assert sorted(keys) == sorted(ids), "exactly one shadow record per comment"
    shadow_docs = [json.loads(r.value) for r in records]
    assert {(d["action"], d["policy_version"]) for d in shadow_docs} == {("hide", "shadow-strict")}
    live = [d for d in stack.decisions(len(ids)) if d["revision"] == 0]
    assert {d["action"] for d in live} == {"allow"}  # the shadow changed no real decision
    assert "shadow-strict" not in {d["policy_version"] for d in live}

    url = stack.metrics_url
    deadline = time.monotonic() + 20
    while total(url, "modstream_shadow_decisions_total") < len(ids) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert total(url, "modstream_shadow_decisions_total", live_action="allow", shadow_action="hide") == len(ids)
    assert total(url, "modstream_shadow_decisions_total") == len(ids)  # agreement 0 of 40
    assert total(url, "modstream_shadow_changes_total", change="would_hide", label="toxicity") == len(ids)
    assert total(url, "modstream_shadow_dropped_total") == 0

    # moderators approve 10 of them: the shadow's hides are overturned; the live allows are not joined
    verdicts = [
        FeedbackEvent.model_validate({"comment_id": c, "verdict": "approve", "decided_at": datetime.now(UTC)})
        for c in ids[:10]
    ]
    send_verdicts(verdicts, bootstrap=stack.bootstrap, topic=feedback_topic)
    verdicts_total = "modstream_feedback_verdicts_total"
    deadline = time.monotonic() + 30
    while total(url, verdicts_total, deployment="shadow") < 10 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert total(url, verdicts_total, deployment="shadow", action="hide", outcome="overturned") == 10
    assert total(url, verdicts_total, deployment="live") == 0, worker.log_tail()

    report = build_report(
        read_topic(stack.bootstrap, stack.decisions_topic), read_topic(stack.bootstrap, shadow_topic),
        read_topic(stack.bootstrap, feedback_topic),
    )
    assert (report.compared, report.agree, report.live_only, report.shadow_only) == (40, 0, 0, 0)
    assert report.pairs[("allow", "hide")] == 40
    assert report.precision("shadow", "hide") == (0.0, 10)
    assert report.precision("live", "hide") == (None, 0)
