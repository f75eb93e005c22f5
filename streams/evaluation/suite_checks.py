"""Metrics and pass/fail checks for the hand-written suites."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from streams.evaluation.metrics import rate, roc_auc
from streams.evaluation.moderate import Outcome
from streams.evaluation.peer import PEER_THRESHOLD
from streams.evaluation.suites.base import SuiteRow
from streams.evaluation.suites.evasion import PLAIN

EVASION_RATIO = 0.90
FALSE_FLAG_MAX = 0.02
NEWS_SPAM_ACTIONED_MIN = 0.95
CLEAN_MONEY_HIDE_MAX = 0.01
MAX_EXAMPLES = 8


@dataclass(frozen=True, slots=True)
class Check:
    """One suite metric against its target; ``target`` None = reported only."""

    name: str
    value: float | None
    op: str = "<="
    target: float | None = None
    peer: float | None = None

    @property
    def passed(self) -> bool | None:
        """Whether the value meets the target (None when there is no target or no value)."""
        if self.target is None or self.value is None:
            return None
        return self.value <= self.target if self.op == "<=" else self.value >= self.target

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, ``passed`` included."""
        return {**asdict(self), "passed": self.passed}


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def _kinds(rows: Sequence[SuiteRow], out: Outcome, peer_flag: np.ndarray | None) -> dict[str, Any]:
    kinds = np.array([r.kind for r in rows])
    result: dict[str, Any] = {}
    for kind in dict.fromkeys(kinds.tolist()):
        m = kinds == kind
        result[kind] = {
            "n": int(m.sum()),
            "action_rate": rate(out.actioned()[m]),
            "flag_rate": rate(out.flagged_only()[m]),
            "hide_rate": rate(out.hidden()[m]),
            "peer_flag_rate": rate(peer_flag[m]) if peer_flag is not None else None,
        }
    return result


def _checks(name: str, kinds: dict[str, Any], rows: Sequence[SuiteRow], out: Outcome,
            peer: np.ndarray | None) -> list[Check]:
    def k(kind: str, key: str) -> float | None:
        return kinds.get(kind, {}).get(key)

    if name == "evasion":
        checks = [Check("plain actioned rate", k(PLAIN, "action_rate"), ">=", EVASION_RATIO,
                        k(PLAIN, "peer_flag_rate"))]
        for kind in kinds:
            if kind != PLAIN:
                checks.append(Check(
                    f"{kind}: actioned / plain actioned", _ratio(k(kind, "action_rate"), k(PLAIN, "action_rate")),
                    ">=", EVASION_RATIO, _ratio(k(kind, "peer_flag_rate"), k(PLAIN, "peer_flag_rate")),
                ))
        return checks
    if name == "identity":
        return [check for kind in kinds for check in (
            Check(f"{kind}: false-flag rate (flag or hide)", k(kind, "action_rate"), "<=", FALSE_FLAG_MAX,
                  k(kind, "peer_flag_rate")),
            Check(f"{kind}: hide rate", k(kind, "hide_rate")),
        )]
    if name == "approving_profanity":
        return [Check("mild: false-flag rate", k("mild", "action_rate"), "<=", FALSE_FLAG_MAX,
                      k("mild", "peer_flag_rate")),
                Check("strong: hide rate", k("strong", "hide_rate"), "<=", FALSE_FLAG_MAX),
                Check("strong: flag rate (allowed)", k("strong", "flag_rate"), peer=k("strong", "peer_flag_rate"))]
    if name == "heated_opinion":
        return [Check("false-flag rate (reported)", k("heated", "action_rate"), peer=k("heated", "peer_flag_rate")),
                Check("hide rate", k("heated", "hide_rate"), "<=", FALSE_FLAG_MAX)]
    if name == "counter_speech":
        return [Check(f"{kind}: hide rate", k(kind, "hide_rate"), "<=", FALSE_FLAG_MAX)
                for kind in kinds] + [Check(f"{kind}: flag rate (allowed)", k(kind, "flag_rate"),
                                            peer=k(kind, "peer_flag_rate")) for kind in kinds]
    if name == "news_spam":
        return [Check("actioned rate (all families)", rate(out.actioned()), ">=", NEWS_SPAM_ACTIONED_MIN,
                      rate(peer >= PEER_THRESHOLD) if peer is not None else None)] + [
            Check(f"{kind}: actioned rate", k(kind, "action_rate"), peer=k(kind, "peer_flag_rate")) for kind in kinds]
    if name == "money_jobs_links":
        return [Check("hide rate", rate(out.hidden()), "<=", CLEAN_MONEY_HIDE_MAX),
                Check("flag rate (reported)", rate(out.flagged_only()),
                      peer=rate(peer >= PEER_THRESHOLD) if peer is not None else None)] + [
            Check(f"{kind}: hide rate", k(kind, "hide_rate")) for kind in kinds]
    if name == "threats":
        threat = _reason_rate(rows, out, "threat")
        return [check for kind in ("direct", "veiled") for check in (
            Check(f"{kind}: threat recall at the flag threshold", threat.get(kind), peer=k(kind, "peer_flag_rate")),
            Check(f"{kind}: actioned rate", k(kind, "action_rate"), peer=k(kind, "peer_flag_rate")),
        )] + [Check("figurative: false-action rate (reported)", k("figurative", "action_rate"),
                    peer=k("figurative", "peer_flag_rate"))]
    if name == "everyday_words":
        sexual_hide = _reason_rate(rows, out, "sexual_explicit", "hide")
        return [Check(f"{kind}: sexual_explicit hide rate", sexual_hide.get(kind), "<=", FALSE_FLAG_MAX)
                for kind in kinds] + [Check("plain: hide rate", k("plain", "hide_rate"), "<=", FALSE_FLAG_MAX),
                                      Check("sexy: flag rate (reported)", k("sexy", "action_rate"),
                                            peer=k("sexy", "peer_flag_rate"))]
    if name == "spam_campaigns":
        y = np.array([r.harmful for r in rows], dtype=float)
        spam = out.column("spam") if "spam" in out.labels else np.zeros(len(rows))
        return [Check("spam ROC-AUC", roc_auc(y, spam), ">=", 0.95, roc_auc(y, peer) if peer is not None else None),
                Check("spam actioned rate", k("spam", "action_rate"), ">=", 0.90, k("spam", "peer_flag_rate")),
                Check("legit false-flag rate", k("legit", "action_rate"), "<=", FALSE_FLAG_MAX,
                      k("legit", "peer_flag_rate"))]
    return []


