"""Per-label masked logistic regression on hashed features, with Platt calibration."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from streams.features import HashingFeaturizer


def hashed_matrix(featurizer: HashingFeaturizer, texts: list[str], batch: int = 4096) -> sp.csr_matrix:
    """CSR ``[len(texts), n_buckets]``; repeated n-grams summed, exactly as the ONNX graph does."""
    blocks = []
    n_buckets = featurizer.config.n_features
    for start in range(0, len(texts), batch):
        hb = featurizer.transform(texts[start : start + batch])
        block = sp.csr_matrix(
            (hb.value.astype(np.float32), (hb.doc, hb.bucket)), shape=(hb.n_docs, n_buckets)
        )
        block.sum_duplicates()
        blocks.append(block)
    return sp.vstack(blocks, format="csr")


def bucket_idf(x: sp.csr_matrix) -> np.ndarray:
    """Smoothed inverse document frequency of every bucket over the rows of ``x``
    (``ln((1 + n) / (1 + df)) + 1``, as scikit-learn's ``TfidfVectorizer``).

    The model is fitted on ``x * idf`` (rare n-grams get a larger scale, so regularisation
    shrinks them less) and the exported table holds ``coef * idf``: the runtime featuriser and
    graph stay as they are.
    """
    df = np.bincount(x.indices, minlength=x.shape[1])
    return np.log((1.0 + x.shape[0]) / (1.0 + df)) + 1.0


def log_count_ratio(x: sp.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """NB-SVM's log-count ratio of every bucket (Wang and Manning 2012):
    ``ln((p / |p|) / (q / |q|))`` with ``p``, ``q`` the smoothed counts of rows holding the bucket among
    positive and negative rows of ``x``.

    The model is fitted on ``x * r`` and the exported table holds ``coef * r``, so, as with
    :func:`bucket_idf`, the runtime featuriser and graph stay as they are.
    """
    present = x.copy()
    present.data = np.ones_like(present.data)
    p = np.asarray(present[y == 1].sum(axis=0)).ravel() + alpha
    q = np.asarray(present[y == 0].sum(axis=0)).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum()))


@dataclass(frozen=True, slots=True)
class Design:
    """How hashed features become the fitted matrix, and fitted coefficients the table.

    Buckets are scaled by ``idf``; the peer words (columns after ``n_buckets``), if ``peer`` is
    given, become one column: their sum weighted by the peer's word weights.
    """

    n_buckets: int
    idf: np.ndarray
    peer: np.ndarray | None = None
    # "plain" (ones), "idf" (:func:`bucket_idf`) or "nb" (:func:`log_count_ratio` of one label)
    scaling: str = "plain"

    def matrix(self, x: sp.csr_matrix) -> sp.csr_matrix:
        main = x[:, : self.n_buckets] @ sp.diags(self.idf)
        if self.peer is None:
            return sp.csr_matrix(main)
        column = sp.csr_matrix((x[:, self.n_buckets :] @ self.peer).reshape(-1, 1))
        return sp.hstack([main, column], format="csr")

    def without(self, buckets: np.ndarray) -> Design:
        """This design with ``buckets`` scaled to 0: their columns are zero, so a fit gives them no
        weight and :meth:`table_column` writes 0 there."""
        if not buckets.size:
            return self
        idf = self.idf.copy()
        idf[buckets] = 0.0
        return replace(self, idf=idf)

    def table_column(self, coef: np.ndarray) -> np.ndarray:
        """One label's fitted coefficients as its column of the ``[n_features]`` table."""
        main = coef[: self.n_buckets] * self.idf
        if self.peer is None:
            return main
        return np.concatenate([main, coef[self.n_buckets] * self.peer])


def design_for(x: sp.csr_matrix, rows: np.ndarray, n_buckets: int, *, idf: bool, peer: np.ndarray | None) -> Design:
    """The :class:`Design` whose IDF is counted over ``rows`` of ``x`` (ones when ``idf`` is off)."""
    main = x[rows][:, :n_buckets]
    if idf:
        return Design(n_buckets, bucket_idf(main), peer, "idf")
    return Design(n_buckets, np.ones(n_buckets), peer)


def nb_design(x: sp.csr_matrix, rows: np.ndarray, y: np.ndarray, n_buckets: int, peer: np.ndarray | None) -> Design:
    """The :class:`Design` whose buckets are scaled by their NB-SVM log-count ratio for labels ``y``
    of ``rows`` of ``x`` (:func:`log_count_ratio`; the peer column is left as it is)."""
    return Design(n_buckets, log_count_ratio(x[rows][:, :n_buckets], y), peer, "nb")


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
    # every (scaling, C) tried, with its validation AUC
    tried: tuple[tuple[str, float, float], ...] = ()


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
    scaling: str = "plain",
) -> LabelFit:
    """Pick C by validation ROC-AUC, then calibrate the chosen model on validation."""
    best: tuple[float, float, np.ndarray, float] | None = None
    tried = []
    for c in c_grid:
        lr = LogisticRegression(
            C=c, solver="liblinear", class_weight="balanced" if balanced else None,
            max_iter=200,
            random_state=seed,
        )
        lr.fit(x_train, y_train, sample_weight=w_train)
        z = _logits(x_valid, lr.coef_[0], float(lr.intercept_[0]))
        auc = float(roc_auc_score(y_valid, z)) if len(np.unique(y_valid)) == 2 else float("nan")
        tried.append((scaling, c, round(auc, 4)))
        if best is None or auc > best[0]:
            best = (auc, c, lr.coef_[0].copy(), float(lr.intercept_[0]))
    assert best is not None
    auc, c, coef, intercept = best
    a, b = platt(_logits(x_valid, coef, intercept), y_valid)
    return LabelFit(coef, intercept, a, b, c, auc, int(y_train.size), int(y_train.sum()), tuple(tried))
