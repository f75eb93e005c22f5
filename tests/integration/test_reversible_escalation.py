"""Reversible escalation on a real broker: a moderator overturns a hide, and the escalation that hide
caused for the author's next comment is revised away; later comments are not escalated."""

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
from streams.kafka_admin import ensure_topics
from streams.settings import REPO_ROOT
from tests.factories import event_dict
from tests.integration.conftest import PARTITIONS, Stack
from tests.integration.scrape import total

pytestmark = pytest.mark.kafka

INSULT = "You are a pathetic idiot and everyone here hates you."
BENIGN = "Thanks for the update on the harbour works, very useful."


def strict_policy(tmp_path: Path) -> Path:
    policy: dict[str, Any] = json.loads((REPO_ROOT / "config" / "policy.json").read_text())
    policy.setdefault("tenants", {})["strict"] = {
        "thresholds": {"toxicity": {"flag": 0.3, "hide": 0.5}, "insult": {"flag": 0.3, "hide": 0.5}},
        "intel": {"offender_borderline": 0.0, "offender_flag_at": 2.5, "offender_hide_at": 50.0,
                  "offender_half_life_s": 3600},
    }
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy))
    return path


def final(stack: Stack, cid: str, want: Callable[[dict[str, Any]], bool], timeout: float = 60) -> dict[str, Any]:
    """The highest revision of ``cid``'s decision once ``want`` holds for it (or the last seen)."""
    deadline = time.monotonic() + timeout
    latest: dict[str, Any] = {}
    while time.monotonic() < deadline:
        docs = [d for d in stack.decisions(1, timeout=3) if d["comment_id"] == cid]
        if docs:
            latest = max(docs, key=lambda d: d["revision"])
            if want(latest):
                return latest
    return latest


def test_an_overturned_hide_reduces_the_offender_score(stack_factory: Callable[..., Stack], tmp_path: Path) -> None:
    stack = stack_factory()
    feedback_topic = f"{stack.tag}.feedback"
    ensure_topics(stack.bootstrap, {feedback_topic: PARTITIONS})
    worker = stack.worker(policy_path=strict_policy(tmp_path), feedback_topic=feedback_topic, feedback_join=True)

    def post(cid: str, text: str) -> None:
        stack.send([event_dict(comment_id=cid, author_id="troll", tenant="strict", text=text,
                               created_at=datetime.now(UTC).isoformat())])

    post("x", INSULT)
    assert final(stack, "x", lambda d: True)["action"] == "hide"
    post("y1", BENIGN)
    escalated = final(stack, "y1", lambda d: True)
    assert (escalated["action"], escalated["reasons"][0]) == ("flag", "author-escalation"), worker.log_tail()

    verdict = FeedbackEvent.model_validate(
        {"comment_id": "x", "verdict": "approve", "decided_at": datetime.now(UTC), "tenant": "strict"}
    )
    send_verdicts([verdict], bootstrap=stack.bootstrap, topic=feedback_topic)
    revised = final(stack, "y1", lambda d: d["action"] == "allow")
    assert revised["action"] == "allow" and revised["revision"] > escalated["revision"], worker.log_tail()
    assert total(stack.metrics_url, "modstream_offender_retractions_total") == 1

    post("y2", BENIGN.replace("useful", "helpful"))
    assert final(stack, "y2", lambda d: True)["action"] == "allow"
