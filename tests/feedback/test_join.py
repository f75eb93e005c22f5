"""FeedbackJoin: verdicts meet decisions in either order; outcomes, dedupe, revisions, retention."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from streams.contracts import FeedbackEvent
from streams.feedback import FeedbackJoin, earned_labels

T0 = 1_800_000_000.0


def decision(cid: str, action: str, reasons: list[str], revision: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "comment_id": cid, "action": action, "reasons": reasons, "tenant": "news", "author_id": f"au-{cid}",
        "model_version": "m1", "policy_version": "p1", "revision": revision, **extra,
    }


def verdict(cid: str, verdict: str, labels: list[str] | None = None, moderator: str | None = "mod") -> FeedbackEvent:
    return FeedbackEvent(
        comment_id=cid, verdict=verdict, labels=labels or [], moderator_id=moderator,  # type: ignore[arg-type]
        decided_at=datetime.fromtimestamp(T0, UTC), tenant="news",
    )


def test_earned_labels_keep_labels_and_rules() -> None:
    reasons = ["toxicity:hide", "insult:flag", "normalised:leet", "identical-repeat", "toxicity:flag"]
    assert earned_labels(reasons) == ["toxicity", "insult", "rule:identical-repeat"]


def test_verdict_after_decision_joins_with_outcome() -> None:
    join = FeedbackJoin()
    assert join.on_decision(decision("a", "hide", ["toxicity:hide", "insult:flag"]), T0) is None
    joined = join.on_feedback(verdict("a", "approve"), T0 + 60)
    assert joined is not None
    assert (joined.action, joined.confirmed, joined.overturned_hide) == ("hide", False, True)
    assert joined.label_outcomes() == [("toxicity", False), ("insult", False)]
    assert (joined.tenant, joined.author_id, joined.model_version) == ("news", "au-a", "m1")


def test_verdict_before_decision_waits_and_joins_when_it_comes() -> None:
    join = FeedbackJoin()
    assert join.on_feedback(verdict("b", "relabel", ["insult"]), T0) is None
    joined = join.on_decision(decision("b", "flag", ["toxicity:flag", "insult:flag"]), T0 + 1)
    assert joined is not None and joined.confirmed
    assert joined.label_outcomes() == [("toxicity", False), ("insult", True)]
    assert "f|b" not in join.store


def test_allowed_decisions_are_not_kept_and_a_waiting_verdict_ends_unmatched() -> None:
    join = FeedbackJoin(wait_s=3600)
    assert join.on_decision(decision("c", "allow", []), T0) is None
    assert "d|c" not in join.store
    assert join.on_feedback(verdict("c", "reject"), T0) is None
    assert join.sweep(T0 + 3599) == []
    unmatched = join.sweep(T0 + 3601)
    assert [(u.comment_id, u.verdict, u.tenant) for u in unmatched] == [("c", "reject", "news")]
    assert join.store == {}


def test_redelivered_verdict_counts_once_and_a_changed_one_again() -> None:
    join = FeedbackJoin()
    join.on_decision(decision("d", "hide", ["spam:hide"]), T0)
    assert join.on_feedback(verdict("d", "reject"), T0) is not None
    assert join.on_feedback(verdict("d", "reject"), T0) is None
    again = join.on_feedback(verdict("d", "approve"), T0)
    assert again is not None and not again.confirmed


def test_later_revision_replaces_and_older_one_is_ignored() -> None:
    join = FeedbackJoin()
    join.on_decision(decision("e", "flag", ["flood"]), T0)
    join.on_decision(decision("e", "hide", ["campaign"], revision=2), T0 + 5)
    join.on_decision(decision("e", "flag", ["flood"], revision=1), T0 + 6)
    joined = join.on_feedback(verdict("e", "reject"), T0 + 10)
    assert joined is not None and (joined.action, joined.labels) == ("hide", ("rule:campaign",))


def test_decisions_expire_after_the_retention() -> None:
    join = FeedbackJoin(retention_s=100)
    join.on_decision(decision("f", "hide", ["toxicity:hide"]), T0)
    assert join.sweep(T0 + 99) == [] and "d|f" in join.store
    assert join.sweep(T0 + 101) == [] and "d|f" not in join.store
    assert join.on_feedback(verdict("f", "approve"), T0 + 102) is None  # too late: it waits, unmatched


def test_sweep_by_partition_touches_only_that_partition() -> None:
    join = FeedbackJoin(retention_s=10)
    join.on_decision(decision("g", "hide", ["toxicity:hide"]), T0, partition=0)
    join.on_decision(decision("h", "hide", ["toxicity:hide"]), T0, partition=1)
    join.sweep(T0 + 100, partition=1)
    assert "d|g" in join.store and "d|h" not in join.store


def test_precision_of_a_constructed_case() -> None:
    """10 hides: 7 rejected, 2 approved, 1 relabelled as fine; 4 flags: 1 rejected, 3 approved."""
    join = FeedbackJoin()
    outcomes = []
    plan = [("hide", "reject")] * 7 + [("hide", "approve")] * 2 + [("hide", "relabel")] + \
        [("flag", "reject")] + [("flag", "approve")] * 3
    for i, (action, v) in enumerate(plan):
        join.on_decision(decision(f"p{i}", action, [f"toxicity:{action}"]), T0)
        joined = join.on_feedback(verdict(f"p{i}", v), T0)
        assert joined is not None
        outcomes.append(joined)
    hides = [j for j in outcomes if j.action == "hide"]
    flags = [j for j in outcomes if j.action == "flag"]
    assert sum(j.confirmed for j in hides) / len(hides) == 0.7
    assert sum(j.confirmed for j in flags) / len(flags) == 0.25
    assert sum(j.overturned_hide for j in outcomes) == 3


def test_counted_action_mirrors_what_the_author_stage_counts() -> None:
    from streams.feedback.join import counted_action

    assert counted_action(["toxicity:hide"]) == "hide"
    assert counted_action(["identical-repeat", "toxicity:flag"]) == "hide"
    assert counted_action(["author-escalation", "insult:flag"]) == "flag"  # the escalation adds nothing
    assert counted_action(["campaign:k1"]) == "allow"
    assert counted_action(["flood"]) == "flag"
    join = FeedbackJoin()
    join.on_decision(decision("w", "hide", ["author-escalation", "insult:flag"]), T0)
    joined = join.on_feedback(verdict("w", "approve"), T0)
    assert joined is not None and joined.counted_action == "flag" and joined.overturned_hide
