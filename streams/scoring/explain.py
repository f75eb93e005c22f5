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


def token_contributions(
    featurizer: HashingFeaturizer, logits: LogitsFn, text: str, label_index: int
) -> dict[str, float]:
    """Contribution of each distinct token of ``text`` to one label's calibrated log-odds."""
    tf = featurizer.token_features(text)
    if tf.bucket.size == 0:
        return {}
    per_feature = logits(tf.bucket.reshape(-1, 1), tf.value.reshape(-1, 1))[:, label_index]
    base = logits(np.zeros((1, 1), dtype=np.int64), np.zeros((1, 1), dtype=np.float32))
    contrib = per_feature.astype(np.float64) - float(base[0, label_index])
    per_token = np.zeros(len(tf.tokens), dtype=np.float64)
    np.add.at(per_token, tf.token_a, contrib / 2.0)
    np.add.at(per_token, tf.token_b, contrib / 2.0)
    out: dict[str, float] = {}
    for token, value in zip(tf.tokens, per_token.tolist(), strict=True):
        out[token] = out.get(token, 0.0) + value
    return out


def top_contributions(contribs: dict[str, float], top_k: int) -> list[tuple[str, float]]:
    """The ``top_k`` tokens that pushed towards the label, biggest first."""
    ranked = sorted(((t, v) for t, v in contribs.items() if v > 0.0), key=lambda tv: (-tv[1], tv[0]))
    return ranked[: max(0, top_k)]
