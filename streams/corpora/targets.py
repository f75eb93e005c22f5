"""Which training rows each label is fitted on: shared by the trainer (``models/train.py``) and the
plain baseline (:mod:`streams.evaluation.plain_baseline`), so both see the same targets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from streams.corpora.datasets import LABELS

# A comment that is not toxic is not an insult, obscene, a threat...: on *training* rows whose
# toxicity is 0, unknown fine labels count as 0 (in fully labelled Jigsaw rows this holds for 99.5%).
# This gives insult and obscene negatives from every source, not only from the few that label them.
# Validation and test rows keep their labels as given.
IMPLIED_BY_CLEAN = ("severe_toxicity", "insult", "obscene", "sexual_explicit", "threat", "identity_attack")


def imply_clean_fine_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Copy of ``frame`` where training rows with toxicity 0 get 0 for their unknown fine labels."""
    frame = frame.copy()
    clean_train = (frame["split"] == "train") & (frame["toxicity"] == 0)
    for label in IMPLIED_BY_CLEAN:
        frame.loc[clean_train & frame[label].isna(), label] = 0.0
    return frame


def label_targets(frame: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per label, the training rows of ``frame`` (a ``models.train.training_frame``) that the shipped model
    fits that label on, as ``(row mask, 0/1 labels of those rows)``."""
    frame = imply_clean_fine_labels(frame)
    train = (frame["split"] == "train").to_numpy()
    out = {}
    for label in LABELS:
        mask = train & frame[label].notna().to_numpy()
        out[label] = (mask, frame.loc[mask, label].to_numpy(dtype=int))
    return out
