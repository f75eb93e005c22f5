"""Metrics on labelled held-out rows: per label, per slice, per source, clean false-hide rate,
calibration, and threshold guidance from the validation rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from streams.evaluation.identity_terms import mentions_identity
from streams.evaluation.metrics import (
    at_threshold,
    ece,
    false_action_rate,
    reliability,
    roc_auc,
    threshold_for_marginal_precision,
    threshold_for_precision,
)
from streams.evaluation.moderate import Outcome
from streams.evaluation.peer import PEER_THRESHOLD, PEER_UNSEEN, peer_unseen
from streams.policy import Policy

TEST_KINDS = ("in-source", "heldout-source", "eval-only")
FLAG_PRECISION = 0.70
HIDE_PRECISION = 0.95
# Marginal precision at live prevalence a flag line should reach (a flag only queues a comment for a
# person: a wrong flag taken to cost half a missed abusive comment -> flag where P >= 1 / (1 + 2)).
FLAG_MARGINAL_PRECISION = 1 / 3
# Assumed share of live comments carrying each label, for precision "in production" (the
# validation mix is far richer in abuse). Jigsaw's natural Wikipedia-talk rates where they exist
# (toxic 9.6%, severe 1.0%, obscene 5.3%, threat 0.3%, insult 4.9%, identity hate 0.9%);
# sexual_explicit and spam are guesses.
DEPLOYMENT_PREVALENCE: dict[str, float] = {
    "toxicity": 0.096,
    "severe_toxicity": 0.010,
    "insult": 0.049,
    "obscene": 0.053,
    "sexual_explicit": 0.010,
    "threat": 0.003,
    "identity_attack": 0.009,
    "spam": 0.020,
}


def _known(frame: pd.DataFrame, label: str) -> tuple[np.ndarray, np.ndarray]:
    mask = frame[label].notna().to_numpy()
    return mask, frame.loc[mask, label].to_numpy(dtype=float)


def clean_mask(frame: pd.DataFrame, labels: tuple[str, ...]) -> np.ndarray:
    """Rows with at least one known label and every known label 0."""
    values = frame[list(labels)].to_numpy(dtype=float)
    known = ~np.isnan(values)
    return np.asarray(known.any(axis=1) & ~(np.nan_to_num(values, nan=0.0) > 0).any(axis=1))


Baseline = dict[str, np.ndarray] | None  # the plain baseline's scores per label (test rows)


def _auc_pair(
    y: np.ndarray, s: np.ndarray, peer: np.ndarray | None, base: np.ndarray | None = None
) -> dict[str, Any]:
    return {
        "n": int(y.size),
        "pos": int((y == 1).sum()),
        "auc": roc_auc(y, s),
        "peer_auc": roc_auc(y, peer) if peer is not None else None,
        "baseline_auc": roc_auc(y, base) if base is not None else None,
    }


def _base(baseline: Baseline, label: str, mask: np.ndarray) -> np.ndarray | None:
    if baseline is None or label not in baseline:
        return None
    return baseline[label][mask]


def label_metrics(
    frame: pd.DataFrame, out: Outcome, peer: np.ndarray | None, policy: Policy, labels: tuple[str, ...],
    baseline: Baseline = None,
) -> dict[str, Any]:
    """Per label: counts, AUC (model, peer, plain baseline), P/R at the policy's flag and hide, ECE,
    bins, slices.

    Slices are the test kinds plus :data:`PEER_UNSEEN` (rows from sources the peer never trained on).
    """
    thresholds = policy.config.thresholds
    result: dict[str, Any] = {}
    kinds = frame["test_kind"].to_numpy() if "test_kind" in frame else np.array([""] * len(frame))
    slices = [(kind, kinds == kind) for kind in TEST_KINDS]
    slices.append((PEER_UNSEEN, peer_unseen(frame["source"].tolist())))
    for label in labels:
        mask, y = _known(frame, label)
        s = out.column(label)[mask]
        p = peer[mask] if peer is not None else None
        row = _auc_pair(y, s, p, _base(baseline, label, mask))
        t = thresholds.get(label)
        if t is not None:
            row["flag"] = at_threshold(y, s, t.flag).as_dict()
            row["hide"] = at_threshold(y, s, t.hide).as_dict()
        row["ece"] = ece(y, s) if y.size else None
        row["reliability"] = [vars_of(b) for b in reliability(y, s)] if y.size else []
        row["slices"] = {}
        for name, in_slice in slices:
            km = mask & in_slice
            if km.any():
                yk = frame.loc[km, label].to_numpy(dtype=float)
                row["slices"][name] = _auc_pair(
                    yk, out.column(label)[km], peer[km] if peer is not None else None, _base(baseline, label, km)
                )
        result[label] = row
    return result


def vars_of(obj: Any) -> dict[str, Any]:
    """A slotted dataclass as a dict."""
    return {name: getattr(obj, name) for name in obj.__slots__}


def clean_metrics(
    frame: pd.DataFrame, out: Outcome, peer: np.ndarray | None, labels: tuple[str, ...]
) -> dict[str, Any]:
    """False-hide and false-action rates on clean rows: overall, per test kind, and for rows that
    do and do not name an identity group (:mod:`streams.evaluation.identity_terms`)."""
    clean = clean_mask(frame, labels)
    peer_flag = peer >= PEER_THRESHOLD if peer is not None else None

    def one(mask: np.ndarray) -> dict[str, Any]:
        c = clean & mask
        return {
            "n": int(c.sum()),
            "false_hide_rate": false_action_rate(c, out.hidden()),
            "false_action_rate": false_action_rate(c, out.actioned()),
            "peer_false_flag_rate": false_action_rate(c, peer_flag) if peer_flag is not None else None,
        }

    result = one(np.ones(len(frame), dtype=bool))
    result["by_kind"] = {
        kind: one((frame["test_kind"] == kind).to_numpy()) for kind in TEST_KINDS
    }
    mention = mentions_identity(frame["text"])
    result["identity_mention"] = {"mentions": one(mention), "no_mention": one(~mention)}
    return result


def by_source(
    frame: pd.DataFrame, out: Outcome, peer: np.ndarray | None, policy: Policy, label: str = "toxicity",
    baseline: Baseline = None,
) -> dict[str, Any]:
    """One label per source: counts, AUC (model, peer, plain baseline), P/R at the flag threshold."""
    t = policy.config.thresholds.get(label)
    result: dict[str, Any] = {}
    for source in sorted(frame["source"].unique()):
        m = (frame["source"] == source).to_numpy() & frame[label].notna().to_numpy()
        if not m.any():
            continue
        y = frame.loc[m, label].to_numpy(dtype=float)
        s = out.column(label)[m]
        row = _auc_pair(y, s, peer[m] if peer is not None else None, _base(baseline, label, m))
        row["kind"] = str(frame.loc[m, "test_kind"].iloc[0]) if "test_kind" in frame else ""
        if t is not None:
            row["flag"] = at_threshold(y, s, t.flag).as_dict()
        result[str(source)] = row
    return result


def threshold_guidance(
    frame: pd.DataFrame, out: Outcome, policy: Policy, labels: tuple[str, ...]
) -> dict[str, Any]:
    """Per label: the lowest thresholds reaching the flag and hide precision targets, on the
    validation mix as sampled and re-weighted to :data:`DEPLOYMENT_PREVALENCE`."""
    result: dict[str, Any] = {}
    for label in labels:
        mask, y = _known(frame, label)
        s = out.column(label)[mask]
        current = policy.config.thresholds.get(label)
        prevalence = DEPLOYMENT_PREVALENCE.get(label)
        row: dict[str, Any] = {
            "n": int(y.size),
            "pos": int((y == 1).sum()),
            "current": {"flag": current.flag, "hide": current.hide} if current else None,
            "prevalence": prevalence,
        }
        for key, target in (("flag", FLAG_PRECISION), ("hide", HIDE_PRECISION)):
            sampled = threshold_for_precision(y, s, target)
            row[key] = sampled.as_dict() if sampled else None
            deployed = threshold_for_precision(y, s, target, prevalence=prevalence) if prevalence else None
            row[f"{key}_at_prevalence"] = deployed.as_dict() if deployed else None
        row["flag_marginal"] = threshold_for_marginal_precision(y, s, FLAG_MARGINAL_PRECISION, prevalence)
        result[label] = row
    return result
