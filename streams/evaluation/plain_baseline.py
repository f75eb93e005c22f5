"""The plain baseline (issue #14): word + char TF-IDF and one logistic regression per label.

The floor the shipped model must beat, trained with scikit-learn on exactly the rows the shipped
model trains on (:func:`streams.corpora.targets.label_targets`), on the raw text:

* ``TfidfVectorizer(word, ngram 1-2, min_df 2, sublinear_tf, 300k features)`` joined with
  ``TfidfVectorizer(char_wb, ngram 2-5, min_df 3, sublinear_tf, 400k features)``;
* ``LogisticRegression(C=4)``, unweighted, for every label with both classes in training;
  toxicity uses one broad target: any toxic / insult / obscene / threat / hate label on the row.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from streams.corpora.datasets import SPAM_SOURCE_PREFIXES
from streams.corpora.targets import label_targets

RECIPE_VERSION = 1
THREADS = 3
C = 4.0
SEED = 1124
# toxicity's broad target: a row is toxic if any of these is 1 (and clean if all known ones are 0)
BROAD_LABELS = ("toxicity", "severe_toxicity", "insult", "obscene", "threat", "identity_attack")


def vectorizers(*, word_max: int = 300_000, char_max: int = 400_000) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    """The issue's two TF-IDF vectorizers (word 1-2, char_wb 2-5, both sublinear)."""
    word = TfidfVectorizer(
        analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=word_max,
        dtype=np.float32,
    )
    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=char_max,
        dtype=np.float32,
    )
    return word, char


def broad_toxicity(frame: pd.DataFrame) -> np.ndarray:
    """Float array: 1 where any :data:`BROAD_LABELS` is 1, 0 where some are known and none is 1,
    NaN where none is known."""
    values = frame[list(BROAD_LABELS)].to_numpy(dtype=float)
    known = ~np.isnan(values).all(axis=1)
    positive = (np.nan_to_num(values, nan=0.0) > 0).any(axis=1)
    return np.where(known, positive.astype(float), np.nan)


@dataclass(slots=True)
class PlainBaseline:
    """Fitted vectorizers and one linear model per label."""

    word: TfidfVectorizer
    char: TfidfVectorizer
    models: dict[str, LogisticRegression] = field(default_factory=dict)
    n_train: dict[str, int] = field(default_factory=dict)

    def features(self, texts: list[str]) -> sp.csr_matrix:
        return sp.hstack([self.word.transform(texts), self.char.transform(texts)], format="csr")

    def scores(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Probability per label that has a model."""
        if not texts:
            return {label: np.zeros(0) for label in self.models}
        x = self.features(texts)
        return {label: lr.predict_proba(x)[:, 1] for label, lr in self.models.items()}

    def info(self) -> dict[str, Any]:
        return {"recipe_version": RECIPE_VERSION, "C": C, "n_train": dict(self.n_train),
                "labels": sorted(self.models)}


def fit_baseline(texts: list[str], targets: dict[str, tuple[np.ndarray, np.ndarray]]) -> PlainBaseline:
    """Fit on ``texts``; ``targets[label] = (row mask, 0/1 labels of those rows)``.

    The vectorizers learn their vocabulary and IDF from every training text.
    """
    word, char = vectorizers()
    x = sp.hstack([word.fit_transform(texts), char.fit_transform(texts)], format="csr")
    baseline = PlainBaseline(word, char)
    todo = [(label, mask, y) for label, (mask, y) in targets.items() if mask.sum() and len(np.unique(y)) == 2]

    def one(job: tuple[str, np.ndarray, np.ndarray]) -> LogisticRegression:
        _, mask, y = job
        lr = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=SEED)
        return lr.fit(x[mask], y)

    with ThreadPoolExecutor(THREADS) as pool:  # liblinear releases the GIL; each fit is seeded
        for (label, mask, _), lr in zip(todo, pool.map(one, todo), strict=True):
            baseline.models[label] = lr
            baseline.n_train[label] = int(mask.sum())
    return baseline


def baseline_targets(frame: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The shipped model's per-label training rows (:func:`streams.corpora.targets.label_targets`), except
    toxicity, which takes :func:`broad_toxicity` on every training row that has it, and spam, which
    takes the spam sets' own rows only (YouTube and SMS), as in the issue's recipe."""
    targets = label_targets(frame)
    train = (frame["split"] == "train").to_numpy()
    broad = broad_toxicity(frame)
    mask = train & ~np.isnan(broad)
    targets["toxicity"] = (mask, broad[mask].astype(int))
    spam_rows = frame["source"].str.startswith(SPAM_SOURCE_PREFIXES).to_numpy()
    spam_mask = train & spam_rows & frame["spam"].notna().to_numpy()
    targets["spam"] = (spam_mask, frame.loc[spam_mask, "spam"].to_numpy(dtype=int))
    return targets


def toxicity_baseline_scores(train_texts: list[str], train_labels: np.ndarray, texts: list[str]) -> np.ndarray:
    """The plain baseline fitted for toxicity alone on ``train_texts`` (every row), its scores on ``texts``
    (the per-language check: ``models/train_lang.py`` and ``modstream eval --suite languages``)."""
    baseline = fit_baseline(train_texts, {"toxicity": (np.ones(len(train_texts), dtype=bool), train_labels)})
    return baseline.scores(texts)["toxicity"]
