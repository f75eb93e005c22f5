"""Held-out metrics: slices, including the one without the peer's own training sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from streams.evaluation.heldout import label_metrics
from streams.evaluation.metrics import roc_auc
from streams.evaluation.moderate import Outcome
from streams.evaluation.peer import PEER_TRAINING_SOURCES, PEER_UNSEEN
from streams.policy import Policy, PolicyConfig

LABELS = ("toxicity",)


def _policy() -> Policy:
    config = PolicyConfig.model_validate({"version": "p-1", "thresholds": {"toxicity": {"flag": 0.5, "hide": 0.9}}})
    return Policy(config, LABELS)


def test_peer_unseen_slice_leaves_out_the_peer_training_sources() -> None:
    # On the peer's own training rows it is perfect and the model is not; elsewhere the reverse.
    k = 3  # rows per pattern; AUCs need >= 5 rows of each class
    sources = ["jigsaw"] * 4 * k + ["davidson"] * 4 * k + ["gab"] * 4 * k + ["impermium"] * 4 * k
    y = np.array([0, 1, 0, 1] * 4 * k, dtype=float)
    model = np.array([0.6, 0.4, 0.7, 0.3] * 2 * k + [0.1, 0.9, 0.2, 0.8] * 2 * k)
    peer = np.array([0.1, 0.9, 0.2, 0.8] * 2 * k + [0.6, 0.4, 0.7, 0.3] * 2 * k)
    n = y.size
    frame = pd.DataFrame(
        {"source": sources, "toxicity": y, "test_kind": ["in-source"] * (n - 4 * k) + ["heldout-source"] * 4 * k}
    )
    out = Outcome(LABELS, model[:, None], np.array(["allow"] * n, dtype=object), [[] for _ in range(n)])

    row = label_metrics(frame, out, peer, _policy(), LABELS)["toxicity"]

    unseen = row["slices"][PEER_UNSEEN]
    assert {"jigsaw", "davidson"} <= PEER_TRAINING_SOURCES
    assert (unseen["n"], unseen["pos"]) == (8 * k, 4 * k)
    assert unseen["auc"] == pytest.approx(1.0) and unseen["peer_auc"] == pytest.approx(0.0)
    assert row["auc"] == pytest.approx(roc_auc(y, model)) and row["peer_auc"] == pytest.approx(roc_auc(y, peer))
    assert row["slices"]["in-source"]["n"] == 12 * k and row["slices"]["heldout-source"]["n"] == 4 * k
