"""models.train.fit_all: NB log-count-ratio candidates are chosen by validation AUC only, and the
chosen design's table reproduces the fit's logits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from models.fit import design_for
from models.train import fit_all
from streams.corpora.datasets import LABELS


def _frame_and_features(n: int = 400) -> tuple[pd.DataFrame, sp.csr_matrix]:
    rng = np.random.default_rng(11)
    n_buckets = 32
    x = sp.random(n, n_buckets, density=0.25, random_state=12, format="csr")
    # toxicity follows buckets 0-3, the other labels are noise
    signal = np.asarray(x[:, :4].sum(axis=1)).ravel()
    frame = pd.DataFrame({label: rng.integers(0, 2, n).astype(float) for label in LABELS})
    frame["toxicity"] = (signal + rng.normal(scale=0.3, size=n) > np.median(signal)).astype(float)
    frame["split"] = rng.choice(["train", "valid", "test"], n, p=[0.6, 0.2, 0.2])
    frame["test_kind"] = np.where(frame["split"] == "test", "heldout-source", "")
    frame["source"] = rng.choice(["jigsaw", "reddit-incivility"], n)
    return frame, x


def test_nb_candidate_is_kept_only_when_its_validation_auc_is_higher() -> None:
    frame, x = _frame_and_features()
    design = design_for(x, (frame["split"] == "train").to_numpy(), x.shape[1], idf=False, peer=None)
    held_out: dict = {}
    fitted = fit_all(frame, x, design, (1.0,), ["toxicity"], held_out)
    fit, chosen = fitted["toxicity"]
    by_kind: dict[str, float] = {}
    for kind, _c, auc in fit.tried:
        by_kind[kind] = max(by_kind.get(kind, 0.0), auc)
    assert set(by_kind) == {"plain", "nb"}
    assert chosen.scaling == max(by_kind, key=lambda k: by_kind[k])
    assert round(fit.valid_auc, 4) == max(by_kind.values())
    # labels not asked for try the plain buckets only
    assert {k for k, _, _ in fitted["insult"][0].tried} == {"plain"}
    assert fitted["insult"][1] is design
    # the chosen design's table column gives the same logits as the fitted matrix
    table = chosen.table_column(fit.coef)
    assert np.allclose(chosen.matrix(x) @ fit.coef, x @ table)
    assert set(held_out) == {"toxicity"} and {"plain", "nb"} <= set(held_out["toxicity"])
    assert "source:reddit-incivility" in held_out["toxicity"]["nb"]


def test_group_buckets_are_weighed_by_identity_attack_only() -> None:
    frame, x = _frame_and_features()
    frame["identity_attack"] = frame["toxicity"]  # both follow buckets 0-3
    design = design_for(x, (frame["split"] == "train").to_numpy(), x.shape[1], idf=False, peer=None)
    groups = np.array([0, 1])  # two of the four signal buckets
    fitted = fit_all(frame, x, design, (1.0,), ["toxicity", "identity_attack"], None, groups)
    for label, (fit, chosen) in fitted.items():
        table = chosen.table_column(fit.coef)
        assert np.allclose(chosen.matrix(x) @ fit.coef, x @ table)
        if label == "identity_attack":
            assert np.all(table[groups] != 0)  # it may use them
        else:
            assert np.all(table[groups] == 0), label  # every other label: nothing there
            assert np.any(table[2:4] != 0)
    # without group buckets the same fit weighs them for toxicity too
    plain = fit_all(frame, x, design, (1.0,), ["toxicity"])
    assert np.all(plain["toxicity"][1].table_column(plain["toxicity"][0].coef)[groups] != 0)