def _reason_rate(rows: Sequence[SuiteRow], out: Outcome, label: str, level: str | None = None) -> dict[str, float]:
    """Per kind, the share of rows where ``label`` earned an action (``level`` = only that one)."""
    wanted = {f"{label}:{level}"} if level else {f"{label}:flag", f"{label}:hide"}
    hit = np.array([any(r in wanted for r in reasons) for reasons in out.reasons], dtype=bool)
    kinds = np.array([r.kind for r in rows])
    return {kind: float(hit[kinds == kind].mean()) for kind in dict.fromkeys(kinds.tolist())}


# Suites whose clean rows may be flagged for a human but must not be hidden.
_HIDE_ONLY_FAILURE = frozenset({"counter_speech", "money_jobs_links", "everyday_words"})


def _failure(row: SuiteRow, action: str, name: str) -> bool:
    if row.harmful:
        return action == "allow"
    if name in _HIDE_ONLY_FAILURE or (name == "approving_profanity" and row.kind == "strong"):
        return action == "hide"
    return action != "allow"


def spread(indices: Sequence[int], kinds: Sequence[str], n: int) -> list[int]:
    """Up to ``n`` of ``indices``, taken round-robin over their kinds (in order within a kind)."""
    queues: dict[str, list[int]] = {}
    for i in indices:
        queues.setdefault(kinds[i], []).append(i)
    out: list[int] = []
    while len(out) < n and any(queues.values()):
        for queue in queues.values():
            if queue and len(out) < n:
                out.append(queue.pop(0))
    return sorted(out)


def evaluate_suite(
    name: str, rows: Sequence[SuiteRow], out: Outcome, peer: np.ndarray | None, train_keys: frozenset[str],
    keys: Sequence[str | None],
) -> dict[str, Any]:
    """Rates per kind, checks, the labels behind actions, and example failures."""
    peer_flag = peer >= PEER_THRESHOLD if peer is not None else None
    kinds = _kinds(rows, out, peer_flag)
    failures = [i for i, r in enumerate(rows) if _failure(r, str(out.actions[i]), name)]
    reasons = Counter(reason for i in range(len(rows)) for reason in out.reasons[i] if ":" in reason)
    return {
        "n": len(rows),
        "seen_in_training": sum(1 for key in keys if key is not None and key in train_keys),
        "kinds": kinds,
        "checks": [c.as_dict() for c in _checks(name, kinds, rows, out, peer)],
        "reason_counts": dict(reasons.most_common()),
        "n_failures": len(failures),
        "failures": [
            {"kind": rows[i].kind, "text": rows[i].text, "action": str(out.actions[i]), "reasons": out.reasons[i]}
            for i in spread(failures, [r.kind for r in rows], MAX_EXAMPLES)
        ],
    }
