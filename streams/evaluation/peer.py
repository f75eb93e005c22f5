"""The peer baseline, alt-profanity-check: one probability per text, on the raw text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PEER_NAME = "alt-profanity-check"
PEER_THRESHOLD = 0.5
# Sources (``streams.corpora.datasets`` names) the peer was itself trained on, per its README: Davidson et
# al.'s labeled_data.csv and the Kaggle Jigsaw 2018 train.csv. Our davidson rows are that file and
# our jigsaw rows are drawn from that train.csv, so on them the peer is scored on its own training
# data. The PEER_UNSEEN slice leaves them out.
PEER_TRAINING_SOURCES: frozenset[str] = frozenset({"davidson", "jigsaw"})
PEER_UNSEEN = "peer-unseen"


def peer_unseen(sources: Sequence[str]) -> np.ndarray:
    """bool mask: True where the row's source is not one the peer was trained on."""
    return ~np.isin(np.asarray(sources, dtype=object), sorted(PEER_TRAINING_SOURCES))


def peer_available() -> bool:
    """Whether ``profanity_check`` can be imported."""
    try:
        import profanity_check  # noqa: F401
    except ImportError:
        return False
    return True


def peer_scores(texts: Sequence[str]) -> np.ndarray | None:
    """alt-profanity-check's probability per text, or None when it is not installed."""
    if not texts:
        return np.zeros(0)
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    return np.asarray(predict_prob(list(texts)), dtype=np.float64)
