"""Re-deciding stored scores under recommended thresholds."""

from __future__ import annotations

import numpy as np
import pytest

from streams.evaluation.moderate import moderate_texts
from streams.evaluation.whatif import action_rates, benign_guard, policy_with, recommended_thresholds, redecide
from streams.pipeline import Moderator
from streams.policy import Policy, PolicyConfig
from tests.evaluation.test_checks import LABELS, WordScorer


def _policy() -> Policy:
    config = PolicyConfig.model_validate(
        {"version": "p-1", "thresholds": {"toxicity": {"flag": 0.6, "hide": 0.9}, "spam": {"flag": 0.7, "hide": 0.95}},
         "tenants": {"kids": {"thresholds": {"toxicity": {"flag": 0.1, "hide": 0.2}}}}}
    )
    return Policy(config, LABELS)


def test_redecide_with_the_same_policy_reproduces_the_moderator() -> None:
    policy = _policy()
    texts = ["hide it", "flag it", "fine", "", "flag and hide"]
    out = moderate_texts(Moderator(WordScorer(), policy, explain=False), texts)
    assert redecide(out, policy).tolist() == out.actions.tolist()


def test_redecide_with_lower_thresholds_actions_more() -> None:
    policy = _policy()
    out = moderate_texts(Moderator(WordScorer(), policy, explain=False), ["hide it", "flag it", "fine", ""])
    stricter = policy_with(policy, {"toxicity": {"flag": 0.01, "hide": 0.5}, "spam": {"flag": 0.7, "hide": 0.95}})
    assert redecide(out, stricter).tolist() == ["hide", "hide", "flag", "allow"]  # empty text stays allowed
    assert stricter.config.tenants["kids"].thresholds["toxicity"].flag == 0.1
    rates = action_rates(redecide(out, stricter), ["a", "a", "b", "b"])
    assert rates["a"] == {"action_rate": 1.0, "hide_rate": 1.0}
    assert rates["b"] == {"action_rate": 0.5, "hide_rate": 0.0}


def test_recommended_thresholds_take_the_guard_and_keep_unreached_targets() -> None:
    policy = _policy()
    guidance = {
        "toxicity": {"flag_at_prevalence": {"threshold": 0.301}, "hide_at_prevalence": None},
        "spam": {"flag_at_prevalence": {"threshold": 0.2}, "hide_at_prevalence": {"threshold": 0.5}},
    }
    plain = recommended_thresholds(guidance, policy)
    assert plain["toxicity"] == {"flag": 0.31, "hide": 0.9}  # rounded up; hide target unreached -> current
    assert plain["spam"] == {"flag": 0.2, "hide": 0.5}
    guarded = recommended_thresholds(guidance, policy, {"spam": {"flag": 0.62, "hide": 0.4}})
    assert guarded["spam"] == {"flag": 0.62, "hide": 0.62}  # hide never below flag
    assert guarded["toxicity"] == plain["toxicity"]


def test_benign_guard_is_the_worst_group_quantile() -> None:
    low = np.zeros(1000)
    high = np.linspace(0, 1, 1001)
    guard = benign_guard({"toxicity": [low, high], "spam": [np.array([])]})
    assert guard["toxicity"]["flag"] == pytest.approx(np.quantile(high, 0.99))
    assert "spam" not in guard
