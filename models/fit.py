"""Per-label masked logistic regression on hashed features, with Platt calibration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from streams.features import HashingFeaturizer


def hashed_matrix(featurizer: HashingFeaturizer, texts: list[str], batch: int = 4096) -> sp.csr_matrix:
    """CSR ``[len(texts), n_buckets]``; repeated n-grams summed, exactly as the ONNX graph does."""
    blocks = []
    n_buckets = featurizer.config.n_buckets
    for start in range(0, len(texts), batch):
        hb = featurizer.transform(texts[start : start + batch])
        block = sp.csr_matrix(
            (hb.value.astype(np.float32), (hb.doc, hb.bucket)), shape=(hb.n_docs, n_buckets)
        )
        block.sum_duplicates()
        blocks.append(block)
    return sp.vstack(blocks, format="csr")


@dataclass(frozen=True, slots=True)
class LabelFit:
    """One label's linear model and calibration, with what was chosen on validation."""

    coef: np.ndarray  # float64 [n_buckets]
    intercept: float
    platt_a: float
    platt_b: float
    c: float
    valid_auc: float
    n_train: int
    n_train_pos: int


def _logits(x: sp.csr_matrix, coef: np.ndarray, intercept: float) -> np.ndarray:
    return np.asarray(x @ coef).ravel() + intercept


def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit ``sigmoid(a * z + b)`` to labels ``y`` (nearly unregularised)."""
    lr = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    lr.fit(logits.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def fit_label(
    x_train: sp.csr_matrix,
    y_train: np.ndarray,
    w_train: np.ndarray,
    x_valid: sp.csr_matrix,
    y_valid: np.ndarray,
    c_grid: tuple[float, ...],
    seed: int,
    *,
    balanced: bool = False,
) -> LabelFit:
    """Pick C by validation ROC-AUC, then calibrate the chosen model on validation."""
    best: tuple[float, float, np.ndarray, float] | None = None
    for c in c_grid:
        lr = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced" if balanced else None,
            max_iter=200,
            random_state=seed,
        )
        lr.fit(x_train, y_train, sample_weight=w_train)
        z = _logits(x_valid, lr.coef_[0], float(lr.intercept_[0]))
        auc = float(roc_auc_score(y_valid, z)) if len(np.unique(y_valid)) == 2 else float("nan")
        if best is None or auc > best[0]:
            best = (auc, c, lr.coef_[0].copy(), float(lr.intercept_[0]))
    assert best is not None
    auc, c, coef, intercept = best
    a, b = platt(_logits(x_valid, coef, intercept), y_valid)
    return LabelFit(coef, intercept, a, b, c, auc, int(y_train.size), int(y_train.sum()))
