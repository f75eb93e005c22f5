"""The plain baseline of issue #14 (:mod:`streams.evaluation.plain_baseline`) in ``modstream eval``.

It is fitted on the trainer's own training rows, so every table can show the model, the peer and
the floor on the same test rows. A fit takes minutes, so the fitted baseline is cached under
``var/cache`` keyed by the recipe version and a digest of the training texts and targets.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from streams.settings import REPO_ROOT

LOG = logging.getLogger(__name__)
BASELINE_NAME = "plain TF-IDF baseline"
CACHE_DIR = REPO_ROOT / "var" / "cache"
SAMPLE_SEED = 1124


@dataclass(frozen=True, slots=True)
class BaselineScores:
    """Baseline probability per label on the test rows, and what it was fitted on."""

    scores: dict[str, np.ndarray]
    info: dict[str, Any]


def baseline_available() -> bool:
    """Whether scikit-learn (the ``train`` extra) can be imported."""
    try:
        import streams.evaluation.plain_baseline  # noqa: F401
    except ImportError:
        return False
    return True


def _digest(texts: list[str], targets: dict[str, tuple[np.ndarray, np.ndarray]], version: int) -> str:
    h = hashlib.sha256(f"recipe-{version}".encode())
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    for label in sorted(targets):
        mask, y = targets[label]
        h.update(label.encode() + np.flatnonzero(mask).astype(np.int64).tobytes() + y.astype(np.int8).tobytes())
    return h.hexdigest()[:16]


def _cap(train: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    if limit is None or limit >= len(train):
        return train.reset_index(drop=True)
    return train.sample(n=limit, random_state=SAMPLE_SEED).sort_index().reset_index(drop=True)


def fit_or_load(train: pd.DataFrame, *, limit: int | None = None, cache_dir: Path | None = CACHE_DIR) -> Any:
    """The baseline fitted on ``train`` (training rows of a split frame, synthetic rows included),
    from the cache when the same rows were fitted before. ``limit`` samples that many rows."""
    import joblib

    from streams.evaluation.plain_baseline import RECIPE_VERSION, baseline_targets, fit_baseline  # scikit-learn

    train = _cap(train, limit)
    texts = train["text"].tolist()
    targets = baseline_targets(train)
    path = cache_dir / f"baseline-{_digest(texts, targets, RECIPE_VERSION)}.joblib" if cache_dir else None
    if path is not None and path.exists():
        try:
            baseline = joblib.load(path)
        except (ImportError, AttributeError, EOFError, pickle.UnpicklingError) as exc:
            # e.g. pickled before the recipe moved from models/baseline.py: refit and overwrite
            LOG.warning("plain baseline cache %s unreadable (%s); refitting", path, exc)
        else:
            LOG.info("plain baseline from %s", path)
            return baseline
    LOG.info("fitting the plain baseline on %d training rows", len(texts))
    baseline = fit_baseline(texts, targets)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        joblib.dump(baseline, tmp)
        tmp.replace(path)
    return baseline


def baseline_scores(
    train: pd.DataFrame, texts: list[str], *, limit: int | None = None, cache_dir: Path | None = CACHE_DIR
) -> BaselineScores | None:
    """The baseline's probabilities on ``texts`` (raw text, as the peer sees it), or None when
    scikit-learn is not installed."""
    if not baseline_available():
        return None
    baseline = fit_or_load(train, limit=limit, cache_dir=cache_dir)
    return BaselineScores(baseline.scores(texts), baseline.info())
