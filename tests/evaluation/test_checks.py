"""Suite checks and the moderation pass, with a scripted scorer standing in for the model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from streams.evaluation.moderate import moderate_texts
from streams.evaluation.suite_checks import Check, evaluate_suite, spread
from streams.evaluation.suites.base import SuiteRow
from streams.pipeline import Moderator
from streams.policy import Policy, PolicyConfig

LABELS = ("toxicity", "spam")


class WordScorer:
    """toxicity 0.95 for texts containing ``hide``, 0.7 for ``flag``, else 0.05; spam 0.01."""

    labels: tuple[str, ...] = LABELS
    version = "words-1"

    def score(self, texts: Sequence[str]) -> np.ndarray:
        tox = [0.95 if "hide" in t else 0.7 if "flag" in t else 0.05 for t in texts]
        return np.array([[t, 0.01] for t in tox], dtype=np.float32)

    def explain(self, text: str, label: str, top_k: int = 5) -> list[tuple[str, float]]:
        return []

    def prepare_explanations(self) -> None:
        return None

    def prime_explanations(self, texts: Sequence[str]) -> None:
        return None


@pytest.fixture
def moderator() -> Moderator:
    config = PolicyConfig.model_validate(
        {"version": "p-1", "thresholds": {"toxicity": {"flag": 0.6, "hide": 0.9}, "spam": {"flag": 0.7, "hide": 0.95}}}
    )
    return Moderator(WordScorer(), Policy(config, LABELS), explain=False)


def test_moderate_texts_uses_the_policy_decisions(moderator: Moderator) -> None:
    texts = ["please hide me", "FLAG this", "fine comment", ""]
    out = moderate_texts(moderator, texts, batch=3)
    assert out.actions.tolist() == ["hide", "flag", "allow", "allow"]
    assert out.column("toxicity").tolist() == pytest.approx([0.95, 0.7, 0.05, 0.05])
    assert out.actioned().tolist() == [True, True, False, False]
    assert out.reasons[0] == ["toxicity:hide"]


@pytest.mark.parametrize(
    ("check", "passed"),
    [
        (Check("x", 0.01, "<=", 0.02), True),
        (Check("x", 0.03, "<=", 0.02), False),
        (Check("x", 0.95, ">=", 0.9), True),
        (Check("x", 0.85, ">=", 0.9), False),
        (Check("x", 0.5), None),
        (Check("x", None, ">=", 0.9), None),
    ],
)
def test_check_verdicts(check: Check, passed: bool | None) -> None:
    assert check.passed is passed
    assert check.as_dict()["passed"] is passed


def _rows(suite: str, spec: list[tuple[str, str, bool]]) -> list[SuiteRow]:
    return [SuiteRow(suite, text, kind, f"g{i}", harmful) for i, (text, kind, harmful) in enumerate(spec)]


def test_evasion_ratio_is_obfuscated_over_plain(moderator: Moderator) -> None:
    rows = _rows("evasion", [
        ("hide a", "plain", True), ("hide b", "plain", True), ("flag c", "plain", True), ("d", "plain", True),
        ("hide a2", "mask", True), ("b2", "mask", True), ("c2", "mask", True), ("d2", "mask", True),
    ])
    out = moderate_texts(moderator, [r.text for r in rows])
    result = evaluate_suite("evasion", rows, out, None, frozenset(), [None] * len(rows))
    checks = {c["name"]: c for c in result["checks"]}
    assert checks["plain actioned rate"]["value"] == pytest.approx(0.75)
    assert checks["mask: actioned / plain actioned"]["value"] == pytest.approx(0.25 / 0.75)
    assert checks["mask: actioned / plain actioned"]["passed"] is False
    assert result["n_failures"] == 4  # every harmful row left up
    assert result["kinds"]["plain"]["hide_rate"] == pytest.approx(0.5)


def test_counter_speech_fails_only_on_hide(moderator: Moderator) -> None:
    rows = _rows("counter_speech", [("flag q", "quoted_slur", False), ("hide q", "quoted_slur", False),
                                    ("ok", "quoted_slur", False)])
    out = moderate_texts(moderator, [r.text for r in rows])
    peer = np.array([0.9, 0.1, 0.6])
    result = evaluate_suite("counter_speech", rows, out, peer, frozenset({"k1"}), ["k1", None, "k2"])
    assert [f["text"] for f in result["failures"]] == ["hide q"]
    assert result["seen_in_training"] == 1
    hide = next(c for c in result["checks"] if c["name"] == "quoted_slur: hide rate")
    assert hide["value"] == pytest.approx(1 / 3) and hide["passed"] is False
    assert result["kinds"]["quoted_slur"]["peer_flag_rate"] == pytest.approx(2 / 3)
    assert result["reason_counts"] == {"toxicity:flag": 1, "toxicity:hide": 1}


def test_identity_false_flags_count_flags_and_hides(moderator: Moderator) -> None:
    rows = _rows("identity", [("flag", "respectful", False), ("fine", "respectful", False),
                              ("fine too", "respectful", False), ("hide", "respectful", False)])
    out = moderate_texts(moderator, [r.text for r in rows])
    result = evaluate_suite("identity", rows, out, None, frozenset(), [None] * 4)
    assert result["checks"][0]["value"] == pytest.approx(0.5)
    assert result["checks"][0]["peer"] is None


def test_spread_takes_examples_round_robin_over_kinds() -> None:
    kinds = ["a", "a", "a", "b", "b", "c"]
    assert spread([0, 1, 2, 3, 4, 5], kinds, 4) == [0, 1, 3, 5]
    assert spread([0, 1], kinds, 10) == [0, 1]
