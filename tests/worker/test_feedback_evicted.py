"""The feedback join's cap is visible: evicted keys are counted, an evicted verdict is unmatched too."""

from __future__ import annotations

from datetime import UTC, datetime

from prometheus_client import REGISTRY

from streams.contracts import FeedbackEvent
from streams.feedback import FeedbackJoin
from streams.worker.feedback_agents import count_evicted

T0 = 1_800_000_000.0


def _value(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _verdict(cid: str) -> FeedbackEvent:
    return FeedbackEvent(
        comment_id=cid, verdict="reject", labels=[], moderator_id="m", decided_at=datetime.fromtimestamp(T0, UTC),
        tenant="default",
    )


def test_evictions_are_counted_by_kind_and_deployment() -> None:
    live, shadow = FeedbackJoin(max_keys=1), FeedbackJoin(max_keys=1, prefixes=("s", "g"))
    evicted = {
        (kind, dep): _value("modstream_feedback_evicted_total", {"kind": kind, "deployment": dep})
        for kind in ("decision", "verdict") for dep in ("live", "shadow")
    }
    unmatched = _value("modstream_feedback_unmatched_total", {"verdict": "reject", "tenant": "default"})
    for join in (live, shadow):
        join.on_feedback(_verdict("early"), T0)
        for cid in ("a", "b", "c"):
            join.on_decision({"comment_id": cid, "action": "hide", "reasons": ["toxicity:hide"]}, T0 + 1)
    count_evicted(live, "live")
    count_evicted(shadow, "shadow")
    for dep in ("live", "shadow"):
        assert _value("modstream_feedback_evicted_total", {"kind": "decision", "deployment": dep}) == (
            evicted[("decision", dep)] + 2
        )
        assert _value("modstream_feedback_evicted_total", {"kind": "verdict", "deployment": dep}) == (
            evicted[("verdict", dep)] + 1
        )
    # only the live join's evicted verdict is an unmatched one (the shadow's sweep is not counted either)
    assert _value("modstream_feedback_unmatched_total", {"verdict": "reject", "tenant": "default"}) == unmatched + 1
    count_evicted(live, "live")  # nothing new
    assert _value("modstream_feedback_unmatched_total", {"verdict": "reject", "tenant": "default"}) == unmatched + 1
