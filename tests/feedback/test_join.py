"""FeedbackJoin: verdicts meet decisions in either order; outcomes, dedupe, revisions, retention."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

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


def test_cap_evicts_the_oldest_keys_of_the_partition_and_verdicts_end_unmatched() -> None:
    join = FeedbackJoin(max_keys=3)
    assert join.on_feedback(verdict("v0", "reject"), T0, partition=0) is None  # waits (oldest key)
    for i in range(3):
        join.on_decision(decision(f"k{i}", "hide", ["toxicity:hide"]), T0 + 1 + i, partition=0)
    assert set(join.store) == {"d|k0", "d|k1", "d|k2"}
    decisions, verdicts = join.take_evicted()
    assert decisions == 0 and [(u.comment_id, u.verdict) for u in verdicts] == [("v0", "reject")]
    join.on_decision(decision("k3", "flag", ["insult:flag"]), T0 + 10, partition=0)
    assert set(join.store) == {"d|k1", "d|k2", "d|k3"}
    assert join.take_evicted() == (1, [])
    assert join.take_evicted() == (0, [])
    # a verdict for the evicted decision waits (and ends unmatched), as one past the retention would
    assert join.on_feedback(verdict("k0", "reject"), T0 + 11, partition=0) is None
    assert "f|k0" in join.store and "d|k1" not in join.store


def test_cap_is_per_partition() -> None:
    join = FeedbackJoin(max_keys=2)
    for i in range(4):
        join.on_decision(decision(f"a{i}", "hide", ["toxicity:hide"]), T0 + i, partition=0)
        join.on_decision(decision(f"b{i}", "hide", ["toxicity:hide"]), T0 + i, partition=1)
    assert set(join.store) == {"d|a2", "d|a3", "d|b2", "d|b3"}
    assert join.take_evicted() == (4, [])


def test_cap_counts_a_later_revision_as_new_and_keeps_joins_right() -> None:
    join = FeedbackJoin(max_keys=2)
    join.on_decision(decision("x", "flag", ["insult:flag"]), T0)
    join.on_decision(decision("y", "flag", ["insult:flag"]), T0 + 1)
    join.on_decision(decision("x", "hide", ["insult:hide"], revision=1), T0 + 2)  # x is newest now
    join.on_decision(decision("z", "flag", ["insult:flag"]), T0 + 3)
    assert set(join.store) == {"d|x", "d|z"}
    joined = join.on_feedback(verdict("x", "reject"), T0 + 4)
    assert joined is not None and joined.action == "hide" and joined.confirmed
    # a waiting verdict that joins leaves the order with its key: it does not use up the cap
    assert join.on_feedback(verdict("w", "approve"), T0 + 5) is None
    assert set(join.store) == {"d|z", "f|w"}
    join.on_decision(decision("w", "hide", ["toxicity:hide"]), T0 + 6)
    assert set(join.store) == {"d|z", "d|w"}
    assert join.take_evicted()[0] == 2


def test_cap_rebuilds_its_order_from_the_store_by_time() -> None:
    """A store filled behind the join's back (a table restored from its changelog) is ordered by time."""
    store: dict[str, Any] = {}
    first = FeedbackJoin(store)
    for cid, t in (("late", T0 + 50), ("early", T0), ("mid", T0 + 20)):
        first.on_decision(decision(cid, "hide", ["toxicity:hide"]), t, partition=3)
    first.on_decision(decision("other", "hide", ["toxicity:hide"]), T0 - 100, partition=1)
    capped = FeedbackJoin(store, max_keys=3)
    capped.on_decision(decision("new", "hide", ["toxicity:hide"]), T0 + 60, partition=3)
    assert set(store) == {"d|mid", "d|late", "d|new", "d|other"}
    capped.reindex()
    store["d|older"] = {**store["d|mid"], "t": T0 + 1}
    capped.on_decision(decision("newer", "hide", ["toxicity:hide"]), T0 + 70, partition=3)
    assert set(store) == {"d|late", "d|new", "d|newer", "d|other"}


def test_cap_bounds_keys_under_a_long_stream() -> None:
    join = FeedbackJoin(max_keys=100)
    for i in range(5_000):
        join.on_decision(decision(f"c{i}", "hide", ["toxicity:hide"]), T0 + i, partition=i % 4)
        if i % 3 == 0:
            join.on_feedback(verdict(f"c{i + 7}", "approve"), T0 + i, partition=(i + 7) % 4)
        if i % 97 == 0:
            join.sweep(T0 + i)
        assert len(join.store) <= 4 * 100
    assert len(join.store) == 400
    kept = sorted(int(key[3:]) for key in join.store if key.startswith("d|"))
    assert kept[-1] == 4_999 and kept[0] >= 4_500  # the newest of each partition


def test_repeated_strings_are_shared_between_kept_decisions() -> None:
    join = FeedbackJoin()
    for cid in ("s1", "s2"):
        doc = decision(cid, "hide", ["toxicity:hide"], tenant="".join(["ne", "ws"]))
        doc["model_version"] = "".join(["m", "odel-1"])
        join.on_decision(doc, T0)
    a, b = join.store["d|s1"], join.store["d|s2"]
    assert a["tn"] is b["tn"] and a["m"] is b["m"] and a["l"][0] is b["l"][0]


def test_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_keys"):
        FeedbackJoin(max_keys=0)


def test_entries_restored_behind_the_join_share_their_strings_once_indexed() -> None:
    restored = [
        {"a": "".join(["hi", "de"]), "l": ["".join(["tox", "icity"])], "tn": "".join(["ne", "ws"]), "au": "x",
         "m": "".join(["m", "1"]), "pv": "".join(["p", "1"]), "r": 0, "t": T0, "j": None, "p": 0, "w": "hide"}
        for _ in range(2)
    ]
    store: dict[str, Any] = {"d|r1": restored[0], "d|r2": restored[1]}
    assert store["d|r1"]["tn"] is not store["d|r2"]["tn"]
    join = FeedbackJoin(store, max_keys=10)
    join.on_decision(decision("n", "hide", ["toxicity:hide"]), T0 + 1)
    a, b = store["d|r1"], store["d|r2"]
    assert a == restored[0] and a["tn"] == "news"
    assert a["tn"] is b["tn"] and a["a"] is b["a"] and a["m"] is b["m"] and a["l"][0] is b["l"][0]
