"""Held-out test and validation rows from ``streams/corpora/splits.py`` (the trainer's own splits).

The data loaders live in :mod:`streams.corpora`, which the training code (``models/``) imports too:
streams/ never imports models/ (``tests/test_import_boundaries.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from streams.corpora.augment import synthetic_examples, with_benign
from streams.corpora.datasets import DEFAULT_DATA_ROOT, LABELS
from streams.corpora.splits import dedup_key, load_splits
from streams.evaluation.exceptions import DataUnavailableError

SAMPLE_SEED = 1124


@dataclass(frozen=True, slots=True)
class EvalData:
    """Test rows (``test_kind``: in-source / heldout-source / eval-only), validation rows, the
    label columns, the dedup keys of every training text and the training rows themselves (the
    trainer's synthetic benign rows included; the plain baseline is fitted on them)."""

    test: pd.DataFrame
    valid: pd.DataFrame
    labels: tuple[str, ...]
    train_keys: frozenset[str]
    train: pd.DataFrame


def _cap(frame: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    if limit is None or limit >= len(frame):
        return frame.reset_index(drop=True)
    return frame.sample(n=max(limit, 0), random_state=SAMPLE_SEED).sort_index().reset_index(drop=True)


def load_eval_data(root: Path | None = None, limit: int | None = None) -> EvalData:
    """Load the splits (UCC and C3 included as eval-only); ``limit`` caps test and valid rows."""
    root = root or DEFAULT_DATA_ROOT
    if not root.is_dir():
        raise DataUnavailableError(f"data root {root} does not exist")
    try:
        frame = load_splits(root, include_eval_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise DataUnavailableError(f"cannot load the splits from {root}: {exc}") from exc
    train_keys = frozenset(frame.loc[frame["split"] == "train", "key"])
    train = with_benign(frame)
    return EvalData(
        test=_cap(frame[frame["split"] == "test"], limit),
        valid=_cap(frame[frame["split"] == "valid"], limit),
        labels=tuple(LABELS),
        train_keys=train_keys | synthetic_train_keys(),
        train=train[train["split"] == "train"].reset_index(drop=True),
    )


def synthetic_train_keys() -> frozenset[str]:
    """Dedup keys of the trainer's synthetic rows."""
    return frozenset(dedup_key(ex.text) for ex in synthetic_examples())


def text_key(text: str) -> str:
    """The trainer's dedup key of a text."""
    return dedup_key(text)
