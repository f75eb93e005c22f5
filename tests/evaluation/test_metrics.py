"""Evaluation metrics against scikit-learn and brute force on small arrays."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import precision_score, recall_score, roc_auc_score

from streams.evaluation.metrics import (
    at_threshold,
    ece,
    false_action_rate,
    reliability,
    roc_auc,
    threshold_for_marginal_precision,
    threshold_for_precision,
)


def _data(seed: int, n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    s = np.clip(0.35 * y + rng.random(n) * 0.65, 0, 1)
    return y, s


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_roc_auc_matches_sklearn(seed: int) -> None:
    y, s = _data(seed)
    assert roc_auc(y, s) == pytest.approx(roc_auc_score(y, s))


def test_roc_auc_is_none_with_too_few_of_a_class() -> None:
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    s = np.linspace(0, 1, 10)
    assert roc_auc(y, s, min_class=3) is None
    assert roc_auc(y, s, min_class=2) == pytest.approx(roc_auc_score(y, s))


@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.8])
def test_at_threshold_matches_sklearn(threshold: float) -> None:
    y, s = _data(3)
    pred = (s >= threshold).astype(int)
    got = at_threshold(y, s, threshold)
    assert got.predicted == int(pred.sum())
    assert got.precision == pytest.approx(precision_score(y, pred))
    assert got.recall == pytest.approx(recall_score(y, pred))


def test_at_threshold_with_no_predictions_has_no_precision() -> None:
    got = at_threshold([1, 0, 1], [0.1, 0.2, 0.3], 0.9)
    assert got.predicted == 0
    assert got.precision is None
    assert got.recall == 0.0


def test_shape_mismatch_is_rejected() -> None:
    with pytest.raises(ValueError):
        at_threshold([1, 0], [0.5], 0.5)


def test_false_action_rate_counts_only_clean_rows() -> None:
    clean = np.array([True, True, True, False, False])
    hidden = np.array([True, False, False, True, True])
    assert false_action_rate(clean, hidden) == pytest.approx(1 / 3)
    assert false_action_rate(np.zeros(3, dtype=bool), np.ones(3, dtype=bool)) is None


def test_reliability_matches_sklearn_calibration_curve() -> None:
    y, s = _data(4, n=500)
    bins = reliability(y, s, bins=10)
    assert sum(b.n for b in bins) == len(y)
    observed, mean_prob = calibration_curve(y, s, n_bins=10, strategy="uniform")
    filled = [b for b in bins if b.n]
    assert [b.observed for b in filled] == pytest.approx(list(observed))
    assert [b.mean_prob for b in filled] == pytest.approx(list(mean_prob))


def test_reliability_puts_one_in_the_last_bin() -> None:
    bins = reliability([1, 0], [1.0, 0.0], bins=4)
    assert bins[-1].n == 1 and bins[0].n == 1


def test_ece_by_hand() -> None:
    # bin [0, .5): probs .1 .2 -> mean .15, observed 0.5; bin [.5, 1]: .9 .9 -> mean .9, observed 1
    y = np.array([0, 1, 1, 1])
    p = np.array([0.1, 0.2, 0.9, 0.9])
    assert ece(y, p, bins=2) == pytest.approx(0.5 * 0.35 + 0.5 * 0.1)
    assert ece(np.ones(5), np.ones(5)) == pytest.approx(0.0)


def _brute_force(y: np.ndarray, s: np.ndarray, target: float, min_predicted: int) -> float | None:
    best = None
    for t in np.unique(s):
        pred = s >= t
        if pred.sum() >= min_predicted and y[pred].mean() >= target:
            best = t if best is None else min(best, t)
    return best


@pytest.mark.parametrize(("seed", "target"), [(5, 0.7), (6, 0.9), (7, 0.95), (8, 0.6)])
def test_threshold_for_precision_is_the_lowest_reaching_target(seed: int, target: float) -> None:
    y, s = _data(seed)
    s = np.round(s, 2)  # ties, as in published scores
    got = threshold_for_precision(y, s, target, min_predicted=5)
    expected = _brute_force(y, s, target, 5)
    if expected is None:
        assert got is None
        return
    assert got is not None
    assert got.threshold == pytest.approx(expected)
    assert got.precision is not None and got.precision >= target
    check = at_threshold(y, s, got.threshold)
    assert (check.precision, check.recall, check.predicted) == (got.precision, got.recall, got.predicted)


def test_threshold_for_precision_unreachable() -> None:
    assert threshold_for_precision([0, 0, 1, 0], [0.9, 0.8, 0.1, 0.7], 0.9, min_predicted=1) is None
    assert threshold_for_precision([0, 0], [0.9, 0.8], 0.5) is None


def test_threshold_at_the_sample_prevalence_equals_the_unweighted_one() -> None:
    y, s = _data(9)
    plain = threshold_for_precision(y, s, 0.8)
    same = threshold_for_precision(y, s, 0.8, prevalence=float(y.mean()))
    assert plain is not None and same is not None
    assert same.threshold == pytest.approx(plain.threshold)
    assert same.precision == pytest.approx(plain.precision)


def test_rarer_positives_need_a_higher_threshold() -> None:
    y, s = _data(10)
    common = threshold_for_precision(y, s, 0.8, prevalence=0.5)
    rare = threshold_for_precision(y, s, 0.8, prevalence=0.1)
    assert common is not None and rare is not None
    assert rare.threshold > common.threshold
    # by hand at the chosen cut: precision = TPR*pi / (TPR*pi + FPR*(1 - pi))
    pred = s >= rare.threshold
    tpr, fpr = pred[y == 1].mean(), pred[y == 0].mean()
    assert rare.precision == pytest.approx(tpr * 0.1 / (tpr * 0.1 + fpr * 0.9))
    with pytest.raises(ValueError):
        threshold_for_precision(y, s, 0.8, prevalence=1.0)


def test_marginal_precision_threshold_is_where_the_rate_crosses_the_target() -> None:
    # scores 0.0..0.99 in 100 groups of 20 rows; in group g the positive share is g/100 (monotone)
    s = np.repeat(np.arange(100) / 100, 20)
    y = np.concatenate([(np.arange(20) < g // 5).astype(float) for g in range(100)])
    got = threshold_for_marginal_precision(y, s, 0.5)
    assert got is not None
    rate_at = {round(g / 100, 2): (g // 5) / 20 for g in range(100)}
    # the lowest grid score whose own group reaches the target (isotonic keeps a monotone rate as it is)
    assert got == min(t for t, r in rate_at.items() if r >= 0.5)
    # cumulative precision above that line is higher than the marginal one: the cumulative search is lower
    cumulative = threshold_for_precision(y, s, 0.5)
    assert cumulative is not None and cumulative.threshold < got


def test_marginal_precision_threshold_at_a_lower_prevalence_is_higher() -> None:
    rng = np.random.default_rng(3)
    s = rng.random(4000)
    y = (rng.random(4000) < s).astype(float)  # calibrated: rate at score s is s, sample prevalence ~0.5
    same = threshold_for_marginal_precision(y, s, 1 / 3, prevalence=float(y.mean()))
    plain = threshold_for_marginal_precision(y, s, 1 / 3)
    rare = threshold_for_marginal_precision(y, s, 1 / 3, prevalence=0.1)
    assert same is not None and plain is not None and rare is not None
    assert abs(same - plain) <= 0.01
    assert 0.25 <= plain <= 0.42  # about 1/3 on a calibrated score
    # at 10% prevalence a row must have odds 9x higher in the sample: p/(1-p) = 0.5 * 9 -> p ~ 0.82
    assert 0.74 <= rare <= 0.9


def test_marginal_precision_threshold_unreachable() -> None:
    assert threshold_for_marginal_precision([0, 0, 1, 0], [0.9, 0.8, 0.1, 0.7], 0.9) is None
    assert threshold_for_marginal_precision([0, 0], [0.9, 0.8], 0.5) is None
