"""Re-decide already scored rows under other thresholds (the recommended ones), so the effect of
a threshold change on the suites and on clean held-out rows is visible before anyone edits
``config/policy.json``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from streams.evaluation.metrics import false_action_rate, rate
from streams.evaluation.moderate import Outcome
from streams.pipeline import EMPTY_TEXT
from streams.policy import Policy, PolicyConfig


def _ceil2(x: float) -> float:
    return min(1.0, math.ceil(x * 100 - 1e-9) / 100)


# Benign suite rows (must stay up) used as a guard on lowering thresholds: (suite, kind or None).
BENIGN_GUARD: tuple[tuple[str, str | None], ...] = (
    ("identity", None), ("approving_profanity", "mild"), ("heated_opinion", None), ("spam_campaigns", "legit"),
    ("money_jobs_links", None), ("threats", "figurative"),
)
GUARD_FLAG_QUANTILE = 0.99
GUARD_HIDE_QUANTILE = 0.998


def benign_guard(scores_by_label: dict[str, list[np.ndarray]]) -> dict[str, dict[str, float]]:
    """Per label, the score quantiles that flag / hide must stay above: the highest, over the
    benign groups, of each group's quantile (so no single group is left above the line)."""
    out: dict[str, dict[str, float]] = {}
    for label, groups in scores_by_label.items():
        filled = [g for g in groups if g.size]
        if filled:
            out[label] = {
                "flag": max(float(np.quantile(g, GUARD_FLAG_QUANTILE)) for g in filled),
                "hide": max(float(np.quantile(g, GUARD_HIDE_QUANTILE)) for g in filled),
            }
    return out


def recommended_thresholds(
    guidance: dict[str, Any], policy: Policy, guard: dict[str, dict[str, float]] | None = None
) -> dict[str, dict[str, float]]:
    """Flag/hide per label from the at-prevalence guidance (a target not reached keeps the current
    value), raised to the benign ``guard`` when given, rounded up to 0.01; hide >= flag."""
    out: dict[str, dict[str, float]] = {}
    for label, current in policy.config.thresholds.items():
        g = guidance.get(label, {})
        flag = g.get("flag_at_prevalence")
        hide = g.get("hide_at_prevalence")
        f = flag["threshold"] if flag else current.flag
        h = hide["threshold"] if hide else current.hide
        if guard and label in guard:
            f = max(f, guard[label]["flag"])
            h = max(h, guard[label]["hide"])
        out[label] = {"flag": _ceil2(f), "hide": max(_ceil2(h), _ceil2(f))}
    return out


def policy_with(policy: Policy, thresholds: dict[str, dict[str, float]]) -> Policy:
    """The same policy with other default flag/hide values (support rules and tenant overrides kept)."""
    data = policy.config.model_dump()
    current = data["thresholds"]
    data["thresholds"] = {label: {**current.get(label, {}), **values} for label, values in thresholds.items()}
    return Policy(PolicyConfig.model_validate(data), policy.labels)


def redecide(out: Outcome, policy: Policy, tenant: str = "default") -> np.ndarray:
    """Actions for the stored scores under ``policy`` (empty texts stay allowed)."""
    actions = [
        "allow" if EMPTY_TEXT in reasons else policy.decide(row, tenant)[0]
        for row, reasons in zip(out.scores, out.reasons, strict=True)
    ]
    return np.asarray(actions, dtype=object)


def action_rates(actions: np.ndarray, kinds: list[str]) -> dict[str, dict[str, float | None]]:
    """Actioned and hide rate per kind."""
    k = np.asarray(kinds)
    return {
        kind: {"action_rate": rate(actions[k == kind] != "allow"), "hide_rate": rate(actions[k == kind] == "hide")}
        for kind in dict.fromkeys(kinds)
    }


def clean_rates(actions: np.ndarray, clean: np.ndarray) -> dict[str, float | None]:
    """False-hide and false-action rates of clean rows."""
    return {
        "false_hide_rate": false_action_rate(clean, actions == "hide"),
        "false_action_rate": false_action_rate(clean, actions != "allow"),
    }
