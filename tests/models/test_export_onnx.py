"""The hand-built ONNX graph equals its numpy reference."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort
import pytest

from models.export_onnx import build_model, reference_logits


@pytest.mark.parametrize("float16", [False, True])
def test_graph_matches_reference(float16: bool) -> None:
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(1024, 3))
    model = build_model(coef, rng.normal(size=3), np.array([1.0, 0.5, 2.0]), rng.normal(size=3), float16=float16)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    idx = rng.integers(0, 1024, size=(7, 11)).astype(np.int64)
    w = rng.normal(size=(7, 11)).astype(np.float32)
    probs, logits = sess.run(["probabilities", "logits"], {"indices": idx, "weights": w})
    ref = reference_logits(idx, w, model)
    assert np.allclose(logits, ref, atol=1e-4)
    assert np.allclose(probs, 1 / (1 + np.exp(-ref)), atol=1e-5)
    # float16 storage stays close to the float32 model
    exact = reference_logits(idx, w, build_model(coef, np.zeros(3), np.ones(3), np.zeros(3), float16=False))
    rounded = reference_logits(idx, w, build_model(coef, np.zeros(3), np.ones(3), np.zeros(3), float16=True))
    assert np.abs(exact - rounded).max() < 0.05
