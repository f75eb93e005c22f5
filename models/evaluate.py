"""Held-out metrics of a trained model, beside alt-profanity-check on the same rows."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from streams.corpora.augment import EVAL_BENIGN
from streams.corpora.datasets import LABELS
from streams.evaluation.peer import PEER_UNSEEN, peer_unseen

ScoreFn = Callable[[Sequence[str]], np.ndarray]
MIN_POS = 5


def _auc(y: np.ndarray, s: np.ndarray) -> float | None:
    if y.size == 0 or int(y.sum()) < MIN_POS or int((1 - y).sum()) < MIN_POS:
        return None
    return round(float(roc_auc_score(y, s)), 4)


def ece(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error with equal-width bins."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    err = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            err += m.mean() * abs(float(y[m].mean()) - float(p[m].mean()))
    return round(err, 4)


def profanity_check_scores(texts: Sequence[str]) -> np.ndarray | None:
    """alt-profanity-check probabilities, or None if it is not installed."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    return np.asarray(predict_prob(list(texts)), dtype=np.float64)


def _slices(test: pd.DataFrame) -> dict[str, np.ndarray]:
    out = {"all": np.ones(len(test), dtype=bool)}
    for kind in ("in-source", "heldout-source", "eval-only"):
        out[kind] = (test["test_kind"] == kind).to_numpy()
    out[PEER_UNSEEN] = peer_unseen(test["source"].tolist())
    for source in sorted(test.loc[test["test_kind"] != "in-source", "source"].unique()):
        out[f"source:{source}"] = (test["source"] == source).to_numpy()
    return out


def evaluate(
    test: pd.DataFrame, probs: np.ndarray, peer: np.ndarray | None
) -> dict[str, Any]:
    """ROC-AUC per label and slice (model and peer), ECE and positive counts."""
    result: dict[str, Any] = {}
    for j, label in enumerate(LABELS):
        known = test[label].notna().to_numpy()
        per: dict[str, Any] = {}
        for name, mask in _slices(test).items():
            m = known & mask
            y = test.loc[m, label].to_numpy(dtype=float)
            auc = _auc(y, probs[m, j])
            if auc is None:
                continue
            row: dict[str, Any] = {"n": int(m.sum()), "pos": int(y.sum()), "auc": auc}
            if peer is not None:
                row["peer_auc"] = _auc(y, peer[m])
            row["ece"] = ece(y, probs[m, j])
            per[name] = row
        result[label] = per
    return result


def benign_false_flags(score: ScoreFn, thresholds: dict[str, float]) -> dict[str, Any]:
    """Share of :data:`EVAL_BENIGN` texts scored at or above a flag threshold, per label."""
    probs = score(list(EVAL_BENIGN))
    rates = {}
    flagged: list[str] = []
    for j, label in enumerate(LABELS):
        t = thresholds.get(label, 0.5)
        hits = probs[:, j] >= t
        rates[label] = round(float(hits.mean()), 4)
        flagged += [f"{label}: {EVAL_BENIGN[i]!r} ({probs[i, j]:.2f})" for i in np.flatnonzero(hits)]
    any_rate = float((probs >= np.array([thresholds.get(lb, 0.5) for lb in LABELS])).any(1).mean())
    return {
        "n": len(EVAL_BENIGN),
        "any_label_rate": round(any_rate, 4),
        "per_label": rates,
        "flagged": flagged,
        "max_toxicity": round(float(probs[:, LABELS.index("toxicity")].max()), 4),
        "max_identity_attack": round(float(probs[:, LABELS.index("identity_attack")].max()), 4),
    }


def policy_flag_thresholds(path: Path) -> dict[str, float]:
    """Default (non-tenant) flag thresholds from ``config/policy.json``, 0.5 if absent."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {k: float(v["flag"]) for k, v in data["thresholds"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return dict.fromkeys(LABELS, 0.5)


def format_table(metrics: dict[str, Any], slices: Sequence[str]) -> str:
    """Markdown table: label x slice, ``auc (peer)``."""
    lines = ["| label | " + " | ".join(slices) + " |", "|---" * (len(slices) + 1) + "|"]
    for label in LABELS:
        cells = []
        for s in slices:
            row = metrics.get(label, {}).get(s)
            if row is None:
                cells.append("–")
                continue
            peer = row.get("peer_auc")
            peer_txt = "" if peer is None or (isinstance(peer, float) and math.isnan(peer)) else f" ({peer:.3f})"
            cells.append(f"{row['auc']:.3f}{peer_txt} n={row['n']}/{row['pos']}+")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
