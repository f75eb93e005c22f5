"""Batched token contributions equal the per-text ones exactly (explanations unchanged)."""

from __future__ import annotations

import numpy as np
import pytest

from streams.bench.corpus import comment_texts, sample_texts
from streams.normalize import normalize
from streams.scoring import OnnxScorer
from streams.scoring.explain import token_contributions, token_contributions_many
from streams.settings import REPO_ROOT


@pytest.fixture(scope="module")
def scorer() -> OnnxScorer:
    return OnnxScorer.load(REPO_ROOT / "models" / "modstream.onnx")


def test_batch_equals_each_text_alone(scorer: OnnxScorer) -> None:
    texts = [normalize(t).text for t in [*sample_texts(), *comment_texts(150, seed=11)]]
    texts[3:3] = ["", "!!!", "idiot idiot idiot", ""]  # no features at all; repeated tokens
    table = scorer._contribution_table()
    features = scorer.featurizer.token_features_many(texts)
    batched = token_contributions_many(features, table)
    assert len(batched) == len(texts)
    for tf, (tokens, matrix) in zip(features, batched, strict=True):
        want_tokens, want = token_contributions(tf, table)
        assert tokens == want_tokens
        assert matrix.dtype == want.dtype and matrix.shape == want.shape
        assert np.array_equal(matrix, want)  # bit-identical, not just close
    assert token_contributions_many([], table) == []
