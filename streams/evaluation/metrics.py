"""Classification metrics on numpy arrays: ROC-AUC, precision/recall at a threshold, false-hide
rate, reliability bins / ECE and threshold search at a target precision (cumulative or marginal)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

MIN_CLASS = 5  # fewer positives or negatives than this -> no AUC (too noisy to report)


@dataclass(frozen=True, slots=True)
class AtThreshold:
    """Precision and recall of ``score >= threshold``; precision is None if nothing is predicted."""

    threshold: float
    predicted: int
    precision: float | None
    recall: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """One equal-width probability bin: its range, size, mean prediction and observed rate."""

    lo: float
    hi: float
    n: int
    mean_prob: float | None
    observed: float | None


def _as_arrays(y: Any, s: Any) -> tuple[np.ndarray, np.ndarray]:
    ya = np.asarray(y, dtype=float).ravel()
    sa = np.asarray(s, dtype=float).ravel()
    if ya.shape != sa.shape:
        raise ValueError(f"labels {ya.shape} and scores {sa.shape} differ in shape")
    return ya, sa


def roc_auc(y: Any, s: Any, min_class: int = MIN_CLASS) -> float | None:
    """ROC-AUC, or None when either class has fewer than ``min_class`` rows."""
    ya, sa = _as_arrays(y, s)
    pos = int((ya == 1).sum())
    if pos < min_class or ya.size - pos < min_class:
        return None
    return float(roc_auc_score(ya, sa))


def at_threshold(y: Any, s: Any, threshold: float) -> AtThreshold:
    """Precision and recall when every score at or above ``threshold`` is called positive."""
    ya, sa = _as_arrays(y, s)
    pred = sa >= threshold
    tp = int((pred & (ya == 1)).sum())
    n_pred = int(pred.sum())
    n_pos = int((ya == 1).sum())
    return AtThreshold(
        threshold=float(threshold),
        predicted=n_pred,
        precision=tp / n_pred if n_pred else None,
        recall=tp / n_pos if n_pos else None,
    )


def rate(mask: Any) -> float | None:
    """Share of True in a boolean array, None if it is empty."""
    arr = np.asarray(mask, dtype=bool).ravel()
    return float(arr.mean()) if arr.size else None


def false_action_rate(clean: Any, actioned: Any) -> float | None:
    """Share of clean rows that were actioned (e.g. hidden); None if there are no clean rows."""
    c = np.asarray(clean, dtype=bool).ravel()
    a = np.asarray(actioned, dtype=bool).ravel()
    if c.shape != a.shape:
        raise ValueError("clean and actioned masks differ in shape")
    return rate(a[c])


def reliability(y: Any, p: Any, bins: int = 10) -> list[ReliabilityBin]:
    """Equal-width reliability bins over [0, 1]; the last bin includes 1.0."""
    ya, pa = _as_arrays(y, p)
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.searchsorted(edges, pa, side="right") - 1, 0, bins - 1)
    out: list[ReliabilityBin] = []
    for b in range(bins):
        m = idx == b
        n = int(m.sum())
        out.append(
            ReliabilityBin(
                lo=round(float(edges[b]), 4),
                hi=round(float(edges[b + 1]), 4),
                n=n,
                mean_prob=float(pa[m].mean()) if n else None,
                observed=float(ya[m].mean()) if n else None,
            )
        )
    return out


def ece(y: Any, p: Any, bins: int = 10) -> float | None:
    """Expected calibration error: size-weighted |observed - mean prob| over reliability bins."""
    ya, _ = _as_arrays(y, p)
    if ya.size == 0:
        return None
    total = 0.0
    for b in reliability(y, p, bins):
        if b.n and b.mean_prob is not None and b.observed is not None:
            total += b.n / ya.size * abs(b.observed - b.mean_prob)
    return total


def threshold_for_precision(
    y: Any, s: Any, target: float, min_predicted: int = 10, prevalence: float | None = None
) -> AtThreshold | None:
    """The lowest threshold whose precision is >= ``target`` with at least ``min_predicted``
    positive calls (highest recall at that precision); None if no threshold gets there.

    With ``prevalence``, precision is what it would be if positives made up that share of the
    traffic (negatives re-weighted by ``(1 - prevalence) / prevalence * n_pos / n_neg``)."""
    ya, sa = _as_arrays(y, s)
    n_pos = int((ya == 1).sum())
    n_neg = ya.size - n_pos
    if n_pos == 0:
        return None
    neg_weight = 1.0
    if prevalence is not None:
        if not 0.0 < prevalence < 1.0:
            raise ValueError(f"prevalence must be in (0, 1), got {prevalence}")
        neg_weight = (1.0 - prevalence) / prevalence * n_pos / n_neg if n_neg else 0.0
    order = np.argsort(-sa, kind="stable")
    ys, ss = ya[order], sa[order]
    tp = np.cumsum(ys == 1)
    count = np.arange(1, ys.size + 1)
    precision = tp / (tp + neg_weight * (count - tp))
    # only cut between distinct scores: the last index of each run of equal scores
    last = np.r_[ss[1:] != ss[:-1], True]
    ok = last & (count >= min_predicted) & (precision >= target)
    if not ok.any():
        return None
    i = int(np.flatnonzero(ok)[-1])
    return AtThreshold(
        threshold=float(ss[i]),
        predicted=int(count[i]),
        precision=float(precision[i]),
        recall=float(tp[i] / n_pos),
    )


def threshold_for_marginal_precision(
    y: Any, s: Any, target: float, prevalence: float | None = None, step: float = 0.01
) -> float | None:
    """The lowest threshold on a ``step`` grid where the *marginal* precision (the share of
    positives among rows scoring about that much: an isotonic fit of ``y`` on ``s``) is >= ``target``;
    None if no score gets there.

    Unlike :func:`threshold_for_precision` (the precision of everything above the threshold), this is
    what a moderator sees at the line itself. With ``prevalence``, the fitted odds are rescaled from
    the sample's positive share to that prevalence."""
    from sklearn.isotonic import IsotonicRegression

    ya, sa = _as_arrays(y, s)
    n_pos = int((ya == 1).sum())
    if n_pos == 0 or n_pos == ya.size:
        return None
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(sa, ya)
    grid = np.round(np.arange(0.0, 1.0 + step / 2, step), 10)
    p = np.clip(iso.predict(grid), 0.0, 1.0)
    if prevalence is not None:
        if not 0.0 < prevalence < 1.0:
            raise ValueError(f"prevalence must be in (0, 1), got {prevalence}")
        sample = n_pos / ya.size
        k = (prevalence / (1.0 - prevalence)) / (sample / (1.0 - sample))
        p = p * k / (p * k + (1.0 - p))  # odds * k, back to a probability
    hit = np.flatnonzero(p >= target)
    return float(grid[hit[0]]) if hit.size else None
