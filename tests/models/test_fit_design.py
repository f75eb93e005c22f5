"""models.fit.Design: the fitted matrix and the exported table give the same logits."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from models.fit import bucket_idf, design_for, log_count_ratio, nb_design


def test_design_matrix_and_table_column_agree() -> None:
    rng = np.random.default_rng(3)
    n_buckets, n_peer = 16, 5
    x = sp.random(40, n_buckets + n_peer, density=0.3, random_state=4, format="csr")
    peer = rng.normal(size=n_peer)
    for idf in (False, True):
        design = design_for(x, np.arange(40) < 30, n_buckets, idf=idf, peer=peer)
        fitted = design.matrix(x)
        assert fitted.shape == (40, n_buckets + 1)
        coef = rng.normal(size=n_buckets + 1)
        assert np.allclose(fitted @ coef, x @ design.table_column(coef))
    plain = design_for(x, np.ones(40, dtype=bool), n_buckets, idf=False, peer=None)
    assert plain.matrix(x).shape == (40, n_buckets)
    assert np.array_equal(plain.idf, np.ones(n_buckets))


def test_bucket_idf_is_smoothed_sklearn_idf() -> None:
    x = sp.csr_matrix(np.array([[1, 0, 2], [1, 0, 0], [1, 1, 0]], dtype=float))
    expected = np.log(4 / (1 + np.array([3, 1, 1]))) + 1
    assert np.allclose(bucket_idf(x), expected)


def test_log_count_ratio_is_nb_svm_ratio_and_folds_into_the_table() -> None:
    # bucket 0 only in positive rows, bucket 1 only in negative rows, bucket 2 in both (counts > 1
    # still count once: NB-SVM uses presence)
    x = sp.csr_matrix(np.array([[3, 0, 1], [1, 0, 1], [0, 2, 1], [0, 1, 1]], dtype=float))
    y = np.array([1, 1, 0, 0])
    r = log_count_ratio(x, y, alpha=1.0)
    p = np.array([2, 0, 2]) + 1.0
    q = np.array([0, 2, 2]) + 1.0
    assert np.allclose(r, np.log((p / p.sum()) / (q / q.sum())))
    assert r[0] > 0 > r[1] and abs(r[2]) < 1e-12
    coef = np.array([0.5, -2.0, 3.0])
    assert np.allclose((x @ sp.diags(r)) @ coef, x @ (coef * r))


def test_nb_design_scales_buckets_by_the_labels_ratio_and_folds_into_the_table() -> None:
    rng = np.random.default_rng(5)
    n_buckets, n_peer = 12, 4
    x = sp.random(50, n_buckets + n_peer, density=0.3, random_state=6, format="csr")
    y = rng.integers(0, 2, 30)
    rows = np.arange(50) < 30
    peer = rng.normal(size=n_peer)
    design = nb_design(x, rows, y, n_buckets, peer)
    assert design.scaling == "nb"
    assert np.allclose(design.idf, log_count_ratio(x[rows][:, :n_buckets], y))
    coef = rng.normal(size=n_buckets + 1)
    assert np.allclose(design.matrix(x) @ coef, x @ design.table_column(coef))
