"""The hand-built ONNX graph equals its numpy reference."""

from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import numpy_helper

from models.export_onnx import build_model, reference_logits


@pytest.mark.parametrize("float16", [False, True])
def test_graph_matches_reference(float16: bool) -> None:
    rng = np.random.default_rng(0)
    coef = rng.normal(size=(1024, 3))
    model = build_model(coef, rng.normal(size=3), np.array([1.0, 0.5, 2.0]), rng.normal(size=3), float16=float16)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    idx = rng.integers(0, 1024, size=60).astype(np.int64)
    w = rng.normal(size=60).astype(np.float32)
    rows = np.sort(rng.integers(0, 7, size=60)).astype(np.int64)  # row 7 gets no feature at all
    feeds = {"indices": idx, "weights": w, "rows": rows, "n_rows": np.array([8], dtype=np.int64)}
    probs, logits = sess.run(["probabilities", "logits"], feeds)
    ref = reference_logits(idx, w, rows, 8, model)
    assert logits.shape == (8, 3)
    assert np.allclose(logits, ref, atol=1e-4)
    assert np.allclose(logits[7], ref[7]) and np.allclose(ref[7], numpy_offset(model))
    assert np.allclose(probs, 1 / (1 + np.exp(-ref)), atol=1e-5)
    # float16 storage stays close to the float32 model
    exact = reference_logits(idx, w, rows, 8, build_model(coef, np.zeros(3), np.ones(3), np.zeros(3), float16=False))
    rounded = reference_logits(idx, w, rows, 8, build_model(coef, np.zeros(3), np.ones(3), np.zeros(3), float16=True))
    assert np.abs(exact - rounded).max() < 0.05


def test_rows_may_come_in_any_order_and_repeat() -> None:
    rng = np.random.default_rng(1)
    model = build_model(rng.normal(size=(64, 2)), np.zeros(2), np.ones(2), np.zeros(2), float16=False)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    idx = np.array([5, 9, 5, 3], dtype=np.int64)
    w = np.array([1.0, 0.5, 1.0, -2.0], dtype=np.float32)
    rows = np.array([1, 0, 1, 0], dtype=np.int64)
    (logits,) = sess.run(["logits"], {"indices": idx, "weights": w, "rows": rows, "n_rows": np.array([2])})
    table = onnx_table(model)
    assert np.allclose(logits[0], 0.5 * table[9] - 2.0 * table[3], atol=1e-6)
    assert np.allclose(logits[1], 2.0 * table[5], atol=1e-6)


def onnx_table(model: onnx.ModelProto) -> np.ndarray:
    return next(numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "table").astype(np.float64)


def numpy_offset(model: onnx.ModelProto) -> np.ndarray:
    return next(numpy_helper.to_array(t) for t in model.graph.initializer if t.name == "offset")
