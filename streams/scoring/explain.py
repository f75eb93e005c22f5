"""Token-level explanations of a linear hashed-feature model.

The graph is linear up to the sigmoid, so a feature's contribution to a label's calibrated
log-odds is ``logit(feature alone) - logit(nothing)``, which is its weight times the bucket's
per-unit contribution. :func:`bucket_contributions` computes that per-unit contribution of every
bucket once, through the ONNX graph itself; explaining a comment is then a table lookup.
Contributions of char n-grams go to the token they lie in, word bigrams are split evenly between
their two tokens, and repeated tokens are summed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from streams.features import HashedBatch, HashingFeaturizer
from streams.features.hashing import TokenFeatures

LogitsFn = Callable[[HashedBatch], np.ndarray]
_PROBE_ROWS = 8192  # buckets per ONNX call while building the table (small: ORT's arena keeps its peak)


def bucket_contributions(logits: LogitsFn, n_buckets: int) -> np.ndarray:
    """float32 ``[n_buckets, L]``: the log-odds a unit weight in each bucket (table row) adds, through the graph."""
    nothing = logits(HashedBatch.empty(1))[0]
    table = np.empty((n_buckets, nothing.shape[-1]), dtype=np.float32)
    for start in range(0, n_buckets, _PROBE_ROWS):
        buckets = np.arange(start, min(n_buckets, start + _PROBE_ROWS), dtype=np.int64)
        table[start : start + buckets.size] = logits(HashedBatch.unit(buckets)) - nothing
    return table


def all_token_contributions(
    featurizer: HashingFeaturizer, table: np.ndarray, text: str
) -> tuple[list[str], np.ndarray]:
    """Distinct tokens of ``text`` and their contribution to every label's log-odds, ``[T, L]``.

    ``table`` is :func:`bucket_contributions` of the model.
    """
    return token_contributions(featurizer.token_features(text), table)


def token_contributions(tf: TokenFeatures, table: np.ndarray) -> tuple[list[str], np.ndarray]:
    """:func:`all_token_contributions` from a text's already computed :class:`TokenFeatures`."""
    width = table.shape[-1]
    if tf.bucket.size == 0:
        return [], np.zeros((0, width))
    half = table[tf.bucket].astype(np.float64) * (tf.value[:, None] / 2.0)
    index: dict[str, int] = {}
    merged_of = np.fromiter((index.setdefault(t, len(index)) for t in tf.tokens), dtype=np.int64, count=len(tf.tokens))
    # a char n-gram's two halves go to its token; a word bigram's halves to each of its two tokens
    owner = np.concatenate((merged_of[tf.token_a], merged_of[tf.token_b]))
    cells = (owner[:, None] * width + np.arange(width)).ravel()  # (token, label) as one index
    merged = np.bincount(cells, weights=np.concatenate((half, half)).ravel(), minlength=len(index) * width)
    return list(index), merged.reshape(len(index), width)


def token_contributions_many(
    features: Sequence[TokenFeatures], table: np.ndarray
) -> list[tuple[list[str], np.ndarray]]:
    """:func:`token_contributions` of each text, as one gather and one ``bincount`` for the batch.

    Bit-identical: each (token, label) cell still sums the same weights in the same order.
    """
    width = table.shape[-1]
    out: list[tuple[list[str], np.ndarray] | None] = []
    kept: list[TokenFeatures] = []
    owners_a, owners_b, names = [], [], []
    offset = 0
    for tf in features:
        if tf.bucket.size == 0:
            out.append(([], np.zeros((0, width))))
            continue
        index: dict[str, int] = {}
        merged_of = np.fromiter(
            (index.setdefault(t, len(index)) for t in tf.tokens), dtype=np.int64, count=len(tf.tokens)
        ) + offset
        owners_a.append(merged_of[tf.token_a])
        owners_b.append(merged_of[tf.token_b])
        names.append(list(index))
        kept.append(tf)
        out.append(None)
        offset += len(index)
    if kept:
        bucket = np.concatenate([tf.bucket for tf in kept])
        value = np.concatenate([tf.value for tf in kept])
        half = table[bucket].astype(np.float64) * (value[:, None] / 2.0)
        owner = np.concatenate((*owners_a, *owners_b))  # per text: its char/word halves, then bigram seconds
        # one bincount per label over the owners: each (token, label) cell sums the same weights in
        # the same order as one bincount over (token, label) cells would, without building them
        weights = np.empty((width, 2 * half.shape[0]), dtype=np.float64)
        weights[:, : half.shape[0]] = half.T
        weights[:, half.shape[0] :] = half.T
        merged = np.empty((offset, width), dtype=np.float64)
        for j in range(width):
            merged[:, j] = np.bincount(owner, weights=weights[j], minlength=offset)
        rows = iter(names)
        start = 0
        for i, found in enumerate(out):
            if found is None:
                tokens = next(rows)
                out[i] = (tokens, merged[start : start + len(tokens)])
                start += len(tokens)
    return [found for found in out if found is not None]


def top_contributions(contribs: dict[str, float], top_k: int) -> list[tuple[str, float]]:
    """The ``top_k`` tokens that pushed towards the label, biggest first."""
    ranked = sorted(((t, v) for t, v in contribs.items() if v > 0.0), key=lambda tv: (-tv[1], tv[0]))
    return ranked[: max(0, top_k)]
