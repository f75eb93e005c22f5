"""``modstream eval``'s plain baseline: fitted once per training set, then loaded from the cache."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from streams.corpora.datasets import LABELS
from streams.evaluation.baseline import baseline_scores, fit_or_load


def _train(n: int = 24) -> pd.DataFrame:
    rude = ["you stupid idiot", "shut up moron", "idiot go away", "stupid moron"]
    kind = ["thanks for the edit", "nice article", "good work friend", "i agree, thanks"]
    rows = []
    for i in range(n):
        toxic = i % 2 == 0
        text = (rude if toxic else kind)[i // 2 % 4] + f" {i % 3}"
        rows.append({"text": text, "split": "train", "source": "jigsaw", **dict.fromkeys(LABELS, math.nan),
                     "toxicity": float(toxic), "spam": 0.0})
    return pd.DataFrame(rows)


def test_fit_or_load_caches_by_training_rows(tmp_path: Path) -> None:
    train = _train()
    first = fit_or_load(train, cache_dir=tmp_path)
    files = list(tmp_path.glob("baseline-*.joblib"))
    assert len(files) == 1
    again = fit_or_load(train, cache_dir=tmp_path)
    assert list(tmp_path.glob("baseline-*.joblib")) == files
    assert again.n_train == first.n_train
    flipped = train.assign(toxicity=1.0 - train["toxicity"])
    fit_or_load(flipped, cache_dir=tmp_path)
    assert len(list(tmp_path.glob("baseline-*.joblib"))) == 2


def test_baseline_scores_rank_rude_above_kind(tmp_path: Path) -> None:
    got = baseline_scores(_train(), ["stupid idiot moron", "thanks, nice work"], cache_dir=tmp_path)
    assert got is not None
    tox = got.scores["toxicity"]
    assert tox[0] > tox[1]
    assert got.info["labels"] == ["toxicity"]


def test_an_unreadable_cache_entry_is_refitted_and_replaced(tmp_path: Path) -> None:
    train = _train()
    fit_or_load(train, cache_dir=tmp_path)
    (path,) = tmp_path.glob("baseline-*.joblib")
    # a pickle naming a module that no longer exists (as one written before the recipe moved from models/)
    path.write_bytes(b"cmodels.baseline\nPlainBaseline\n.")
    again = fit_or_load(train, cache_dir=tmp_path)
    assert again.n_train["toxicity"] == len(train)
    assert fit_or_load(train, cache_dir=tmp_path).n_train == again.n_train  # the entry was rewritten, readable
