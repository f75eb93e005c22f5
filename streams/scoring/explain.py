"""Token-level explanations of a linear hashed-feature model, computed through the ONNX graph.

The graph is linear up to the sigmoid, so a feature's contribution to a label's calibrated
log-odds is ``logit(feature alone) - logit(nothing)``. Contributions of char n-grams go to the
token they lie in, word bigrams are split evenly between their two tokens, and repeated tokens
are summed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from streams.features import HashingFeaturizer

LogitsFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def all_token_contributions(
    featurizer: HashingFeaturizer, logits: LogitsFn, text: str, base: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """Distinct tokens of ``text`` and their contribution to every label's log-odds, ``[T, L]``.

    ``base`` is the logits of an empty input ``[L]``; one ONNX run covers every label.
    """
    tf = featurizer.token_features(text)
    if tf.bucket.size == 0:
        return [], np.zeros((0, base.shape[-1]))
    per_feature = logits(tf.bucket.reshape(-1, 1), tf.value.reshape(-1, 1)).astype(np.float64) - base
    per_token = np.zeros((len(tf.tokens), base.shape[-1]), dtype=np.float64)
    np.add.at(per_token, tf.token_a, per_feature / 2.0)
    np.add.at(per_token, tf.token_b, per_feature / 2.0)
    index: dict[str, int] = {}
    for token in tf.tokens:
        index.setdefault(token, len(index))
    merged = np.zeros((len(index), base.shape[-1]), dtype=np.float64)
    np.add.at(merged, np.fromiter((index[t] for t in tf.tokens), dtype=np.int64, count=len(tf.tokens)), per_token)
    return list(index), merged


def token_contributions(
    featurizer: HashingFeaturizer, logits: LogitsFn, text: str, label_index: int
) -> dict[str, float]:
    """Contribution of each distinct token of ``text`` to one label's calibrated log-odds."""
    base = logits(np.zeros((1, 1), dtype=np.int64), np.zeros((1, 1), dtype=np.float32))[0].astype(np.float64)
    tokens, matrix = all_token_contributions(featurizer, logits, text, base)
    return dict(zip(tokens, matrix[:, label_index].tolist(), strict=True))


def top_contributions(contribs: dict[str, float], top_k: int) -> list[tuple[str, float]]:
    """The ``top_k`` tokens that pushed towards the label, biggest first."""
    ranked = sorted(((t, v) for t, v in contribs.items() if v > 0.0), key=lambda tv: (-tv[1], tv[0]))
    return ranked[: max(0, top_k)]
