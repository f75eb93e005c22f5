"""The plain TF-IDF baseline of issue #14: its targets and that it learns from text."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from streams.corpora.datasets import LABELS
from streams.evaluation.plain_baseline import BROAD_LABELS, baseline_targets, broad_toxicity, fit_baseline

NAN = math.nan


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    full = []
    for row in rows:
        full.append({"text": "x", "split": "train", "source": "jigsaw", **dict.fromkeys(LABELS, NAN), **row})
    return pd.DataFrame(full)


def test_broad_toxicity_is_any_abuse_label() -> None:
    frame = _frame([
        {"toxicity": 1.0},
        {"insult": 1.0},  # impermium: toxicity unknown, insult known
        {"identity_attack": 0.0},  # fox-news clean row
        {"spam": 1.0},  # spam-only row: no abuse label known
        {"toxicity": 0.0, "threat": 1.0},
    ])
    got = broad_toxicity(frame)
    assert got[:3].tolist() == [1.0, 1.0, 0.0]
    assert math.isnan(got[3])
    assert got[4] == 1.0
    assert "spam" not in BROAD_LABELS


def test_targets_use_training_rows_broad_toxicity_and_only_spam_sets_for_spam() -> None:
    frame = _frame([
        {"insult": 1.0, "spam": 0.0},
        {"toxicity": 0.0, "spam": 0.0},
        {"toxicity": 1.0, "spam": 0.0, "split": "valid"},
        {"spam": 1.0, "source": "youtube:Youtube01-Psy"},
        {"spam": 0.0, "source": "sms-spam"},
    ])
    targets = baseline_targets(frame)
    mask, y = targets["toxicity"]
    assert mask.tolist() == [True, True, False, False, False] and y.tolist() == [1, 0]
    mask, y = targets["spam"]
    assert mask.tolist() == [False, False, False, True, True] and y.tolist() == [1, 0]
    # the clean training row implies 0 for the fine labels, as in the shipped model's fit
    mask, y = targets["insult"]
    assert mask.tolist() == [True, True, False, False, False] and y.tolist() == [1, 0]


def test_fit_baseline_learns_words_and_skips_one_class_labels() -> None:
    rude = ["you are a stupid idiot", "shut up you idiot", "what a stupid moron", "idiot moron go away",
            "you stupid fool", "moron, shut up"]
    kind = ["thanks for the helpful edit", "i agree with the article", "have a nice day friend",
            "the edit looks good to me", "thanks, that helps", "good article, nice work"]
    texts = (rude + kind) * 3
    y = np.array(([1] * 6 + [0] * 6) * 3)
    everything = np.ones(len(texts), dtype=bool)
    baseline = fit_baseline(texts, {"toxicity": (everything, y), "threat": (everything, np.zeros_like(y))})
    assert set(baseline.models) == {"toxicity"}
    scores = baseline.scores(["stupid idiot moron", "thanks for the nice article"])["toxicity"]
    assert scores[0] > 0.5 > scores[1]
    assert baseline.info()["n_train"] == {"toxicity": len(texts)}
